import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sharedFolder } from "@fmrs/config";
import { type BasisSet, basisSetOf, parseFslBasis } from "@fmrs/spectra";

/** The shared reference-data folder (tests that need it use `describe.skipIf(!ref.available)`). */
export const ref = sharedFolder("reference-data");

/** Folder of the real 3 T FSL-MRS basis set (Wilson, Finney & Clarke; reference-data PROVENANCE.md §5). */
export const basisDir = join(ref.path, "fmrs_bold_dynamic_fitting", "basis_3T");

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
