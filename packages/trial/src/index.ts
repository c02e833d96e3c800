export {
  analyseTrial,
  conditionSummaries,
  rawAttenuation,
  sessionExclusions,
  type TrialResults,
} from "./analyse";
export { hillsArmitage, type PeriodObservation } from "./hillsArmitage";
export { type DerivedOutcomes, deriveOutcomes } from "./outcomes";
export {
  compareLabels,
  type LinedRow,
  madrsRecords,
  madrsTotal,
  type StudyRecordInputs,
  type StudyRecords,
  studyRecords,
} from "./studyRecords";
export { type FittedBlock, metaboliteValue, phaseOf, qcReasons, timeseriesFromBlocks } from "./timeseries";
