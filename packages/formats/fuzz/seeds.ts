import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { type FuzzTarget, MANIFEST_SEED } from "./targets";

/** The seed files of `target` (NIfTI-MRS inflated, so header fields can be mutated) and its companion. */
export function loadSeeds(
  target: FuzzTarget,
  repoRoot: string,
): { seeds: Uint8Array[]; companion?: Uint8Array } {
  const seeds = target.files.map((f) => {
    if (f === "(built in)") return MANIFEST_SEED;
    const bytes = new Uint8Array(readFileSync(join(repoRoot, f)));
    return target.kind === "nifti" && f.endsWith(".gz") ? new Uint8Array(gunzipSync(bytes)) : bytes;
  });
  return target.companion === undefined
    ? { seeds }
    : { seeds, companion: new Uint8Array(readFileSync(join(repoRoot, target.companion))) };
}
