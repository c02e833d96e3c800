import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@fmrs/config";
import { describe, expect, it } from "vitest";
import { checkNiftiMrsFile } from "./niftiMrsStandard";

/** Every *.nii.gz under a folder (recursively), sorted. */
function niftiFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === "derivatives" ? [] : niftiFiles(path);
      return name.endsWith(".nii.gz") ? [path] : [];
    });
}

describe("data-samples' NIfTI-MRS files and the standard", () => {
  // data-samples was simulated before the writer wrote floats as floats (issue 16), so its 102
  // files still carry `SpectrometerFrequency: [123]` and a bare `SpectralWidth`. Regenerating it
  // (`pnpm fmrs simulate --seed 20260529 --out data-samples`) makes this test fail on purpose:
  // then turn `it.fails` into `it`, which states that every file conforms.
  it.fails("every NIfTI-MRS file of data-samples passes checkNiftiMrsFile", () => {
    const files = niftiFiles(join(repoRoot(), "data-samples"));
    expect(files.length).toBeGreaterThanOrEqual(100);
    const failing = files.filter((f) => checkNiftiMrsFile(readFileSync(f), f).length > 0);
    expect(failing).toEqual([]);
  });
});
