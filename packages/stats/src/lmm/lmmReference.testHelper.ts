/**
 * Test helper (test code only, not exported): reads the reference CSVs and JSON of
 * testdata/reference-stats/crossover-reference-1 and builds the data sets of its README.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import type { LmmRow } from "./design";

export const referenceFolder = testdataFolder("reference-stats");
const dir = join(referenceFolder, "crossover-reference-1");

/** A CSV cell: number, string, or null for `NA`/empty. */
export type Cell = string | number | null;

/** Parses plain comma-separated text (header row, no quoting; `NA` → null; numbers → number). */
export function parseCsv(text: string): Record<string, Cell>[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] ?? "").split(",");
  return lines.slice(1).map((line, i) => {
    const fields = line.split(",");
    if (fields.length !== header.length)
      throw new Error(`parseCsv: row ${i + 2} has ${fields.length} fields`);
    const row: Record<string, Cell> = {};
    header.forEach((h, j) => {
      const f = fields[j]!;
      if (f === "NA" || f === "") row[h] = null;
      else {
        const v = Number(f);
        row[h] = Number.isFinite(v) && /^[-+]?[\d.]/.test(f) ? v : f;
      }
    });
    return row;
  });
}

/** Rows of one reference CSV. */
export function readCsv(name: string): Record<string, Cell>[] {
  return parseCsv(readFileSync(join(dir, name), "utf8"));
}

/** The parsed reference.json (untyped JSON navigated with {@link pick}). */
export function readReference(): unknown {
  return JSON.parse(readFileSync(join(dir, "reference.json"), "utf8"));
}

/** Navigates a JSON value by keys/indices, throwing on a missing step. */
export function pick(value: unknown, ...path: (string | number)[]): unknown {
  let v = value;
  for (const step of path) {
    if (v === null || typeof v !== "object" || !(step in (v as object))) {
      throw new Error(`reference.json: no ${path.join(".")} (at ${String(step)})`);
    }
    v = (v as Record<string | number, unknown>)[step];
  }
  return v;
}

/** A number at a JSON path. */
export function num(value: unknown, ...path: (string | number)[]): number {
  const v = pick(value, ...path);
  if (typeof v !== "number") throw new Error(`reference.json: ${path.join(".")} is not a number`);
  return v;
}

/** sessions.csv rows as model input (all columns as read). */
export function sessionRows(): LmmRow[] {
  return readCsv("sessions.csv");
}

/** QC-passing MRS blocks (qc_pass == 1 and glu not NA), with session = period (README §e). */
export function qcBlocks(): LmmRow[] {
  return readCsv("mrs_blocks.csv")
    .filter((r) => r.qc_pass === 1 && r.glu !== null)
    .map((r) => ({ ...r, session: r.period, time_block: r.block }));
}

/** Long-format raw MADRS (README §h): two rows per session, time pre/24h, session = period. */
export function madrsLong(): LmmRow[] {
  const out: LmmRow[] = [];
  for (const r of readCsv("sessions.csv")) {
    const base = {
      subject: r.subject,
      sex: r.sex,
      sequence: r.sequence,
      period: r.period,
      treatment: r.treatment,
      session: r.period,
    };
    out.push({ ...base, time: "pre", madrs: r.madrs_baseline });
    out.push({ ...base, time: "24h", madrs: r.madrs_24h });
  }
  return out;
}
