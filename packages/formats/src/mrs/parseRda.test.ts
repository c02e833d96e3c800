import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { fidAt } from "./complexFids";
import { parseRda } from "./parseRda";
import { peakPpm } from "./testing/peakPpm";

const ref = testdataFolder("reference-data");
const read = (rel: string) => new Uint8Array(readFileSync(join(ref, rel)));

/** A small RDA: header lines (CRLF) between the markers, then float64 LE (re, im) pairs. */
function buildRda(headerLines: string[], values: number[]): Uint8Array {
  const head = [">>> Begin of header <<<", ...headerLines, ">>> End of header <<<", ""].join("\r\n");
  const text = new Uint8Array(Array.from(head, (c) => c.charCodeAt(0)));
  const out = new Uint8Array(text.length + values.length * 8);
  out.set(text);
  const v = new DataView(out.buffer);
  for (const [i, x] of values.entries()) v.setFloat64(text.length + 8 * i, x, true);
  return out;
}

describe("parseRda on the reference file", () => {
  it("parseRda(bytes) reads SVS_30.rda header values in SI units", () => {
    const { header, fids } = parseRda(read("suspect/siemens/SVS_30.rda"), "SVS_30.rda");
    expect(header).toMatchObject({
      format: "siemens-rda",
      points: 1024,
      fidCount: 1,
      f0MHz: 123.234655,
      nucleus: "1H",
      echoTimeS: 0.03,
      repetitionTimeS: 2,
      averages: 64,
      voxelSizeMm: [20, 40, 20],
      warnings: [],
    });
    expect(header.dwellS).toBeCloseTo(833e-6, 15);
    expect(header.spectralWidthHz).toBeCloseTo(1e6 / 833, 9);
    expect(header.fields.SequenceName).toBe("*svs_se");
    expect(header.fields.ModelName).toBe("Skyra");
    expect(fids.shape).toEqual([1, 1, 1]);
    expect(fids.data).toHaveLength(2048);
  });

  it("parseRda(bytes) reads the data from byte 1987 as float64 little-endian", () => {
    const bytes = read("suspect/siemens/SVS_30.rda");
    const { fids } = parseRda(bytes, "SVS_30.rda");
    const v = new DataView(bytes.buffer, bytes.byteOffset);
    expect(fids.data[0]).toBe(v.getFloat64(1987, true));
    expect(fids.data[2047]).toBe(v.getFloat64(bytes.length - 8, true));
  });

  it("parseRda(bytes) puts NAA of SVS_30.rda at about 1.97 ppm without conjugation", () => {
    const { header, fids } = parseRda(read("suspect/siemens/SVS_30.rda"), "SVS_30.rda");
    const naa = peakPpm(fidAt(fids), header.dwellS!, header.f0MHz!, 1.8, 2.2);
    expect(Math.abs(naa - 1.97)).toBeLessThan(0.02);
  });

  it("parseRda(bytes) drops patient, date and site fields of SVS_30.rda, listing names only", () => {
    const { header } = parseRda(read("suspect/siemens/SVS_30.rda"), "SVS_30.rda");
    expect(header.identifyingKeysDropped).toEqual([
      "DeviceSerialNumber",
      "InstanceDate",
      "InstanceTime",
      "InstitutionName",
      "PatientAge",
      "PatientBirthDate",
      "PatientID",
      "PatientName",
      "PatientSex",
      "PatientWeight",
      "SeriesDate",
      "SeriesTime",
      "StationName",
      "StudyDate",
      "StudyTime",
    ]);
    expect(header.fields.PatientPosition).toBe("HFS");
    const json = JSON.stringify(header);
    for (const secret of ['"445"', "Anonymous", "20160429", "115929"]) expect(json).not.toContain(secret);
  });
});

describe("parseRda on synthetic files", () => {
  const base = [
    "VectorSize: 2",
    "DwellTime: 500",
    "MRFrequency: 123,25",
    "TE: 30,0",
    "PatientName: Doe^Jane",
  ];

  it("parseRda(bytes) accepts decimal commas and a 2×1×1 CSI matrix", () => {
    const bytes = buildRda([...base, "CSIMatrixSize[0]: 2"], [1, 2, 3, 4, 5, 6, 7, 8]);
    const { header, fids } = parseRda(bytes, "a.rda");
    expect(header.f0MHz).toBe(123.25);
    expect(header.echoTimeS).toBe(0.03);
    expect(fids.shape).toEqual([2, 1, 1]);
    expect(Array.from(fidAt(fids, { x: 1 }))).toEqual([5, 6, 7, 8]);
    expect(JSON.stringify(header)).not.toContain("Doe");
  });

  it("parseRda(bytes) rejects truncated data", () => {
    const bytes = buildRda(base, [1, 2, 3]);
    expect(() => parseRda(bytes, "b.rda")).toThrow(/b\.rda: data \(byte \d+\): 24 data bytes; truncated/);
  });

  it("parseRda(bytes) rejects a missing DwellTime and a missing end marker", () => {
    try {
      parseRda(buildRda(["VectorSize: 2", "MRFrequency: 123"], [1, 2, 3, 4]), "c.rda");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).location).toEqual({ file: "c.rda", line: undefined, field: "DwellTime" });
    }
    const noEnd = new Uint8Array(
      Array.from(">>> Begin of header <<<\r\nVectorSize: 2\r\n", (c) => c.charCodeAt(0)),
    );
    expect(() => parseRda(noEnd, "d.rda")).toThrow(/end-of-header/);
    expect(() => parseRda(new Uint8Array(100), "e.rda")).toThrow(/begin marker/);
  });

  it("parseRda(bytes) rejects a VectorSize that is not a number, naming its header line", () => {
    try {
      parseRda(buildRda(["VectorSize: many", "DwellTime: 500", "MRFrequency: 123"], []), "f.rda");
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).location).toEqual({ file: "f.rda", line: 2, field: "VectorSize" });
    }
  });
});
