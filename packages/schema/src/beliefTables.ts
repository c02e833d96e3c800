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

/** News valence of a trial: the base rate was better (good) or worse (bad) than one's first estimate. */
export const NewsValence = z.enum(["good", "bad"]);

/**
 * trials.arrow: every trial with its measures. estimation_error = first_estimate − base_rate (%);
 * for adverse events a positive error is good news; update = the change of estimate in the
 * direction of the news (%), so positive means towards the base rate.
 */
export const BeliefTrialRow = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  trial: z.int(),
  event_id: z.int(),
  first_estimate: z.number().nullable(),
  base_rate: z.number(),
  second_estimate: z.number().nullable(),
  estimation_error: z.number().nullable(),
  valence: NewsValence.nullable(),
  update: z.number().nullable(),
  included: z.boolean(),
  exclusion_reason: z.string().nullable(),
});
export type BeliefTrialRow = z.infer<typeof BeliefTrialRow>;

/** session_summaries.arrow: per session, mean update after good and bad news and the update bias. */
export const BeliefSummaryRow = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  group: BeliefGroup,
  time_point: BeliefTimePoint,
  n_trials: z.int(),
  n_good: z.int(),
  n_bad: z.int(),
  n_excluded: z.int(),
  mean_update_good: z.number().nullable(),
  mean_update_bad: z.number().nullable(),
  update_bias: z.number().nullable(),
});
export type BeliefSummaryRow = z.infer<typeof BeliefSummaryRow>;

/**
 * The per-session learning-rate fit (`desc-learningrates`): one row per valence, with the
 * maximum-likelihood learning rate, its standard error and the fit's diagnostics.
 */
export const LearningRateRow = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  valence: NewsValence,
  learning_rate: z.number().nullable(),
  learning_rate_se: z.number().nullable(),
  n_trials: z.int(),
  neg_log_likelihood: z.number().nullable(),
  converged: z.boolean(),
});
export type LearningRateRow = z.infer<typeof LearningRateRow>;
