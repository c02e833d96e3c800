import { z } from "zod";
import { BeliefGroup, BeliefTimePoint } from "./beliefStudy";
import { ParticipantId, SessionId, Sex } from "./ids";

/** participants.arrow of a belief-updating study (identifying columns removed). */
export const BeliefParticipantRecord = z.strictObject({
  participant_id: ParticipantId,
  group: BeliefGroup,
  sex: Sex,
  age: z.number().nullable(),
});
export type BeliefParticipantRecord = z.infer<typeof BeliefParticipantRecord>;

/** sessions.arrow of a belief-updating study: each session, its time point and its task file. */
export const BeliefSessionRecord = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  group: BeliefGroup,
  time_point: BeliefTimePoint,
  days_from_first_infusion: z.number().nullable(),
  /** The session's task file, relative to the study folder; null when the session has none. */
  beh_file: z.string().nullable(),
});
export type BeliefSessionRecord = z.infer<typeof BeliefSessionRecord>;

/** madrs.arrow of a belief-updating study: MADRS total per session (null when not rated). */
export const BeliefMadrsRecord = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  time_point: BeliefTimePoint,
  madrs_total: z.number().nullable(),
});
export type BeliefMadrsRecord = z.infer<typeof BeliefMadrsRecord>;

/** News of a trial: the base rate was better (good) or worse (bad) than one's first estimate. */
export const NewsValence = z.enum(["good", "bad"]);

/** Why a trial is left out of the update measures and the learning-rate fit. */
export const TrialExclusionReason = z.enum([
  "missing_first_estimate",
  "missing_base_rate",
  "missing_second_estimate",
  "out_of_range",
  "no_estimation_error",
]);

/**
 * trials.arrow: every trial with its measures (none dropped). estimation_error = first_estimate −
 * base_rate (%); for adverse events a positive error is good news; update = the change of
 * estimate towards the base rate (%).
 */
export const BeliefTrialRow = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  trial: z.int(),
  event_id: z.string(),
  first_estimate: z.number().nullable(),
  base_rate: z.number().nullable(),
  second_estimate: z.number().nullable(),
  rt_first: z.number().nullable(),
  rt_second: z.number().nullable(),
  estimation_error: z.number().nullable(),
  news: NewsValence.nullable(),
  update: z.number().nullable(),
  excluded: z.boolean(),
  exclusion_reason: TrialExclusionReason.nullable(),
});
export type BeliefTrialRow = z.infer<typeof BeliefTrialRow>;

/** session_summaries.arrow: per session, mean update after good and bad news, the update bias, counts. */
export const BeliefSummaryRow = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  group: BeliefGroup,
  time_point: BeliefTimePoint,
  n_trials: z.int(),
  n_used: z.int(),
  n_good: z.int(),
  n_bad: z.int(),
  n_excluded: z.int(),
  n_missing_first_estimate: z.int(),
  n_missing_base_rate: z.int(),
  n_missing_second_estimate: z.int(),
  n_out_of_range: z.int(),
  n_no_estimation_error: z.int(),
  mean_update_good: z.number().nullable(),
  mean_update_bad: z.number().nullable(),
  mean_abs_error_good: z.number().nullable(),
  mean_abs_error_bad: z.number().nullable(),
  update_bias: z.number().nullable(),
});
export type BeliefSummaryRow = z.infer<typeof BeliefSummaryRow>;

/** The per-session learning-rate fit (`desc-learningrates`): one row, the model's estimates and diagnostics. */
export const LearningRateRow = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  alpha_good: z.number().nullable(),
  alpha_bad: z.number().nullable(),
  se_good: z.number().nullable(),
  se_bad: z.number().nullable(),
  asymmetry: z.number().nullable(),
  se_asymmetry: z.number().nullable(),
  sigma: z.number().nullable(),
  se_sigma: z.number().nullable(),
  nll: z.number().nullable(),
  n_trials: z.int(),
  n_good: z.int(),
  n_bad: z.int(),
  n_excluded: z.int(),
  at_bound_good: z.boolean(),
  at_bound_bad: z.boolean(),
  converged: z.boolean(),
  model_problems: z.string(),
});
export type LearningRateRow = z.infer<typeof LearningRateRow>;
