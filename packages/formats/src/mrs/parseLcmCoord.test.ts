import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { parseLcmCoord } from "./parseLcmCoord";
import { parseLcmTable } from "./parseLcmTable";

const ref = testdataFolder("reference-data");
const text = (rel: string) => readFileSync(join(ref, rel), "utf8");

describe("parseLcmCoord on the reference files", () => {
  it("parseLcmCoord(text) reads svs_97.COORD: 799 points, data, fit, background and 25 curves", () => {
    const c = parseLcmCoord(text("suspect/lcmodel/svs_97.COORD"), "svs_97.COORD");
    expect(c.ppm).toHaveLength(799);
    expect(c.ppm[0]).toBe(4);
    expect(c.ppm[1]).toBe(3.995243);
    expect(c.ppm[798]).toBe(0.203982);
    expect(c.ppmGaps).toEqual([]);
    expect(c.data[0]).toBe(5.80668);
    expect(c.data[1]).toBe(4.50303);
    expect(c.fit[0]).toBe(0.866745);
    expect(c.background).not.toBeNull();
    expect(c.background).toHaveLength(799);
    expect(c.curves).toHaveLength(25);
    expect(c.curves[0]).toMatchObject({ metabolite: "2HG", conc: 2.88e-2 });
    expect(c.curves.find((x) => x.metabolite === "Glu")?.conc).toBe(3.27e-2);
    expect(c.curves.at(-1)?.metabolite).toBe("Gua");
    expect(c.curves.every((x) => x.values.length === 799)).toBe(true);
  });

  it("parseLcmCoord(text) gives the same table as the .table file for svs_97", () => {
    const c = parseLcmCoord(text("suspect/lcmodel/svs_97.COORD"), "svs_97.COORD");
    const t = parseLcmTable(text("suspect/lcmodel/svs_97.TABLE"), "svs_97.TABLE");
    expect(c.concentrations).toEqual(t.concentrations);
    expect(c.misc).toEqual(t.misc);
    expect(c.diagnostics).toEqual(t.diagnostics);
    expect(c.inputChanges).toEqual(t.inputChanges);
  });

  it("parseLcmCoord(text) reads liver.COORD: /L16+L0, 5 misc lines, shift =-0.019, no curves", () => {
    const c = parseLcmCoord(text("suspect/lcmodel/liver.COORD"), "liver.COORD");
    expect(c.reference).toBe("L16+L0");
    expect(c.referenceMetabolite).toBe("L16+L09+L13");
    expect(c.concentrations).toHaveLength(11);
    expect(c.concentrations[0]).toMatchObject({
      metabolite: "L16+L09+L13",
      conc: 0.143,
      sdPercent: 1,
      ratio: 1,
    });
    expect(c.concentrations.find((r) => r.metabolite === "Lip16+Lip13")?.isCombination).toBe(true);
    expect(c.concentrations[0]!.isCombination).toBe(false);
    expect(c.misc.lines).toHaveLength(5);
    expect(c.misc).toMatchObject({
      fwhmPpm: 0.297,
      snr: 24,
      dataShiftPpm: -0.019,
      ph0Deg: 36,
      ph1DegPerPpm: 0.3,
    });
    expect(c.ppm).toHaveLength(821);
    expect(c.curves).toEqual([]);
    expect(c.diagnostics).toHaveLength(6);
    expect(c.diagnostics[1]).toMatchObject({ count: 75, severity: "info", routine: "RFALSI", code: 11 });
    expect(c.echoTimeMs).toBe(35);
    expect(c.f0MHz).toBe(123.23);
    expect(c.identifyingKeysDropped).toEqual([
      "FILBAS",
      "SAVDIR",
      "SRCH2O",
      "SRCRAW",
      "date",
      "institution",
      "title",
    ]);
    expect(c.warnings).toEqual(["concentration table announces 42 lines but has 12"]);
    const json = JSON.stringify(c);
    for (const secret of ["Calderon", "Alex Proton", "75kg", "svs_liver_voxel1"])
      expect(json).not.toContain(secret);
  });

  it("parseLcmCoord(text) finds the PPMGAP in the 9.4 T .coord (7.601 → 4.198 ppm)", () => {
    const c = parseLcmCoord(text("mrshub-mm-94T/GM_Summed_Averaged_TE24.coord"), "TE24.coord");
    expect(c.ppm).toHaveLength(1883);
    expect(c.ppm[0]).toBe(8.2);
    expect(c.ppmGaps).toEqual([{ fromPpm: 7.601388, toPpm: 4.197852 }]);
    expect(c.curves.map((x) => x.metabolite)).toEqual([
      "Cr",
      "MM09",
      "MM12",
      "MM14",
      "MM17",
      "MM20",
      "MM22",
      "MM26",
      "MM27",
      "MM30",
      "MM32",
      "MM36",
      "MM37",
      "MM38",
    ]);
    expect(c.hasError).toBe(true);
    expect(c.concentrations[1]).toMatchObject({ metabolite: "MM09", conc: 1.653, ratio: 7.4e7 });
  });
});

describe("parseLcmCoord on synthetic text", () => {
  const coord = (values: string) =>
    [
      " LCModel (Version 6.3-1B)",
      " 2 lines in following concentration table = NCONC+1",
      "    Conc.  %SD /Cr+PCr  Metabolite",
      "    0.251   3%   1.000 Cr+PCr",
      " 1 lines in following misc. output table",
      "  FWHM = 0.043 ppm    S/N =  13",
      " 3 points on ppm-axis = NY",
      "      4.000000     3.000000     2.000000",
      " NY phased data points follow",
      values,
      " NY points of the fit to the data follow",
      "  1.0E+00  2.0E+00  3.0E+00",
    ].join("\n");

  it("parseLcmCoord(text) splits touching E-format values and has no background when absent", () => {
    const c = parseLcmCoord(coord("  1.0E-01-2.0E-01  3.0E+00"), "a.coord");
    expect(Array.from(c.data)).toEqual([0.1, -0.2, 3]);
    expect(Array.from(c.fit)).toEqual([1, 2, 3]);
    expect(c.background).toBeNull();
    expect(c.curves).toEqual([]);
  });

  it("parseLcmCoord(text) rejects a data block with too few values, naming the line", () => {
    try {
      parseLcmCoord(coord("  1.0E-01"), "b.coord");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).location).toEqual({
        file: "b.coord",
        line: 11,
        field: "NY phased data points follow",
      });
    }
  });

  it("parseLcmCoord(text) rejects a .table (no ppm axis)", () => {
    const t = [
      "$$CONC 2 lines in following concentration table = NCONC+1",
      "    Conc.  %SD /Cr+PCr  Metabolite",
      "    0.251   3%   1.000 Cr+PCr",
    ].join("\n");
    expect(() => parseLcmCoord(t, "c.coord")).toThrow(/no ppm axis/);
  });
});
