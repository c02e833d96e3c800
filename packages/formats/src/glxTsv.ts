import {
  type FittedBlock,
  GlxTsvFixedColumns,
  InputError,
  InputErrors,
  inputErrorsFromZod,
} from "@fmrs/schema";
import { requireColumns, type Tsv } from "./tsv";

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
export function parseGlxTsv(tsv: Tsv): FittedBlock[] {
  requireColumns(tsv, ["block", "t_start_s", "t_end_s"]);
  const metaboliteColumns = tsv.columns.filter((c) => !FIXED.has(c) && !c.endsWith("_crlb_pct"));
  const crlbColumns = tsv.columns.filter((c) => c.endsWith("_crlb_pct"));
  const problems: InputError[] = [];
  if (tsv.rows.length === 0) {
    problems.push(
      new InputError(
        { file: tsv.file, line: 2 },
        "the file has a header but no rows",
        "one row per time block",
      ),
    );
  }
  if (metaboliteColumns.length === 0) {
    problems.push(
      new InputError(
        { file: tsv.file, line: 1 },
        `no metabolite column (columns: ${tsv.columns.join(", ")})`,
        "at least one metabolite column such as Glu, Glx or NAA",
      ),
    );
  }
  for (const c of crlbColumns) {
    const metabolite = c.slice(0, -"_crlb_pct".length);
    if (!metaboliteColumns.includes(metabolite)) {
      problems.push(
        new InputError({ file: tsv.file, line: 1, field: c }, `no column ${metabolite} for this CRLB`),
      );
    }
  }
  const blocks: FittedBlock[] = [];
  const seenBlocks = new Map<number, number>();
  for (const row of tsv.rows) {
    const fixed = GlxTsvFixedColumns.safeParse(row.cells);
    if (!fixed.success) {
      problems.push(...inputErrorsFromZod({ file: tsv.file, line: row.line }, fixed.error, row.cells));
      continue;
    }
    const numberCell = (column: string): number | null => {
      const cell = row.cells[column] ?? null;
      if (cell === null) return null;
      if (!NUMBER.test(cell) || !Number.isFinite(Number(cell))) {
        problems.push(
          new InputError(
            { file: tsv.file, line: row.line, field: column },
            NUMBER.test(cell) ? `"${cell}" overflows to Infinity` : `"${cell}" is not a number`,
            "a finite number or n/a",
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
      block: f.block,
      t_start_s: f.t_start_s,
      t_end_s: f.t_end_s,
      fwhm_hz: f.fwhm_hz ?? null,
      snr: f.snr ?? null,
      values,
      crlb_pct,
      problems: [],
    });
  }
  if (problems.length === 1) throw problems[0] as InputError;
  if (problems.length > 1) throw new InputErrors(problems);
  return blocks.sort((a, b) => a.block - b.block);
}

/**
 * Metabolite names as FSL-MRS, Osprey, Tarquin and LCModel basis sets spell them (compared
 * case-insensitively); macromolecule and lipid columns (`MM09`, `Lip13a`, `L20`) are accepted by
 * pattern.
 */
export const KNOWN_METABOLITES: readonly string[] = [
  "Ala",
  "Asc",
  "Asp",
  "bHB",
  "Cit",
  "Cr",
  "PCr",
  "tCr",
  "Cr+PCr",
  "CrCH2",
  "-CrCH2",
  "GABA",
  "Glc",
  "Gln",
  "Glu",
  "Glx",
  "Glu+Gln",
  "Gly",
  "GPC",
  "PCh",
  "PC",
  "Cho",
  "tCho",
  "GPC+PCh",
  "GSH",
  "Ins",
  "mI",
  "Ins+Gly",
  "Lac",
  "NAA",
  "NAAG",
  "tNAA",
  "NAA+NAAG",
  "PE",
  "Scyllo",
  "sI",
  "Ser",
  "Tau",
  "H2O",
  "Water",
];
const known = new Set(KNOWN_METABOLITES.map((m) => m.toLowerCase()));
const macromolecule = /^(mm|lip|l)\d/i;

/** Levenshtein distance (small strings: column names). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The fixed column or known metabolite `column` is probably a misspelling of, or null. */
export function nearColumnName(column: string): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9+]/g, "");
  const c = norm(column);
  const candidates = [...FIXED, ...KNOWN_METABOLITES];
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of candidates) {
    const n = norm(name);
    const d = n.startsWith(c) && c.length >= 3 && name.includes("_") ? 1 : editDistance(c, n);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(c.length / 4)) && best !== column
    ? best
    : null;
}

/**
 * Warnings for the columns of a `*_glx.tsv` that are neither fixed columns, CRLB columns nor known
 * metabolite names: each is read as a metabolite value, so a misspelt `fwhm` (for `fwhm_hz`)
 * would silently drop the linewidth from QC. Names the near column when there is one.
 */
export function glxColumnWarnings(tsv: Tsv): InputError[] {
  const out: InputError[] = [];
  for (const c of tsv.columns) {
    if (FIXED.has(c) || c.endsWith("_crlb_pct") || macromolecule.test(c)) continue;
    if (known.has(c.toLowerCase())) continue;
    const near = nearColumnName(c);
    out.push(
      new InputError(
        { file: tsv.file, line: 1, field: c },
        `unknown column, read as a metabolite value${near === null ? "" : `; did you mean ${near}?`}`,
      ),
    );
  }
  return out;
}
