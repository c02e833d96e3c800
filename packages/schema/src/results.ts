import { z } from "zod";
import { ConditionId, ParticipantId } from "./ids";
import { GeneratedBy, SourceFile } from "./provenance";

const Num = z.number();
const NullableNum = z.number().nullable();

/** A row left out of an analysis and why. */
export const Exclusion = z.strictObject({
  participant_id: ParticipantId,
  session_id: z.string().nullable(),
  reason: z.string(),
});
export type Exclusion = z.infer<typeof Exclusion>;

/** A t-based estimate with SE, df, t, p and a 95 % CI. */
export const TEstimate = z.strictObject({
  estimate: Num,
  se: Num,
  df: Num,
  t: Num,
  p: Num,
  ci95: z.tuple([Num, Num]),
});
export type TEstimate = z.infer<typeof TEstimate>;

/**
 * A standardised effect with its CI: Cohen's d_z of a paired (within-subject) difference, the mean
 * difference over the SD of the differences, with the exact CI from the noncentral t.
 */
export const StandardisedEffect = z.strictObject({
  name: z.string(),
  estimate: Num,
  ci95: z.tuple([Num, Num]),
  method: z.string(),
});
export type StandardisedEffect = z.infer<typeof StandardisedEffect>;

/**
 * The Hills–Armitage analysis of one per-session outcome (Hills & Armitage 1979; Jones & Kenward
 * 2003 §2.3): period differences d_i = y(period 1) − y(period 2) compared between sequences.
 */
export const HillsArmitageResult = z.strictObject({
  outcome: z.string(),
  /** Effect direction: `test` − `reference`. */
  test: ConditionId,
  reference: ConditionId,
  n: z.int(),
  n_by_sequence: z.record(z.string(), z.int()),
  rows_used: z.array(ParticipantId),
  excluded: z.array(Exclusion),
  mean_d_by_sequence: z.record(z.string(), Num),
  sd_d_by_sequence: z.record(z.string(), Num),
  pooled_var_d: Num,
  treatment: TEstimate,
  /** Cohen's d_z of the period-adjusted treatment effect (null when the SD of d is 0). */
  standardised: StandardisedEffect.nullable(),
  treatment_welch: TEstimate,
  period: TEstimate,
  carryover: z.strictObject({
    mean_sum_by_sequence: z.record(z.string(), Num),
    /** mean sum (test-first sequence) − mean sum (reference-first sequence). */
    difference: Num,
    pooled: TEstimate,
    welch: TEstimate,
  }),
});
export type HillsArmitageResult = z.infer<typeof HillsArmitageResult>;

/** Descriptive summary of an outcome in one condition. */
export const ConditionSummary = z.strictObject({
  condition: ConditionId,
  n: z.int(),
  mean: NullableNum,
  sd: NullableNum,
  ci95: z.tuple([Num, Num]).nullable(),
});
export type ConditionSummary = z.infer<typeof ConditionSummary>;

const AttenuationCore = {
  n: z.int(),
  estimate: NullableNum,
  mean_change_test: NullableNum,
  mean_change_reference: NullableNum,
};

/**
 * Attenuation of the antidepressant effect: 1 − mean Δ(test)/mean Δ(reference), from raw means over
 * subjects with both sessions, with a seeded subject bootstrap (percentile and BCa 95 % CIs) and
 * the same by sex.
 */
export const Attenuation = z.strictObject({
  definition: z.string(),
  ...AttenuationCore,
  bootstrap: z
    .strictObject({
      B: z.int(),
      n_valid: z.int(),
      seed: z.int(),
      se: Num,
      percentile_ci95: z.tuple([Num, Num]),
      bca_ci95: z.tuple([Num, Num]).nullable(),
    })
    .nullable(),
  by_sex: z.record(
    z.string(),
    z.strictObject({
      ...AttenuationCore,
      /** Subject bootstrap within the sex (same seed); null with fewer than 2 subjects. */
      bootstrap: z
        .strictObject({
          B: z.int(),
          n_valid: z.int(),
          percentile_ci95: z.tuple([Num, Num]),
        })
        .nullable(),
    }),
  ),
  /** From the MADRS change model: condition effect over the reference mean, delta-method SE. */
  model: z.strictObject({ estimate: Num, se: Num, definition: z.string() }).nullable(),
});
export type Attenuation = z.infer<typeof Attenuation>;

const PermutationSummary = z.strictObject({
  observed: Num,
  B: z.int(),
  /** (count + 1)/(B + 1) over the seeded Monte Carlo draws. */
  p_monte_carlo: Num,
  /** Exact p over all 2^n sign flips, null when n is too large to enumerate. */
  p_exact: NullableNum,
  seed: z.int(),
});

/** Distribution-free tests of d = test − reference on complete cases. */
export const NonparametricResult = z.strictObject({
  outcome: z.string(),
  n: z.int(),
  wilcoxon: z.strictObject({
    V: Num,
    n_nonzero: z.int(),
    n_zero: z.int(),
    ties: z.boolean(),
    /** Exact conditional p (zeros dropped, midranks, all 2^n sign assignments). */
    p_exact: Num,
    /** Normal approximation with continuity correction, as R wilcox.test reports with ties. */
    p_normal_corrected: Num,
  }),
  permutation_mean: PermutationSummary,
  permutation_hills_armitage: PermutationSummary,
});
export type NonparametricResult = z.infer<typeof NonparametricResult>;

/** Glutamate response difference vs MADRS change difference across subjects. */
export const AssociationResult = z.strictObject({
  x_definition: z.string(),
  y_definition: z.string(),
  n: z.int(),
  points: z.array(z.strictObject({ participant_id: ParticipantId, x: Num, y: Num })),
  excluded: z.array(Exclusion),
  pearson: z
    .strictObject({
      r: NullableNum,
      t: NullableNum,
      df: Num,
      p: NullableNum,
      ci95: z.tuple([Num, Num]).nullable(),
    })
    .nullable(),
  spearman: z
    .strictObject({ rho: NullableNum, S: NullableNum, p: NullableNum, method: z.string() })
    .nullable(),
  /** Least-squares line y = intercept + slope·x (R `lm(y ~ x)`), for the scatter plot. */
  fit_line: z.strictObject({ intercept: Num, slope: Num }).nullable(),
});
export type AssociationResult = z.infer<typeof AssociationResult>;

/** One block's summary of a time course: the block, its midpoint (min), n, mean, SD and 95 % CI. */
const blockSummary = {
  block: z.int(),
  t_mid_min: Num,
  n: z.int(),
  mean: NullableNum,
  sd: NullableNum,
  ci95: z.tuple([Num, Num]).nullable(),
};

/** Mean percent change of the outcome in one block under one condition. */
export const TimecoursePoint = z.strictObject({
  condition: ConditionId,
  ...blockSummary,
});
export type TimecoursePoint = z.infer<typeof TimecoursePoint>;

/** Participant flow: enrolled, analysed per outcome, and each exclusion with its reason. */
/** Sessions of one period of one sequence: analysed, or left out (counts per reason). */
export const FlowPeriod = z.strictObject({
  period: z.int(),
  condition: ConditionId,
  /** Participants allocated to the sequence with a session in this period. */
  attended: z.int(),
  glutamate_analysed: z.int(),
  glutamate_excluded: z.array(z.strictObject({ reason: z.string(), n: z.int() })),
  madrs_analysed: z.int(),
  madrs_excluded: z.array(z.strictObject({ reason: z.string(), n: z.int() })),
});
export type FlowPeriod = z.infer<typeof FlowPeriod>;

/** One sequence arm of the crossover (CONSORT 2010 extension for crossover trials). */
export const FlowSequence = z.strictObject({
  sequence: z.string(),
  allocated: z.int(),
  periods: z.array(FlowPeriod),
  /** Participants with both outcomes in both periods (the paired analyses' complete cases). */
  glutamate_both_periods: z.int(),
  madrs_both_periods: z.int(),
});
export type FlowSequence = z.infer<typeof FlowSequence>;

export const ParticipantFlow = z.strictObject({
  enrolled: z.int(),
  /** Allocation by sequence, with each period's sessions analysed and excluded. */
  sequences: z.array(FlowSequence),
  sessions_expected: z.int(),
  mrs_sessions_available: z.int(),
  mrs_sessions_analysed: z.int(),
  madrs_sessions_analysed: z.int(),
  exclusions: z.array(Exclusion),
});
export type ParticipantFlow = z.infer<typeof ParticipantFlow>;

/**
 * Within-subject difference test − reference of the percent change in one block (paired
 * sessions); its ci95 is the t-based 95 % CI of the mean paired difference (the within-subject CI).
 */
export const DifferencePoint = z.strictObject({
  /** "all" or a sex code (F, M, O). */
  group: z.string(),
  ...blockSummary,
});
export type DifferencePoint = z.infer<typeof DifferencePoint>;

/** Per-observation residuals and per-group random effects of a mixed model, for diagnostics. */
export const LmmDiagnosticsResult = z.strictObject({
  /** Conditional fitted values Xβ + Zb, in the order of the model's rows. */
  fitted: z.array(Num),
  /** Conditional residuals y − Xβ − Zb (lme4's residuals()). */
  residuals: z.array(Num),
  /** Conditional modes (BLUPs) per grouping factor (lme4's ranef()). */
  random_effects: z.array(
    z.strictObject({ group: z.string(), levels: z.array(z.string()), values: z.array(Num) }),
  ),
});
export type LmmDiagnosticsResult = z.infer<typeof LmmDiagnosticsResult>;

/** One fixed-effect coefficient with its t test (Satterthwaite or Kenward–Roger df). */
export const LmmCoefficientResult = z.strictObject({ term: z.string(), ...TEstimate.shape });
export type LmmCoefficientResult = z.infer<typeof LmmCoefficientResult>;

/** One row of a type-III ANOVA table (lmerTest's `anova(fit, type = 3)`). */
export const LmmTermTest = z.strictObject({
  term: z.string(),
  num_df: Num,
  den_df: Num,
  F: Num,
  p: Num,
});
export type LmmTermTest = z.infer<typeof LmmTermTest>;

/** An emmeans-style contrast test − reference within one level of another factor. */
export const LmmContrastResult = z.strictObject({
  /** The level it is computed in (e.g. "infusion", "F"), or "overall". */
  level: z.string(),
  ...TEstimate.shape,
});
export type LmmContrastResult = z.infer<typeof LmmContrastResult>;

/**
 * A linear mixed model fitted by REML with its tests: coefficients with Satterthwaite df (and
 * Kenward–Roger), the type-III F table, variance components, the key term's test, and
 * test − reference contrasts within the levels of `contrast_by`.
 */
export const LmmResult = z.strictObject({
  /** What the model answers, in a sentence. */
  description: z.string(),
  /** The model in R/lme4 notation, e.g. `glx_pct ~ condition * phase + period + (1 | subject) + (1 | subject:session)`. */
  formula: z.string(),
  /** How the factors are coded (levels, reference level). */
  coding: z.record(z.string(), z.array(z.string())),
  n_obs: z.int(),
  n_subjects: z.int(),
  /** Rows left out (missing values, failed QC) and why, summarised per session. */
  excluded: z.array(Exclusion),
  converged: z.boolean(),
  singular: z.boolean(),
  messages: z.array(z.string()),
  loglik_reml: Num,
  aic: Num,
  bic: Num,
  variance_components: z.array(z.strictObject({ group: z.string(), variance: Num, sd: Num })),
  fixed_effects: z.array(LmmCoefficientResult),
  fixed_effects_kr: z.array(LmmCoefficientResult).nullable(),
  anova: z.array(LmmTermTest),
  anova_kr: z.array(LmmTermTest).nullable(),
  /** The term that answers the question (e.g. `condition:phase`), and its type-III test. */
  key_term: z.string(),
  key_test: LmmTermTest,
  contrast_by: z.string().nullable(),
  contrasts: z.array(LmmContrastResult),
  diagnostics: LmmDiagnosticsResult,
});
export type LmmResult = z.infer<typeof LmmResult>;

/**
 * The primary result as study.json declares it (outcome, window, model): the estimate test −
 * reference with its CI and test, the standardised effect, and the warnings that qualify it.
 */
export const PrimaryResult = z.strictObject({
  outcome: z.enum(["glutamate", "madrs"]),
  window: z.enum(["response_window", "infusion_phase", "pre_to_24h"]),
  model: z.enum(["hills_armitage", "mixed_model"]),
  /** What is estimated, in words with the window in minutes. */
  label: z.string(),
  unit: z.string(),
  /** The test, in words. */
  method: z.string(),
  /** The results.json path the estimate is taken from. */
  source: z.string(),
  n: z.int(),
  estimate: TEstimate,
  standardised: StandardisedEffect.nullable(),
  /** Why there is no standardised effect, when there is none. */
  standardised_note: z.string().nullable(),
  /** Warnings that qualify this result (carryover, singular fit, exclusions). */
  qualifiers: z.array(z.string()),
});
export type PrimaryResult = z.infer<typeof PrimaryResult>;

/**
 * results.json: every number the report shows. Written by the analyse stage, read (zod-parsed)
 * by the report; the report never recomputes a statistic.
 */
export const Results = z.strictObject({
  schema_version: z.literal(1),
  study: z.strictObject({
    name: z.string(),
    conditions: z.array(z.strictObject({ id: ConditionId, label: z.string() })),
    reference_condition: ConditionId,
    test_condition: ConditionId,
    outcome_label: z.string(),
    infusion_onset_min: Num,
    infusion_duration_min: Num,
    baseline_window_min: z.tuple([Num, Num]),
    response_window_min: z.tuple([Num, Num]),
    block_length_min: Num,
    seed: z.int(),
  }),
  /** The primary estimand's result (null when its analysis could not be run; see warnings). */
  primary: PrimaryResult.nullable(),
  flow: ParticipantFlow,
  summaries: z.strictObject({
    glx_pct_change: z.array(ConditionSummary),
    madrs_change: z.array(ConditionSummary),
    madrs_pre: z.array(ConditionSummary),
    madrs_24h: z.array(ConditionSummary),
    /** Mean MADRS before and 24 h after per condition over sessions with both ratings (the slopegraph's means). */
    madrs_paired: z.array(
      z.strictObject({ condition: ConditionId, n: z.int(), pre_mean: NullableNum, h24_mean: NullableNum }),
    ),
  }),
  /**
   * Mixed models (null when not estimable, with a warning): glutamate over phases (primary),
   * glutamate block by block, MADRS raw scores (condition × time, the published form), MADRS 24 h
   * change (condition + period), and the condition × sex models of both outcomes.
   */
  models: z.strictObject({
    glutamate_phase: LmmResult.nullable(),
    glutamate_block: LmmResult.nullable(),
    madrs_raw: LmmResult.nullable(),
    madrs_change: LmmResult.nullable(),
    madrs_change_sex: LmmResult.nullable(),
    glutamate_sex: LmmResult.nullable(),
  }),
  hills_armitage: z.strictObject({
    madrs_change: HillsArmitageResult.nullable(),
    glx_pct_change: HillsArmitageResult.nullable(),
  }),
  /** The Hills–Armitage analyses within each sex (F, M, O as present). */
  hills_armitage_by_sex: z.record(
    z.string(),
    z.strictObject({
      madrs_change: HillsArmitageResult.nullable(),
      glx_pct_change: HillsArmitageResult.nullable(),
    }),
  ),
  nonparametric: z.strictObject({
    madrs_change: NonparametricResult.nullable(),
    glx_pct_change: NonparametricResult.nullable(),
  }),
  association: AssociationResult,
  timecourse: z.array(TimecoursePoint),
  /** Block-by-block test − reference difference within subject, overall ("all") and by sex. */
  timecourse_difference: z.array(DifferencePoint),
  attenuation: Attenuation,
  warnings: z.array(z.string()),
  provenance: z.strictObject({
    generated_by: z.array(GeneratedBy),
    sources: z.array(SourceFile),
    parameters: z.record(z.string(), z.unknown()),
  }),
});
export type Results = z.infer<typeof Results>;
