export {
  type AnalyseFields,
  analyseTrial,
  conditionSummaries,
  type ResamplingOptions,
  rawAttenuation,
  sessionExclusions,
  type TrialResults,
} from "./analyse";
export { glxMadrsAssociation, leastSquaresLine } from "./association";
export { consortFlow, glutamateReason, madrsReason } from "./consortFlow";
export { crossoverDz, hillsArmitage, type PeriodObservation } from "./hillsArmitage";
export {
  type BlockMeasures,
  blockMeasures,
  DEFAULT_MEASURES,
  type Measure,
  type MeasureFields,
  type MeasureSet,
  outcomeExpression,
  outcomeLabel,
  studyMeasures,
} from "./measures";
export {
  type FittedModel,
  fitModel,
  glutamateBlockModel,
  glutamatePhaseModel,
  madrsChangeModel,
  madrsLongRows,
  madrsRawModel,
  modelAttenuation,
  sexModel,
} from "./models";
export { crossoverNonparametric } from "./nonparametric";
export {
  type AssessedBlock,
  assessBlocks,
  type DerivedOutcomes,
  deriveOutcomes,
  type OutcomeFields,
  phaseOf,
} from "./outcomes";
export { type PairedOutcome, type SubjectPair, subjectPairs } from "./pairs";
export { primaryResult } from "./primary";
export { describeQc, type QcFacts, type QcRule, qcReasons, qcRules } from "./qc";
export {
  compareLabels,
  type LinedRow,
  madrsRecords,
  madrsTotal,
  type StudyRecordInputs,
  type StudyRecords,
  studyRecords,
} from "./studyRecords";
export { timecourseSummary } from "./timecourse";
export { timecourseDifference } from "./timecourseDifference";
