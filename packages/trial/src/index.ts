export {
  analyseTrial,
  conditionSummaries,
  type ResamplingOptions,
  rawAttenuation,
  sessionExclusions,
  type TrialResults,
} from "./analyse";
export { glxMadrsAssociation, leastSquaresLine } from "./association";
export { hillsArmitage, type PeriodObservation } from "./hillsArmitage";
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
export { type DerivedOutcomes, deriveOutcomes } from "./outcomes";
export { type PairedOutcome, type SubjectPair, subjectPairs } from "./pairs";
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
export { type FittedBlock, metaboliteValue, phaseOf, qcReasons, timeseriesFromBlocks } from "./timeseries";
