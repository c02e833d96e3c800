import { describe, expect, it } from "vitest";
import { coilWeights, combineCoils } from "./combineCoils";
import { seededRandom } from "./random";
import { addComplexNoise } from "./simulate";

const n = 1024;
const dwell = 2.5e-4;
function fid(amp: number, phase: number): Float64Array {
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const t = k * dwell;
    const e = amp * Math.exp(-t * 30);
    out[2 * k] = e * Math.cos(2 * Math.PI * 50 * t + phase);
    out[2 * k + 1] = e * Math.sin(2 * Math.PI * 50 * t + phase);
  }
  return out;
}

describe("coilWeights and combineCoils", () => {
  it("combineCoils(coils, coilWeights(coils)) phases every coil to the same real first point", () => {
    const random = seededRandom(1);
    const coils = [fid(1, 0.3), fid(0.5, -2), fid(0.2, 1.4)].map((c) => addComplexNoise(c, 0.01, random));
    const w = coilWeights(coils);
    const out = combineCoils(coils, w);
    expect(Math.abs(Math.atan2(out[1] ?? 0, out[0] ?? 0))).toBeLessThan(0.02);
    let sumAbs = 0;
    for (let c = 0; c < 3; c++) sumAbs += Math.hypot(w[2 * c] ?? 0, w[2 * c + 1] ?? 0);
    expect(sumAbs).toBeCloseTo(1, 12);
  });

  it("combineCoils(...) gives a higher SNR than the best single coil (signal-to-noise² weighting)", () => {
    const random = seededRandom(2);
    const amps = [1, 0.6, 0.3, 0.1];
    const clean = amps.map((a, c) => fid(a, c));
    const noisy = clean.map((c) => addComplexNoise(c, 0.05, random));
    const w = coilWeights(noisy);
    const combinedSignal = combineCoils(clean, w);
    const combinedNoise = combineCoils(
      noisy.map((c, i) => c.map((v, k) => v - (clean[i]?.[k] ?? 0))),
      w,
    );
    const rms = (x: Float64Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    const snrCombined = Math.hypot(combinedSignal[0] ?? 0, combinedSignal[1] ?? 0) / rms(combinedNoise);
    const snrBest = 1 / 0.05;
    const ideal = Math.sqrt(amps.reduce((s, a) => s + a * a, 0)) / 0.05;
    expect(snrCombined).toBeGreaterThan(snrBest);
    expect(snrCombined / ideal).toBeGreaterThan(0.9);
  });

  it("coilWeights([one coil]) is a pure phase; empty or mismatched inputs throw", () => {
    const w = coilWeights([fid(2, 0.7)]);
    expect(Math.hypot(w[0] ?? 0, w[1] ?? 0)).toBeCloseTo(1, 6);
    expect(() => coilWeights([])).toThrow(/no coils/);
    expect(() => combineCoils([fid(1, 0)], new Float64Array(4))).toThrow(/1 coils but 2 weights/);
    expect(() => coilWeights([fid(1, 0), new Float64Array(10)])).toThrow(/differ in length/);
  });
});
