import type { HillsArmitageResult, LmmResult } from "@fmrs/schema";
import { conditionLabel, type ReportContext } from "../context";
import { numberedTable } from "../figure";
import { type Cell, cell, escapeHtml, fmt, num } from "../html";
import { estimateCells, estimateText, fCells, fText, modelN } from "../resultText";

type Row = readonly Cell[];

function haRows(
  outcome: string,
  effect: string,
  path: string,
  ha: HillsArmitageResult | null | undefined,
): Row[] {
  if (ha === null || ha === undefined) return [];
  return [
    [
      cell(outcome),
      cell(effect),
      cell("Hills–Armitage (period-adjusted t test)"),
      ...estimateCells(`${path}.treatment`, ha.treatment),
      { text: String(ha.n), raw: ha.n, html: `${num(`${path}.n`, ha.n, String(ha.n))} subjects` },
    ],
  ];
}

function modelRows(outcome: string, path: string, m: LmmResult | null, contrastName: string): Row[] {
  if (m === null) return [];
  const rows: Row[] = [
    [
      cell(outcome),
      cell(m.key_term.replaceAll(":", " × ")),
      cell("LMM, type-III F (Satterthwaite df)"),
      ...fCells(`${path}.key_test`, m.key_test),
      modelN(path, m),
    ],
  ];
  m.contrasts.forEach((c, i) => {
    rows.push([
      cell(outcome),
      cell(`${contrastName}${c.level === "overall" ? "" : `, ${c.level}`}`),
      cell("LMM contrast (emmeans)"),
      ...estimateCells(`${path}.contrasts.${i}`, c),
      modelN(path, m),
    ]);
  });
  return rows;
}

/**
 * Summary of the primary results: the glutamate condition × phase and MADRS condition × time
 * tests (results.models, when present), the Hills–Armitage effects, the attenuation with its
 * bootstrap CI and the sex contrasts, each with estimate, CI and p tagged to results.json.
 */
export function summarySection(ctx: ReportContext): string {
  const r = ctx.results;
  const { test, reference } = ctx;
  const glx = `${r.study.outcome_label} % change`;
  const contrast = `${test} − ${reference}`;
  const m = r.models;
  const rows: Row[] = [
    ...modelRows(glx, "models.glutamate_phase", m.glutamate_phase, contrast),
    ...modelRows("MADRS", "models.madrs_raw", m.madrs_raw, contrast),
    ...haRows(
      "MADRS change (24 h − pre)",
      contrast,
      "hills_armitage.madrs_change",
      r.hills_armitage.madrs_change,
    ),
    ...haRows(glx, contrast, "hills_armitage.glx_pct_change", r.hills_armitage.glx_pct_change),
  ];
  const a = r.attenuation;
  if (a.estimate !== null) {
    const ci = a.bootstrap?.percentile_ci95 ?? null;
    const pct = (v: number | null) => (v === null ? "–" : `${fmt(v * 100, 1)} %`);
    rows.push([
      cell("MADRS change"),
      cell(`attenuation 1 − Δ(${test})/Δ(${reference})`),
      cell(
        a.bootstrap === null
          ? "raw means, complete cases"
          : `raw means; subject bootstrap percentile CI, B = ${a.bootstrap.B}`,
      ),
      {
        text: `${pct(a.estimate)}${ci === null ? "" : ` (${pct(ci[0])} to ${pct(ci[1])})`}`,
        raw: ci === null ? a.estimate : `${a.estimate} [${ci[0]}, ${ci[1]}]`,
        html: `${num("attenuation.estimate", a.estimate, pct(a.estimate))}${ci === null ? "" : ` (${num("attenuation.bootstrap.percentile_ci95.0", ci[0], pct(ci[0]))} to ${num("attenuation.bootstrap.percentile_ci95.1", ci[1], pct(ci[1]))})`}`,
      },
      cell("–", null),
      cell("–", null),
      { text: String(a.n), raw: a.n, html: `${num("attenuation.n", a.n, String(a.n))} subjects` },
    ]);
  }
  rows.push(
    ...modelRows("MADRS change (24 h − pre)", "models.madrs_change_sex", m.madrs_change_sex, contrast),
    ...modelRows(glx, "models.glutamate_sex", m.glutamate_sex, contrast),
  );
  for (const sex of Object.keys(r.hills_armitage_by_sex).sort()) {
    const bySex = r.hills_armitage_by_sex[sex];
    rows.push(
      ...haRows(
        "MADRS change (24 h − pre)",
        `${contrast}, ${sex}`,
        `hills_armitage_by_sex.${sex}.madrs_change`,
        bySex?.madrs_change,
      ),
      ...haRows(
        glx,
        `${contrast}, ${sex}`,
        `hills_armitage_by_sex.${sex}.glx_pct_change`,
        bySex?.glx_pct_change,
      ),
    );
  }
  const table = numberedTable(ctx, {
    id: "primary-results",
    caption: `Primary results: effects are ${contrast} (${conditionLabel(ctx, test)} minus ${conditionLabel(ctx, reference)}); models and sex contrasts from results.json`,
    columns: ["Outcome", "Effect", "Method", "Estimate (95 % CI)", "Test", "p", "n"],
    rows,
    empty: "No primary analysis could be run; see Warnings.",
  });

  const bullets: string[] = [];
  const gp = m.glutamate_phase;
  if (gp !== null) {
    bullets.push(
      `<li>Glutamate (${escapeHtml(r.study.outcome_label)}): the condition × phase interaction of the mixed model, ${fText("models.glutamate_phase.key_test", gp.key_test)}.</li>`,
    );
  }
  const mr = m.madrs_raw;
  if (mr !== null) {
    bullets.push(
      `<li>MADRS: the condition × time interaction of the mixed model of raw scores, ${fText("models.madrs_raw.key_test", mr.key_test)}.</li>`,
    );
  }
  const ha = r.hills_armitage.madrs_change;
  if (ha !== null) {
    bullets.push(
      `<li>MADRS change from pre-infusion to 24 h, ${escapeHtml(contrast)} (Hills–Armitage, n = ${num("hills_armitage.madrs_change.n", ha.n, String(ha.n))}): ${estimateText("hills_armitage.madrs_change.treatment", ha.treatment)} points; a positive difference means a smaller drop in depression scores under ${escapeHtml(conditionLabel(ctx, test))}.</li>`,
    );
  }
  const hg = r.hills_armitage.glx_pct_change;
  if (hg !== null) {
    bullets.push(
      `<li>${escapeHtml(r.study.outcome_label)} percent change in the response window, ${escapeHtml(contrast)} (Hills–Armitage, n = ${num("hills_armitage.glx_pct_change.n", hg.n, String(hg.n))}): ${estimateText("hills_armitage.glx_pct_change.treatment", hg.treatment)} percentage points.</li>`,
    );
  }
  if (a.estimate !== null) {
    const b = a.bootstrap;
    bullets.push(
      `<li>Attenuation of the antidepressant effect under ${escapeHtml(conditionLabel(ctx, test))}: ${num("attenuation.estimate", a.estimate, `${fmt(a.estimate * 100, 1)} %`)} (mean change ${num("attenuation.mean_change_test", a.mean_change_test, fmt(a.mean_change_test, 2))} vs ${num("attenuation.mean_change_reference", a.mean_change_reference, fmt(a.mean_change_reference, 2))} points${
        b === null
          ? ""
          : `; bootstrap 95 % CI ${num("attenuation.bootstrap.percentile_ci95.0", b.percentile_ci95[0], `${fmt(b.percentile_ci95[0] * 100, 1)} %`)} to ${num("attenuation.bootstrap.percentile_ci95.1", b.percentile_ci95[1], `${fmt(b.percentile_ci95[1] * 100, 1)} %`)}${
              b.bca_ci95 === null
                ? ""
                : `, BCa ${num("attenuation.bootstrap.bca_ci95.0", b.bca_ci95[0], `${fmt(b.bca_ci95[0] * 100, 1)} %`)} to ${num("attenuation.bootstrap.bca_ci95.1", b.bca_ci95[1], `${fmt(b.bca_ci95[1] * 100, 1)} %`)}`
            }`
      }).</li>`,
    );
  }
  const ms = m.madrs_change_sex;
  if (ms !== null) {
    bullets.push(
      `<li>Sex: the condition × sex interaction for the MADRS change, ${fText("models.madrs_change_sex.key_test", ms.key_test)}; within each sex ${ms.contrasts
        .map((c, i) => `${escapeHtml(c.level)} ${estimateText(`models.madrs_change_sex.contrasts.${i}`, c)}`)
        .join("; ")}.</li>`,
    );
  }
  const missing = (
    [
      ["glutamate_phase", "glutamate condition × phase model"],
      ["madrs_raw", "MADRS condition × time model"],
      ["madrs_change_sex", "MADRS condition × sex model"],
      ["glutamate_sex", "glutamate condition × sex model"],
    ] as const
  ).filter(([k]) => m[k] === null);
  const missingText =
    missing.length === 0
      ? ""
      : `<p class="note">Not in results.json (not estimable, or not fitted by this analysis version): ${missing.map(([, name]) => escapeHtml(name)).join(", ")}.</p>`;
  return `<p>Study <strong>${escapeHtml(r.study.name)}</strong>: ${num("flow.enrolled", r.flow.enrolled, String(r.flow.enrolled))} participants enrolled in a two-period crossover (${ctx.conditions.map((c) => `${escapeHtml(c.id)} = ${escapeHtml(c.label)}`).join("; ")}). Effects are ${escapeHtml(contrast)}; MADRS change is 24 h − pre (negative = improvement).</p>
<ul class="results">
${bullets.join("\n") || "<li>No primary analysis could be run; see Warnings.</li>"}
</ul>
${table}
${missingText}`;
}
