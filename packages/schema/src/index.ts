export { AcquisitionFile, AcquisitionRecord } from "./acquisition";
export {
  type AnyStudyConfig,
  BeliefBehTsvRow,
  BeliefGroup,
  BeliefMadrsTsvRow,
  BeliefParticipantTsvRow,
  BeliefSessionTsvRow,
  BeliefStudyConfig,
  BeliefTimePoint,
  isBeliefStudy,
  StudyKind,
  studyConfigSchema,
  studyKindOf,
} from "./beliefStudy";
export {
  BeliefMadrsRecord,
  BeliefParticipantRecord,
  BeliefSessionRecord,
  BeliefSummaryRow,
  BeliefTrialRow,
  LearningRateRow,
  NewsValence,
  TrialExclusionReason,
} from "./beliefTables";
export { COLUMN_DICTIONARY, type ColumnDescription, columnDictionary } from "./columns";
export { ConditionId, ParticipantId, SessionId, Sex } from "./ids";
export { formatInputProblem, InputError, InputErrors, type InputLocation } from "./inputError";
export { METABOLITE_SUMS } from "./measures";
export { DatasetDescription, GeneratedBy, Provenance, SourceFile } from "./provenance";
export {
  AssociationResult,
  Attenuation,
  ConditionSummary,
  DifferencePoint,
  Exclusion,
  FlowPeriod,
  FlowSequence,
  HillsArmitageResult,
  LmmCoefficientResult,
  LmmContrastResult,
  LmmDiagnosticsResult,
  LmmResult,
  LmmTermTest,
  NonparametricResult,
  ParticipantFlow,
  PrimaryResult,
  Results,
  StandardisedEffect,
  TEstimate,
  TimecoursePoint,
} from "./results";
export {
  Condition,
  DEFAULT_PRIMARY,
  MadrsScoring,
  PrimaryEstimand,
  QcThresholds,
  RawRouteSettings,
  ReportingDetails,
  StudyConfig,
  testCondition,
  WindowMin,
} from "./study";
export {
  BlockMeasureRow,
  BlockOutcomeRow,
  FitBlockRow,
  FitSpectrumRow,
  type FittedBlock,
  fitBlockRows,
  fittedBlocksOf,
  MadrsRecord,
  MrsAdapter,
  MrsRoute,
  OutcomeRow,
  ParticipantRecord,
  Phase,
  SessionRecord,
  TransientRow,
} from "./tables";
export {
  GlxTsvFixedColumns,
  MADRS_ITEMS,
  MadrsItem,
  MadrsTotal,
  MadrsTsvRow,
  ParticipantTsvRow,
  Sequence,
  SessionTsvRow,
  TsvInteger,
  TsvIntegerOrNa,
  TsvNumber,
  TsvNumberOrNa,
} from "./tsvRows";
export { echoValue, inputErrorsFromZod } from "./zodProblems";
