import type { LmmCoefficientResult, LmmResult } from "@fmrs/schema";
import type { ReportContext } from "../context";
import { numberedTable } from "../figure";
import { type Cell, cell, escapeHtml, fmt, fmtDf, fmtP, num, resultCell } from "../html";
import { fText, MODEL_KEYS, MODEL_NAMES } from "../resultText";

function coefficientRows(path: string, list: readonly LmmCoefficientResult[]): (readonly Cell[])[] {
  return list.map((c, i) => [
    cell(c.term),
    resultCell(`${path}.${i}.estimate`, c.estimate, (v) => fmt(v, 3)),
    resultCell(`${path}.${i}.se`, c.se, (v) => fmt(v, 3)),
    resultCell(`${path}.${i}.df`, c.df, fmtDf),
    resultCell(`${path}.${i}.t`, c.t, (v) => fmt(v, 2)),
    resultCell(`${path}.${i}.p`, c.p, fmtP),
    resultCell(`${path}.${i}.ci95.0`, c.ci95[0], (v) => fmt(v, 3)),
    resultCell(`${path}.${i}.ci95.1`, c.ci95[1], (v) => fmt(v, 3)),
  ]);
}

function modelBlock(ctx: ReportContext, key: (typeof MODEL_KEYS)[number], m: LmmResult): string {
  const path = `models.${key}`;
  const coding = Object.entries(m.coding)
    .map(([factor, levels]) => `${escapeHtml(factor)}: ${levels.map(escapeHtml).join(", ")}`)
    .join("; ");
  const status = [
    m.converged ? "converged" : "<strong>did not converge</strong>",
    m.singular ? "<strong>singular fit</strong> (a variance component is at zero)" : "not singular",
  ].join(", ");
  const messages =
    m.messages.length === 0
      ? ""
      : `<p class="note">Fit messages: ${m.messages.map(escapeHtml).join("; ")}</p>`;
  const anova = numberedTable(
    ctx,
    {
      id: `${key}-anova`,
      caption: `${MODEL_NAMES[key]}: type-III F tests (Satterthwaite df)`,
      columns: ["term", "num df", "den df", "F", "p"],
      rows: m.anova.map((a, i) => [
        cell(a.term),
        resultCell(`${path}.anova.${i}.num_df`, a.num_df, fmtDf),
        resultCell(`${path}.anova.${i}.den_df`, a.den_df, fmtDf),
        resultCell(`${path}.anova.${i}.F`, a.F, (v) => fmt(v, 3)),
        resultCell(`${path}.anova.${i}.p`, a.p, fmtP),
      ]),
    },
    false,
  );
  // The block model's per-block contrasts are the difference curve's numbers (drawn with a
  // within-subject CI under "The crossover, subject by subject"): kept, unnumbered, in a <details>.
  const perBlock = key === "glutamate_block";
  const contrastTable =
    m.contrasts.length === 0
      ? ""
      : numberedTable(
          ctx,
          {
            id: `${key}-contrasts`,
            caption: `${MODEL_NAMES[key]}: ${ctx.test} − ${ctx.reference} contrasts${m.contrast_by === null ? "" : ` within ${m.contrast_by}`}`,
            columns: ["level", "estimate", "SE", "df", "t", "p", "95 % CI low", "95 % CI high"],
            rows: m.contrasts.map((c, i) => [
              cell(c.level),
              resultCell(`${path}.contrasts.${i}.estimate`, c.estimate, (v) => fmt(v, 3)),
              resultCell(`${path}.contrasts.${i}.se`, c.se, (v) => fmt(v, 3)),
              resultCell(`${path}.contrasts.${i}.df`, c.df, fmtDf),
              resultCell(`${path}.contrasts.${i}.t`, c.t, (v) => fmt(v, 2)),
              resultCell(`${path}.contrasts.${i}.p`, c.p, fmtP),
              resultCell(`${path}.contrasts.${i}.ci95.0`, c.ci95[0], (v) => fmt(v, 3)),
              resultCell(`${path}.contrasts.${i}.ci95.1`, c.ci95[1], (v) => fmt(v, 3)),
            ]),
          },
          !perBlock,
        );
  const contrasts = perBlock
    ? `<p>The ${escapeHtml(ctx.test)} − ${escapeHtml(ctx.reference)} difference per block is drawn as a curve with its within-subject 95 % CI in the section on the crossover subject by subject; this model's per-block contrasts (unadjusted for the number of blocks) are listed below for reference.</p>\n<details class="more"><summary>Per-block contrasts of this model (${m.contrasts.length} blocks)</summary>\n${contrastTable}\n</details>`
    : contrastTable;
  const fixed = numberedTable(
    ctx,
    {
      id: `${key}-fixed`,
      caption: `${MODEL_NAMES[key]}: fixed effects (Satterthwaite df)`,
      columns: ["term", "estimate", "SE", "df", "t", "p", "95 % CI low", "95 % CI high"],
      rows: coefficientRows(`${path}.fixed_effects`, m.fixed_effects),
    },
    false,
  );
  const kr =
    m.fixed_effects_kr === null
      ? ""
      : numberedTable(
          ctx,
          {
            id: `${key}-fixed-kr`,
            caption: `${MODEL_NAMES[key]}: fixed effects (Kenward–Roger df)`,
            columns: ["term", "estimate", "SE", "df", "t", "p", "95 % CI low", "95 % CI high"],
            rows: coefficientRows(`${path}.fixed_effects_kr`, m.fixed_effects_kr),
          },
          false,
        );
  const variance = numberedTable(
    ctx,
    {
      id: `${key}-variance`,
      caption: `${MODEL_NAMES[key]}: variance components`,
      columns: ["group", "variance", "SD"],
      rows: m.variance_components.map((v, i) => [
        cell(v.group),
        resultCell(`${path}.variance_components.${i}.variance`, v.variance, (x) => fmt(x, 4)),
        resultCell(`${path}.variance_components.${i}.sd`, v.sd, (x) => fmt(x, 4)),
      ]),
    },
    false,
  );
  return `<article class="model" id="model-${escapeHtml(key)}" aria-labelledby="model-${escapeHtml(key)}-h">
<h3 id="model-${escapeHtml(key)}-h">${escapeHtml(MODEL_NAMES[key])}</h3>
<p>${escapeHtml(m.description)}</p>
<p class="formula"><code>${escapeHtml(m.formula)}</code></p>
<p>Coding: ${coding || "–"}. ${num(`${path}.n_obs`, m.n_obs, String(m.n_obs))} observations of ${num(`${path}.n_subjects`, m.n_subjects, String(m.n_subjects))} subjects; REML, ${status}; log-likelihood ${num(`${path}.loglik_reml`, m.loglik_reml, fmt(m.loglik_reml, 2))}, AIC ${num(`${path}.aic`, m.aic, fmt(m.aic, 1))}, BIC ${num(`${path}.bic`, m.bic, fmt(m.bic, 1))}.</p>
<p>Key test, ${escapeHtml(m.key_term)}: ${fText(`${path}.key_test`, m.key_test)}.</p>
${messages}
${contrasts}
<details class="more"><summary>Type-III F tests, fixed effects and variance components</summary>
${anova}
${fixed}
${kr}
${variance}
</details>
</article>`;
}

/** Every mixed model in results.models with its type-III tests, contrasts, coefficients and variance components. */
export function modelsSection(ctx: ReportContext): string {
  const models = ctx.results.models;
  const absent = MODEL_KEYS.filter((k) => models[k] === null);
  const blocks = MODEL_KEYS.flatMap((k) => {
    const m = models[k];
    return m === null ? [] : [modelBlock(ctx, k, m)];
  });
  const absentText =
    absent.length === 0
      ? ""
      : `<p class="note">Not in results.json (not estimable, or not fitted by this analysis version; see Warnings): ${absent.map((k) => escapeHtml(MODEL_NAMES[k])).join(", ")}.</p>`;
  return `<p>Linear mixed models fitted by REML with random intercepts; type-III F tests and coefficient t tests use Satterthwaite degrees of freedom (as lmerTest), contrasts are emmeans-style differences ${escapeHtml(ctx.test)} − ${escapeHtml(ctx.reference)}.</p>
${blocks.join("\n")}
${absentText}`;
}
