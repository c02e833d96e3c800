export { ADAPTERS, type RouteAdapter } from "./adapters";
export type { AdapterSession } from "./adapters/adapter";
export { basisFromFiles, parseSidecar, transientsPerDynamic } from "./adapters/niftiMrs";
export { BeliefResultsFile, beliefAnalyseStage } from "./belief/analyse";
export { beliefIngestStage, beliefRecords } from "./belief/ingest";
export { beliefReportInputs, beliefReportStage } from "./belief/report";
export { behTrials, beliefModelStage, beliefTrialsStage, learningRateRow } from "./belief/trials";
export { PARALLEL_STAGES, stageGraph } from "./graph";
export {
  ALL_STAGE_NAMES,
  BELIEF_STAGE_NAMES,
  type FileOutput,
  layoutTable,
  OUTPUTS,
  type OutputName,
  type OutputSpec,
  outputPath,
  type SessionIds,
  STAGE_NAMES,
  type StageName,
  sidecarOf,
  stageNamesOf,
  stageRecordPath,
  type TableOutput,
} from "./layout";
export {
  type Executor,
  type Levels,
  participantStatus,
  type RunLog,
  type RunOptions,
  runPipeline,
  type StageRun,
  selectStages,
  splitLevels,
  type UnitStatus,
} from "./runner";
export type {
  InputFile,
  Output,
  PlanEnv,
  PlannedOutput,
  Stage,
  StudyField,
  Unit,
  UnitInput,
} from "./stage";
export { analyseStage } from "./stages/analyse";
export { fitStage } from "./stages/fit";
export { ingestStage } from "./stages/ingest";
export { OUTCOME_FIELDS, outcomesStage } from "./stages/outcomes";
export { type ReportBuilder, reportStage } from "./stages/report";
export { derivativeUri, studyUri } from "./uris";
