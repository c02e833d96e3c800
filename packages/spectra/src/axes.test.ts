import { describe, expect, it } from "vitest";
import { frequencyAxisHz, ppmAxis, ppmRangeIndices, ppmToHz, timeAxis } from "./axes";
import { spectrumOf } from "./fft";

describe("axes", () => {
  it("frequencyAxisHz(n, dwell) equals numpy fftshift(fftfreq(n, dwell)) for even and odd n", () => {
    expect(Array.from(frequencyAxisHz(4, 0.25))).toEqual([-2, -1, 0, 1]);
    expect(Array.from(frequencyAxisHz(5, 0.2))).toEqual([-2, -1, 0, 1, 2]);
  });

  it("frequencyAxisHz(0, dwell) and a non-positive dwell throw", () => {
    expect(() => frequencyAxisHz(0, 1e-4)).toThrow();
    expect(() => frequencyAxisHz(8, 0)).toThrow();
  });

  it("ppmAxis(n, dwell, F0) puts a FID rotating at +ν Hz at 4.65 − ν/F0 ppm (NIfTI-MRS convention)", () => {
    const n = 1024;
    const dwell = 2.5e-4;
    const f0 = 123.2;
    const nu = ppmToHz(2.01, f0);
    const fid = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      fid[2 * k] = Math.cos(2 * Math.PI * nu * k * dwell) * Math.exp(-k * dwell * 10);
      fid[2 * k + 1] = Math.sin(2 * Math.PI * nu * k * dwell) * Math.exp(-k * dwell * 10);
    }
    const s = spectrumOf(fid);
    let kmax = 0;
    for (let k = 0; k < n; k++) if ((s[2 * k] ?? 0) > (s[2 * kmax] ?? 0)) kmax = k;
    const ppm = ppmAxis(n, dwell, f0);
    expect(Math.abs((ppm[kmax] ?? 0) - 2.01)).toBeLessThan(1 / (n * dwell) / f0);
    expect(ppm[0]).toBeGreaterThan(ppm[n - 1] ?? 0);
  });

  it("ppmRangeIndices(ppm, range) returns the bins inside the range in either order, or an empty range", () => {
    const ppm = [5, 4, 3, 2, 1, 0];
    expect(ppmRangeIndices(ppm, [1, 3.5])).toEqual({ start: 2, end: 5 });
    expect(ppmRangeIndices(ppm, [3.5, 1])).toEqual({ start: 2, end: 5 });
    expect(ppmRangeIndices(ppm, [10, 20])).toEqual({ start: 0, end: 0 });
  });

  it("timeAxis(n, dwell) starts at 0", () => {
    expect(Array.from(timeAxis(3, 0.5))).toEqual([0, 0.5, 1]);
  });
});
