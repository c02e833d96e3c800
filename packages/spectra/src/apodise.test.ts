import { describe, expect, it } from "vitest";
import { apodise } from "./apodise";
import { frequencyAxisHz } from "./axes";
import { spectrumOf } from "./fft";
import { peakFwhmHz } from "./fwhm";

const n = 16384;
const dwell = 1.6667e-4;
function line(fwhmHz: number): Float64Array {
  const fid = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const t = k * dwell;
    fid[2 * k] = Math.exp(-Math.PI * fwhmHz * t) * Math.cos(2 * Math.PI * 100 * t);
    fid[2 * k + 1] = Math.exp(-Math.PI * fwhmHz * t) * Math.sin(2 * Math.PI * 100 * t);
  }
  return fid;
}
const width = (fid: Float64Array) =>
  peakFwhmHz(spectrumOf(fid), frequencyAxisHz(n, dwell), 0, n) ?? Number.NaN;

describe("apodise", () => {
  it("apodise(fid, dwell, {lorentzianHz: 3}) widens a 4 Hz Lorentzian to 7 Hz", () => {
    expect(width(apodise(line(4), dwell, { lorentzianHz: 3 }))).toBeCloseTo(7, 1);
  });

  it("apodise(pure sinusoid, dwell, {gaussianHz: 5}) gives a 5 Hz Gaussian line", () => {
    expect(width(apodise(line(0), dwell, { gaussianHz: 5 }))).toBeCloseTo(5, 1);
  });

  it("apodise(fid, dwell, {}) returns an equal copy", () => {
    const f = line(4);
    const g = apodise(f, dwell, {});
    expect(g).not.toBe(f);
    expect(Array.from(g)).toEqual(Array.from(f));
  });
});
