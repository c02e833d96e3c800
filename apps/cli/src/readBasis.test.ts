import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { loadBasis } from "./rawFit";
import { readBasisSet } from "./readBasis";

const ref = testdataFolder("reference-data");
const lcmBasis = join(ref, "lcmodel-test", "3t.basis");
const fslFolder = join(ref, "fmrs_bold_dynamic_fitting", "basis_3T");

describe("readBasisSet: FSL-MRS JSON folders and LCModel .BASIS files", () => {
  it("reads an FSL-MRS folder, a .BASIS file, and a folder holding one .BASIS file (any case)", () => {
    const fsl = readBasisSet(fslFolder);
    expect(fsl.names).toContain("NAA");
    expect(fsl.names.length).toBe(29);
    const direct = readBasisSet(lcmBasis);
    expect(direct.names).toContain("NAA");
    expect(direct.points).toBe(1024);
    const dir = mkdtempSync(join(tmpdir(), "fmrs-basis-"));
    copyFileSync(lcmBasis, join(dir, "PRESS_30.BASIS"));
    const inFolder = readBasisSet(dir);
    expect(inFolder.names).toEqual(direct.names);
    expect(Array.from(inFolder.fids[0] ?? [])).toEqual(Array.from(direct.fids[0] ?? []));
  });

  it("loadBasis resamples a .BASIS set to the data's sampling like a JSON folder", () => {
    const b = loadBasis(lcmBasis, 2.5e-4, 2048, 127.7861);
    expect(b.points).toBe(2048);
    expect(b.dwellS).toBe(2.5e-4);
  });

  it("refuses a missing path, a folder with both kinds or two .BASIS files, an empty folder, a non-basis file", () => {
    const problem = (p: string) => {
      try {
        readBasisSet(p);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as InputError).message;
      }
      throw new Error("no error");
    };
    const root = mkdtempSync(join(tmpdir(), "fmrs-basis-"));
    expect(problem(join(root, "nope"))).toContain("not found");
    const both = join(root, "both");
    mkdirSync(both);
    copyFileSync(lcmBasis, join(both, "a.basis"));
    writeFileSync(join(both, "NAA.json"), "{}");
    expect(problem(both)).toContain("both FSL-MRS JSON files and an LCModel basis");
    const two = join(root, "two");
    mkdirSync(two);
    copyFileSync(lcmBasis, join(two, "a.basis"));
    copyFileSync(lcmBasis, join(two, "b.BASIS"));
    expect(problem(two)).toContain("2 LCModel basis files");
    const empty = join(root, "empty");
    mkdirSync(empty);
    expect(problem(empty)).toContain("no basis files");
    const other = join(root, "x.txt");
    writeFileSync(other, "hello");
    expect(problem(other)).toContain("not a basis set");
    const broken = join(root, "broken.basis");
    writeFileSync(
      broken,
      " $SEQPAR\n HZPPPM = 127.8 $END\n $BASIS1\n BADELT = 5e-4,\n NDATAB = 4 $END\n $BASIS\n METABO = 'NAA' $END\n 1 2 3 x\n",
    );
    expect(problem(broken)).toContain(`${broken}:8`);
  });
});
