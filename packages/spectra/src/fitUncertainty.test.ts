import { describe, expect, it } from "vitest";
import { readBasis3T } from "../test/referenceBasis";
import { FitModel } from "./fitModel";
import { fitCovariance, quadForm, sdOrNull } from "./fitUncertainty";
import { simulateFid } from "./simulate";

describe("fitCovariance", () => {
  it("quadForm and sdOrNull follow their definitions", () => {
    const cov = Float64Array.from([4, 1, 1, 9]);
    expect(quadForm(cov, Float64Array.from([1, 1]), Float64Array.from([1, 1]), 2)).toBe(15);
    expect(sdOrNull(16)).toBe(4);
    expect(sdOrNull(-1)).toBeNull();
    expect(sdOrNull(Number.NaN)).toBeNull();
  });

  it("fitCovariance(one member, no baseline) gives σ²/‖a‖² plus the loss from the correlated non-linear parameters, and a complex member's modulus", () => {
    const basis = readBasis3T();
    const naa = basis.fids[basis.names.indexOf("NAA")] as Float64Array;
    const sub = { ...basis, names: ["NAA"], fids: [naa] };
    const fid = simulateFid(sub as typeof basis, {
      amplitudes: [3],
      gammaPerS: [10],
      sigmaPerS: [10],
      shiftHz: 0,
      phi0Rad: 0,
      phi1S: 0,
    }).fid;
    const cfg = {
      ppmRange: [0.2, 4.2] as const,
      baselineOrder: -1,
      baselineLambda: 0,
      members: [naa],
      groupOf: [0],
      groups: 1,
      freePhase: [false],
      fitPhi1: false,
      decimate: false,
      dwellS: basis.dwellS,
      centreMHz: basis.centreMHz,
    };
    const model = new FitModel(fid, cfg);
    const th = { gamma: Float64Array.from([10]), s: Float64Array.from([100]), eps: 0, phi0: 0, phi1: 0 };
    const ev = model.evaluate(th);
    const cov = fitCovariance(model, ev, 1, () => 1);
    const a = ev.a[0] as Float64Array;
    let aa = 0;
    for (const v of a) aa += v * v;
    expect(cov.amplitudes[0]).toBeCloseTo(3 / model.scale, 6);
    // The amplitude is correlated with the widths, so its variance is at least 1/‖a‖².
    expect(cov.amplitudeCovariance[0]).toBeGreaterThanOrEqual(1 / aa - 1e-12);
    const free = new FitModel(fid, { ...cfg, freePhase: [true] });
    const evf = free.evaluate(th);
    const covf = fitCovariance(free, evf, 1, () => 1);
    expect(covf.amplitudes[0]).toBeCloseTo(3 / model.scale, 6);
  });
});
