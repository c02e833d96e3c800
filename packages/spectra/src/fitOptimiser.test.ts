import { describe, expect, it } from "vitest";
import { brainTruth, readBasis3T } from "../test/referenceBasis";
import { FitModel } from "./fitModel";
import { fromVector, levenbergMarquardt, startGrid, wrapPhase } from "./fitOptimiser";
import { simulateFid } from "./simulate";

describe("fit optimiser", () => {
  const basis = readBasis3T();
  const names = ["NAA", "Cr", "PCr", "GPC", "Glu", "Ins"];
  const members = names.map((m) => basis.fids[basis.names.indexOf(m)] as Float64Array);
  const sub = { ...basis, names, fids: members };
  const truth = {
    ...brainTruth(sub),
    groups: names.map(() => 0),
    gammaPerS: [12],
    sigmaPerS: [15],
    shiftHz: 4,
    phi0Rad: 1.1,
  };
  const fid = simulateFid(sub as typeof basis, truth).fid;
  const model = new FitModel(fid, {
    ppmRange: [0.2, 4.2],
    baselineOrder: 2,
    baselineLambda: 0,
    members,
    groupOf: names.map(() => 0),
    groups: 1,
    freePhase: names.map(() => false),
    fitPhi1: false,
    decimate: false,
    dwellS: basis.dwellS,
    centreMHz: basis.centreMHz,
  });
  const bounds = {
    lower: Float64Array.from([0, 0, -20, Number.NEGATIVE_INFINITY]),
    upper: Float64Array.from([100, 1e4, 20, Number.POSITIVE_INFINITY]),
  };

  it("wrapPhase(φ) maps into (−π, π] and fromVector clamps into the bounds", () => {
    expect(wrapPhase(3 * Math.PI)).toBeCloseTo(Math.PI, 12);
    expect(wrapPhase(-Math.PI)).toBeCloseTo(Math.PI, 12);
    const th = fromVector(model, Float64Array.from([-5, 2e4, 30, 0.4]), bounds);
    expect([th.gamma[0], th.s[0], th.eps, th.phi0]).toEqual([0, 1e4, 20, 0.4]);
  });

  it("startGrid(...) finds the shift within a bin and φ0 within 0.2 rad; levenbergMarquardt(...) converges on the truth", () => {
    const start = { gamma: Float64Array.from([10]), s: Float64Array.from([150]), eps: 0, phi0: 0, phi1: 0 };
    const g = startGrid(model, start, 15);
    const df = 1 / (basis.points * basis.dwellS);
    expect(Math.abs(g.eps - 4)).toBeLessThanOrEqual(df);
    expect(Math.abs(wrapPhase(g.phi0 - 1.1))).toBeLessThan(0.2);
    const r = levenbergMarquardt(model, { ...start, eps: g.eps, phi0: g.phi0 }, bounds, 100);
    expect(r.converged).toBe(true);
    expect(r.evaluation.theta.eps).toBeCloseTo(4, 5);
    expect(r.evaluation.theta.gamma[0]).toBeCloseTo(12, 3);
    expect(Math.sqrt(r.evaluation.theta.s[0] ?? 0)).toBeCloseTo(15, 3);
  });
});
