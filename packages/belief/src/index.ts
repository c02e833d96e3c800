export {
  DEFAULT_ALPHA_BOUNDS,
  fitLearningRates,
  type LearningRateFit,
  type LearningRateOptions,
} from "./fitLearningRates";
export {
  BELIEF_TIME_POINTS,
  type BeliefGroup,
  BeliefGroupSchema,
  type BeliefMadrs,
  BeliefMadrsSchema,
  type BeliefParticipant,
  BeliefParticipantSchema,
  type BeliefSession,
  BeliefSessionSchema,
  type BeliefTimePoint,
  BeliefTimePointSchema,
  type BeliefTrial,
  BeliefTrialSchema,
  type ExclusionCounts,
  ExclusionCountsSchema,
  type News,
  NewsSchema,
  type SessionSummary,
  SessionSummarySchema,
  TRIAL_EXCLUSION_REASONS,
  type TrialExclusionReason,
  TrialExclusionReasonSchema,
  type TrialMeasure,
  TrialMeasureSchema,
} from "./schema";
export { compareIds, sessionSummaries } from "./sessionSummaries";
export { DEFAULT_ESTIMATE_RANGE, type TrialMeasureOptions, trialMeasures } from "./trialMeasures";
