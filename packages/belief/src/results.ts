import { GeneratedBy, SourceFile } from "@fmrs/schema";
import { z } from "zod";
import { BeliefGroupSchema, BeliefTimePointSchema, ExclusionCountsSchema } from "./schema";

/** A finite number or null (zod's number already rejects NaN and ±Infinity). */
const Num = z.number().nullable();

export const BeliefCoefficientSchema = z.strictObject({
  term: z.string(),
  estimate: Num,
  se: Num,
  df: Num,
  t: Num,
  p: Num,
  ci_lower: Num,
  ci_upper: Num,
});
export type BeliefCoefficient = z.infer<typeof BeliefCoefficientSchema>;

export const BeliefTermTestSchema = z.strictObject({
  term: z.string(),
  num_df: Num,
  den_df: Num,
  F: Num,
  p: Num,
});
export type BeliefTermTest = z.infer<typeof BeliefTermTestSchema>;

/** A row left out of an analysis and why. */
export const BeliefExclusionSchema = z.strictObject({
  participant_id: z.string(),
  session_id: z.string().nullable(),
  reason: z.string(),
});
export type BeliefExclusion = z.infer<typeof BeliefExclusionSchema>;

/** good − bad news within one group × time cell (emmeans `~ valence | group * time`). */
export const BeliefValenceContrastSchema = BeliefCoefficientSchema.extend({
  group: z.string().nullable(),
  time: z.string(),
});
export type BeliefValenceContrast = z.infer<typeof BeliefValenceContrastSchema>;

export const BeliefModelSchema = z.strictObject({
  /** Short id, e.g. "update_4h". */
  name: z.string(),
  description: z.string(),
  /** "fitted", or "not_estimable" with `reason` (then the tables are empty). */
  status: z.enum(["fitted", "not_estimable"]),
  reason: z.string().nullable(),
  /** lme4 formula. */
  formula: z.string(),
  /** Factor levels, the reference first. */
  coding: z.record(z.string(), z.array(z.string())),
  /** Which session each time level is, per group (e.g. patient: pre → pre, post → 4h). */
  time_coding: z.record(z.string(), z.record(z.string(), BeliefTimePointSchema)),
  n_obs: z.int().min(0),
  n_participants: z.int().min(0),
  excluded: z.array(BeliefExclusionSchema),
  converged: z.boolean().nullable(),
  singular: z.boolean().nullable(),
  messages: z.array(z.string()),
  loglik_reml: Num,
  variance_components: z.array(z.strictObject({ group: z.string(), variance: Num, sd: Num })),
  fixed_effects: z.array(BeliefCoefficientSchema),
  anova: z.array(BeliefTermTestSchema),
  /** The term the model is about, e.g. "group:time:valence", its F test and its coefficient. */
  key_term: z.string(),
  key_test: BeliefTermTestSchema.nullable(),
  key_coefficient: BeliefCoefficientSchema.nullable(),
  valence_contrasts: z.array(BeliefValenceContrastSchema),
  /**
   * Per group, the change of the good − bad contrast from the first time level to each later one
   * ((good − bad)·(t − pre), emmeans' interaction contrast); `time` reads e.g. "post - pre".
   */
  bias_change: z.array(BeliefValenceContrastSchema),
});
export type BeliefModel = z.infer<typeof BeliefModelSchema>;

export const BeliefRegressionSchema = z.strictObject({
  name: z.string(),
  /** What y and x are. */
  y_definition: z.string(),
  x_definition: z.string(),
  n: z.int().min(0),
  points: z.array(z.strictObject({ participant_id: z.string(), x: z.number(), y: z.number() })),
  excluded: z.array(BeliefExclusionSchema),
  intercept: BeliefCoefficientSchema.nullable(),
  slope: BeliefCoefficientSchema.nullable(),
  pearson_r: Num,
  pearson_p: Num,
  reason: z.string().nullable(),
});
export type BeliefRegression = z.infer<typeof BeliefRegressionSchema>;

export const BeliefMediationSchema = z.strictObject({
  /** The method and its citation. */
  method: z.string(),
  x_definition: z.string(),
  m_definition: z.string(),
  y_definition: z.string(),
  n: z.int().min(0),
  excluded: z.array(BeliefExclusionSchema),
  /** a: mean change of the mediator (one-sample t). */
  a: BeliefCoefficientSchema.nullable(),
  /** b: effect of the mediator change on the outcome change (OLS, controlling for the centred mediator mean). */
  b: BeliefCoefficientSchema.nullable(),
  /** c: total effect (mean outcome change); c′: direct effect (the regression intercept); c = c′ + a·b. */
  c: BeliefCoefficientSchema.nullable(),
  c_prime: BeliefCoefficientSchema.nullable(),
  indirect: Num,
  bootstrap: z
    .strictObject({
      B: z.int(),
      n_valid: z.int(),
      level: z.number(),
      seed: z.int(),
      algorithm: z.string(),
      se: Num,
      percentile_ci: z.tuple([Num, Num]),
      bca_ci: z.tuple([Num, Num]).nullable(),
    })
    .nullable(),
  reason: z.string().nullable(),
});
export type BeliefMediation = z.infer<typeof BeliefMediationSchema>;

/** One participant × session of the analysis, with its summary and learning-rate fit. */
export const BeliefSessionResultSchema = z.strictObject({
  participant_id: z.string(),
  session_id: z.string(),
  group: BeliefGroupSchema,
  time_point: BeliefTimePointSchema,
  n_trials: z.int().min(0),
  n_used: z.int().min(0),
  n_good: z.int().min(0),
  n_bad: z.int().min(0),
  excluded_by_reason: ExclusionCountsSchema,
  mean_update_good: Num,
  mean_update_bad: Num,
  update_bias: Num,
  mean_abs_error_good: Num,
  mean_abs_error_bad: Num,
  alpha_good: Num,
  alpha_bad: Num,
  se_good: Num,
  se_bad: Num,
  sigma: Num,
  nll: Num,
  fit_problems: z.array(z.string()),
  madrs_total: Num,
});
export type BeliefSessionResult = z.infer<typeof BeliefSessionResultSchema>;

/**
 * Everything the belief-updating study's results.json holds. `provenance` (what made it: software,
 * input files with sha256, parameters) is absent from analyseBeliefStudy's return value and added
 * by the analyse stage, in the same shape as the fMRS study's results.json.
 */
export const BeliefResultsSchema = z.strictObject({
  kind: z.literal("belief-updating"),
  seed: z.int(),
  counts: z.strictObject({
    participants: z.record(BeliefGroupSchema, z.int().min(0)),
    sessions: z.record(z.string(), z.int().min(0)),
    trials: z.int().min(0),
    trials_used: z.int().min(0),
    trials_good: z.int().min(0),
    trials_bad: z.int().min(0),
    trials_excluded: ExclusionCountsSchema,
    learning_rates_at_bound: z.int().min(0),
    learning_rates_not_estimable: z.int().min(0),
  }),
  sessions: z.array(BeliefSessionResultSchema),
  models: z.strictObject({
    update: BeliefModelSchema,
    update_1wk: BeliefModelSchema,
    update_patients: BeliefModelSchema,
    learning_rate: BeliefModelSchema,
    learning_rate_1wk: BeliefModelSchema,
  }),
  madrs: z.strictObject({
    bias: BeliefRegressionSchema,
    alpha_good: BeliefRegressionSchema,
  }),
  mediation: BeliefMediationSchema,
  warnings: z.array(z.string()),
  provenance: z
    .strictObject({
      generated_by: z.array(GeneratedBy),
      sources: z.array(SourceFile),
      parameters: z.record(z.string(), z.unknown()),
    })
    .optional(),
});
export type BeliefResults = z.infer<typeof BeliefResultsSchema>;
