import type { StudyConfig } from "@fmrs/schema";
import { describeQc, outcomeExpression, qcRules, studyMeasures } from "@fmrs/trial";
import type { ReportContext } from "../context";
import { escapeHtml, fmt, num, param } from "../html";
import { MODEL_KEYS, MODEL_NAMES } from "../resultText";
import { SPECTRAL_REFERENCES, spectralMethods } from "./methodsSpectral";
import { STATISTICS_REFERENCES, statisticsMethods } from "./statisticsMethods";

/** The references the Methods text cites, keyed by the short form used in the text. */
export const REFERENCES: readonly { key: string; text: string }[] = [
  {
    key: "Hills & Armitage 1979",
    text: "Hills M, Armitage P. The two-period cross-over clinical trial. Br J Clin Pharmacol. 1979;8(1):7–20.",
  },
  {
    key: "Kuznetsova et al. 2017",
    text: "Kuznetsova A, Brockhoff PB, Christensen RHB. lmerTest package: tests in linear mixed effects models. J Stat Softw. 2017;82(13):1–26.",
  },
  {
    key: "Satterthwaite 1946",
    text: "Satterthwaite FE. An approximate distribution of estimates of variance components. Biometrics Bull. 1946;2(6):110–114.",
  },
  {
    key: "Kenward & Roger 1997",
    text: "Kenward MG, Roger JH. Small sample inference for fixed effects from restricted maximum likelihood. Biometrics. 1997;53(3):983–997.",
  },
  {
    key: "Bates et al. 2015",
    text: "Bates D, Mächler M, Bolker B, Walker S. Fitting linear mixed-effects models using lme4. J Stat Softw. 2015;67(1):1–48.",
  },
  {
    key: "Lin et al. 2021",
    text: "Lin A, Andronesi O, Bogner W, et al. Minimum Reporting Standards for in vivo Magnetic Resonance Spectroscopy (MRSinMRS): experts' consensus recommendations. NMR Biomed. 2021;34(5):e4484.",
  },
  {
    key: "Efron 1987",
    text: "Efron B. Better bootstrap confidence intervals. J Am Stat Assoc. 1987;82(397):171–185.",
  },
];

/**
 * Methods text generated from the actual parameters: study.json in the derivatives (design,
 * windows, block length, QC thresholds, MADRS scoring), results.json (model formulas, resampling
 * settings, seed) and the software versions in its provenance, with citations.
 */
/** The measures other than the outcome, as "Glx = Glu + Gln, ..." with each expression marked as a study.json setting. */
function measureText(study: StudyConfig): string {
  return studyMeasures(study)
    .measures.filter((m) => m.name !== "outcome")
    .map(
      (m) =>
        `${escapeHtml(m.name)} = ${study.measures?.[m.name] === undefined ? escapeHtml(m.expression) : param(`measures.${m.name}`, m.expression)}`,
    )
    .join(", ");
}

export function methodsSection(ctx: ReportContext): string {
  const st = ctx.study;
  const r = ctx.results;
  const s = r.study;
  const cond = (id: string) => ctx.conditions.find((c) => c.id === id)?.label ?? id;
  const design = `<p><strong>Design.</strong> Randomised two-period, two-sequence (AB/BA) crossover: each of ${num("flow.enrolled", r.flow.enrolled, String(r.flow.enrolled))} participants had one session under ${escapeHtml(cond(ctx.reference))} (${escapeHtml(ctx.reference)}, reference) and one under ${escapeHtml(cond(ctx.test))} (${escapeHtml(ctx.test)}), in the order given by their sequence. The pretreatment (${escapeHtml(st.pretreatment.label)}) was given at ${param("pretreatment.time_min", st.pretreatment.time_min, fmt(st.pretreatment.time_min, 0))} min, before the infusion (${escapeHtml(st.infusion.label)}, starting at ${num("study.infusion_onset_min", s.infusion_onset_min, fmt(s.infusion_onset_min, 0))} min and lasting ${num("study.infusion_duration_min", s.infusion_duration_min, fmt(s.infusion_duration_min, 0))} min). Times are minutes from infusion onset.</p>`;
  const post = st.post_window;
  const mrs = `<p><strong>Glutamate outcome.</strong> Dynamic ¹H-MRS was analysed in blocks of ${num("study.block_length_min", s.block_length_min, fmt(s.block_length_min, 1))} min. The outcome of each block is ${st.measures?.outcome === undefined ? `${param("outcome.metabolite", st.outcome.metabolite)} / ${param("outcome.reference", st.outcome.reference)}` : param("measures.outcome", outcomeExpression(st))} (not water-scaled), with ${measureText(st)} (study.json measures, evaluated per block). Each block is expressed as percent change from its session's baseline, 100·(block − baseline mean)/baseline mean, where the baseline is the mean of QC-passing blocks starting in [${num("study.baseline_window_min.0", s.baseline_window_min[0], fmt(s.baseline_window_min[0], 0))}, ${num("study.baseline_window_min.1", s.baseline_window_min[1], fmt(s.baseline_window_min[1], 0))}) min; the session response is the mean percent change over blocks starting in [${num("study.response_window_min.0", s.response_window_min[0], fmt(s.response_window_min[0], 0))}, ${num("study.response_window_min.1", s.response_window_min[1], fmt(s.response_window_min[1], 0))}) min${post === undefined ? "" : `, and a post-infusion window [${param("post_window.start_min", post.start_min, fmt(post.start_min, 0))}, ${param("post_window.end_min", post.end_min, fmt(post.end_min, 0))}) min is summarised separately`}. A block was excluded when ${describeQc(qcRules(st.qc, escapeHtml(studyMeasures(st).crlbOf)), (setting, value) => param(setting, value))}.</p>`;
  const madrs = `<p><strong>Clinical outcome.</strong> MADRS total (10 items, 0–60) before the infusion and about 24 h after it; change = 24 h − pre (negative = improvement). Incomplete item sets ${st.madrs.prorate ? `with at most ${param("madrs.max_missing_items", st.madrs.max_missing_items)} missing item(s) were prorated (mean of present items × 10, rounded); others gave a missing total` : `gave a missing total (prorating ${param("madrs.prorate", st.madrs.prorate, "off")})`}.</p>`;

  const np = r.nonparametric.madrs_change ?? r.nonparametric.glx_pct_change;
  const boot = r.attenuation.bootstrap;
  const stats = `<p><strong>Crossover analysis.</strong> For each outcome the period-adjusted treatment effect ${escapeHtml(ctx.test)} − ${escapeHtml(ctx.reference)} was estimated from within-subject period differences compared between sequences (two-sample t test, pooled and Welch), with the period effect and the carryover test on subject sums (Hills &amp; Armitage 1979), in all subjects and within each sex. Distribution-free checks: the exact Wilcoxon signed-rank test${np === null ? "" : ` and sign-flip permutation tests (B = ${num(`nonparametric.${r.nonparametric.madrs_change === null ? "glx_pct_change" : "madrs_change"}.permutation_mean.B`, np.permutation_mean.B, String(np.permutation_mean.B))} draws)`}. The attenuation of the antidepressant effect, ${escapeHtml(r.attenuation.definition)}, was computed from raw means over subjects with both sessions${boot === null ? "" : `, with a subject bootstrap (B = ${num("attenuation.bootstrap.B", boot.B, String(boot.B))}, seed ${num("attenuation.bootstrap.seed", boot.seed, String(boot.seed))}) giving percentile and BCa 95 % CIs (Efron 1987)`}. The association of the glutamate response difference with the MADRS change difference across subjects used Pearson and Spearman correlations. Every random step used the seed ${num("study.seed", s.seed, String(s.seed))}.</p>`;

  const models = MODEL_KEYS.flatMap((k) => {
    const m = r.models[k];
    return m === null
      ? []
      : [
          `<li>${escapeHtml(MODEL_NAMES[k])}: <code>${escapeHtml(m.formula)}</code>; key term ${escapeHtml(m.key_term)}${m.contrast_by === null ? "" : `, contrasts within ${escapeHtml(m.contrast_by)}`}${m.fixed_effects_kr === null ? "" : "; Kenward–Roger df also reported"}.</li>`,
        ];
  });
  const anyKr = MODEL_KEYS.some((k) => r.models[k]?.fixed_effects_kr != null);
  const lmm =
    models.length === 0
      ? `<p><strong>Mixed models.</strong> results.json holds no mixed model (not fitted by this analysis version or not estimable); the crossover analysis above stands alone.</p>`
      : `<p><strong>Mixed models.</strong> Linear mixed models with random intercepts were fitted by REML (as lme4; Bates et al. 2015); type-III F tests and coefficient t tests use Satterthwaite degrees of freedom (Satterthwaite 1946) as lmerTest computes them (Kuznetsova et al. 2017)${anyKr ? ", with Kenward–Roger small-sample df as a check (Kenward &amp; Roger 1997)" : ""}. Condition contrasts are differences of estimated marginal means.</p>\n<ul class="models">${models.join("")}</ul>`;

  const software = r.provenance.generated_by
    .map(
      (g) =>
        `${escapeHtml(g.Name)} ${escapeHtml(g.Version)}${g.CodeURL === undefined ? "" : ` (${escapeHtml(g.CodeURL)})`}`,
    )
    .join(", ");
  const sw = `<p><strong>Software and reporting.</strong> Analysed with ${software || "software not recorded in results.json"}; statistics are computed once (results.json) and this report shows them without recomputing. MRS reporting follows the MRSinMRS checklist (Lin et al. 2021; see the checklist section).</p>`;
  const refs = `<h3 id="references-h">References</h3>\n<ol class="references">${[...REFERENCES, ...SPECTRAL_REFERENCES, ...STATISTICS_REFERENCES].map((ref) => `<li data-cite="${escapeHtml(ref.key)}">${escapeHtml(ref.text)}</li>`).join("")}</ol>`;
  return [design, spectralMethods(ctx), mrs, madrs, stats, lmm, statisticsMethods(ctx), sw, refs].join("\n");
}
