export { type BeliefBehTsv, parseBeliefBehTsv } from "./beliefBehTsv";
export { glxColumnWarnings, KNOWN_METABOLITES, nearColumnName, parseGlxTsv } from "./glxTsv";
export { type LcmodelSeriesRow, parseLcmodelSeries } from "./lcmodelSeries";
export {
  checkBudget,
  DEFAULT_READ_LIMITS,
  firstNonFinite,
  formatBytes,
  MAX_DEFLATE_RATIO,
  type ReadLimits,
  requireFinite,
} from "./limits";
export { type MadrsTsv, parseMadrsTsv } from "./madrsTsv";
export { type ComplexFids, type FidIndex, fidAt, fidNumber, shortAxisName } from "./mrs/complexFids";
export { type DynamicTransients, dynamicTransients } from "./mrs/dynamicTransients";
export {
  type Deidentified,
  IDENTIFYING_KEY_PATTERNS,
  IDENTIFYING_KEYS,
  isIdentifyingKey,
  jsonDepthProblem,
  withoutIdentifyingKeys,
} from "./mrs/identifying";
export {
  inspectMrsFile,
  type MrsDimSummary,
  type MrsFileFormat,
  type MrsFileSummary,
} from "./mrs/inspectMrsFile";
export type { LcmConcentration, LcmDiagnostic, LcmMisc, LcmResults } from "./mrs/lcmodelSections";
export {
  checkNiftiMrsFile,
  checkNiftiMrsHeaderExtension,
  JsonNumber,
  NIFTI_MRS_DEFINED,
  NIFTI_MRS_REQUIRED,
  type NiftiMrsType,
  niftiMrsJsonText,
  parseJsonKeepingNumberTypes,
} from "./mrs/niftiMrsStandard";
export { type LcmControl, parseLcmControl } from "./mrs/parseLcmControl";
export { type LcmCoord, type LcmCurve, type LcmPpmGap, parseLcmCoord } from "./mrs/parseLcmCoord";
export { type LcmCsv, type LcmCsvRow, type LcmCsvValue, parseLcmCsv } from "./mrs/parseLcmCsv";
export { type LcmRaw, parseLcmRaw } from "./mrs/parseLcmRaw";
export { type LcmTable, parseLcmTable } from "./mrs/parseLcmTable";
export {
  type DimHeaderEntry,
  NIFTI_MRS_DEFAULT_TAGS,
  NIFTI_MRS_DIM_TAGS,
  type NiftiMrs,
  type NiftiMrsDim,
  type NiftiMrsHeader,
  parseNiftiMrs,
  readNiftiMrsRaw,
} from "./mrs/parseNiftiMrs";
export { parseRda, type Rda } from "./mrs/parseRda";
export { parseSdat, parseSpar, type SparHeader } from "./mrs/parseSparSdat";
export { frequencyAxisHz, ppmAxis } from "./mrs/ppmAxis";
export type { ScannerMrsHeader } from "./mrs/scannerHeader";
export { type NiftiMrsInput, type NiftiMrsWriteOptions, writeNiftiMrs } from "./mrs/writeNiftiMrs";
export { type Lined, parseTsvRows, parseTsvRowsCollecting } from "./rows";
export { parseTsv, requireColumns, type Tsv, type TsvRow } from "./tsv";
