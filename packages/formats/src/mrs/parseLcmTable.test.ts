import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { parseLcmTable } from "./parseLcmTable";

const ref = testdataFolder("reference-data");
const text = (rel: string) => readFileSync(join(ref, rel), "utf8");

describe("parseLcmTable on the reference files", () => {
  it("parseLcmTable(text) gives the printed concentrations of svs_97.TABLE", () => {
    const t = parseLcmTable(text("suspect/lcmodel/svs_97.TABLE"), "svs_97.TABLE");
    expect(t.lcmodelVersion).toBe("6.3-1B");
    expect(t.reference).toBe("Cr+PCr");
    expect(t.referenceMetabolite).toBe("Cr+PCr");
    expect(t.concentrations).toHaveLength(37);
    const row = (m: string) => t.concentrations.find((r) => r.metabolite === m);
    expect(row("Glu")).toEqual({
      metabolite: "Glu",
      conc: 3.27e-2,
      sdPercent: 55,
      ratio: 0.131,
      isCombination: false,
    });
    expect(row("Gln")).toEqual({
      metabolite: "Gln",
      conc: 2.95e-2,
      sdPercent: 53,
      ratio: 0.118,
      isCombination: false,
    });
    expect(row("Glu+Gln")).toEqual({
      metabolite: "Glu+Gln",
      conc: 6.22e-2,
      sdPercent: 40,
      ratio: 0.248,
      isCombination: true,
    });
    expect(row("NAA+NAAG")).toMatchObject({ conc: 0.148, sdPercent: 6, ratio: 0.591, isCombination: true });
    expect(row("Cr+PCr")).toMatchObject({ conc: 0.251, sdPercent: 3, ratio: 1, isCombination: true });
    expect(row("Ins")).toMatchObject({ conc: 0.297, sdPercent: 5, ratio: 1.186 });
    expect(row("Ala")).toMatchObject({ conc: 1.38e-2, ratio: 5.5e-2 });
    expect(row("Cr")).toMatchObject({ conc: 0, sdPercent: 999, ratio: 0 });
    expect(row("-CrCH2")).toMatchObject({ conc: 6.78e-2, sdPercent: 16, ratio: 0.271, isCombination: false });
    expect(row("MM14+Lip13a+Lip13b+MM12")).toMatchObject({ conc: 0.357, sdPercent: 17, isCombination: true });
    expect(t.concentrations.map((r) => r.metabolite).slice(0, 4)).toEqual(["2HG", "Ala", "Asp", "Cr"]);
  });

  it("parseLcmTable(text) reads $$MISC, $$DIAG and $$INPU of svs_97.TABLE", () => {
    const t = parseLcmTable(text("suspect/lcmodel/svs_97.TABLE"), "svs_97.TABLE");
    expect(t.misc).toMatchObject({
      fwhmPpm: 0.043,
      snr: 13,
      dataShiftPpm: 0,
      ph0Deg: 21,
      ph1DegPerPpm: 12.2,
      alphaB: 4.8e-2,
      alphaS: 37,
      splineKnots: 28,
      inflections: 1,
      extrema: 2,
    });
    expect(t.diagnostics).toEqual([
      { count: 2, severity: "info", routine: "TWOREG", code: 8, text: "2 info's    TWOREG  8" },
      { count: 1, severity: "info", routine: "FINOUT", code: 9, text: "1 info      FINOUT  9" },
    ]);
    expect(t.hasError).toBe(false);
    expect(t).toMatchObject({ f0MHz: 123.226103, dwellS: 0.000833, points: 1024, echoTimeMs: null });
    expect(t.inputChanges).toEqual({
      DELTAT: "0.000833",
      HZPPPM: "123.226103",
      NUNFIL: "1024",
      NEACH: "60",
      LCOORD: "9",
      LCSV: "11",
      LTABLE: "7",
    });
    expect(t.identifyingKeysDropped).toEqual([
      "FILBAS",
      "FILCOO",
      "FILCSV",
      "FILPS",
      "FILRAW",
      "FILTAB",
      "date",
      "institution",
      "title",
    ]);
    expect(t.warnings).toEqual([]);
  });

  it("parseLcmTable(text) reads the /Cr table of the 9.4 T file with huge ratios and an ERROR", () => {
    const t = parseLcmTable(text("mrshub-mm-94T/GM_Summed_Averaged_TE24.table"), "TE24.table");
    expect(t.lcmodelVersion).toBe("6.3-1L");
    expect(t.reference).toBe("Cr");
    expect(t.concentrations).toHaveLength(15);
    expect(t.concentrations[0]).toEqual({
      metabolite: "Cr",
      conc: 2.24e-8,
      sdPercent: 3,
      ratio: 1,
      isCombination: false,
    });
    expect(t.concentrations[1]).toMatchObject({
      metabolite: "MM09",
      conc: 1.653,
      sdPercent: 2,
      ratio: 7.4e7,
    });
    expect(t.concentrations[14]).toMatchObject({ metabolite: "MM40", conc: 0, sdPercent: 999, ratio: 0 });
    expect(t.hasError).toBe(true);
    expect(t.diagnostics[0]).toMatchObject({ count: 1, severity: "error", routine: "MYBASI", code: 10 });
    expect(t.diagnostics.map((d) => d.severity)).toEqual(["error", "warning", "warning", "info"]);
    expect(t.misc).toMatchObject({ fwhmPpm: 0.027, snr: 9, inflections: 6, extrema: 0 });
    expect(t).toMatchObject({ f0MHz: 399.719, dwellS: 1.25e-4, points: 4096 });
    expect(t.inputChanges["PPMGAP(1,1)"]).toBe("7.6");
    expect(t.inputChanges["CHSIMU(9)"]).toBe("MM30 @ 2.99 +- 0.01 FWHM= .10 < .12 +- .005 AMP= 1.");
    expect(Object.keys(t.inputChanges).some((k) => k.startsWith("FIL"))).toBe(false);
  });
});

describe("parseLcmTable on synthetic text", () => {
  const table = (rows: string[], misc = ["  Data shift =-0.019 ppm"]) =>
    [
      " LCModel (Version 6.3-1R)",
      " Jane Doe 1970-01-01",
      "",
      `$$CONC ${rows.length + 1} lines in following concentration table = NCONC+1`,
      "    Conc.  %SD /Cr+PCr  Metabolite",
      ...rows,
      "",
      `$$MISC ${misc.length} lines in following misc. output table`,
      ...misc,
      "",
      "$$DIAG  1 lines in following diagnostic table:",
      "   1 FATAL     FINOUT  1",
    ].join("\n");

  it("parseLcmTable(text) reads a shift with the sign fused to '=' and 1PE9.2 values", () => {
    const t = parseLcmTable(
      table([" 1.23E+03   7% 4.9E+03 Glu", "    0.251   3%   1.000 Cr+PCr"]),
      "a.table",
    );
    expect(t.misc.dataShiftPpm).toBe(-0.019);
    expect(t.concentrations[0]).toMatchObject({ conc: 1230, sdPercent: 7, ratio: 4900 });
    expect(t.hasError).toBe(true);
    expect(t.lcmodelVersion).toBe("6.3-1R");
    expect(JSON.stringify(t)).not.toContain("Jane");
  });

  it("parseLcmTable(text) rejects a row whose %SD is not a percentage, naming the line", () => {
    try {
      parseLcmTable(table([" 3.27E-02  55x   0.131 Glu"]), "b.table");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).location).toEqual({ file: "b.table", line: 6, field: "%SD" });
    }
  });

  it("parseLcmTable(text) rejects a conc that is not a number", () => {
    expect(() => parseLcmTable(table([" ********  55%   0.131 Glu"]), "c.table")).toThrow(
      /c\.table:6: Conc\.:/,
    );
  });

  it("parseLcmTable(text) rejects text without a concentration table", () => {
    expect(() => parseLcmTable("hello\n", "d.table")).toThrow(InputError);
  });

  it("parseLcmTable(text) rejects a truncated row", () => {
    expect(() => parseLcmTable(table([" 3.27E-02  55%"]), "e.table")).toThrow(/e\.table:6/);
  });
});
