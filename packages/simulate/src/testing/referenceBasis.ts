import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { type BasisSet, basisSetOf, parseFslBasis } from "@fmrs/spectra";

/** The real reference files the repository carries (testdata/reference-data, see testdata/PROVENANCE.md). */
export const ref = testdataFolder("reference-data");

/** Folder of the real 3 T FSL-MRS basis set (Wilson, Finney & Clarke; reference-data PROVENANCE.md §5). */
export const basisDir = join(ref, "fmrs_bold_dynamic_fitting", "basis_3T");

let cached: BasisSet | null = null;

/** Test-only: the 3 T basis set (29 members, sorted by file name), read once per test file. */
export function readBasis3T(): BasisSet {
  if (cached === null) {
    const files = readdirSync(basisDir)
      .filter((f) => f.endsWith(".json"))
      .sort();
    cached = basisSetOf(
      files.map((f) => parseFslBasis(f.slice(0, -5), JSON.parse(readFileSync(join(basisDir, f), "utf8")))),
    );
  }
  return cached;
}
