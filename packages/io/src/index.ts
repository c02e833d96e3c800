export {
  arrowFileBytes,
  arrowTable,
  type ColumnSpec,
  type ColumnType,
  readArrowBytes,
  readArrowFile,
  type TableSpec,
  writeArrowFile,
} from "./arrow";
export { removeStaleTemporaryFiles, writeFileAtomic } from "./atomic";
export {
  type BeliefBehInput,
  type BeliefStudyInputs,
  beliefBehFile,
  collectBeliefStudyInputs,
  readBeliefStudyInputs,
} from "./beliefStudy";
export { canonicalJson } from "./canonicalJson";
export { collectProblems, studyTextReader } from "./collect";
export { filesIn, isFile, readFileBytes } from "./files";
export {
  fsErrorAsInputError,
  isFsError,
  readInputFile,
  readInputText,
  readLimitsFromEnv,
  statInputFile,
} from "./fsErrors";
export { sha256, sha256File } from "./hash";
export { lineAndColumn, parseJsonText } from "./jsonText";
export { defaultDerivativesDir } from "./layout";
export { acquireStudyLock, LOCK_FILE, type LockHolder } from "./lock";
export { checkOutputLocation } from "./outputGuard";
export { parquetBytes, parquetPath, tableFromParquetBytes } from "./parquet";
export { inputKey, isUpToDate, readStageRecord, type StageRecord, writeStageRecord } from "./stageRecord";
export {
  collectStudyInputs,
  type MrsInput,
  readAnyStudyConfig,
  readStudyConfig,
  readStudyInputs,
  type StudyInputs,
} from "./study";
export { tableSpecFromSchema } from "./tableSpec";
