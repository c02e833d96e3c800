import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  attenuation,
  attenuationBootstrap,
  bcaInterval,
  bootstrapSubjects,
  quantileSorted,
} from "./bootstrap";
import { DEFAULT_SEED, randomMersenneTwister } from "./random";

describe("quantileSorted", () => {
  it("quantileSorted(x, p) is R's type-7 quantile", () => {
    // R: quantile(c(1, 2, 3, 4, 10), c(0, 0.3, 0.5, 1)) = 1, 2.2, 3, 10
    expect([0, 0.3, 0.5, 1].map((p) => quantileSorted([1, 2, 3, 4, 10], p))).toEqual([1, 2.2, 3, 10]);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

describe("bcaInterval", () => {
  // Hand computation (NumPy/SciPy 1.17.1) of Efron & Tibshirani 1993 eqs. 14.10, 14.14, 14.15.
  const replicates = [1.0, 1.5, 1.8, 2.2, 2.5, 2.6, 3.0, 3.4, 1.2, 2.9];
  const jackknife = [1.9, 2.1, 2.3, 1.7, 2.05];

  it("bcaInterval(estimate, replicates, jackknife) follows Efron & Tibshirani eqs. 14.10–14.15", () => {
    const res = bcaInterval(2.0, replicates, jackknife, 0.9)!;
    expect(res.z0).toBeCloseTo(-0.2533471031357997, 12);
    expect(res.acceleration).toBeCloseTo(0.010904559848888612, 14);
    expect(res.quantileLevels[0]).toBeCloseTo(0.017298086560415746, 12);
    expect(res.quantileLevels[1]).toBeCloseTo(0.87689397364173, 12);
    expect(res.ci[0]).toBeCloseTo(1.0311365558087484, 12);
    expect(res.ci[1]).toBeCloseTo(2.989204576277557, 12);
  });

  it("bcaInterval(estimate, replicates, jackknife) reduces to the percentile levels when z0 = a = 0", () => {
    const res = bcaInterval(2.5, [1, 2, 3, 4], [5, 5, 5], 0.9)!;
    expect(res.z0).toBe(0);
    expect(res.acceleration).toBe(0);
    expect(res.quantileLevels[0]).toBeCloseTo(0.05, 14);
    expect(res.quantileLevels[1]).toBeCloseTo(0.95, 14);
  });

  it("bcaInterval(estimate, replicates, jackknife) is null when all replicates lie on one side or are not finite", () => {
    expect(bcaInterval(0, [1, 2, 3], [1, 2])).toBeNull();
    expect(bcaInterval(5, [1, 2, 3], [1, 2])).toBeNull();
    expect(bcaInterval(2, [1, Number.NaN, 3], [1, 2])).toBeNull();
  });
});

describe("bootstrapSubjects", () => {
  const values = [3.1, 4.7, 2.2, 5.9, 4.4, 3.8, 6.3, 2.9, 4.1, 5.2];
  const meanOf = (indices: readonly number[]) => indices.reduce((s, i) => s + values[i]!, 0) / indices.length;

  it("bootstrapSubjects(n, statistic) draws indices as R's sample.int(n, n*B, replace = TRUE), column by column", () => {
    const seen: number[][] = [];
    bootstrapSubjects(
      10,
      (indices) => {
        seen.push([...indices]);
        return 0;
      },
      { B: 2, random: randomMersenneTwister(123) },
    );
    const r = randomMersenneTwister(123);
    const draws = Array.from({ length: 20 }, () => r.integer(10));
    // seen[0] is the full sample, seen[1..2] the replicates, then the jackknife.
    expect(seen[1]).toEqual(draws.filter((_, k) => k % 2 === 0));
    expect(seen[2]).toEqual(draws.filter((_, k) => k % 2 === 1));
    expect(seen[3]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("bootstrapSubjects(n, mean) gives intervals around the mean, reproducibly for a seed", () => {
    const a = bootstrapSubjects(values.length, meanOf, { B: 4000, random: randomMersenneTwister(17) });
    const b = bootstrapSubjects(values.length, meanOf, { B: 4000, random: randomMersenneTwister(17) });
    expect(a).toEqual(b);
    expect(a.seed).toBe(17);
    expect(a.estimate).toBeCloseTo(4.26, 14);
    expect(a.percentile[0]).toBeLessThan(a.estimate);
    expect(a.percentile[1]).toBeGreaterThan(a.estimate);
    expect(a.bca!.ci[0]).toBeLessThan(a.estimate);
    expect(a.bca!.ci[1]).toBeGreaterThan(a.estimate);
    // Bootstrap SE of a mean ≈ sd·√((n − 1)/n)/√n = 0.3874.
    expect(a.se).toBeGreaterThan(0.35);
    expect(a.se).toBeLessThan(0.43);
    expect(Math.abs(a.bias)).toBeLessThan(0.03);
    expect(bootstrapSubjects(values.length, meanOf, { B: 10 }).seed).toBe(DEFAULT_SEED);
  });

  it("bootstrapSubjects(n, statistic) leaves non-finite replicates out", () => {
    // Undefined when subject 0 is absent: about (9/10)^10 ≈ 35 % of replicates.
    const stat = (indices: readonly number[]) => (indices.includes(0) ? 1 + indices.length : Number.NaN);
    const res = bootstrapSubjects(10, stat, { B: 1000, random: randomMersenneTwister(2) });
    expect(res.nValid).toBeLessThan(750);
    expect(res.nValid).toBeGreaterThan(550);
    expect(res.percentile).toEqual([11, 11]);
    expect(res.bca).toBeNull();
  });

  it("bootstrapSubjects(n, statistic) rejects n < 2, B < 2 and a level outside (0, 1)", () => {
    expect(() => bootstrapSubjects(1, meanOf)).toThrow(RangeError);
    expect(() => bootstrapSubjects(5, meanOf, { B: 1 })).toThrow(RangeError);
    expect(() => bootstrapSubjects(5, meanOf, { level: 1 })).toThrow(RangeError);
  });
});

describe("attenuation", () => {
  it("attenuation(treated, control) is 1 − mean(treated)/mean(control)", () => {
    const res = attenuation([-6, -8], [-10, -12]);
    expect(res.meanTreated).toBe(-7);
    expect(res.meanControl).toBe(-11);
    expect(res.meanDifference).toBe(4);
    expect(res.attenuation).toBeCloseTo(4 / 11, 15);
    expect(attenuation([1], [0]).attenuation).toBe(Number.NEGATIVE_INFINITY);
    expect(() => attenuation([], [1])).toThrow(RangeError);
  });
});

describe("attenuationBootstrap", () => {
  const pairs = [
    { treated: -6, control: -11 },
    { treated: -17, control: -6 },
    { treated: -8, control: -2 },
    { treated: -6, control: -21 },
    { treated: -6, control: -18 },
    { treated: -11, control: -18 },
    { treated: -5, control: -11 },
    { treated: -2, control: -6 },
    { treated: -14, control: -6 },
    { treated: -7, control: -12 },
  ];

  it("attenuationBootstrap(pairs) estimates the raw attenuation and resamples whole subjects", () => {
    const res = attenuationBootstrap(pairs, { B: 2000, random: randomMersenneTwister(4) });
    const raw = attenuation(
      pairs.map((p) => p.treated),
      pairs.map((p) => p.control),
    );
    expect(res.attenuation).toBe(raw.attenuation);
    expect(res.bootstrap.estimate).toBeCloseTo(raw.attenuation, 14);
    expect(res.bootstrap.nValid).toBe(2000);
    expect(res.bootstrap.percentile[0]).toBeLessThan(raw.attenuation);
    expect(res.bootstrap.percentile[1]).toBeGreaterThan(raw.attenuation);
    expect(res.bootstrap.bca).not.toBeNull();
  });

  it("attenuationBootstrap(c·pairs) gives the same attenuation and intervals for c ≠ 0 (unit-free)", () => {
    fc.assert(
      fc.property(fc.constantFrom(-3, 0.5, 2, 10), (c) => {
        const a = attenuationBootstrap(pairs, { B: 300, random: randomMersenneTwister(6) });
        const b = attenuationBootstrap(
          pairs.map((p) => ({ treated: c * p.treated, control: c * p.control })),
          { B: 300, random: randomMersenneTwister(6) },
        );
        expect(b.attenuation).toBeCloseTo(a.attenuation, 12);
        expect(b.bootstrap.percentile[0]).toBeCloseTo(a.bootstrap.percentile[0], 12);
        expect(b.bootstrap.percentile[1]).toBeCloseTo(a.bootstrap.percentile[1], 12);
      }),
      { numRuns: 4 },
    );
  });

  it("attenuationBootstrap(pairs) is 0 when treated equals control for every subject", () => {
    const same = pairs.map((p) => ({ treated: p.control, control: p.control }));
    const res = attenuationBootstrap(same, { B: 200 });
    expect(res.attenuation).toBe(0);
    expect(res.bootstrap.percentile).toEqual([0, 0]);
  });

  it("attenuationBootstrap(pairs) rejects a missing response", () => {
    expect(() => attenuationBootstrap([...pairs, { treated: Number.NaN, control: 1 }])).toThrow(RangeError);
  });
});
