import { forestPanels } from "@fmrs/charts";
import type { HillsArmitageResult, NonparametricResult, Results } from "@fmrs/schema";
import type { ReportContext } from "../context";
import { CHART_WIDTH, figure, numberedTable } from "../figure";
import { type Cell, cell, escapeHtml, fmt, fmtP, num, resultCell } from "../html";
import { sexWord } from "../words";

type Outcome = "glx_pct_change" | "madrs_change";
type Row = readonly Cell[];

function estimateCell(path: string, e: { estimate: number; ci95: readonly [number, number] }): Cell {
  return {
    text: `${fmt(e.estimate, 2)} (${fmt(e.ci95[0], 2)} to ${fmt(e.ci95[1], 2)})`,
    raw: `${e.estimate} [${e.ci95[0]}, ${e.ci95[1]}]`,
    html: `${num(`${path}.estimate`, e.estimate, fmt(e.estimate, 2))} (${num(`${path}.ci95.0`, e.ci95[0], fmt(e.ci95[0], 2))} to ${num(`${path}.ci95.1`, e.ci95[1], fmt(e.ci95[1], 2))})`,
  };
}

function haRows(name: string, path: string, ha: HillsArmitageResult, primary: string | null): Row[] {
  const role = (p: string) => cell(p === primary ? "primary" : "sensitivity");
  return [
    [
      cell(name),
      cell("Hills–Armitage, pooled-variance t"),
      role(`${path}.treatment`),
      estimateCell(`${path}.treatment`, ha.treatment),
      resultCell(`${path}.treatment.p`, ha.treatment.p, fmtP),
      resultCell(`${path}.n`, ha.n, (v) => fmt(v, 0)),
    ],
    [
      cell(name),
      cell("Hills–Armitage, Welch t (unequal sequence variances)"),
      role(`${path}.treatment_welch`),
      estimateCell(`${path}.treatment_welch`, ha.treatment_welch),
      resultCell(`${path}.treatment_welch.p`, ha.treatment_welch.p, fmtP),
      resultCell(`${path}.n`, ha.n, (v) => fmt(v, 0)),
    ],
  ];
}

function npRows(name: string, path: string, np: NonparametricResult): Row[] {
  const pCell = (p: string, v: number) => resultCell(p, v, fmtP);
  const perm = (key: "permutation_mean" | "permutation_hills_armitage", label: string): Row => {
    const s = np[key];
    const exact = s.p_exact !== null;
    return [
      cell(name),
      cell(`${label} (${exact ? "exact over all sign flips" : `Monte Carlo, B = ${s.B}`})`),
      cell("sensitivity"),
      resultCell(`${path}.${key}.observed`, s.observed),
      exact
        ? pCell(`${path}.${key}.p_exact`, s.p_exact as number)
        : pCell(`${path}.${key}.p_monte_carlo`, s.p_monte_carlo),
      resultCell(`${path}.n`, np.n, (v) => fmt(v, 0)),
    ];
  };
  return [
    [
      cell(name),
      cell("Wilcoxon signed-rank, exact conditional p (no CI)"),
      cell("sensitivity"),
      cell("–", null),
      pCell(`${path}.wilcoxon.p_exact`, np.wilcoxon.p_exact),
      resultCell(`${path}.n`, np.n, (v) => fmt(v, 0)),
    ],
    perm("permutation_mean", "sign-flip permutation of the mean difference"),
    perm("permutation_hills_armitage", "sign-flip permutation of the Hills–Armitage estimate"),
  ];
}

function modelRows(r: Results, outcome: Outcome, name: string, test: string, primary: string | null): Row[] {
  const rows: Row[] = [];
  if (outcome === "madrs_change") {
    const m = r.models.madrs_change;
    if (m === null) return rows;
    const c = m.contrasts[0];
    if (c !== undefined)
      rows.push([
        cell(name),
        cell("mixed model condition + period, Satterthwaite df (all sessions, incomplete pairs too)"),
        cell(primary === "models.madrs_change.contrasts.0" ? "primary" : "sensitivity"),
        estimateCell("models.madrs_change.contrasts.0", c),
        resultCell("models.madrs_change.contrasts.0.p", c.p, fmtP),
        resultCell("models.madrs_change.n_subjects", m.n_subjects, (v) => fmt(v, 0)),
      ]);
    const i = m.fixed_effects_kr?.findIndex((f) => f.term === `condition${test}`) ?? -1;
    const kr = m.fixed_effects_kr?.[i];
    if (kr !== undefined)
      rows.push([
        cell(name),
        cell("mixed model condition + period, Kenward–Roger df"),
        cell("sensitivity"),
        estimateCell(`models.madrs_change.fixed_effects_kr.${i}`, kr),
        resultCell(`models.madrs_change.fixed_effects_kr.${i}.p`, kr.p, fmtP),
        resultCell("models.madrs_change.n_subjects", m.n_subjects, (v) => fmt(v, 0)),
      ]);
  } else {
    const m = r.models.glutamate_phase;
    if (m === null) return rows;
    const i = m.contrasts.findIndex((c) => c.level === "infusion");
    const c = m.contrasts[i];
    const path = `models.glutamate_phase.contrasts.${i}`;
    if (c !== undefined)
      rows.push([
        cell(name),
        cell(
          "block-level mixed model, infusion-phase contrast (all blocks 0 to infusion end, Satterthwaite df)",
        ),
        cell(primary === path ? "primary" : "sensitivity"),
        estimateCell(path, c),
        resultCell(`${path}.p`, c.p, fmtP),
        resultCell("models.glutamate_phase.n_subjects", m.n_subjects, (v) => fmt(v, 0)),
      ]);
  }
  return rows;
}

function attenuationFigure(ctx: ReportContext): string {
  const a = ctx.results.attenuation;
  const sexes = Object.keys(a.by_sex).sort();
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : v * 100);
  const rows = [
    {
      label: `All subjects, n = ${a.n}`,
      estimate: pct(a.estimate),
      ci_low: pct(a.bootstrap?.percentile_ci95[0]),
      ci_high: pct(a.bootstrap?.percentile_ci95[1]),
      p: null,
      summary: true,
    },
    ...sexes.map((s) => {
      const b = a.by_sex[s];
      return {
        label: `${sexWord(s)}, n = ${b?.n ?? 0}`,
        estimate: pct(b?.estimate),
        ci_low: pct(b?.bootstrap?.percentile_ci95[0]),
        ci_high: pct(b?.bootstrap?.percentile_ci95[1]),
        p: null,
      };
    }),
  ];
  const svg = forestPanels(
    {
      panels: [
        {
          title: `Attenuation of the MADRS response under ${ctx.test}: 1 − Δ(${ctx.test})/Δ(${ctx.reference}), percent`,
          xLabel: "attenuation (%): 0 = same response, 100 = response abolished",
          rows,
        },
      ],
      valueFormat: ".1f",
    },
    {
      width: CHART_WIDTH,
      height: 160,
      title: "Attenuation of the antidepressant response, overall and by sex",
      description:
        "Attenuation in percent with subject-bootstrap 95 % percentile CIs, overall and within each sex.",
      idPrefix: "fig-attenuation",
    },
  );
  const pctCell = (path: string, v: number | null | undefined): Cell =>
    v === null || v === undefined
      ? cell("–", null)
      : resultCell(path, v, (x) => (x === null ? "–" : `${fmt(x * 100, 1)} %`));
  return figure(ctx, {
    id: "fig-attenuation",
    svg,
    caption: `Attenuation of the antidepressant response (MADRS change) under ${escapeHtml(ctx.test)}, 1 − (mean change under ${escapeHtml(ctx.test)}) / (mean change under ${escapeHtml(ctx.reference)}) over subjects with both sessions, overall and within each sex, with subject-bootstrap 95 % percentile CIs (B = ${a.bootstrap?.B ?? 0}, the study seed). From results.json <code>attenuation</code>.`,
    table: {
      id: "data-attenuation",
      caption: "Attenuation overall and by sex (results.json attenuation)",
      columns: ["group", "n", "attenuation", "95 % CI low", "95 % CI high"],
      rows: [
        [
          cell("all subjects"),
          resultCell("attenuation.n", a.n, (v) => fmt(v, 0)),
          pctCell("attenuation.estimate", a.estimate),
          pctCell("attenuation.bootstrap.percentile_ci95.0", a.bootstrap?.percentile_ci95[0]),
          pctCell("attenuation.bootstrap.percentile_ci95.1", a.bootstrap?.percentile_ci95[1]),
        ],
        ...sexes.map((s): Row => {
          const b = a.by_sex[s];
          return [
            cell(sexWord(s), s),
            resultCell(`attenuation.by_sex.${s}.n`, b?.n, (v) => fmt(v, 0)),
            pctCell(`attenuation.by_sex.${s}.estimate`, b?.estimate),
            pctCell(`attenuation.by_sex.${s}.bootstrap.percentile_ci95.0`, b?.bootstrap?.percentile_ci95[0]),
            pctCell(`attenuation.by_sex.${s}.bootstrap.percentile_ci95.1`, b?.bootstrap?.percentile_ci95[1]),
          ];
        }),
      ],
    },
  });
}

/**
 * Sensitivity analyses: every alternative analysis of the two paired outcomes (Welch, Wilcoxon,
 * permutation, mixed model with Satterthwaite and Kenward–Roger df) beside the primary one, the
 * multiplicity statement, and the attenuation overall and by sex with CIs.
 */
export function sensitivitySection(ctx: ReportContext): string {
  const r = ctx.results;
  const primary = r.primary?.source ?? null;
  const label = r.study.outcome_label;
  const outcomes: [Outcome, string][] = [
    ["glx_pct_change", `${label} % change (response window)`],
    ["madrs_change", "MADRS change (24 h − pre)"],
  ];
  if (r.primary?.outcome === "madrs") outcomes.reverse();
  const rows = outcomes.flatMap(([key, name]) => {
    const ha = r.hills_armitage[key];
    const np = r.nonparametric[key];
    return [
      ...(ha === null ? [] : haRows(name, `hills_armitage.${key}`, ha, primary)),
      ...modelRows(r, key, name, ctx.test, primary),
      ...(np === null ? [] : npRows(name, `nonparametric.${key}`, np)),
    ];
  });
  const table = numberedTable(ctx, {
    id: "sensitivity",
    caption: `The primary analysis and each alternative analysis of the same comparison, ${ctx.test} − ${ctx.reference}: estimate (95 % CI) or statistic, p and n`,
    columns: ["outcome", "analysis", "role", "estimate (95 % CI) or statistic", "p", "n"],
    rows,
    empty: "No analysis in results.json.",
  });
  const p = r.primary;
  const multiplicity = `<p class="multiplicity"><strong>Multiplicity.</strong> ${
    p === null
      ? "No primary analysis could be run, so every result in this report is exploratory."
      : `One primary estimand, declared in study.json before the analysis (${escapeHtml(p.label)}), tested once at two-sided α = 0.05.`
  } Every other p value in this report (the other outcome, the mixed models' interaction tests, the within-sex contrasts, the sensitivity analyses above and the block-by-block curve) is secondary or exploratory and is not adjusted for multiplicity: it describes the data and does not confirm an effect. The sensitivity analyses ask the same question of the same data under other assumptions; agreement with the primary analysis, not their own p, is what they show.</p>`;
  return `<p>Each row answers the primary comparison again under another assumption: unequal variances (Welch), no normality (Wilcoxon, permutation), all sessions including incomplete pairs (mixed models), small-sample df (Kenward–Roger).</p>
${table}
${multiplicity}
${attenuationFigure(ctx)}`;
}
