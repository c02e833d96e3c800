import { GlxTsvFixedColumns, InputError, InputErrors, inputErrorsFromZod } from "@fmrs/schema";
import { requireColumns, type Tsv } from "./tsv";

/** One block of a fitted glutamate time series (the tidy `*_glx.tsv` route). */
export interface GlxBlock {
  readonly line: number;
  readonly block: number;
  /** Start and end of the block in seconds relative to infusion onset. */
  readonly t_start_s: number;
  readonly t_end_s: number;
  readonly fwhm_hz: number | null;
  readonly snr: number | null;
  /** Metabolite values by column name (e.g. Glu, Gln, NAA), null where n/a. */
  readonly values: Readonly<Record<string, number | null>>;
  /** CRLB in percent by metabolite name, from `<name>_crlb_pct` columns. */
  readonly crlb_pct: Readonly<Record<string, number | null>>;
}

const FIXED = new Set(["block", "t_start_s", "t_end_s", "fwhm_hz", "snr"]);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a tidy glutamate time-series TSV: fixed columns block, t_start_s, t_end_s (seconds
 * relative to infusion onset), optional fwhm_hz and snr; every other column is a metabolite value
 * (named as the fitting tool names it) or, with the suffix `_crlb_pct`, its CRLB in percent.
 * Returns the blocks sorted by block number. Throws InputErrors listing every bad cell; also
 * rejects duplicate block numbers, t_end_s ≤ t_start_s, and a `_crlb_pct` column without its
 * metabolite column.
 */
export function parseGlxTsv(tsv: Tsv): GlxBlock[] {
  requireColumns(tsv, ["block", "t_start_s", "t_end_s"]);
  const metaboliteColumns = tsv.columns.filter((c) => !FIXED.has(c) && !c.endsWith("_crlb_pct"));
  const crlbColumns = tsv.columns.filter((c) => c.endsWith("_crlb_pct"));
  const problems: InputError[] = [];
  for (const c of crlbColumns) {
    const metabolite = c.slice(0, -"_crlb_pct".length);
    if (!metaboliteColumns.includes(metabolite)) {
      problems.push(
        new InputError({ file: tsv.file, line: 1, field: c }, `no column ${metabolite} for this CRLB`),
      );
    }
  }
  const blocks: GlxBlock[] = [];
  const seenBlocks = new Map<number, number>();
  for (const row of tsv.rows) {
    const fixed = GlxTsvFixedColumns.safeParse(row.cells);
    if (!fixed.success) {
      problems.push(...inputErrorsFromZod({ file: tsv.file, line: row.line }, fixed.error));
      continue;
    }
    const numberCell = (column: string): number | null => {
      const cell = row.cells[column] ?? null;
      if (cell === null) return null;
      if (!NUMBER.test(cell)) {
        problems.push(
          new InputError(
            { file: tsv.file, line: row.line, field: column },
            `"${cell}" is not a number`,
            "a number or n/a",
          ),
        );
        return null;
      }
      return Number(cell);
    };
    const values = Object.fromEntries(metaboliteColumns.map((c) => [c, numberCell(c)]));
    const crlb_pct = Object.fromEntries(
      crlbColumns.map((c) => [c.slice(0, -"_crlb_pct".length), numberCell(c)]),
    );
    const f = fixed.data;
    if (f.t_end_s <= f.t_start_s) {
      problems.push(
        new InputError(
          { file: tsv.file, line: row.line, field: "t_end_s" },
          `${f.t_end_s} is not after t_start_s ${f.t_start_s}`,
        ),
      );
    }
    const earlier = seenBlocks.get(f.block);
    if (earlier !== undefined) {
      problems.push(
        new InputError(
          { file: tsv.file, line: row.line, field: "block" },
          `block ${f.block} already on line ${earlier}`,
          "each block once",
        ),
      );
    }
    seenBlocks.set(f.block, row.line);
    blocks.push({
      line: row.line,
      block: f.block,
      t_start_s: f.t_start_s,
      t_end_s: f.t_end_s,
      fwhm_hz: f.fwhm_hz ?? null,
      snr: f.snr ?? null,
      values,
      crlb_pct,
    });
  }
  if (problems.length === 1) throw problems[0] as InputError;
  if (problems.length > 1) throw new InputErrors(problems);
  return blocks.sort((a, b) => a.block - b.block);
}
