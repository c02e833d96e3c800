import { InputError, InputErrors, inputErrorsFromZod, TsvNumber } from "@fmrs/schema";
import { z } from "zod";
import { requireColumns, type Tsv } from "./tsv";

/** One block of the LCModel route: its timing and the LCModel .table that holds its fit. */
export interface LcmodelSeriesRow {
  readonly line: number;
  readonly block: number;
  /** Start and end of the block in seconds relative to infusion onset. */
  readonly t_start_s: number;
  readonly t_end_s: number;
  /** The .table file, relative to the manifest's folder. */
  readonly table: string;
  /** Spectrometer frequency (MHz) for the FWHM in Hz, when the table does not give HZPPPM. */
  readonly f0_mhz: number | null;
}

const Row = z.object({
  block: z
    .string()
    .regex(/^\d+$/, "a block number")
    .transform(Number)
    .pipe(z.int().min(1, "a block number of at least 1")),
  t_start_s: TsvNumber,
  t_end_s: TsvNumber,
  table: z.string().regex(/^[^/\\]+\.table$/i, "a .table file name in the same folder"),
  f0_mhz: TsvNumber.nullable().optional(),
});

/**
 * Reads the manifest of the LCModel route (`sub-XX_ses-N_lcmodel.tsv`): one row per time block
 * with block, t_start_s, t_end_s (seconds from infusion onset), table (the block's LCModel .table,
 * in the same folder) and optionally f0_mhz. Sorted by block; every bad cell, a duplicate block or
 * table, and t_end_s ≤ t_start_s are reported together (InputErrors).
 */
export function parseLcmodelSeries(tsv: Tsv): LcmodelSeriesRow[] {
  requireColumns(tsv, ["block", "t_start_s", "t_end_s", "table"]);
  const problems: InputError[] = [];
  const out: LcmodelSeriesRow[] = [];
  const blocks = new Map<number, number>();
  const tables = new Map<string, number>();
  for (const row of tsv.rows) {
    const parsed = Row.safeParse(row.cells);
    if (!parsed.success) {
      problems.push(...inputErrorsFromZod({ file: tsv.file, line: row.line }, parsed.error, row.cells));
      continue;
    }
    const v = parsed.data;
    const where = { file: tsv.file, line: row.line };
    if (v.t_end_s <= v.t_start_s)
      problems.push(
        new InputError({ ...where, field: "t_end_s" }, `${v.t_end_s} is not after t_start_s ${v.t_start_s}`),
      );
    const earlierBlock = blocks.get(v.block);
    if (earlierBlock !== undefined)
      problems.push(
        new InputError({ ...where, field: "block" }, `block ${v.block} already on line ${earlierBlock}`),
      );
    const earlierTable = tables.get(v.table);
    if (earlierTable !== undefined)
      problems.push(
        new InputError({ ...where, field: "table" }, `${v.table} already on line ${earlierTable}`),
      );
    blocks.set(v.block, row.line);
    tables.set(v.table, row.line);
    out.push({
      line: row.line,
      block: v.block,
      t_start_s: v.t_start_s,
      t_end_s: v.t_end_s,
      table: v.table,
      f0_mhz: v.f0_mhz ?? null,
    });
  }
  if (problems.length === 1) throw problems[0] as InputError;
  if (problems.length > 1) throw new InputErrors(problems);
  return out.sort((a, b) => a.block - b.block);
}
