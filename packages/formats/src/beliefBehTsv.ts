import { BeliefBehTsvRow, InputError } from "@fmrs/schema";
import { type Lined, parseTsvRowsCollecting } from "./rows";
import { parseTsv, requireColumns } from "./tsv";

/** A belief-update task file parsed: typed trials, the problems of rows that failed. */
export interface BeliefBehTsv {
  readonly file: string;
  readonly rows: Lined<BeliefBehTsvRow>[];
  readonly problems: InputError[];
}

const REQUIRED = ["trial", "event_id", "first_estimate", "base_rate", "second_estimate"] as const;

/**
 * Reads `sub-XX_ses-N_task-beliefupdate_beh.tsv`: columns trial, event_id, first_estimate,
 * base_rate, second_estimate (percentages 0–100, n/a for a missing estimate) and optionally
 * rt_first, rt_second (s). Rows that fail are returned as problems (file, line, column) beside
 * the rows that parsed; a repeated trial number is a problem of its line. Throws InputError
 * for an empty file or missing columns.
 */
export function parseBeliefBehTsv(file: string, text: string): BeliefBehTsv {
  const tsv = parseTsv(file, text);
  requireColumns(tsv, REQUIRED);
  if (tsv.rows.length === 0)
    throw new InputError({ file, line: 2 }, "the file has a header but no rows", "one row per trial");
  const parsed = parseTsvRowsCollecting(tsv, BeliefBehTsvRow);
  const problems = [...parsed.problems];
  const seen = new Map<number, number>();
  for (const r of parsed.rows) {
    const first = seen.get(r.value.trial);
    if (first !== undefined)
      problems.push(
        new InputError(
          { file, line: r.line, field: "trial" },
          `trial ${r.value.trial} repeats line ${first}`,
          "each trial number once",
        ),
      );
    else seen.set(r.value.trial, r.line);
  }
  return { file, rows: parsed.rows, problems };
}
