import { InputError, MadrsTsvRow } from "@fmrs/schema";
import { type Lined, parseTsvRowsCollecting } from "./rows";
import { parseTsv } from "./tsv";

/** phenotype/madrs.tsv parsed: typed rows, the problems of rows that failed, dropped column names. */
export interface MadrsTsv {
  readonly file: string;
  readonly rows: Lined<MadrsTsvRow>[];
  readonly problems: InputError[];
  /** Columns the pipeline does not use (never copied; names only). */
  readonly droppedColumns: string[];
}

/**
 * Reads phenotype/madrs.tsv: participant_id, session_id, timepoint (pre | 24h) and either all ten
 * items madrs_01..madrs_10 (integers 0–6) or a plain madrs_total (0–60), or both. Rows that fail
 * are returned as problems (file, line, column) next to the rows that parsed. Throws InputError
 * for a header with only some of the item columns or with no score column at all.
 */
export function parseMadrsTsv(file: string, text: string): MadrsTsv {
  const tsv = parseTsv(file, text);
  const items = tsv.columns.filter((c) => /^madrs_(0[1-9]|10)$/.test(c));
  if (items.length > 0 && items.length < 10) {
    throw new InputError(
      { file, line: 1, field: "madrs_01..madrs_10" },
      `${items.length} of the 10 item columns`,
      "all ten columns madrs_01..madrs_10 (or only madrs_total)",
    );
  }
  if (items.length === 0 && !tsv.columns.includes("madrs_total")) {
    throw new InputError({ file, line: 1 }, "no MADRS score columns", "madrs_01..madrs_10 or madrs_total");
  }
  if (tsv.rows.length === 0) {
    throw new InputError(
      { file, line: 2 },
      "the file has a header but no rows",
      "one row per participant, session and timepoint",
    );
  }
  const known = ["participant_id", "session_id", "timepoint", "madrs_total", ...items];
  const parsed = parseTsvRowsCollecting(tsv, MadrsTsvRow);
  return {
    file,
    rows: parsed.rows,
    problems: parsed.problems,
    droppedColumns: tsv.columns.filter((c) => !known.includes(c)),
  };
}
