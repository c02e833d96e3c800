import { describe, expect, it } from "vitest";
import { frequencyAxisHz } from "./axes";
import { spectrumOf } from "./fft";
import { peakFwhmHz } from "./fwhm";

function lorentzFid(n: number, dwell: number, nu: number, fwhmHz: number): Float64Array {
  const fid = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const t = k * dwell;
    const e = Math.exp(-Math.PI * fwhmHz * t);
    fid[2 * k] = e * Math.cos(2 * Math.PI * nu * t);
    fid[2 * k + 1] = e * Math.sin(2 * Math.PI * nu * t);
  }
  return fid;
}

describe("peakFwhmHz", () => {
  it("peakFwhmHz(spectrum of a 6 Hz Lorentzian) is 6 Hz", () => {
    const n = 16384;
    const dwell = 1.6667e-4;
    const s = spectrumOf(lorentzFid(n, dwell, 300, 6));
    const w = peakFwhmHz(s, frequencyAxisHz(n, dwell), 0, n);
    expect(w).toBeCloseTo(6, 1);
  });

  it("peakFwhmHz(...) is null for an empty window or a non-positive peak", () => {
    const s = new Float64Array(20);
    expect(peakFwhmHz(s, frequencyAxisHz(10, 1e-3), 0, 10)).toBeNull();
    expect(peakFwhmHz(s, frequencyAxisHz(10, 1e-3), 3, 3)).toBeNull();
  });
});
