import {
  NewsValence,
  BeliefGroup as SharedBeliefGroup,
  BeliefTimePoint as SharedBeliefTimePoint,
  TrialExclusionReason as SharedTrialExclusionReason,
} from "@fmrs/schema";
import { z } from "zod";

/**
 * Input rows of the belief-updating study (one BIDS `*_task-beliefupdate_beh.tsv` row, one
 * participants.tsv row, one sessions.tsv row, one phenotype/madrs.tsv row). Estimates and base
 * rates are in percent. The schemas accept any finite number for an estimate so that an
 * out-of-range value reaches {@link trialMeasures} and is excluded there with a reason, never
 * dropped; a missing estimate is `null`.
 */
const participantId = z.string().regex(/^sub-[A-Za-z0-9]+$/);
const sessionId = z.string().regex(/^ses-[A-Za-z0-9]+$/);
const percent = z.number().nullable();

export const BeliefTrialSchema = z.strictObject({
  participant_id: participantId,
  session_id: sessionId,
  /** 1-based trial number within the session. */
  trial: z.int().min(1),
  /** The adverse event's id (the same event has the same id in every session). */
  event_id: z.string().min(1),
  /** First estimate of one's own risk (percent), null when missing. */
  first_estimate: percent,
  /** The base rate shown (percent), null when missing. */
  base_rate: percent,
  /** Second estimate of one's own risk after seeing the base rate (percent), null when missing. */
  second_estimate: percent,
  /** Response times in seconds (optional). */
  rt_first: z.number().min(0).nullable().optional(),
  rt_second: z.number().min(0).nullable().optional(),
});
export type BeliefTrial = z.infer<typeof BeliefTrialSchema>;

/** The study's groups: one definition, in @fmrs/schema. */
export const BeliefGroupSchema = SharedBeliefGroup;
export type BeliefGroup = z.infer<typeof BeliefGroupSchema>;

export const BeliefParticipantSchema = z.strictObject({
  participant_id: participantId,
  group: BeliefGroupSchema,
  sex: z.enum(["M", "F"]),
  age: z.number().min(0).nullable(),
});
export type BeliefParticipant = z.infer<typeof BeliefParticipantSchema>;

/**
 * Time points: `pre` = baseline (patients 24 h before the first infusion; controls' first
 * session), `4h` = 4 h after the first infusion (patients only), `1wk` = one week later
 * (patients 4 h after the third infusion; controls' second session).
 */
export const BeliefTimePointSchema = SharedBeliefTimePoint;
export type BeliefTimePoint = z.infer<typeof BeliefTimePointSchema>;
export const BELIEF_TIME_POINTS: readonly BeliefTimePoint[] = BeliefTimePointSchema.options;

export const BeliefSessionSchema = z.strictObject({
  participant_id: participantId,
  session_id: sessionId,
  time_point: BeliefTimePointSchema,
  /** Days from the first infusion (patients) or from the first session (controls); may be negative. */
  days_from_first_infusion: z.number().nullable(),
});
export type BeliefSession = z.infer<typeof BeliefSessionSchema>;

export const BeliefMadrsSchema = z.strictObject({
  participant_id: participantId,
  session_id: sessionId,
  /** MADRS total 0–60, null when missing. */
  madrs_total: z.number().min(0).max(60).nullable(),
});
export type BeliefMadrs = z.infer<typeof BeliefMadrsSchema>;

/** Why a trial is left out of the update measures (and of the learning-rate fit). */
export const TrialExclusionReasonSchema = SharedTrialExclusionReason;
export type TrialExclusionReason = z.infer<typeof TrialExclusionReasonSchema>;
export const TRIAL_EXCLUSION_REASONS: readonly TrialExclusionReason[] = TrialExclusionReasonSchema.options;

export const NewsSchema = NewsValence;
export type News = z.infer<typeof NewsSchema>;

/** One trial with its derived measures (see {@link trialMeasures}). */
export const TrialMeasureSchema = BeliefTrialSchema.extend({
  /** first estimate − base rate (percentage points); null when either is missing. */
  estimation_error: z.number().nullable(),
  /** good / bad news for an adverse event; null when the error is 0 or not computable. */
  news: NewsSchema.nullable(),
  /** Update towards the base rate (percentage points; negative = away from it); null when not computable. */
  update: z.number().nullable(),
  excluded: z.boolean(),
  exclusion_reason: TrialExclusionReasonSchema.nullable(),
});
export type TrialMeasure = z.infer<typeof TrialMeasureSchema>;

const countsByReason = z.strictObject({
  missing_first_estimate: z.int().min(0),
  missing_base_rate: z.int().min(0),
  missing_second_estimate: z.int().min(0),
  out_of_range: z.int().min(0),
  no_estimation_error: z.int().min(0),
});
export type ExclusionCounts = z.infer<typeof countsByReason>;
export const ExclusionCountsSchema = countsByReason;

/** One participant × session summary (see {@link sessionSummaries}). */
export const SessionSummarySchema = z.strictObject({
  participant_id: participantId,
  session_id: sessionId,
  n_trials: z.int().min(0),
  n_used: z.int().min(0),
  n_good: z.int().min(0),
  n_bad: z.int().min(0),
  n_excluded: z.int().min(0),
  excluded_by_reason: countsByReason,
  /** Mean update after good / bad news (percentage points); null with no trial of that kind. */
  mean_update_good: z.number().nullable(),
  mean_update_bad: z.number().nullable(),
  /** Mean |estimation error| of the used good / bad news trials. */
  mean_abs_error_good: z.number().nullable(),
  mean_abs_error_bad: z.number().nullable(),
  /** mean_update_good − mean_update_bad; null when either is null. */
  update_bias: z.number().nullable(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;
