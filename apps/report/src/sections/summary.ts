import type { HillsArmitageResult, LmmResult, StandardisedEffect } from "@fmrs/schema";
import { conditionLabel, type ReportContext } from "../context";
import { foldedTable } from "../figure";
import { type Cell, cell, escapeHtml, fmt, num } from "../html";
import { ciText, estimateCells, estimateText, fCells, fText, modelN } from "../resultText";
import { levelWords, sexWord } from "../words";

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
      cell(`${contrastName}${c.level === "overall" ? "" : `, ${levelWords(c.level, m.contrast_by)}`}`),
      cell("LMM contrast (emmeans)"),
      ...estimateCells(`${path}.contrasts.${i}`, c),
      modelN(path, m),
    ]);
  });
  return rows;
}

/** The primary estimand's settings in words. */
const ESTIMAND_WORDS: Readonly<Record<string, string>> = {
  glutamate: "glutamate",
  madrs: "MADRS",
  response_window: "response window",
  infusion_phase: "infusion phase",
  pre_to_24h: "pre-infusion to 24 h",
  hills_armitage: "Hills–Armitage",
  mixed_model: "mixed model",
};

/** "Cohen's d_z = 0.57 (95 % CI 0.14 to 0.99)", tagged. */
export function dzText(path: string, s: StandardisedEffect): string {
  return `${escapeHtml(s.name)} = ${num(`${path}.estimate`, s.estimate, fmt(s.estimate, 2))} (95 % CI ${ciText(path, s.ci95, 2)})`;
}

/** The qualifying warnings of one result, placed beside it. */
function qualifiers(list: readonly string[]): string {
  return list.length === 0
    ? ""
    : ` <span class="qualifier"><strong>Read with care:</strong> ${list.map(escapeHtml).join("; ")}.</span>`;
}

function haQualifiers(ha: HillsArmitageResult): string[] {
  return ha.carryover.pooled.p < 0.1
    ? [
        `carryover test p = ${ha.carryover.pooled.p.toPrecision(2)} (< 0.10; a low-powered test, so a period-by-treatment interaction cannot be ruled out)`,
      ]
    : [];
}

function modelQualifiers(m: LmmResult): string[] {
  const out: string[] = [];
  if (m.singular) out.push("singular fit (a variance component is 0)");
  if (!m.converged) out.push("the optimiser did not converge");
  return out;
}

/**
 * Summary a reviewer can quote: the primary estimand of study.json first (estimate, 95 % CI,
 * Cohen's d_z with its CI, test and p, n, and the warnings that qualify it), then the secondary
 * results each with its own qualifiers (carryover, singular fit), then a table of every effect.
 * Every number is tagged to its results.json path.
 */
export function summarySection(ctx: ReportContext): string {
  const r = ctx.results;
  const { test, reference } = ctx;
  const glx = `${r.study.outcome_label} % change`;
  const contrast = `${test} − ${reference}`;
  const m = r.models;
  const bullets: string[] = [];
  const shown = new Set<string>();

  const p = r.primary;
  if (p === null) {
    bullets.push(
      `<li class="primary" data-primary="none"><strong>Primary result:</strong> the primary analysis declared in study.json could not be run; see Warnings.</li>`,
    );
  } else {
    shown.add(p.source);
    const dz =
      p.standardised === null
        ? `standardised effect: none (${escapeHtml(p.standardised_note ?? "not defined")})`
        : `standardised effect ${dzText("primary.standardised", p.standardised)}`;
    bullets.push(
      `<li class="primary" data-primary="${escapeHtml(p.source)}"><strong>Primary result</strong> (declared in study.json: ${escapeHtml(ESTIMAND_WORDS[p.outcome])}, ${escapeHtml(ESTIMAND_WORDS[p.window])}, ${escapeHtml(ESTIMAND_WORDS[p.model])}). ${escapeHtml(p.label)}: ${estimateText("primary.estimate", p.estimate)} ${escapeHtml(p.unit)}; ${dz}; n = ${num("primary.n", p.n, String(p.n))} subjects; ${escapeHtml(p.method)}.${qualifiers(p.qualifiers)}</li>`,
    );
  }

  const ha = r.hills_armitage;
  const hg = ha.glx_pct_change;
  if (hg !== null && !shown.has("hills_armitage.glx_pct_change.treatment")) {
    bullets.push(
      `<li>Secondary: ${escapeHtml(r.study.outcome_label)} percent change over the response window (${fmt(r.study.response_window_min[0], 0)} to ${fmt(r.study.response_window_min[1], 0)} min), ${escapeHtml(contrast)}, Hills–Armitage (n = ${num("hills_armitage.glx_pct_change.n", hg.n, String(hg.n))}): ${estimateText("hills_armitage.glx_pct_change.treatment", hg.treatment)} percentage points${hg.standardised === null ? "" : `; ${dzText("hills_armitage.glx_pct_change.standardised", hg.standardised)}`}.${qualifiers(haQualifiers(hg))}</li>`,
    );
  }
  const gp = m.glutamate_phase;
  if (gp !== null) {
    const i = gp.contrasts.findIndex((c) => c.level === "infusion");
    const c = gp.contrasts[i];
    const path = `models.glutamate_phase.contrasts.${i}`;
    const contrastText =
      c === undefined || shown.has(path)
        ? ""
        : `; ${escapeHtml(contrast)} in the infusion phase (blocks from ${fmt(r.study.infusion_onset_min, 0)} to ${fmt(r.study.infusion_onset_min + r.study.infusion_duration_min, 0)} min) ${estimateText(path, c)} percentage points`;
    bullets.push(
      `<li>Secondary: ${escapeHtml(r.study.outcome_label)} block-level mixed model, condition × phase ${fText("models.glutamate_phase.key_test", gp.key_test)}${contrastText}.${qualifiers(modelQualifiers(gp))}</li>`,
    );
  }
  const hm = ha.madrs_change;
  if (hm !== null && !shown.has("hills_armitage.madrs_change.treatment")) {
    bullets.push(
      `<li>Secondary: MADRS change from pre-infusion to 24 h, ${escapeHtml(contrast)}, Hills–Armitage (n = ${num("hills_armitage.madrs_change.n", hm.n, String(hm.n))}): ${estimateText("hills_armitage.madrs_change.treatment", hm.treatment)} points${hm.standardised === null ? "" : `; ${dzText("hills_armitage.madrs_change.standardised", hm.standardised)}`}; a positive difference means a smaller drop in depression scores under ${escapeHtml(conditionLabel(ctx, test))}.${qualifiers(haQualifiers(hm))}</li>`,
    );
  }
  const mr = m.madrs_raw;
  if (mr !== null) {
    bullets.push(
      `<li>Secondary: MADRS raw scores, mixed model condition × time ${fText("models.madrs_raw.key_test", mr.key_test)}.${qualifiers(modelQualifiers(mr))}</li>`,
    );
  }
  const a = r.attenuation;
  if (a.estimate !== null) {
    const b = a.bootstrap;
    const pct = (path: string, v: number) => num(path, v, `${fmt(v * 100, 1)} %`);
    const bySex = Object.keys(a.by_sex)
      .sort()
      .flatMap((sex) => {
        const s = a.by_sex[sex];
        if (s === undefined || s.estimate === null) return [];
        const ci =
          s.bootstrap === null
            ? ""
            : ` (95 % CI ${pct(`attenuation.by_sex.${sex}.bootstrap.percentile_ci95.0`, s.bootstrap.percentile_ci95[0])} to ${pct(`attenuation.by_sex.${sex}.bootstrap.percentile_ci95.1`, s.bootstrap.percentile_ci95[1])})`;
        return [
          `${escapeHtml(sexWord(sex))} ${pct(`attenuation.by_sex.${sex}.estimate`, s.estimate)}${ci}, n = ${num(`attenuation.by_sex.${sex}.n`, s.n, String(s.n))}`,
        ];
      });
    bullets.push(
      `<li>Secondary: attenuation of the antidepressant effect under ${escapeHtml(conditionLabel(ctx, test))}, 1 − Δ(${escapeHtml(test)})/Δ(${escapeHtml(reference)}): ${pct("attenuation.estimate", a.estimate)}${b === null ? "" : ` (bootstrap 95 % CI ${pct("attenuation.bootstrap.percentile_ci95.0", b.percentile_ci95[0])} to ${pct("attenuation.bootstrap.percentile_ci95.1", b.percentile_ci95[1])})`}, from mean changes ${num("attenuation.mean_change_test", a.mean_change_test, fmt(a.mean_change_test, 2))} vs ${num("attenuation.mean_change_reference", a.mean_change_reference, fmt(a.mean_change_reference, 2))} points${bySex.length === 0 ? "" : `; by sex: ${bySex.join("; ")}`}.</li>`,
    );
  }
  for (const [key, what] of [
    ["madrs_change_sex", "MADRS change"],
    ["glutamate_sex", `${r.study.outcome_label} response`],
  ] as const) {
    const ms = m[key];
    if (ms === null) continue;
    bullets.push(
      `<li>Secondary, by sex: ${escapeHtml(what)}, condition × sex interaction ${fText(`models.${key}.key_test`, ms.key_test)}; ${escapeHtml(contrast)} within each sex: ${ms.contrasts
        .map((c, i) => `${escapeHtml(sexWord(c.level))} ${estimateText(`models.${key}.contrasts.${i}`, c)}`)
        .join("; ")}.${qualifiers(modelQualifiers(ms))}</li>`,
    );
  }

  const rows: Row[] = [
    ...haRows(glx, contrast, "hills_armitage.glx_pct_change", ha.glx_pct_change),
    ...modelRows(glx, "models.glutamate_phase", m.glutamate_phase, contrast),
    ...haRows("MADRS change (24 h − pre)", contrast, "hills_armitage.madrs_change", ha.madrs_change),
    ...modelRows("MADRS", "models.madrs_raw", m.madrs_raw, contrast),
    ...modelRows("MADRS change (24 h − pre)", "models.madrs_change_sex", m.madrs_change_sex, contrast),
    ...modelRows(glx, "models.glutamate_sex", m.glutamate_sex, contrast),
  ];
  for (const sex of Object.keys(r.hills_armitage_by_sex).sort()) {
    const bySex = r.hills_armitage_by_sex[sex];
    rows.push(
      ...haRows(
        "MADRS change (24 h − pre)",
        `${contrast}, ${sexWord(sex)}`,
        `hills_armitage_by_sex.${sex}.madrs_change`,
        bySex?.madrs_change,
      ),
      ...haRows(
        glx,
        `${contrast}, ${sexWord(sex)}`,
        `hills_armitage_by_sex.${sex}.glx_pct_change`,
        bySex?.glx_pct_change,
      ),
    );
  }
  const table = foldedTable(ctx, {
    id: "primary-results",
    caption: `Every effect of the summary: ${contrast} (${conditionLabel(ctx, test)} minus ${conditionLabel(ctx, reference)}), the mixed models' tests and the within-sex contrasts, from results.json`,
    columns: ["Outcome", "Effect", "Method", "Estimate (95 % CI)", "Test", "p", "n"],
    rows,
    empty: "No analysis could be run; see Warnings.",
  });
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
  return `<ul class="results">
${bullets.join("\n")}
</ul>
<p>Study <strong>${escapeHtml(r.study.name)}</strong>: ${num("flow.enrolled", r.flow.enrolled, String(r.flow.enrolled))} participants enrolled in a two-period crossover (${ctx.conditions.map((c) => `${escapeHtml(c.id)} = ${escapeHtml(c.label)}`).join("; ")}). Every effect is ${escapeHtml(contrast)}; MADRS change is 24 h − pre (negative = improvement). One primary estimand; the secondary results are not adjusted for multiplicity (see Sensitivity analyses).</p>
${table}
${missingText}`;
}
