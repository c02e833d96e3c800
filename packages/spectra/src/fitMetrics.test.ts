import { describe, expect, it } from "vitest";
import {
  assessFit,
  combinationsAndRatios,
  DEFAULT_QUALITY_THRESHOLDS,
  type QualityInputs,
} from "./fitMetrics";

const good: QualityInputs = {
  residualSd: 1.1,
  noiseSd: 1,
  snr: 60,
  signalToNoise: 60,
  waterToNaa: 20,
  metaboliteFraction: 0.8,
  atBound: [],
  phi0Rad: 0.2,
  phi1AtBound: false,
  shiftPpm: 0.02,
  converged: true,
};
const codes = (q: Partial<QualityInputs>) => assessFit({ ...good, ...q }).problems.map((p) => p.code);

describe("assessFit", () => {
  it("assessFit(a good fit) names no problem and reports the residual-to-noise ratio", () => {
    const q = assessFit(good);
    expect(q.problems).toEqual([]);
    expect(q.residualToNoise).toBeCloseTo(1.1, 12);
  });

  it("assessFit(...) names each problem by its code, with a message", () => {
    expect(codes({ residualSd: 2.5 })).toEqual(["residual-high"]);
    expect(codes({ signalToNoise: 2, snr: 1 })).toEqual(["no-signal"]);
    expect(codes({ metaboliteFraction: 0.001 })).toEqual(["no-signal"]);
    expect(codes({ waterToNaa: 5000 })).toEqual(["water-dominant"]);
    expect(codes({ snr: 7 })).toEqual(["snr-low"]);
    expect(codes({ atBound: ["frequency shift"] })).toEqual(["param-at-bound"]);
    expect(codes({ phi1AtBound: true })).toEqual(["phase-implausible"]);
    expect(codes({ shiftPpm: 0.3 })).toEqual(["shift-implausible"]);
    expect(codes({ converged: false })).toEqual(["not-converged"]);
    expect(assessFit({ ...good, residualSd: 3 }).problems[0]?.message).toMatch(/3\.00× the noise SD/);
    expect(DEFAULT_QUALITY_THRESHOLDS.maxResidualToNoise).toBe(2);
  });
});

describe("combinationsAndRatios", () => {
  it("combinationsAndRatios(...) sums members with 1ᵀΣ1 and forms delta-method ratio SDs", () => {
    const names = ["NAA", "NAAG", "Glu"];
    const amp = Float64Array.from([10, 2, 6]);
    const cov = Float64Array.from([1, 0.5, 0, 0.5, 0.25, 0, 0, 0, 0.36]);
    const { combinations, ratios } = combinationsAndRatios(names, amp, cov, { tNAA: ["NAA", "NAAG"] }, [
      "tNAA",
    ]);
    expect(combinations[0]?.amplitude).toBe(12);
    expect(combinations[0]?.crlb).toBeCloseTo(Math.sqrt(1 + 0.25 + 2 * 0.5), 12);
    const glu = ratios.find((r) => r.name === "Glu/tNAA");
    expect(glu?.value).toBeCloseTo(0.5, 12);
    // var = (vX − 2q·cXY + q²·vY)/Y², cXY = 0, vY = 2.25
    expect(glu?.sd).toBeCloseTo(Math.sqrt((0.36 + 0.25 * 2.25) / 144), 12);
  });
});
