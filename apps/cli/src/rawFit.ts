import { existsSync } from "node:fs";
import { join } from "node:path";
import { readInputFile } from "@fmrs/io";
import { parseSidecar } from "@fmrs/pipeline";
import { InputError } from "@fmrs/schema";
import { type BasisSet, resampleBasis } from "@fmrs/spectra";
import { readBasisSet } from "./readBasis";

export { transientsPerDynamic } from "@fmrs/pipeline";

const basisCache = new Map<string, BasisSet>();

/**
 * Reads a basis set (a folder of FSL-MRS JSON files, or one LCModel `.BASIS` file or a folder
 * holding one: see {@link readBasisSet}) and resamples it to the data's dwell time and points
 * (for `fmrs fit <file>`; the fit stage reads its basis as declared inputs). Cached per path and
 * sampling.
 */
export function loadBasis(dir: string, dwellS: number, points: number, centreMHz: number): BasisSet {
  const key = `${dir}\u0000${dwellS}\u0000${points}\u0000${centreMHz}`;
  const cached = basisCache.get(key);
  if (cached !== undefined) return cached;
  const stored = readBasisSet(dir);
  let basis: BasisSet;
  try {
    basis = resampleBasis(stored, { dwellS, points, centreMHz, beyondCoverage: "zero" });
  } catch (error) {
    throw new InputError(
      { file: dir },
      `cannot be used for data at ${centreMHz} MHz, dwell ${dwellS} s, ${points} points (${(error as Error).message})`,
      "a basis set simulated for the data's field strength",
    );
  }
  basisCache.set(key, basis);
  return basis;
}

/** The BIDS sidecar beside a NIfTI-MRS file (`x.nii.gz` → `x.json`), parsed, or {} when absent. */
export function sidecarOf(studyDir: string, file: string, where: string): Record<string, unknown> {
  const path = join(studyDir, file.replace(/\.nii(\.gz)?$/, ".json"));
  if (!existsSync(path)) return {};
  const shown = where.replace(/\.nii(\.gz)?$/, ".json");
  return parseSidecar(readInputFile(path, { shown }), shown);
}
