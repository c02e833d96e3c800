import type { HillsArmitageResult, NonparametricResult, TEstimate } from "@fmrs/schema";
import type { ReportContext } from "../context";
import { foldedTable, numberedTable } from "../figure";
import { type Cell, cell, escapeHtml, fmt, fmtDf, fmtP, num, resultCell } from "../html";

const OUTCOMES = ["madrs_change", "glx_pct_change"] as const;

function outcomeName(ctx: ReportContext, key: (typeof OUTCOMES)[number]): string {
  return key === "madrs_change"
    ? "MADRS change (24 h − pre)"
    : `${ctx.results.study.outcome_label} percent change`;
}

function haTable(ctx: ReportContext, key: (typeof OUTCOMES)[number], ha: HillsArmitageResult): string {
  const p = `hills_armitage.${key}`;
  const row = (label: string, path: string, e: TEstimate): readonly Cell[] => [
    cell(label),
    resultCell(`${path}.estimate`, e.estimate, (v) => fmt(v, 3)),
    resultCell(`${path}.se`, e.se, (v) => fmt(v, 3)),
    resultCell(`${path}.df`, e.df, fmtDf),
    resultCell(`${path}.t`, e.t, (v) => fmt(v, 3)),
    resultCell(`${path}.p`, e.p, fmtP),
    resultCell(`${path}.ci95.0`, e.ci95[0], (v) => fmt(v, 3)),
    resultCell(`${path}.ci95.1`, e.ci95[1], (v) => fmt(v, 3)),
  ];
  const table = numberedTable(ctx, {
    id: `ha-${key}`,
    caption: `Hills–Armitage analysis of ${outcomeName(ctx, key)}: ${ha.test} − ${ha.reference}`,
    columns: ["effect", "estimate", "SE", "df", "t", "p", "95 % CI low", "95 % CI high"],
    rows: [
      row(`treatment (${ha.test} − ${ha.reference}), pooled`, `${p}.treatment`, ha.treatment),
      row("treatment, Welch", `${p}.treatment_welch`, ha.treatment_welch),
      row("period (2 − 1)", `${p}.period`, ha.period),
      row("carryover (sums), pooled", `${p}.carryover.pooled`, ha.carryover.pooled),
      row("carryover (sums), Welch", `${p}.carryover.welch`, ha.carryover.welch),
    ],
  });
  const seq = Object.keys(ha.n_by_sequence)
    .sort()
    .map(
      (s) =>
        `${escapeHtml(s)}: n = ${num(`${p}.n_by_sequence.${s}`, ha.n_by_sequence[s], String(ha.n_by_sequence[s]))}, mean d = ${num(`${p}.mean_d_by_sequence.${s}`, ha.mean_d_by_sequence[s], fmt(ha.mean_d_by_sequence[s], 3))}`,
    )
    .join("; ");
  const excluded =
    ha.excluded.length === 0
      ? "none"
      : ha.excluded.map((e) => `${escapeHtml(e.participant_id)} (${escapeHtml(e.reason)})`).join("; ");
  return `${table}\n<p>Sequences: ${seq}. Subjects left out: ${excluded}.</p>`;
}

function nonparametricRows(
  key: (typeof OUTCOMES)[number],
  np: NonparametricResult,
  name: string,
): (readonly Cell[])[] {
  const p = `nonparametric.${key}`;
  return [
    [
      cell(name),
      cell("exact Wilcoxon signed-rank (V)"),
      resultCell(`${p}.n`, np.n, (v) => fmt(v, 0)),
      resultCell(`${p}.wilcoxon.V`, np.wilcoxon.V, (v) => fmt(v, 1)),
      resultCell(`${p}.wilcoxon.p_exact`, np.wilcoxon.p_exact, fmtP),
      cell(np.wilcoxon.ties ? "ties present; exact conditional p" : "no ties"),
    ],
    [
      cell(name),
      cell(
        `sign-flip permutation, mean difference (B = ${np.permutation_mean.B}, seed ${np.permutation_mean.seed})`,
      ),
      resultCell(`${p}.n`, np.n, (v) => fmt(v, 0)),
      resultCell(`${p}.permutation_mean.observed`, np.permutation_mean.observed, (v) => fmt(v, 3)),
      resultCell(`${p}.permutation_mean.p_monte_carlo`, np.permutation_mean.p_monte_carlo, fmtP),
      np.permutation_mean.p_exact === null
        ? cell("Monte Carlo p")
        : {
            text: `exact p ${fmtP(np.permutation_mean.p_exact)}`,
            raw: np.permutation_mean.p_exact,
            html: `exact p ${num(`${p}.permutation_mean.p_exact`, np.permutation_mean.p_exact, fmtP(np.permutation_mean.p_exact))}`,
          },
    ],
    [
      cell(name),
      cell(`permutation of the Hills–Armitage statistic (B = ${np.permutation_hills_armitage.B})`),
      resultCell(`${p}.n`, np.n, (v) => fmt(v, 0)),
      resultCell(`${p}.permutation_hills_armitage.observed`, np.permutation_hills_armitage.observed, (v) =>
        fmt(v, 3),
      ),
      resultCell(
        `${p}.permutation_hills_armitage.p_monte_carlo`,
        np.permutation_hills_armitage.p_monte_carlo,
        fmtP,
      ),
      np.permutation_hills_armitage.p_exact === null
        ? cell("Monte Carlo p")
        : {
            text: `exact p ${fmtP(np.permutation_hills_armitage.p_exact)}`,
            raw: np.permutation_hills_armitage.p_exact,
            html: `exact p ${num(`${p}.permutation_hills_armitage.p_exact`, np.permutation_hills_armitage.p_exact, fmtP(np.permutation_hills_armitage.p_exact))}`,
          },
    ],
  ];
}

/** Hills–Armitage details (treatment, period, carryover) and the distribution-free tests. */
export function crossoverSection(ctx: ReportContext): string {
  const parts: string[] = [
    `<p>Period differences d = y(period 1) − y(period 2) are compared between sequences with a two-sample t test; half the difference of the sequence means is the period-adjusted treatment effect (Hills &amp; Armitage 1979). The carryover test compares subject sums between sequences and has low power.</p>`,
  ];
  for (const key of OUTCOMES) {
    const ha = ctx.results.hills_armitage[key];
    parts.push(
      ha === null
        ? `<p class="note">${escapeHtml(outcomeName(ctx, key))}: no Hills–Armitage analysis in results.json (see Warnings).</p>`
        : haTable(ctx, key, ha),
    );
  }
  const rows = OUTCOMES.flatMap((key) => {
    const np = ctx.results.nonparametric[key];
    return np === null ? [] : nonparametricRows(key, np, outcomeName(ctx, key));
  });
  parts.push(
    // The same tests stand in the sensitivity table beside the primary analysis: folded here.
    foldedTable(ctx, {
      id: "nonparametric",
      caption: `Distribution-free tests of d = ${ctx.test} − ${ctx.reference} on complete cases`,
      columns: ["outcome", "test", "n", "statistic", "p", "note"],
      rows,
      empty: "No distribution-free test in results.json.",
    }),
  );
  return parts.join("\n");
}
