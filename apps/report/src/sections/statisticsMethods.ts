import type { ReportContext } from "../context";
import { escapeHtml, fmt, num, param } from "../html";

/** References cited by the statistics paragraphs below (appended to the Methods' list). */
export const STATISTICS_REFERENCES: readonly { key: string; text: string }[] = [
  {
    key: "ICH E9(R1) 2019",
    text: "International Council for Harmonisation. E9(R1) Addendum on estimands and sensitivity analysis in clinical trials. 2019.",
  },
  {
    key: "Lakens 2013",
    text: "Lakens D. Calculating and reporting effect sizes to facilitate cumulative science: a practical primer for t-tests and ANOVAs. Front Psychol. 2013;4:863.",
  },
  {
    key: "Steiger & Fouladi 1997",
    text: "Steiger JH, Fouladi RT. Noncentrality interval estimation and the evaluation of statistical models. In: Harlow LL, Mulaik SA, Steiger JH, eds. What if there were no significance tests? Erlbaum; 1997:221–257.",
  },
  {
    key: "Dwan et al. 2019",
    text: "Dwan K, Li T, Altman DG, Elbourne D. CONSORT 2010 statement: extension to randomised crossover trials. BMJ. 2019;366:l4378.",
  },
  {
    key: "Loftus & Masson 1994",
    text: "Loftus GR, Masson MEJ. Using confidence intervals in within-subject designs. Psychon Bull Rev. 1994;1(4):476–490.",
  },
];

/**
 * The statistics paragraphs the Methods add for this report's statistical content, generated
 * from study.json (the primary estimand) and results.json: the primary estimand and its
 * standardised effect, the within-subject difference curve, the model diagnostics, the
 * sensitivity analyses and multiplicity, and the attenuation by sex.
 */
export function statisticsMethods(ctx: ReportContext): string {
  const r = ctx.results;
  const st = ctx.study;
  const p = r.primary;
  const est = st.primary;
  const primary = `<p><strong>Primary estimand.</strong> Declared in study.json before the analysis (ICH E9(R1) 2019): outcome ${param("primary.outcome", est.outcome)}, window ${param("primary.window", est.window)}, model ${param("primary.model", est.model)}${p === null ? "; it could not be estimated (see Warnings)" : `, i.e. ${escapeHtml(p.label)}, estimated by ${escapeHtml(p.method)}`}. For the paired (Hills–Armitage) analyses the standardised effect is Cohen's d_z, the period-adjusted mean difference over the SD of the within-subject differences (d_z = t·√(1/n₁ + 1/n₂)/2; Lakens 2013), with an exact 95 % CI from inverting the noncentral t distribution (Steiger &amp; Fouladi 1997); a mixed-model contrast has no such standardisation and none is given. All other results are secondary.</p>`;
  const curve = `<p><strong>Within-subject difference over time.</strong> For each block, subjects with a QC-passing percent change in that block in both sessions give a difference ${escapeHtml(ctx.test)} − ${escapeHtml(ctx.reference)}; the curve is their mean with a paired t 95 % CI (a within-subject CI, Loftus &amp; Masson 1994), overall and within each sex. The CIs are pointwise and not adjusted for the number of blocks.</p>`;
  const diag = `<p><strong>Model diagnostics.</strong> For every mixed model, conditional residuals (y − Xβ̂ − Zb̂) are plotted against fitted values and on a normal QQ plot, and the random-effect conditional modes on a normal QQ plot (plot positions as R's ppoints, reference line through the quartiles as R's qqline).</p>`;
  const boot = r.attenuation.bootstrap;
  const sens = `<p><strong>Sensitivity analyses and multiplicity.</strong> The primary comparison is repeated with Welch's t, the exact Wilcoxon signed-rank test, sign-flip permutation tests, and the mixed models over all sessions with Satterthwaite and Kenward–Roger df. One primary estimand is tested at two-sided α = 0.05; secondary and exploratory p values are not adjusted for multiplicity. The attenuation is also given within each sex, each with its own subject bootstrap${boot === null ? "" : ` (B = ${num("attenuation.bootstrap.B", boot.B, String(boot.B))}, percentile CI)`}. Participant flow follows the CONSORT extension for crossover trials (Dwan et al. 2019), with ${fmt(r.flow.sequences.length, 0)} sequences.</p>`;
  return [primary, curve, diag, sens].join("\n");
}
