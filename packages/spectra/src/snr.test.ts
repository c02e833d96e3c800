import { describe, expect, it } from "vitest";
import { ppmAxis } from "./axes";
import { fft } from "./fft";
import { gaussianSource, seededRandom } from "./random";
import { fidTailNoiseSd, noiseSd, peakHeight } from "./snr";

describe("noiseSd and peakHeight", () => {
  it("noiseSd(FFT of white noise σ) is σ·√N in the noise region", () => {
    const n = 2048;
    const g = gaussianSource(seededRandom(11));
    const fid = Float64Array.from({ length: 2 * n }, () => 0.5 * g());
    const s = fft(fid);
    const sd = noiseSd(s, ppmAxis(n, 1.6667e-4, 123), [-10, -0.5]);
    expect(sd / (0.5 * Math.sqrt(n))).toBeGreaterThan(0.9);
    expect(sd / (0.5 * Math.sqrt(n))).toBeLessThan(1.1);
  });

  it("noiseSd(straight line) is 0 (detrended)", () => {
    const ppm = Array.from({ length: 50 }, (_, k) => -k / 10);
    const s = new Float64Array(100);
    for (let k = 0; k < 50; k++) s[2 * k] = 3 + 0.2 * k;
    expect(noiseSd(s, ppm, [-5, 0])).toBeLessThan(1e-12);
  });

  it("noiseSd(...) throws when fewer than 8 bins are in the region", () => {
    expect(() => noiseSd(new Float64Array(20), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [-3, -1])).toThrow(
      /only 0 bins/,
    );
  });

  it("peakHeight(spectrum, ppm, window) is the largest real part in the window, NaN when empty", () => {
    const s = Float64Array.from([1, 0, 5, 9, 3, 0, 7, 0]);
    expect(peakHeight(s, [2.2, 2.0, 1.95, 1.5], [1.9, 2.1])).toBe(5);
    expect(peakHeight(s, [2.2, 2.0, 1.95, 1.5], [5, 6])).toBeNaN();
  });
});

describe("fidTailNoiseSd", () => {
  it("fidTailNoiseSd(white noise of SD σ) ≈ σ·√N, also with a corrupted end of the FID", () => {
    const g = gaussianSource(seededRandom(11));
    const n = 2048;
    const fid = Float64Array.from({ length: 2 * n }, () => 2 * g());
    expect(fidTailNoiseSd(fid) / (2 * Math.sqrt(n))).toBeGreaterThan(0.85);
    expect(fidTailNoiseSd(fid) / (2 * Math.sqrt(n))).toBeLessThan(1.05);
    for (let k = n - 40; k < n; k++) fid[2 * k] = (fid[2 * k] ?? 0) + 1000 * (-1) ** k * 1.2 ** (k - n);
    expect(fidTailNoiseSd(fid) / (2 * Math.sqrt(n))).toBeLessThan(1.1);
  });
});
