import { describe, expect, it } from "vitest";
import { ppmAxis, ppmToHz } from "./axes";
import { type BasisSet, basisSetOf } from "./basis";
import { spectrumOf } from "./fft";
import { resampleBasis } from "./resampleBasis";

function singletBasis(ppm: number, centreMHz: number, dwell: number, n: number): BasisSet {
  const nu = ppmToHz(ppm, centreMHz);
  const fid = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const t = k * dwell;
    fid[2 * k] = Math.cos(2 * Math.PI * nu * t);
    fid[2 * k + 1] = Math.sin(2 * Math.PI * nu * t);
  }
  return basisSetOf([{ name: "S", fid, dwellS: dwell, centreMHz, widthHz: null, nucleus: "1H" }]);
}

function peakPpm(b: BasisSet): number {
  const fid = b.fids[0] ?? new Float64Array(0);
  const damped = fid.map((v, i) => v * Math.exp(-Math.PI * 3 * Math.floor(i / 2) * b.dwellS));
  const s = spectrumOf(damped);
  const ppm = ppmAxis(b.points, b.dwellS, b.centreMHz);
  let kmax = 0;
  for (let k = 0; k < b.points; k++) if ((s[2 * k] ?? 0) > (s[2 * kmax] ?? 0)) kmax = k;
  return ppm[kmax] ?? Number.NaN;
}

describe("resampleBasis", () => {
  it("resampleBasis(basis, same sampling) copies the FIDs exactly (and truncates to fewer points)", () => {
    const b = singletBasis(2, 123, 2e-4, 512);
    const r = resampleBasis(b, { dwellS: 2e-4, points: 256 });
    expect(r.points).toBe(256);
    expect(Array.from(r.fids[0] ?? [])).toEqual(
      Array.from((b.fids[0] ?? new Float64Array()).subarray(0, 512)),
    );
  });

  it("resampleBasis(basis, {dwell ×2}) samples the same signal at the new times (linear interpolation error < 1 %)", () => {
    const b = singletBasis(4.0, 123, 1e-4, 4096);
    const r = resampleBasis(b, { dwellS: 2.5e-4, points: 1024 });
    const nu = ppmToHz(4.0, 123);
    let worst = 0;
    for (let k = 0; k < 1024; k++) {
      const t = k * 2.5e-4;
      worst = Math.max(worst, Math.abs((r.fids[0]?.[2 * k] ?? 0) - Math.cos(2 * Math.PI * nu * t)));
    }
    expect(worst).toBeLessThan(0.01);
    expect(Math.abs(peakPpm(r) - 4.0)).toBeLessThan(1 / (1024 * 2.5e-4) / 123);
  });

  it("resampleBasis(basis at 123.0 MHz, {centreMHz: 123.8}) keeps a singlet at the same ppm", () => {
    const b = singletBasis(2.0, 123.0, 1.6667e-4, 2048);
    const r = resampleBasis(b, { dwellS: 1.6667e-4, points: 2000, centreMHz: 123.8 });
    expect(r.centreMHz).toBe(123.8);
    // frequency from the phase advance per sample: 2.0 ppm at 123.8 MHz is (4.65 − 2)·123.8 Hz
    const fid = r.fids[0] ?? new Float64Array(0);
    const k = 1000;
    const dphi = Math.atan2(
      (fid[2 * k + 3] ?? 0) * (fid[2 * k] ?? 0) - (fid[2 * k + 2] ?? 0) * (fid[2 * k + 1] ?? 0),
      (fid[2 * k + 2] ?? 0) * (fid[2 * k] ?? 0) + (fid[2 * k + 3] ?? 0) * (fid[2 * k + 1] ?? 0),
    );
    expect(dphi / (2 * Math.PI * 1.6667e-4)).toBeCloseTo(2.65 * 123.8, 1);
  });

  it("resampleBasis(basis, longer acquisition) throws by default and zero-fills on request", () => {
    const b = singletBasis(2, 123, 2e-4, 256);
    expect(() => resampleBasis(b, { dwellS: 2e-4, points: 512 })).toThrow(/only 256/);
    expect(() => resampleBasis(b, { dwellS: 3e-4, points: 256 })).toThrow(/ends at/);
    const z = resampleBasis(b, { dwellS: 2e-4, points: 512, beyondCoverage: "zero" });
    expect(z.fids[0]?.[2 * 400]).toBe(0);
  });

  it("resampleBasis(basis, {centreMHz: another field}) throws", () => {
    expect(() =>
      resampleBasis(singletBasis(2, 123, 2e-4, 256), { dwellS: 2e-4, points: 256, centreMHz: 297 }),
    ).toThrow(/5 %/);
  });
});
