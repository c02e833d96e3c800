import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { inspectMrsFile, type MrsFileSummary } from "@fmrs/formats";
import { readInputFile, readLimitsFromEnv } from "@fmrs/io";

/** The .spar beside a .sdat (or the .sdat beside a .spar), matched case-insensitively. */
function companionOf(path: string): { name: string; bytes: Uint8Array } | undefined {
  const lower = path.toLowerCase();
  const want = lower.endsWith(".sdat") ? ".spar" : lower.endsWith(".spar") ? ".sdat" : null;
  if (want === null) return undefined;
  const stem = basename(path)
    .replace(/\.[^.]+$/, "")
    .toLowerCase();
  const match = readdirSync(dirname(path)).find((n) => n.toLowerCase() === `${stem}${want}`);
  if (match === undefined) return undefined;
  const file = join(dirname(path), match);
  return { name: file, bytes: readInputFile(file, { limits: readLimitsFromEnv() }) };
}

/**
 * A JSON-able summary of any supported MRS file (NIfTI-MRS, LCModel .table/.coord/.csv/.raw,
 * Siemens .rda, Philips .sdat/.spar): format, dims and tags, points, spectral width, F0, nucleus,
 * TE, TR, and the identifying keys that were present and dropped (names only).
 */
export function inspectFile(path: string): MrsFileSummary {
  const limits = readLimitsFromEnv();
  return inspectMrsFile(path, readInputFile(path, { limits }), companionOf(path), limits);
}
