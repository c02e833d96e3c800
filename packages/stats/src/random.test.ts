import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SEED, MERSENNE_TWISTER_R, randomMersenneTwister } from "./random";

/** R's sample(1:n) (sample.kind = "Rejection"): partial Fisher–Yates with R_unif_index. */
function sampleWithoutReplacement(seed: number, n: number): number[] {
  const random = randomMersenneTwister(seed);
  const pool = Array.from({ length: n }, (_, i) => i + 1);
  const out: number[] = [];
  for (let left = n; left > 0; left--) {
    const j = random.integer(left);
    out.push(pool[j]!);
    pool[j] = pool[left - 1]!;
  }
  return out;
}

// Expected values are R 4.x output (default RNG kinds: Mersenne-Twister, Inversion, Rejection).
describe("randomMersenneTwister", () => {
  it("randomMersenneTwister(42).uniform() reproduces R set.seed(42); runif(3)", () => {
    const r = randomMersenneTwister(42);
    const u = [r.uniform(), r.uniform(), r.uniform()];
    expect(u[0]).toBeCloseTo(0.914806043496355, 14);
    expect(u[1]).toBeCloseTo(0.937075413297862, 14);
    expect(u[2]).toBeCloseTo(0.286139534786344, 14);
  });

  it("randomMersenneTwister(1) and (123) reproduce R runif(2)", () => {
    const r1 = randomMersenneTwister(1);
    expect(r1.uniform()).toBeCloseTo(0.2655086631421, 12);
    expect(r1.uniform()).toBeCloseTo(0.37212389963679, 12);
    const r2 = randomMersenneTwister(123);
    expect(r2.uniform()).toBeCloseTo(0.287577520124614, 14);
    expect(r2.uniform()).toBeCloseTo(0.788305135443807, 14);
  });

  it("randomMersenneTwister(seed).integer(n) reproduces R sample(1:10) and sample(1:10, 5, replace = TRUE)", () => {
    expect(sampleWithoutReplacement(123, 10)).toEqual([3, 10, 2, 8, 6, 9, 1, 7, 5, 4]);
    expect(sampleWithoutReplacement(42, 10)).toEqual([1, 5, 10, 8, 2, 4, 6, 9, 7, 3]);
    const r = randomMersenneTwister(123);
    expect(Array.from({ length: 5 }, () => r.integer(10) + 1)).toEqual([3, 3, 10, 2, 6]);
  });

  it("randomMersenneTwister() uses DEFAULT_SEED and records the algorithm", () => {
    const r = randomMersenneTwister();
    expect(r.seed).toBe(DEFAULT_SEED);
    expect(r.algorithm).toBe(MERSENNE_TWISTER_R);
    expect(r.uniform()).toBe(randomMersenneTwister(DEFAULT_SEED).uniform());
  });

  it("randomMersenneTwister(seed) gives the same stream for the same seed and another for another seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483647, max: 2147483647 }), (seed) => {
        const a = randomMersenneTwister(seed);
        const b = randomMersenneTwister(seed);
        const c = randomMersenneTwister(seed === 0 ? 1 : 0);
        const sa = Array.from({ length: 700 }, () => a.uniform());
        const sb = Array.from({ length: 700 }, () => b.uniform());
        const sc = Array.from({ length: 700 }, () => c.uniform());
        expect(sa).toEqual(sb);
        expect(sa).not.toEqual(sc);
      }),
      { numRuns: 20 },
    );
  });

  it("randomMersenneTwister(seed).uniform() stays in (0, 1) and integer(n) in 0..n-1", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 2147483647 }), (seed, n) => {
        const r = randomMersenneTwister(seed);
        for (let k = 0; k < 50; k++) {
          const u = r.uniform();
          expect(u).toBeGreaterThan(0);
          expect(u).toBeLessThan(1);
          const i = r.integer(n);
          expect(Number.isInteger(i) && i >= 0 && i < n).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("randomMersenneTwister(seed).coin() is fair and integer(6) is uniform (chi-square within 99.9 %)", () => {
    const r = randomMersenneTwister(7);
    const draws = 60_000;
    let heads = 0;
    for (let k = 0; k < draws; k++) if (r.coin()) heads++;
    // |heads − n/2| < 4 SD
    expect(Math.abs(heads - draws / 2)).toBeLessThan(4 * Math.sqrt(draws / 4));
    const counts = new Array<number>(6).fill(0);
    for (let k = 0; k < draws; k++) counts[r.integer(6)]! += 1;
    const expected = draws / 6;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(20.52); // qchisq(0.999, 5)
  });

  it("randomMersenneTwister(seed) rejects a seed outside R's integer range", () => {
    expect(() => randomMersenneTwister(1.5)).toThrow(RangeError);
    expect(() => randomMersenneTwister(2 ** 31)).toThrow(RangeError);
    expect(() => randomMersenneTwister(Number.NaN)).toThrow(RangeError);
  });

  it("randomMersenneTwister(seed).integer(n) rejects n < 1 or a non-integer n", () => {
    const r = randomMersenneTwister(1);
    expect(() => r.integer(0)).toThrow(RangeError);
    expect(() => r.integer(2.5)).toThrow(RangeError);
  });
});
