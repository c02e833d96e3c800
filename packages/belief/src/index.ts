export {
  analyseBeliefStudy,
  type BeliefAnalysisOptions,
  type BeliefStudyInput,
} from "./analyseBeliefStudy";
export {
  DEFAULT_ALPHA_BOUNDS,
  fitLearningRates,
  type LearningRateFit,
  type LearningRateOptions,
} from "./fitLearningRates";
export { type BeliefModelRow, type BeliefModelSpec, fitBeliefModel, formulaOf } from "./models";
export { leastSquares } from "./regression";
export {
  type BeliefCoefficient,
  BeliefCoefficientSchema,
  type BeliefExclusion,
  BeliefExclusionSchema,
  type BeliefMediation,
  BeliefMediationSchema,
  type BeliefModel,
  BeliefModelSchema,
  type BeliefRegression,
  BeliefRegressionSchema,
  type BeliefResults,
  BeliefResultsSchema,
  type BeliefSessionResult,
  BeliefSessionResultSchema,
  type BeliefTermTest,
  BeliefTermTestSchema,
  type BeliefValenceContrast,
  BeliefValenceContrastSchema,
} from "./results";
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
export {
  type BeliefStudySpec,
  type BeliefStudySpecInput,
  BeliefStudySpecSchema,
  type BeliefTruth,
  type SimulatedBeliefStudy,
  simulateBeliefStudy,
} from "./simulateBeliefStudy";
export { DEFAULT_ESTIMATE_RANGE, type TrialMeasureOptions, trialMeasures } from "./trialMeasures";
