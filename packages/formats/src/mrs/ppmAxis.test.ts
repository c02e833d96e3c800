import { describe, expect, it } from "vitest";
import { frequencyAxisHz, ppmAxis } from "./ppmAxis";
import { peakPpm } from "./testing/peakPpm";

describe("frequencyAxisHz / ppmAxis", () => {
  it("frequencyAxisHz(points, dwell) matches numpy fftshift(fftfreq) for even and odd N", () => {
    // numpy: fftshift(fftfreq(4, 0.25)) = [-2, -1, 0, 1]; fftshift(fftfreq(5, 0.2)) = [-2, -1, 0, 1, 2]
    expect(Array.from(frequencyAxisHz(4, 0.25))).toEqual([-2, -1, 0, 1]);
    expect(Array.from(frequencyAxisHz(5, 0.2))).toEqual([-2, -1, 0, 1, 2]);
  });

  it("ppmAxis(points, dwell, f0) is 4.65 at the centre bin and descends", () => {
    const ppm = ppmAxis(1024, 5e-4, 127.75);
    expect(ppm[512]).toBe(4.65);
    expect(ppm[0]).toBeCloseTo(4.65 + 1000 / 127.75, 12);
    expect(ppm[1]! < ppm[0]!).toBe(true);
    expect(ppmAxis(8, 1e-3, 100, 0)[4]).toBe(0);
  });

  it("ppmAxis(points, dwell, f0) places a synthetic 2.01 ppm line at 2.01 ppm", () => {
    // A line at ppm p has offset f = (4.65 − p)·F0 Hz, FID e^{+2πi f t} (numpy FFT sign).
    const [n, dwell, f0] = [2048, 2.5e-4, 123.2];
    const f = (4.65 - 2.01) * f0;
    const fid = new Float64Array(2 * n);
    for (let t = 0; t < n; t++) {
      const decay = Math.exp(-t * dwell * 10);
      fid[2 * t] = decay * Math.cos(2 * Math.PI * f * t * dwell);
      fid[2 * t + 1] = decay * Math.sin(2 * Math.PI * f * t * dwell);
    }
    const binPpm = 1 / (n * dwell) / f0;
    expect(Math.abs(peakPpm(fid, dwell, f0, 0, 4.6) - 2.01)).toBeLessThanOrEqual(binPpm / 2);
  });

  it("ppmAxis(points, dwell, f0) rejects a non-positive F0, dwell or length", () => {
    expect(() => ppmAxis(8, 1e-3, 0)).toThrow(RangeError);
    expect(() => ppmAxis(8, 0, 100)).toThrow(RangeError);
    expect(() => ppmAxis(0, 1e-3, 100)).toThrow(RangeError);
  });
});
