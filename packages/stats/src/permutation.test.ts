import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CrossoverPair,
  hillsArmitageStatistic,
  meanDifferencePermutationTest,
  meanDifferenceStatistic,
  signFlipPermutationTest,
} from "./permutation";
import { DEFAULT_SEED, randomMersenneTwister } from "./random";
import { pooledTTest } from "./ttest";

const realDiffs = fc.array(
  fc.double({ min: -10, max: 10, noNaN: true }).map((v) => Math.round(v * 1000) / 1000),
  { minLength: 1, maxLength: 12 },
);

describe("signFlipPermutationTest", () => {
  it("signFlipPermutationTest(3, mean of [1, 2, 3]) gives the exact p 2/8", () => {
    const res = signFlipPermutationTest(3, meanDifferenceStatistic([1, 2, 3]), { B: 0 });
    expect(res.observed).toBe(2);
    expect(res.exact).toEqual({ count: 2, total: 8, p: 0.25, method: "enumeration" });
    expect(res.pMonteCarlo).toBeNaN();
    expect(res.pMonteCarloPlus1).toBeNaN();
  });

  it("signFlipPermutationTest(n, statistic) is reproducible for a seed and records it", () => {
    const stat = meanDifferenceStatistic([0.5, -1, 2, 3, 1.5, -0.25, 4]);
    const a = signFlipPermutationTest(7, stat, { B: 500, random: randomMersenneTwister(99) });
    const b = signFlipPermutationTest(7, stat, { B: 500, random: randomMersenneTwister(99) });
    expect(a).toEqual(b);
    expect(a.seed).toBe(99);
    expect(signFlipPermutationTest(7, stat, { B: 10 }).seed).toBe(DEFAULT_SEED);
    expect(a.pMonteCarloPlus1).toBe((a.count + 1) / (a.nValid + 1));
  });

  it("signFlipPermutationTest(n, statistic) Monte Carlo p is within 4 SE of the exact p", () => {
    const d = [2.1, -0.4, 1.3, 0.8, -1.1, 2.6, 0.2, 1.9, -0.3, 1.2, 0.7, -0.9];
    const B = 20_000;
    const res = signFlipPermutationTest(d.length, meanDifferenceStatistic(d), {
      B,
      random: randomMersenneTwister(3),
    });
    const p = res.exact!.p;
    expect(Math.abs(res.pMonteCarlo - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / B));
  });

  it("signFlipPermutationTest(n, statistic) leaves NaN permutations out of the count and the total", () => {
    // Two subjects in opposite sequences: swapping exactly one empties a sequence.
    const pairs: CrossoverPair[] = [
      { a: 5, b: 1, aFirst: true },
      { a: 4, b: 2, aFirst: false },
    ];
    const res = signFlipPermutationTest(2, hillsArmitageStatistic(pairs), {
      B: 200,
      random: randomMersenneTwister(5),
    });
    expect(res.exact!.total).toBe(2);
    expect(res.exact!.p).toBe(1);
    expect(res.nValid).toBeLessThan(200);
    expect(res.nValid).toBeGreaterThan(50);
    expect(res.pMonteCarlo).toBe(1);
  });

  it("signFlipPermutationTest(n, statistic) gives no exact p above maxExactN", () => {
    const res = signFlipPermutationTest(5, meanDifferenceStatistic([1, 2, 3, 4, 5]), { B: 10, maxExactN: 4 });
    expect(res.exact).toBeNull();
  });

  it("signFlipPermutationTest(n, statistic) rejects n < 1, a bad B, maxExactN > 30 or a NaN observed statistic", () => {
    const stat = meanDifferenceStatistic([1]);
    expect(() => signFlipPermutationTest(0, stat)).toThrow(RangeError);
    expect(() => signFlipPermutationTest(1, stat, { B: -1 })).toThrow(RangeError);
    expect(() => signFlipPermutationTest(1, stat, { B: 1.5 })).toThrow(RangeError);
    expect(() => signFlipPermutationTest(1, stat, { maxExactN: 31 })).toThrow(RangeError);
    expect(() => signFlipPermutationTest(1, () => Number.NaN)).toThrow(RangeError);
  });
});

describe("meanDifferencePermutationTest", () => {
  it("meanDifferencePermutationTest(d) exact p (meet-in-the-middle) equals full enumeration", () => {
    fc.assert(
      fc.property(realDiffs, (d) => {
        const mitm = meanDifferencePermutationTest(d, { B: 0 });
        const full = signFlipPermutationTest(d.length, meanDifferenceStatistic(d), { B: 0 });
        expect(mitm.exact!.method).toBe("meet-in-the-middle");
        expect(mitm.exact!.count).toBe(full.exact!.count);
        expect(mitm.exact!.total).toBe(full.exact!.total);
      }),
      { numRuns: 200 },
    );
  });

  it("meanDifferencePermutationTest(−d) flips the observed sign and keeps every p (swapping labels)", () => {
    fc.assert(
      fc.property(realDiffs, (d) => {
        const a = meanDifferencePermutationTest(d, { B: 200, random: randomMersenneTwister(11) });
        const b = meanDifferencePermutationTest(
          d.map((v) => -v),
          { B: 200, random: randomMersenneTwister(11) },
        );
        expect(b.observed === -a.observed).toBe(true);
        expect(b.exact!.p).toBe(a.exact!.p);
        expect(b.count).toBe(a.count);
      }),
      { numRuns: 50 },
    );
  });

  it("meanDifferencePermutationTest(c·d) has the same exact p for c > 0", () => {
    fc.assert(
      fc.property(realDiffs, fc.integer({ min: 1, max: 50 }), (d, c) => {
        const a = meanDifferencePermutationTest(d, { B: 0 });
        const b = meanDifferencePermutationTest(
          d.map((v) => v * c),
          { B: 0 },
        );
        expect(b.exact!.p).toBe(a.exact!.p);
      }),
      { numRuns: 50 },
    );
  });

  it("meanDifferencePermutationTest(d) with all differences 0 gives p = 1", () => {
    const res = meanDifferencePermutationTest([0, 0, 0], { B: 100 });
    expect(res.exact!.p).toBe(1);
    expect(res.pMonteCarlo).toBe(1);
  });

  it("meanDifferencePermutationTest(d) handles n = 40 exactly (2^40 assignments)", () => {
    const d = Array.from({ length: 40 }, (_, i) => ((i * 37) % 11) - 4);
    const res = meanDifferencePermutationTest(d, { B: 2000, random: randomMersenneTwister(8) });
    expect(res.exact!.total).toBe(2 ** 40);
    const p = res.exact!.p;
    expect(Math.abs(res.pMonteCarlo - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / 2000) + 1e-12);
  });

  it("meanDifferencePermutationTest(d) rejects non-finite differences", () => {
    expect(() => meanDifferencePermutationTest([1, Number.NaN])).toThrow(RangeError);
  });
});

describe("hillsArmitageStatistic", () => {
  const pairs: CrossoverPair[] = [
    { a: 10, b: 7, aFirst: true },
    { a: 8, b: 8, aFirst: true },
    { a: 12, b: 6, aFirst: true },
    { a: 9, b: 5, aFirst: false },
    { a: 7, b: 6, aFirst: false },
  ];

  it("hillsArmitageStatistic(pairs)(all +1) is half the pooled t-test difference of period differences", () => {
    const p1 = pairs.filter((p) => p.aFirst).map((p) => p.a - p.b);
    const p2 = pairs.filter((p) => !p.aFirst).map((p) => p.b - p.a);
    const expected = pooledTTest(p1, p2).estimate / 2;
    expect(hillsArmitageStatistic(pairs)([1, 1, 1, 1, 1])).toBeCloseTo(expected, 14);
  });

  it("hillsArmitageStatistic(pairs) flips sign when every label is swapped, and is NaN for an empty sequence", () => {
    const stat = hillsArmitageStatistic(pairs);
    expect(stat([-1, -1, -1, -1, -1])).toBeCloseTo(-stat([1, 1, 1, 1, 1]), 14);
    expect(stat([1, 1, 1, -1, -1])).toBeNaN();
  });

  it("hillsArmitageStatistic(pairs) is unchanged by adding a constant to a subject's two outcomes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.constantFrom(1, -1), { minLength: 5, maxLength: 5 }),
        (shift, signs) => {
          const shifted = pairs.map((p, i) => ({ ...p, a: p.a + shift[i]!, b: p.b + shift[i]! }));
          const a = hillsArmitageStatistic(pairs)(signs);
          const b = hillsArmitageStatistic(shifted)(signs);
          if (Number.isNaN(a)) expect(b).toBeNaN();
          else expect(b).toBeCloseTo(a, 12);
        },
      ),
    );
  });
});
