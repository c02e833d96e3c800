import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { describe, expect, it } from "vitest";
import { checkNiftiMrsFile, checkNiftiMrsHeaderExtension, niftiMrsJsonText } from "./niftiMrsStandard";

const base = { SpectrometerFrequency: [123.2], ResonantNucleus: ["1H"] };
const check = (json: Record<string, unknown>, sizes: number[] = [1, 1, 1, 512]) =>
  checkNiftiMrsHeaderExtension(JSON.stringify(json), sizes);

describe("niftiMrsJsonText", () => {
  it("niftiMrsJsonText(json) writes float-typed keys as floats: [123] → [123.0], TR 2 → 2.0, weight 72 → 72.0", () => {
    const text = niftiMrsJsonText({
      SpectrometerFrequency: [123],
      ResonantNucleus: ["1H"],
      EchoTime: 0.028,
      RepetitionTime: 2,
      PatientWeight: 72,
      ExcitationFlipAngle: 90,
      WaterSuppressed: true,
      dim_5: "DIM_DYN",
      dim_5_header: { EchoTime: [1, 2.5], RepetitionTime: { start: 2, increment: 1 } },
      fmrs_Count: { Value: 3, Description: "a user key keeps its integer" },
    });
    expect(text).toBe(
      '{"SpectrometerFrequency":[123.0],"ResonantNucleus":["1H"],"EchoTime":0.028,"RepetitionTime":2.0,' +
        '"PatientWeight":72.0,"ExcitationFlipAngle":90.0,"WaterSuppressed":true,"dim_5":"DIM_DYN",' +
        '"dim_5_header":{"EchoTime":[1.0,2.5],"RepetitionTime":{"start":2.0,"increment":1.0}},' +
        '"fmrs_Count":{"Value":3,"Description":"a user key keeps its integer"}}',
    );
    expect(JSON.parse(text).SpectrometerFrequency).toEqual([123]);
    expect(check(JSON.parse(text), [1, 1, 1, 512, 2])).not.toEqual([]); // JSON.stringify loses the floats again
    expect(checkNiftiMrsHeaderExtension(text, [1, 1, 1, 512, 2])).toEqual([]);
  });
});

// The cases of nifti_mrs_tools' own validator tests (tests/test_validator.py), with its verdicts.
describe("checkNiftiMrsHeaderExtension follows the reference validator", () => {
  it("required keys: SpectrometerFrequency (list of floats) and ResonantNucleus (list of strings)", () => {
    expect(check({ ResonantNucleus: ["1H"] })).toContain(
      "header extension must contain SpectrometerFrequency",
    );
    expect(check({ SpectrometerFrequency: [123.2] })).toContain(
      "header extension must contain ResonantNucleus",
    );
    expect(check({ ...base, SpectrometerFrequency: ["7T"] })).toContain(
      "SpectrometerFrequency must be a list of floats",
    );
    expect(check({ ...base, SpectrometerFrequency: 100.5 })).toContain(
      "SpectrometerFrequency must be a list of floats",
    );
    expect(
      checkNiftiMrsHeaderExtension(
        '{"SpectrometerFrequency":[123],"ResonantNucleus":["1H"]}',
        [1, 1, 1, 512],
      ),
    ).toEqual(["SpectrometerFrequency must be a list of floats"]);
    expect(check({ ...base, ResonantNucleus: [1] })).toContain("ResonantNucleus must be a list of strs");
    expect(check({ ...base, ResonantNucleus: "1H" })).toContain("ResonantNucleus must be a list of strs");
    expect(check(base)).toEqual([]);
  });

  it("dim_N tags: none beyond the dimensions in use, none for N < 5, each a defined tag", () => {
    expect(check({ ...base, dim_5_header: { test: [0, 1] } }).join()).toMatch(/dim_5_header exceeds/);
    expect(check({ ...base, dim_5: "DIM_DYN", dim_6_info: "test" }, [1, 1, 1, 512, 1]).join()).toMatch(
      /dim_6_info exceeds/,
    );
    expect(check({ ...base, dim_4: "DIM_DYN" }).join()).toMatch(/dim_4 is forbidden/);
    expect(check({ ...base, dim_5: "DIM_NOT_A_TAG" }, [1, 1, 1, 512, 4]).join()).toMatch(/defined tag/);
    expect(check({ ...base, dim_6: "DIM_DYN" }, [1, 1, 1, 512, 2, 4]).join()).toMatch(/must contain dim_5/);
  });

  it("standard-defined keys have their types; user keys are objects with a Description", () => {
    expect(check({ ...base, EchoTime: "test" }).join()).toMatch(/EchoTime must be a float/);
    expect(
      checkNiftiMrsHeaderExtension(
        '{"SpectrometerFrequency":[123.0],"ResonantNucleus":["1H"],"EchoTime":0}',
        [1, 1, 1, 512],
      ),
    ).toEqual(["EchoTime must be a float"]);
    expect(check({ ...base, OriginalFile: ["a.dat", 3] }).join()).toMatch(/OriginalFile/);
    expect(check({ ...base, nonstandard: "test" }).join()).toMatch(
      /must be a JSON object with a "Description"/,
    );
    expect(check({ ...base, nonstandard: { Value: "test" } }).join()).toMatch(/"Description"/);
    expect(check({ ...base, SpectralWidth: 3000 }).join()).toMatch(/SpectralWidth/);
    expect(check({ ...base, nonstandard: { Value: 1, Description: "ok" } })).toEqual([]);
  });

  it("dim_N_header: arrays as long as the dimension, objects with start and increment, user keys nested in Value", () => {
    const sizes = [1, 1, 1, 512, 4];
    const dyn = (header: unknown) => check({ ...base, dim_5: "DIM_DYN", dim_5_header: header }, sizes).join();
    expect(dyn({ EchoTime: 0.1 })).toMatch(/neither an array nor an object/);
    expect(dyn({ EchoTime: [0, 1, 3] })).toMatch(/has 3 values; dimension 5 has 4/);
    expect(dyn({ EchoTime: { start: 0, step: 1 } })).toMatch(/without "start" and "increment"/);
    expect(dyn({ test: { Value: [0, 1, 3] } })).toMatch(/must hold "Value" and "Description"/);
    expect(dyn({ EchoTime: [0, 1, 3, 4] })).toBe("");
    expect(dyn({ test: { Value: [0, 1, 3, 4], Description: "test" } })).toBe("");
  });

  it("text that is not JSON is reported, not thrown", () => {
    expect(checkNiftiMrsHeaderExtension("{not json", [1, 1, 1, 512])[0]).toMatch(/not JSON/);
  });
});

describe("checkNiftiMrsFile on the reference tools' own files", () => {
  const dir = testdataFolder("reference-data");
  const tools = join(dir, "nifti_mrs_tools");
  it("files written by spec2nii / nifti_mrs_tools pass; their deliberately integer-frequency file fails as the validator says", () => {
    const names = readdirSync(tools).filter((f) => f.endsWith(".nii.gz"));
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      const problems = checkNiftiMrsFile(readFileSync(join(tools, name)), name);
      if (name === "metab_int_freq.nii.gz")
        expect(problems).toEqual(["SpectrometerFrequency must be a list of floats"]);
      else expect(problems, name).toEqual([]);
    }
    const osprey = join(dir, "osprey", "nifti-mrs", "sub-01_ses-01_SVS-ref.nii.gz");
    expect(checkNiftiMrsFile(readFileSync(osprey), osprey)).toEqual([]);
  });
});

describe("writeNiftiMrs refuses headers that break the standard", () => {
  it("writeNiftiMrs(json with a bare user key) throws naming the key", async () => {
    const { writeNiftiMrs } = await import("./writeNiftiMrs");
    const fids = { shape: [1, 1, 1], points: 4, data: new Float64Array(8), axes: [] };
    const ok = { fids, dwellS: 1e-3, json: base };
    expect(() => writeNiftiMrs(ok as never)).not.toThrow();
    expect(() => writeNiftiMrs({ ...ok, json: { ...base, SpectralWidth: 1000 } } as never)).toThrow(
      /SpectralWidth must be a JSON object with a "Description"/,
    );
  });
});
