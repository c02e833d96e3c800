import { describe, expect, it } from "vitest";
import { eddyCurrentCorrect } from "./eddyCurrent";

/** A damped complex exponential at f Hz, with an extra time-dependent phase φ(t). */
function line(n: number, dt: number, f: number, amp: number, phase: (t: number) => number): Float64Array {
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const t = k * dt;
    const ph = 2 * Math.PI * f * t + phase(t);
    const a = amp * Math.exp(-t / 0.08);
    out[2 * k] = a * Math.cos(ph);
    out[2 * k + 1] = a * Math.sin(ph);
  }
  return out;
}

describe("eddyCurrentCorrect", () => {
  const n = 1024;
  const dt = 1 / 3000;
  const ec = (t: number) => 1.2 * Math.exp(-t / 0.01);

  it("eddyCurrentCorrect(fid, water) removes an eddy-current phase shared with the water reference", () => {
    const water = line(n, dt, 0, 1000, ec);
    const naa = line(n, dt, -325, 3, ec);
    const truth = line(n, dt, -325, 3, () => 0);
    const corrected = eddyCurrentCorrect(naa, water);
    let err = 0;
    let ref = 0;
    for (let k = 0; k < corrected.length; k++) {
      err += ((corrected[k] ?? 0) - (truth[k] ?? 0)) ** 2;
      ref += (truth[k] ?? 0) ** 2;
    }
    expect(Math.sqrt(err / ref)).toBeLessThan(1e-9);
    const waterCorrected = eddyCurrentCorrect(water, water);
    expect(Math.abs(waterCorrected[11] ?? 1)).toBeLessThan(1e-9);
  });

  it("eddyCurrentCorrect(fid, water) keeps the last reliable phase where the water has decayed", () => {
    const water = line(n, dt, 0, 1000, ec).map((v, k) => (k > 200 ? 0 : v));
    const fid = line(n, dt, 10, 1, () => 0);
    const out = eddyCurrentCorrect(fid, water);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  it("eddyCurrentCorrect(fid, water) refuses FIDs of different lengths", () => {
    expect(() => eddyCurrentCorrect(new Float64Array(4), new Float64Array(6))).toThrow(RangeError);
  });
});
