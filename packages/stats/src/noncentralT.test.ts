// Reference values from SciPy 1.17.1 (scipy.stats.nct.cdf, Boost's noncentral t), computed
// independently of this code; the CIs by scipy.optimize.brentq on nct.cdf (xtol 1e-14).
import { describe, expect, it } from "vitest";
import { tTwoSidedP } from "./distributions";
import { noncentralityCi, noncentralTCdf } from "./noncentralT";

describe("noncentralTCdf", () => {
  it.each([
    [1.5, 10, 0.5, 0.8196538798602222],
    [-2.0, 22, -1.0, 0.17459139151098668],
    [3.1, 11, 2.5, 0.669704315532567],
    [0.4, 5, -0.7, 0.8582623131258721],
    [8.0, 24, 7.0, 0.7241144201625214],
  ])("noncentralTCdf(%d, %d, %d) equals SciPy's nct.cdf", (t, df, delta, expected) => {
    expect(noncentralTCdf(t, df, delta)).toBeCloseTo(expected, 11);
  });

  it("noncentralTCdf(t, df, 0) is the central t CDF", () => {
    expect(noncentralTCdf(-2.2, 9, 0)).toBeCloseTo(tTwoSidedP(-2.2, 9) / 2, 12);
  });

  it("noncentralTCdf(t, 0, delta) is NaN", () => {
    expect(noncentralTCdf(1, 0, 1)).toBeNaN();
  });
});

describe("noncentralityCi", () => {
  it.each([
    [3.12, 10, 0.6888195778313408, 5.44738727936184],
    [-2.41, 22, -4.469739495339409, -0.30194215902806026],
    [0.5, 11, -1.481903427612019, 2.459709339351667],
  ])("noncentralityCi(%d, %d) equals the inversion of SciPy's nct.cdf", (t, df, lo, hi) => {
    const ci = noncentralityCi(t, df);
    expect(ci[0]).toBeCloseTo(lo, 8);
    expect(ci[1]).toBeCloseTo(hi, 8);
  });

  it("noncentralityCi(t, df) flips with the sign of t", () => {
    const [lo, hi] = noncentralityCi(1.7, 15);
    const [nlo, nhi] = noncentralityCi(-1.7, 15);
    expect(nlo).toBeCloseTo(-hi, 8);
    expect(nhi).toBeCloseTo(-lo, 8);
  });
});
