export { type GlxBlock, parseGlxTsv } from "./glxTsv";
export { type Lined, parseTsvRows, parseTsvRowsCollecting } from "./rows";
export { parseTsv, requireColumns, type Tsv, type TsvRow } from "./tsv";
