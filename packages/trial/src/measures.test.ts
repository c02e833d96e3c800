import { type FittedBlock, InputError, StudyConfig } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { blockMeasures, outcomeLabel, studyMeasures } from "./measures";

const base = {
  name: "t",
  conditions: [
    { id: "PBO", label: "Placebo" },
    { id: "NTX", label: "Naltrexone" },
  ],
  reference_condition: "PBO",
  infusion: { duration_min: 40 },
  baseline_window: { start_min: -10, end_min: 0 },
  response_window: { start_min: 0, end_min: 30 },
  block_length_min: 2,
};
const study = (extra: Record<string, unknown> = {}) => StudyConfig.parse({ ...base, ...extra });
const block = (
  values: Record<string, number | null>,
  crlb: Record<string, number | null> = {},
): FittedBlock => ({
  block: 1,
  t_start_s: 0,
  t_end_s: 120,
  fwhm_hz: 6,
  snr: 40,
  values,
  crlb_pct: crlb,
  problems: [],
});

describe("studyMeasures and blockMeasures (study.json expressions, mathjs)", () => {
  it("defaults: Glx = Glu + Gln, tNAA = NAA + NAAG, outcome = Glx / tNAA from study.json outcome", () => {
    const set = studyMeasures(study());
    expect(set.measures.map((m) => [m.name, m.expression])).toEqual([
      ["tNAA", "NAA + NAAG"],
      ["tCr", "Cr + PCr"],
      ["Glx", "Glu + Gln"],
      ["tCho", "GPC + PCh"],
      ["outcome", "Glx / tNAA"],
    ]);
    expect(set.outcomeLabel).toBe("Glx/tNAA");
    expect(set.crlbOf).toBe("Glx");
    const m = blockMeasures(block({ Glu: 10, Gln: 3, NAA: 9, NAAG: 1 }), set);
    expect(m.values).toMatchObject({ Glx: 13, tNAA: 10, tCr: null, outcome: 1.3 });
    expect(m.outcome).toBe((10 + 3) / (9 + 1));
  });

  it("a sum the fit reports itself wins over its parts, found by name, by case, or as LCModel spells it", () => {
    const set = studyMeasures(study());
    const lcm = blockMeasures(
      block({ Glu: 0.03, Gln: 0.02, "Glu+Gln": 0.06, "NAA+NAAG": 0.15 }, { "Glu+Gln": 40 }),
      set,
    );
    expect(lcm.values.Glx).toBe(0.06);
    expect(lcm.outcome).toBe(0.06 / 0.15);
    expect(lcm.crlbPct).toBe(40);
    expect(blockMeasures(block({ GLX: 5, TNAA: 10 }), set).outcome).toBe(0.5);
  });

  it("a missing or null input, or a ratio to 0, gives null (never NaN or Infinity)", () => {
    const set = studyMeasures(study());
    expect(blockMeasures(block({ Glu: 10, NAA: 9, NAAG: 1 }), set).outcome).toBeNull();
    expect(blockMeasures(block({ Glu: 10, Gln: null, NAA: 9, NAAG: 1 }), set).outcome).toBeNull();
    expect(blockMeasures(block({ Glx: 1, tNAA: 0 }), set).outcome).toBeNull();
  });

  it("study measures add to the defaults, may use functions, and the outcome names its own CRLB measure", () => {
    const set = studyMeasures(
      study({
        measures: { GluRatio: "sqrt(Glu) / tCr", outcome: "Glu / tCr" },
        outcome: { metabolite: "Glx" },
      }),
    );
    expect(set.measures.map((m) => m.name)).toEqual(["tNAA", "tCr", "Glx", "tCho", "GluRatio", "outcome"]);
    expect(set.measures.find((m) => m.name === "GluRatio")?.symbols).toEqual(["Glu", "tCr"]);
    expect(set.crlbOf).toBe("Glu");
    expect(outcomeLabel(study({ measures: { outcome: "Glu / tCr" } }))).toBe("Glu/tCr");
    const m = blockMeasures(block({ Glu: 16, Cr: 3, PCr: 5 }, { Glu: 4 }), set);
    expect(m.values.GluRatio).toBe(4 / 8);
    expect(m.outcome).toBe(2);
    expect(m.crlbPct).toBe(4);
  });

  it("an expression mathjs cannot parse, or one that uses its own name, is an InputError naming the field", () => {
    expect(() => studyMeasures(study({ measures: { Glx: "Glu +" } }))).toThrow(InputError);
    expect(() => studyMeasures(study({ measures: { Glx: "Glu +" } }))).toThrow(/measures\.Glx/);
    expect(() => studyMeasures(study({ measures: { tNAA: "tNAA + 1" } }))).toThrow(/refers to tNAA itself/);
  });
});
