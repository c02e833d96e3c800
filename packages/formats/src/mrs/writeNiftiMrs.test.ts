import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import fc from "fast-check";
import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { ComplexFids } from "./complexFids";
import { fidAt } from "./complexFids";
import { parseNiftiMrs } from "./parseNiftiMrs";
import { writeNiftiMrs } from "./writeNiftiMrs";

const ref = testdataFolder("reference-data");

const baseJson = {
  SpectrometerFrequency: [123.2],
  ResonantNucleus: ["1H"],
  EchoTime: 0.028,
  RepetitionTime: 2.5,
};

function fidsOf(points: number, higher: readonly number[], value: (f: number, t: number) => number[]) {
  const count = higher.reduce((a, s) => a * s, 1);
  const data = new Float64Array(2 * count * points);
  for (let f = 0; f < count; f++) {
    for (let t = 0; t < points; t++) {
      const [re = 0, im = 0] = value(f, t);
      data[2 * (f * points + t)] = re;
      data[2 * (f * points + t) + 1] = im;
    }
  }
  const fids: ComplexFids = { points, axes: [], shape: [1, 1, 1, ...higher], count, data };
  return fids;
}

describe("writeNiftiMrs", () => {
  it("writeNiftiMrs(dynamic SVS) round-trips through parseNiftiMrs: dims, tags, dwell, F0, TE/TR, data", () => {
    const fids = fidsOf(64, [5], (f, t) => [f + t / 64, -f - 0.5]);
    const json = { ...baseJson, dim_5: "DIM_DYN", dim_5_info: "transients" };
    const bytes = writeNiftiMrs({ fids, dwellS: 1 / 3000, json, voxelSizeMm: [20, 25, 30] });
    const { header, fids: back } = parseNiftiMrs(bytes, "x.nii");
    expect(header).toMatchObject({
      niftiVersion: 2,
      littleEndian: true,
      gzipped: false,
      datatype: "complex64",
      mrsVersion: "mrs_v0_9",
      dims: [1, 1, 1, 64, 5],
      points: 64,
      tags: ["DIM_DYN"],
      f0MHz: 123.2,
      nucleus: "1H",
      echoTimeS: 0.028,
      repetitionTimeS: 2.5,
      voxelSizeMm: [20, 25, 30],
      warnings: [],
    });
    expect(header.dwellS).toBe(1 / 3000);
    expect(header.higherDims[0]).toMatchObject({ tagSource: "header", info: "transients" });
    expect(Array.from(back.data)).toEqual(Array.from(fids.data).map(Math.fround));
  });

  it("writeNiftiMrs(coil × dyn, complex128) keeps every value and the coil-fastest order", () => {
    const fids = fidsOf(16, [3, 4], (f, t) => [Math.sin(f + t) * 1e-7, f * 1000 + t]);
    const json = { ...baseJson, dim_5: "DIM_COIL", dim_6: "DIM_DYN" };
    const bytes = writeNiftiMrs({ fids, dwellS: 2.5e-4, json }, { datatype: "complex128" });
    const { header, fids: back } = parseNiftiMrs(bytes, "x.nii");
    expect(header.datatype).toBe("complex128");
    expect(header.tags).toEqual(["DIM_COIL", "DIM_DYN"]);
    expect(back.shape).toEqual([1, 1, 1, 3, 4]);
    expect(Array.from(back.data)).toEqual(Array.from(fids.data));
    expect(fidAt(back, { coil: 2, dyn: 1 })[1]).toBe((1 * 3 + 2) * 1000);
  });

  it("writeNiftiMrs(x) places the JSON at byte 544 with an esize that is a multiple of 16", () => {
    const fids = fidsOf(8, [], () => [1, 0]);
    const bytes = writeNiftiMrs({ fids, dwellS: 1e-3, json: baseJson });
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const esize = view.getInt32(544, true);
    expect(esize % 16).toBe(0);
    expect(view.getInt32(548, true)).toBe(44);
    expect(Number(view.getBigInt64(168, true))).toBe(544 + esize);
    expect(bytes.length).toBe(544 + esize + 8 * 8);
    expect(view.getInt32(500, true)).toBe(10);
  });

  it("writeNiftiMrs(x, {gzip}) is byte-identical on repeat, has mtime 0 and no file name, and parses", () => {
    const fids = fidsOf(32, [2], (f, t) => [f, t]);
    const a = writeNiftiMrs({ fids, dwellS: 1e-3, json: baseJson }, { gzip: true });
    const b = writeNiftiMrs({ fids, dwellS: 1e-3, json: baseJson }, { gzip: true });
    expect(a).toEqual(b);
    expect([a[0], a[1]]).toEqual([0x1f, 0x8b]);
    expect(Array.from(a.subarray(4, 8))).toEqual([0, 0, 0, 0]);
    expect(a[3]! & 0x08).toBe(0); // FNAME flag unset
    expect(gunzipSync(a)).toEqual(writeNiftiMrs({ fids, dwellS: 1e-3, json: baseJson }));
    expect(parseNiftiMrs(a, "x.nii.gz").header.gzipped).toBe(true);
  });

  it("writeNiftiMrs(json with identifying keys) writes them, and parseNiftiMrs reports them as dropped", () => {
    const fids = fidsOf(8, [], () => [1, 0]);
    const json = { ...baseJson, PatientName: "Doe^Jane", InstitutionName: "Nowhere Clinic" };
    const { header } = parseNiftiMrs(writeNiftiMrs({ fids, dwellS: 1e-3, json }), "x.nii");
    expect(header.identifyingKeysDropped).toEqual(["InstitutionName", "PatientName"]);
    expect(header.json).not.toHaveProperty("PatientName");
  });

  it("writeNiftiMrs(user dim header) round-trips a {Value: {start, increment}, Description} entry", () => {
    const fids = fidsOf(8, [4], () => [1, 0]);
    const json = {
      ...baseJson,
      dim_5: "DIM_DYN",
      dim_5_header: { fmrs_DynamicStart: { Value: { start: -600, increment: 30 }, Description: "s" } },
    };
    const { header } = parseNiftiMrs(writeNiftiMrs({ fids, dwellS: 1e-3, json }), "x.nii");
    expect(header.higherDims[0]?.header).toEqual([
      { key: "fmrs_DynamicStart", values: [-600, -570, -540, -510], description: "s" },
    ]);
  });

  it("writeNiftiMrs(bad input) throws RangeError naming the problem", () => {
    const fids = fidsOf(8, [2], () => [1, 0]);
    const ok = { fids, dwellS: 1e-3, json: baseJson };
    expect(() => writeNiftiMrs({ ...ok, fids: { ...fids, data: new Float64Array(3) } })).toThrow(
      /data has 3/,
    );
    expect(() => writeNiftiMrs({ ...ok, dwellS: 0 })).toThrow(/dwell/);
    expect(() => writeNiftiMrs({ ...ok, json: { ResonantNucleus: ["1H"] } })).toThrow(
      /SpectrometerFrequency/,
    );
    expect(() => writeNiftiMrs({ ...ok, json: { SpectrometerFrequency: [123] } })).toThrow(/ResonantNucleus/);
    expect(() => writeNiftiMrs({ ...ok, fids: { ...fids, shape: [1, 1, 1, 1, 1, 1, 2] } })).toThrow(
      /shape has 7/,
    );
    expect(() => writeNiftiMrs(ok, { intentName: "nifti" })).toThrow(/mrs_vM_m/);
    expect(() => writeNiftiMrs({ ...ok, voxelSizeMm: [0, 1, 1] })).toThrow(/voxel/);
  });

  it("parseNiftiMrs(writeNiftiMrs(x)) equals x for random shapes and complex128 values (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }),
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
        (points, higher, scale) => {
          const fids = fidsOf(points, higher, (f, t) => [scale * (f + 1) + t, scale - t * f]);
          const bytes = writeNiftiMrs({ fids, dwellS: 5e-4, json: baseJson }, { datatype: "complex128" });
          const back = parseNiftiMrs(bytes, "p.nii").fids;
          expect(back.shape).toEqual(fids.shape);
          expect(Array.from(back.data)).toEqual(Array.from(fids.data));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("writeNiftiMrs on a reference file", () => {
  it("parseNiftiMrs(writeNiftiMrs(parseNiftiMrs(metab_raw.nii.gz))) keeps FIDs, dims, tags and F0", () => {
    const bytes = new Uint8Array(readFileSync(join(ref, "nifti_mrs_tools/metab_raw.nii.gz")));
    const first = parseNiftiMrs(bytes, "metab_raw.nii.gz");
    const written = writeNiftiMrs(
      { fids: first.fids, dwellS: first.header.dwellS, json: first.header.json },
      { gzip: true },
    );
    const second = parseNiftiMrs(written, "rewritten.nii.gz");
    expect(second.header.dims).toEqual(first.header.dims);
    expect(second.header.tags).toEqual(first.header.tags);
    expect(second.header.f0MHz).toBe(first.header.f0MHz);
    expect(second.header.dwellS).toBe(first.header.dwellS);
    expect(second.header.identifyingKeysDropped).toEqual([]);
    expect(Array.from(second.fids.data)).toEqual(Array.from(first.fids.data));
  });
});
