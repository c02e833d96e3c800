import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { inspectMrsFile } from "./inspectMrsFile";
import { buildNiftiMrs } from "./testing/buildNiftiMrs";

const ref = testdataFolder("reference-data");
const bytesOf = (rel: string) => new Uint8Array(readFileSync(join(ref, rel)));

describe("inspectMrsFile on the reference files", () => {
  it("inspectMrsFile(name, bytes) summarises metab_raw.nii.gz", () => {
    const s = inspectMrsFile("metab_raw.nii.gz", bytesOf("nifti_mrs_tools/metab_raw.nii.gz"));
    expect(s).toMatchObject({
      file: "metab_raw.nii.gz",
      format: "nifti-mrs",
      niftiVersion: 2,
      dims: [1, 1, 1, 4096, 4, 16],
      higherDims: [
        { dim: 5, size: 4, tag: "DIM_COIL", source: "header" },
        { dim: 6, size: 16, tag: "DIM_DYN", source: "header" },
      ],
      points: 4096,
      fidCount: 64,
      f0MHz: 297.219948,
      nucleus: "1H",
      echoTimeS: 0.011,
      repetitionTimeS: 5,
      voxelSizeMm: [20, 20, 20],
      details: {
        mrsVersion: "mrs_v0_2",
        datatype: "complex64",
        gzipped: true,
        littleEndian: true,
        dimHeaders: false,
      },
    });
    expect(s.identifyingKeysDropped).toContain("PatientName");
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it("inspectMrsFile(name, bytes) dispatches every reference format by extension", () => {
    const cases: [string, string][] = [
      ["nifti_mrs_tools/metab.nii.gz", "nifti-mrs"],
      ["osprey/nifti-mrs/sub-01_ses-01_SVS-ref.nii.gz", "nifti-mrs"],
      ["suspect/siemens/SVS_30.rda", "siemens-rda"],
      ["osprey/philips-sdat/sub-01_PRESS_35_act.spar", "philips-spar"],
      ["spant/philips_spar_sdat_W.SPAR", "philips-spar"],
      ["suspect/lcmodel/svs_97.TABLE", "lcmodel-table"],
      ["suspect/lcmodel/svs_97.COORD", "lcmodel-coord"],
      ["suspect/lcmodel/svs_97.CSV", "lcmodel-csv"],
      ["suspect/lcmodel/liver.COORD", "lcmodel-coord"],
      ["mrshub-mm-94T/GM_Summed_Averaged_TE24.table", "lcmodel-table"],
      ["mrshub-mm-94T/GM_Summed_Averaged_TE24.coord", "lcmodel-coord"],
      ["mrshub-mm-94T/GM_Summed_Averaged_TE24.csv", "lcmodel-csv"],
      ["lcmodel-test/data.raw", "lcmodel-raw"],
    ];
    for (const [rel, format] of cases) {
      const s = inspectMrsFile(rel, bytesOf(rel));
      expect(s.format, rel).toBe(format);
      expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    }
  });

  it("inspectMrsFile(name, bytes) sniffs content when the extension is unknown", () => {
    expect(inspectMrsFile("x.bin", bytesOf("nifti_mrs_tools/metab.nii.gz")).format).toBe("nifti-mrs");
    expect(inspectMrsFile("x", bytesOf("suspect/siemens/SVS_30.rda")).format).toBe("siemens-rda");
    expect(inspectMrsFile("x", bytesOf("suspect/lcmodel/svs_97.TABLE")).format).toBe("lcmodel-table");
    expect(inspectMrsFile("x", bytesOf("suspect/lcmodel/svs_97.COORD")).format).toBe("lcmodel-coord");
    expect(inspectMrsFile("x", bytesOf("suspect/lcmodel/svs_97.CSV")).format).toBe("lcmodel-csv");
    expect(inspectMrsFile("x", bytesOf("lcmodel-test/data.raw")).format).toBe("lcmodel-raw");
  });

  it("inspectMrsFile(name, bytes) reports LCModel quality and the ERROR flag", () => {
    const s = inspectMrsFile("TE24.table", bytesOf("mrshub-mm-94T/GM_Summed_Averaged_TE24.table"));
    expect(s).toMatchObject({ f0MHz: 399.719, points: 4096, dwellS: 1.25e-4 });
    expect(s.details).toMatchObject({
      reference: "Cr",
      fwhmPpm: 0.027,
      snr: 9,
      hasError: true,
      metabolites: 15,
    });
    const c = inspectMrsFile("svs_97.COORD", bytesOf("suspect/lcmodel/svs_97.COORD"));
    expect(c.details).toMatchObject({ ppmPoints: 799, curves: 25, ppmGaps: 0, reference: "Cr+PCr", snr: 13 });
  });

  it("inspectMrsFile(name, bytes, companion) summarises a .sdat with its .spar", () => {
    const spar = "osprey/philips-sdat/sub-01_PRESS_35_act.spar";
    const s = inspectMrsFile("act.sdat", bytesOf("osprey/philips-sdat/sub-01_PRESS_35_act.sdat"), {
      name: spar,
      bytes: bytesOf(spar),
    });
    expect(s).toMatchObject({
      format: "philips-sdat",
      points: 2048,
      fidCount: 1,
      spectralWidthHz: 2000,
      f0MHz: 127.750896,
      echoTimeS: 0.035,
      repetitionTimeS: 2,
      details: { averages: 64, rows: 1 },
    });
  });

  it("inspectMrsFile(name, bytes) summarises SVS_30.rda", () => {
    const s = inspectMrsFile("SVS_30.rda", bytesOf("suspect/siemens/SVS_30.rda"));
    expect(s).toMatchObject({
      points: 1024,
      f0MHz: 123.234655,
      echoTimeS: 0.03,
      repetitionTimeS: 2,
      nucleus: "1H",
    });
    expect(s.identifyingKeysDropped).toContain("PatientBirthDate");
  });
});

describe("inspectMrsFile on synthetic input", () => {
  it("inspectMrsFile(name, bytes) reads an uncompressed NIfTI-1 .nii with default tags", () => {
    const bytes = buildNiftiMrs({
      version: 1,
      dims: [1, 1, 1, 8, 2, 3],
      json: { SpectrometerFrequency: [123.2], ResonantNucleus: ["1H"] },
    });
    const s = inspectMrsFile("a.nii", bytes);
    expect(s).toMatchObject({ niftiVersion: 1, fidCount: 6 });
    expect(s.higherDims.map((d) => [d.tag, d.source])).toEqual([
      ["DIM_COIL", "default"],
      ["DIM_DYN", "default"],
    ]);
  });

  it("inspectMrsFile(name, bytes) rejects an unknown file and a .sdat without its .spar", () => {
    expect(() => inspectMrsFile("notes.txt", new TextEncoder().encode("hello"))).toThrow(InputError);
    expect(() => inspectMrsFile("a.sdat", new Uint8Array(16))).toThrow(/its \.spar passed as companion/);
  });
});
