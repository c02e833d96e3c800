import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { fidAt } from "./complexFids";
import { parseSdat, parseSpar } from "./parseSparSdat";
import { peakPpm } from "./testing/peakPpm";

const ref = testdataFolder("reference-data");
const read = (rel: string) => new Uint8Array(readFileSync(join(ref, rel)));
const text = (rel: string) => readFileSync(join(ref, rel), "latin1");

/** VAX F-float bytes of x: IEEE float32 of 4·x, little-endian, reordered [2, 3, 0, 1]. */
function vax(values: number[]): Uint8Array {
  const le = new Uint8Array(values.length * 4);
  const v = new DataView(le.buffer);
  for (const [i, x] of values.entries()) v.setFloat32(4 * i, 4 * x, true);
  const out = new Uint8Array(le.length);
  for (let i = 0; i < le.length; i += 4) out.set([le[i + 2]!, le[i + 3]!, le[i]!, le[i + 1]!], i);
  return out;
}

describe("parseSpar / parseSdat on the reference files", () => {
  it("parseSpar(text) reads the Osprey PRESS 35 ms SPAR", () => {
    const h = parseSpar(text("osprey/philips-sdat/sub-01_PRESS_35_act.spar"), "act.spar");
    expect(h).toMatchObject({
      format: "philips-spar",
      points: 2048,
      rows: 1,
      fidCount: 1,
      spectralWidthHz: 2000,
      dwellS: 5e-4,
      f0MHz: 127.750896,
      nucleus: "1H",
      echoTimeS: 0.035,
      repetitionTimeS: 2,
      averages: 64,
      voxelSizeMm: [30, 30, 30],
    });
    expect(h.identifyingKeysDropped).toEqual([
      "examination_name",
      "patient_birth_date",
      "patient_name",
      "scan_date",
    ]);
    expect(h.fields.patient_position).toBe("head_first");
  });

  it("parseSdat(bytes, spar) puts NAA of the Osprey SDAT at about 2.00 ppm after conjugation", () => {
    const spar = parseSpar(text("osprey/philips-sdat/sub-01_PRESS_35_act.spar"), "act.spar");
    const fids = parseSdat(read("osprey/philips-sdat/sub-01_PRESS_35_act.sdat"), spar, "act.sdat");
    expect(fids.count).toBe(1);
    expect(fids.data[0]).toBeCloseTo(0.23939292, 6);
    expect(fids.data[1]).toBeCloseTo(-0.12495309, 6);
    const naa = peakPpm(fidAt(fids), spar.dwellS!, spar.f0MHz!, 1.8, 2.2);
    expect(Math.abs(naa - 2.0)).toBeLessThan(0.02);
  });

  it("parseSdat(bytes, spar) reads the Osprey water reference with its peak at 4.65 ppm", () => {
    const spar = parseSpar(text("osprey/philips-sdat/sub-01_PRESS_35_ref.spar"), "ref.spar");
    const fids = parseSdat(read("osprey/philips-sdat/sub-01_PRESS_35_ref.sdat"), spar, "ref.sdat");
    const water = peakPpm(fidAt(fids), spar.dwellS!, spar.f0MHz!, 0, 9);
    expect(Math.abs(water - 4.65)).toBeLessThan(0.1);
  });

  it("parseSpar(text) reads the spant phantom SPARs and drops PHAN_BUOY and the scan date", () => {
    for (const name of ["philips_spar_sdat_WS.SPAR", "philips_spar_sdat_W.SPAR"]) {
      const h = parseSpar(text(`spant/${name}`), name);
      expect(h).toMatchObject({
        points: 1024,
        rows: 1,
        spectralWidthHz: 2000,
        f0MHz: 127.786142,
        echoTimeS: 0.03,
        repetitionTimeS: 2,
        averages: 128,
        voxelSizeMm: [20, 20, 20],
      });
      const json = JSON.stringify(h);
      for (const secret of ["PHAN_BUOY", "1900.01.01", "2009.06.16", "Risto", "Martin"])
        expect(json).not.toContain(secret);
    }
  });

  it("parseSdat(bytes, spar) matches the conjugated values LCModel data.raw holds for the spant phantom", () => {
    const spar = parseSpar(text("spant/philips_spar_sdat_WS.SPAR"), "WS.SPAR");
    const fids = parseSdat(read("spant/philips_spar_sdat_WS.SDAT"), spar, "WS.SDAT");
    expect(fids.data[0]).toBeCloseTo(1.376081e-3, 9);
    expect(fids.data[1]).toBeCloseTo(-3.44626e-5, 10);
    const naa = peakPpm(fidAt(fids), spar.dwellS!, spar.f0MHz!, 1.8, 2.2);
    expect(Math.abs(naa - 2.0)).toBeLessThan(0.03);
  });
});

describe("parseSpar / parseSdat on synthetic input", () => {
  const spar = [
    "! comment",
    "samples : 2",
    "rows : 2",
    "sample_frequency : 4000",
    "synthesizer_frequency : 123200000",
  ];

  it("parseSdat(bytes, spar) decodes VAX floats, conjugates, and puts rows on DIM_DYN", () => {
    const h = parseSpar(spar.join("\r\n"), "a.spar");
    const fids = parseSdat(vax([1, 2, 0.5, -0.25, -3, 4, 8, 16]), h, "a.sdat");
    expect(fids.axes).toEqual(["x", "y", "z", "DIM_DYN"]);
    expect(Array.from(fidAt(fids, { dyn: 0 }))).toEqual([1, -2, 0.5, 0.25]);
    expect(Array.from(fidAt(fids, { dyn: 1 }))).toEqual([-3, -4, 8, -16]);
  });

  it("parseSdat(bytes, spar) rejects a file whose size is not samples × rows × 8", () => {
    const h = parseSpar(spar.join("\n"), "b.spar");
    try {
      parseSdat(vax([1, 2, 3]), h, "b.sdat");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).expected).toBe("32 (samples 2 × rows 2 × 8)");
    }
  });

  it("parseSpar(text) rejects a missing sample_frequency and an MRSI file", () => {
    expect(() => parseSpar("samples : 2\nrows : 1\nsynthesizer_frequency : 1\n", "c.spar")).toThrow(
      /c\.spar: sample_frequency: is missing/,
    );
    expect(() => parseSpar([...spar, "dim2_pnts : 16"].join("\n"), "d.spar")).toThrow(/d\.spar:6: dim2_pnts/);
  });
});
