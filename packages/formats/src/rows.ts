import { type InputError, InputErrors, inputErrorsFromZod } from "@fmrs/schema";
import type { z } from "zod";
import type { Tsv } from "./tsv";

/** A typed row with the file line it came from. */
export interface Lined<T> {
  readonly line: number;
  readonly value: T;
}

/**
 * Parses every row of a TSV with a zod schema. Returns typed rows with their lines; when any row
 * fails, throws InputErrors listing every problem of every row (file, line, column), not only
 * the first.
 */
export function parseTsvRows<S extends z.ZodType>(tsv: Tsv, schema: S): Lined<z.infer<S>>[] {
  const { rows, problems } = parseTsvRowsCollecting(tsv, schema);
  if (problems.length === 1) throw problems[0] as InputError;
  if (problems.length > 1) throw new InputErrors(problems);
  return rows;
}

/**
 * Like parseTsvRows, but returns the rows that parsed together with the problems of those that
 * did not, for checks that report every problem of a study (`fmrs validate`).
 */
export function parseTsvRowsCollecting<S extends z.ZodType>(
  tsv: Tsv,
  schema: S,
): { rows: Lined<z.infer<S>>[]; problems: InputError[] } {
  const rows: Lined<z.infer<S>>[] = [];
  const problems: InputError[] = [];
  for (const row of tsv.rows) {
    const parsed = schema.safeParse(row.cells);
    if (parsed.success) rows.push({ line: row.line, value: parsed.data });
    else problems.push(...inputErrorsFromZod({ file: tsv.file, line: row.line }, parsed.error, row.cells));
  }
  return { rows, problems };
}
