import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { InputError } from "@fmrs/schema";
import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { fidAt } from "./complexFids";
import { parseNiftiMrs } from "./parseNiftiMrs";
import { buildNiftiMrs } from "./testing/buildNiftiMrs";
import { peakPpm } from "./testing/peakPpm";

const ref = testdataFolder("reference-data");
const read = (rel: string) => new Uint8Array(readFileSync(join(ref, rel)));

const baseJson = {
  SpectrometerFrequency: [123.2],
  ResonantNucleus: ["1H"],
  EchoTime: 0.03,
  RepetitionTime: 2,
};

function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("parseNiftiMrs on the reference files", () => {
  const raw7T = {
    f0MHz: 297.219948,
    nucleus: "1H",
    echoTimeS: 0.011,
    repetitionTimeS: 5,
    voxelSizeMm: [20, 20, 20],
  };

  it("parseNiftiMrs(bytes) reads metab_raw.nii.gz dims and tags", () => {
    const { header, fids } = parseNiftiMrs(read("nifti_mrs_tools/metab_raw.nii.gz"), "metab_raw.nii.gz");
    expect(header).toMatchObject({
      format: "nifti-mrs",
      niftiVersion: 2,
      littleEndian: true,
      gzipped: true,
      datatype: "complex64",
      mrsVersion: "mrs_v0_2",
      dims: [1, 1, 1, 4096, 4, 16],
      points: 4096,
      tags: ["DIM_COIL", "DIM_DYN"],
      ...raw7T,
    });
    expect(header.dwellS).toBeCloseTo(8.33e-5, 12);
    expect(header.spectralWidthHz).toBeCloseTo(1 / 8.33e-5, 6);
    expect(header.higherDims.map((d) => [d.dim, d.size, d.tag, d.tagSource, d.header])).toEqual([
      [5, 4, "DIM_COIL", "header", null],
      [6, 16, "DIM_DYN", "header", null],
    ]);
    expect(header.warnings).toContain(
      "xyzt_units time code is 0 (unset); dwell time read as seconds (spec2nii#82)",
    );
    expect(fids.axes).toEqual(["x", "y", "z", "DIM_COIL", "DIM_DYN"]);
    expect(fids.count).toBe(64);
    expect(fids.data.length).toBe(2 * 64 * 4096);
  });

  it("parseNiftiMrs(bytes) keeps the FIDs in file order: coil fastest, then dynamic", () => {
    const bytes = read("nifti_mrs_tools/metab_raw.nii.gz");
    const { fids } = parseNiftiMrs(bytes, "metab_raw.nii.gz");
    // Independent check with offsets from MRS-FORMATS.md: ((d·Ncoil + c)·Npts + t)·8 after vox_offset.
    const plain = gunzipSync(bytes);
    const view = new DataView(plain.buffer, plain.byteOffset);
    const voxOffset = Number(view.getBigInt64(168, true));
    const [d, c, t] = [11, 2, 100];
    const off = voxOffset + ((d * 4 + c) * 4096 + t) * 8;
    const fid = fidAt(fids, { dyn: d, coil: c });
    expect(fid[2 * t]).toBe(view.getFloat32(off, true));
    expect(fid[2 * t + 1]).toBe(view.getFloat32(off + 4, true));
    expect(fidAt(fids, { DIM_DYN: d, DIM_COIL: c })).toEqual(fid);
    expect(fidAt(fids, [c, d])).toEqual(fid);
  });

  it("parseNiftiMrs(bytes) reads wref_raw and quant_raw as 4 coils × 2 dynamics", () => {
    for (const name of ["wref_raw.nii.gz", "quant_raw.nii.gz"]) {
      const { header } = parseNiftiMrs(read(`nifti_mrs_tools/${name}`), name);
      expect(header).toMatchObject({ dims: [1, 1, 1, 4096, 4, 2], tags: ["DIM_COIL", "DIM_DYN"], ...raw7T });
    }
  });

  it("parseNiftiMrs(bytes) reads metab.nii.gz as a 4-D file with no higher dims", () => {
    const { header, fids } = parseNiftiMrs(read("nifti_mrs_tools/metab.nii.gz"), "metab.nii.gz");
    expect(header).toMatchObject({ dims: [1, 1, 1, 4095], points: 4095, tags: [], higherDims: [], ...raw7T });
    expect(fids.count).toBe(1);
  });

  it("parseNiftiMrs(bytes) puts NAA of metab.nii.gz at 2.01 ppm", () => {
    const { header, fids } = parseNiftiMrs(read("nifti_mrs_tools/metab.nii.gz"), "metab.nii.gz");
    const naa = peakPpm(fidAt(fids), header.dwellS, header.f0MHz, 1.8, 2.2);
    expect(naa).toBeCloseTo(2.01, 2);
  });

  it("parseNiftiMrs(bytes) accepts the integer SpectrometerFrequency [297] of metab_int_freq.nii.gz", () => {
    const { header } = parseNiftiMrs(read("nifti_mrs_tools/metab_int_freq.nii.gz"), "metab_int_freq.nii.gz");
    expect(header.f0MHz).toBe(297);
    expect(header.spectrometerFrequenciesMHz).toEqual([297]);
  });

  it("parseNiftiMrs(bytes) reads the Osprey water reference as 2048 points × 32 coils", () => {
    const name = "osprey/nifti-mrs/sub-01_ses-01_SVS-ref.nii.gz";
    const { header, fids } = parseNiftiMrs(read(name), name);
    expect(header).toMatchObject({ dims: [1, 1, 1, 2048, 32], tags: ["DIM_COIL"], ...raw7T });
    expect(header.dwellS).toBeCloseTo(1.666e-4, 12);
    expect(fids.shape).toEqual([1, 1, 1, 32]);
    // The stale metadata is kept as data, not interpreted: the pipeline must not trust it.
    expect(header.json.ProtocolName).toBe("STEAM_metab");
    expect(header.json.kSpace).toEqual([false, false, false]);
  });

  it("parseNiftiMrs(bytes) drops the identifying keys of metab_raw.nii.gz and lists only their names", () => {
    const { header } = parseNiftiMrs(read("nifti_mrs_tools/metab_raw.nii.gz"), "metab_raw.nii.gz");
    expect(header.identifyingKeysDropped).toEqual([
      "ConversionTime",
      "DeviceSerialNumber",
      "InstitutionAddress",
      "InstitutionName",
      "OriginalFile",
      "PatientDoB",
      "PatientName",
      "PatientSex",
      "PatientWeight",
    ]);
    expect(Object.keys(header.json)).toEqual(
      expect.arrayContaining(["Manufacturer", "ManufacturersModelName", "SequenceName", "PatientPosition"]),
    );
    expect(header.json.ReceiveCoilName).toEqual({ Value: '"32Ch_Head_7T"', Description: "Rx coil name." });
  });
});

describe("parseNiftiMrs on synthetic files", () => {
  it("parseNiftiMrs(bytes) reads an uncompressed little-endian NIfTI-2 (.nii)", () => {
    const bytes = buildNiftiMrs({ dims: [1, 1, 1, 8, 3], json: { ...baseJson, dim_5: "DIM_DYN" } });
    const { header, fids } = parseNiftiMrs(bytes, "a.nii");
    expect(header).toMatchObject({ niftiVersion: 2, gzipped: false, littleEndian: true, tags: ["DIM_DYN"] });
    expect(Array.from(fidAt(fids, { dyn: 2 }).subarray(0, 4))).toEqual([2, -2, Math.fround(2.001), -2]);
  });

  it("parseNiftiMrs(bytes) reads a big-endian gzipped NIfTI-1 with complex128 data", () => {
    const bytes = buildNiftiMrs({
      version: 1,
      littleEndian: false,
      complex128: true,
      gzip: true,
      dims: [1, 1, 1, 16, 2],
      pixdim4: 0.5,
      xyztUnits: 16 | 2,
      json: baseJson,
      value: (f, t) => [Math.PI * (f + 1) + t, -1 / 3],
    });
    const { header, fids } = parseNiftiMrs(bytes, "b.nii.gz");
    expect(header).toMatchObject({
      niftiVersion: 1,
      littleEndian: false,
      gzipped: true,
      datatype: "complex128",
      dims: [1, 1, 1, 16, 2],
      tags: ["DIM_COIL"],
      echoTimeS: 0.03,
      repetitionTimeS: 2,
    });
    expect(header.dwellS).toBeCloseTo(5e-4, 15);
    expect(header.spectralWidthHz).toBeCloseTo(2000, 9);
    const fid = fidAt(fids, { coil: 1 });
    expect(fid[2 * 3]).toBe(Math.PI * 2 + 3);
    expect(fid[1]).toBe(-1 / 3);
  });

  it("parseNiftiMrs(bytes) reads a big-endian NIfTI-2 with complex64 data", () => {
    const bytes = buildNiftiMrs({ littleEndian: false, dims: [1, 1, 1, 4], json: baseJson });
    const { header, fids } = parseNiftiMrs(bytes, "c.nii");
    expect(header.littleEndian).toBe(false);
    expect(Array.from(fids.data)).toEqual([
      0,
      -0,
      Math.fround(0.001),
      -0,
      Math.fround(0.002),
      -0,
      Math.fround(0.003),
      -0,
    ]);
  });

  it("parseNiftiMrs(bytes) honours µs and ms dwell-time units in xyzt_units", () => {
    const us = parseNiftiMrs(
      buildNiftiMrs({ dims: [1, 1, 1, 4], pixdim4: 250, xyztUnits: 24, json: baseJson }),
      "u.nii",
    );
    expect(us.header.dwellS).toBeCloseTo(2.5e-4, 15);
    const ms = parseNiftiMrs(
      buildNiftiMrs({ dims: [1, 1, 1, 4], pixdim4: 0.25, xyztUnits: 16, json: baseJson }),
      "m.nii",
    );
    expect(ms.header.dwellS).toBeCloseTo(2.5e-4, 15);
    expect(ms.header.warnings).toEqual([]);
  });

  it("parseNiftiMrs(bytes) converts voxel sizes given in metres to mm", () => {
    const m = parseNiftiMrs(
      buildNiftiMrs({ dims: [1, 1, 1, 4], voxel: [0.02, 0.03, 0.04], xyztUnits: 8 | 1, json: baseJson }),
      "v.nii",
    );
    expect(m.header.voxelSizeMm.map((x) => Math.round(x * 1000) / 1000)).toEqual([20, 30, 40]);
  });

  it("parseNiftiMrs(bytes) reads dims 5–7 with their tags and fills untagged defaults", () => {
    const bytes = buildNiftiMrs({
      dims: [1, 1, 1, 4, 2, 3, 2],
      json: { ...baseJson, dim_5: "DIM_EDIT", dim_7: "DIM_ISIS", dim_5_info: "MEGA on/off" },
    });
    const { header, fids } = parseNiftiMrs(bytes, "d.nii");
    expect(header.tags).toEqual(["DIM_EDIT", "DIM_DYN", "DIM_ISIS"]);
    expect(header.higherDims.map((d) => d.tagSource)).toEqual(["header", "default", "header"]);
    expect(header.higherDims[0]!.info).toBe("MEGA on/off");
    // FID number = edit + 2·(dyn + 3·isis); the builder writes re = FID number at t = 0.
    expect(fidAt(fids, { edit: 1, dyn: 2, isis: 1 })[0]).toBe(1 + 2 * (2 + 3 * 1));
    expect(fidAt(fids, [1, 2, 1])[0]).toBe(11);
  });

  it("parseNiftiMrs(bytes) uses DIM_COIL, DIM_DYN, DIM_INDIRECT_0 when no dim_N key is present", () => {
    const { header } = parseNiftiMrs(buildNiftiMrs({ dims: [1, 1, 1, 4, 2, 2, 2], json: baseJson }), "e.nii");
    expect(header.tags).toEqual(["DIM_COIL", "DIM_DYN", "DIM_INDIRECT_0"]);
    expect(header.higherDims.every((d) => d.tagSource === "default")).toBe(true);
  });

  it("parseNiftiMrs(bytes) expands dim_N_header lists, {start, increment} and {Value, Description}", () => {
    const json = {
      ...baseJson,
      dim_5: "DIM_DYN",
      dim_5_header: {
        RepetitionTime: { start: 0, increment: 2.5 },
        EditCondition: ["ON", "OFF", "ON"],
        MyTrigger: { Value: [0, 1, 0], Description: "stimulus on" },
        private_Operator: ["x", "y", "z"],
      },
    };
    const { header } = parseNiftiMrs(buildNiftiMrs({ dims: [1, 1, 1, 4, 3], json }), "f.nii");
    expect(header.higherDims[0]!.header).toEqual([
      { key: "RepetitionTime", values: [0, 2.5, 5], description: null },
      { key: "EditCondition", values: ["ON", "OFF", "ON"], description: null },
      { key: "MyTrigger", values: [0, 1, 0], description: "stimulus on" },
    ]);
    expect(header.identifyingKeysDropped).toEqual(["dim_5_header.private_Operator"]);
  });

  it("parseNiftiMrs(bytes) rejects a dim_N_header list whose length is not the dim size", () => {
    const json = { ...baseJson, dim_5_header: { EditCondition: ["ON", "OFF"] } };
    const e = thrown(() => parseNiftiMrs(buildNiftiMrs({ dims: [1, 1, 1, 4, 3], json }), "g.nii"));
    expect(e.location).toEqual({ file: "g.nii", field: "dim_5_header.EditCondition" });
    expect(e.expected).toBe("3, one per index");
  });

  it("parseNiftiMrs(bytes) accepts a scalar SpectrometerFrequency and a string ResonantNucleus", () => {
    const json = { SpectrometerFrequency: 127.75, ResonantNucleus: "1H" };
    const { header } = parseNiftiMrs(buildNiftiMrs({ dims: [1, 1, 1, 4], json }), "h.nii");
    expect(header.f0MHz).toBe(127.75);
    expect(header.nucleus).toBe("1H");
    expect(header.warnings.some((w) => w.includes("osprey#548"))).toBe(true);
  });

  it("parseNiftiMrs(bytes) strips trailing NULs and reads NaN in the JSON as null", () => {
    const text = '{"SpectrometerFrequency": [123.2], "ResonantNucleus": ["1H"], "TxOffset": NaN}';
    const { header } = parseNiftiMrs(buildNiftiMrs({ dims: [1, 1, 1, 4], json: text }), "i.nii");
    expect(header.json.TxOffset).toBeNull();
    expect(header.echoTimeS).toBeNull();
  });

  it("parseNiftiMrs(bytes) warns when EchoTime looks like milliseconds", () => {
    const { header } = parseNiftiMrs(
      buildNiftiMrs({ dims: [1, 1, 1, 4], json: { ...baseJson, EchoTime: 35 } }),
      "j.nii",
    );
    expect(header.echoTimeS).toBe(35);
    expect(header.warnings).toContain("EchoTime 35 s is outside 0–0.5 s: wrong units?");
  });

  it("parseNiftiMrs(bytes) removes private_ and patient keys, recording names only", () => {
    const json = {
      ...baseJson,
      PatientName: "Jane Doe",
      PatientBirthDate: "19700101",
      private_site: "X",
      AcquisitionDateTime: "2024-01-01T10:00:00",
      OperatorName: "Op",
      ProcessingApplied: [
        { Time: "2024-01-02T00:00:00", Program: "spec2nii", Method: "RF coil combination" },
      ],
      PatientPosition: "HFS",
    };
    const { header } = parseNiftiMrs(buildNiftiMrs({ dims: [1, 1, 1, 4], json }), "k.nii");
    expect(header.identifyingKeysDropped).toEqual([
      "AcquisitionDateTime",
      "OperatorName",
      "PatientBirthDate",
      "PatientName",
      "ProcessingApplied[0].Time",
      "private_site",
    ]);
    const text = JSON.stringify(header);
    for (const secret of ["Jane Doe", "19700101", "2024-01-01", "2024-01-02", '"Op"'])
      expect(text).not.toContain(secret);
    expect(header.json.PatientPosition).toBe("HFS");
  });

  it("parseNiftiMrs(bytes) rejects a datatype other than complex64/complex128", () => {
    const e = thrown(() =>
      parseNiftiMrs(buildNiftiMrs({ dims: [1, 1, 1, 4], datatype: 16, json: baseJson }), "l.nii"),
    );
    expect(e.location.field).toBe("datatype (byte 12)");
    expect(e.message).toContain("l.nii");
  });

  it("parseNiftiMrs(bytes) rejects a file that is not NIfTI", () => {
    const e = thrown(() => parseNiftiMrs(new Uint8Array(600).fill(7), "m.nii"));
    expect(e.location.field).toBe("sizeof_hdr (byte 0)");
  });

  it("parseNiftiMrs(bytes) rejects a file shorter than a header", () => {
    expect(() => parseNiftiMrs(new Uint8Array(10), "n.nii")).toThrow(InputError);
  });

  it("parseNiftiMrs(bytes) rejects truncated data, naming vox_offset and the bytes expected", () => {
    const full = buildNiftiMrs({ dims: [1, 1, 1, 64, 2], json: baseJson });
    const e = thrown(() => parseNiftiMrs(full.subarray(0, full.length - 10), "o.nii"));
    expect(e.location.field).toMatch(/^data \(vox_offset \d+\)$/);
    expect(e.expected).toContain("1024 data bytes");
  });

  it("parseNiftiMrs(bytes) rejects a corrupt gzip stream", () => {
    const gz = buildNiftiMrs({ dims: [1, 1, 1, 64], json: baseJson, gzip: true });
    const e = thrown(() => parseNiftiMrs(gz.subarray(0, 40), "p.nii.gz"));
    expect(e.location.field).toBe("gzip");
  });

  it("parseNiftiMrs(bytes) rejects a file without the ecode-44 extension", () => {
    const e = thrown(() => parseNiftiMrs(buildNiftiMrs({ dims: [1, 1, 1, 4], json: null }), "q.nii"));
    expect(e.location.field).toBe("extension flag (byte 540)");
  });

  it("parseNiftiMrs(bytes) finds the ecode-44 extension after another extension", () => {
    const bytes = buildNiftiMrs({
      dims: [1, 1, 1, 4],
      json: baseJson,
      extensionBefore: { ecode: 6, esize: 32 },
    });
    expect(parseNiftiMrs(bytes, "x.nii").header.f0MHz).toBe(123.2);
    const none = buildNiftiMrs({ dims: [1, 1, 1, 4], json: null, extensionBefore: { ecode: 6, esize: 32 } });
    expect(thrown(() => parseNiftiMrs(none, "y.nii")).location.field).toBe("extensions");
  });

  it("parseNiftiMrs(bytes) rejects a gzip stream cut short near its end", () => {
    const gz = buildNiftiMrs({ dims: [1, 1, 1, 256], json: baseJson, gzip: true });
    expect(() => parseNiftiMrs(gz.subarray(0, gz.length - 6), "z.nii.gz")).toThrow(InputError);
  });

  it("parseNiftiMrs(bytes) rejects invalid JSON and a missing SpectrometerFrequency", () => {
    expect(
      thrown(() => parseNiftiMrs(buildNiftiMrs({ dims: [1, 1, 1, 4], json: "{oops" }), "r.nii")).location
        .field,
    ).toBe("extension (ecode 44) JSON");
    const e = thrown(() =>
      parseNiftiMrs(buildNiftiMrs({ dims: [1, 1, 1, 4], json: { ResonantNucleus: ["1H"] } }), "s.nii"),
    );
    expect(e.location.field).toBe("SpectrometerFrequency");
  });

  it("parseNiftiMrs(bytes) rejects dim[0] below 4 and time units in Hz", () => {
    expect(
      thrown(() => parseNiftiMrs(buildNiftiMrs({ dims: [1, 1, 1], json: baseJson }), "t.nii")).location.field,
    ).toBe("dim[0]");
    const e = thrown(() =>
      parseNiftiMrs(buildNiftiMrs({ dims: [1, 1, 1, 4], xyztUnits: 32, json: baseJson }), "u.nii"),
    );
    expect(e.location.field).toBe("xyzt_units");
  });

  it("parseNiftiMrs(bytes) reorders MRSI voxels so each FID is contiguous", () => {
    const bytes = buildNiftiMrs({ dims: [2, 3, 1, 5, 2], json: baseJson, value: (f, t) => [f * 100 + t, 0] });
    const { fids } = parseNiftiMrs(bytes, "w.nii");
    expect(fids.shape).toEqual([2, 3, 1, 2]);
    const fid = fidAt(fids, { x: 1, y: 2, coil: 1 });
    expect(Array.from({ length: 5 }, (_, t) => fid[2 * t])).toEqual([1100, 1101, 1102, 1103, 1104]);
  });
});
