// Test support only (not exported): reads the CSV files of testdata/reference-stats, whose cells
// hold no quotes or commas; NA becomes null, numeric cells become numbers (they round-trip
// exactly as doubles).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";

export const referenceStats = testdataFolder("reference-stats");
export const reference1 = join(referenceStats, "crossover-reference-1");

export type Cell = string | number | null;

export function readReferenceCsv(name: string): Record<string, Cell>[] {
  const lines = readFileSync(join(reference1, name), "utf8").trim().split("\n");
  const header = (lines[0] ?? "").split(",");
  return lines.slice(1).map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(
      header.map((h, i) => {
        const c = cells[i] ?? "";
        return [h, c === "NA" ? null : /^-?\d/.test(c) ? Number(c) : c];
      }),
    );
  });
}

export function readReferenceJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(reference1, "reference.json"), "utf8")) as Record<string, unknown>;
}

/** Relative difference |a − b| / max(|b|, tiny). */
export function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** The value at a dotted path of a JSON value ("a.b.0.c"); throws when absent. */
export function at(json: unknown, path: string): unknown {
  let value: unknown = json;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object" || !(key in value))
      throw new Error(`reference.json has no ${path}`);
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The number at a dotted path of reference.json. */
export function refNumber(json: unknown, path: string): number {
  const v = at(json, path);
  if (typeof v !== "number") throw new Error(`reference.json ${path} is not a number`);
  return v;
}
