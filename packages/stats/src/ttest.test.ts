import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mean, oneSampleTTest, pooledTTest, sampleVariance, welchTTest } from "./ttest";

// Worked values computed by hand from the textbook formulas (and as R's t.test prints them).
describe("t tests", () => {
  it("pooledTTest(x, y) gives t = -1.549, df = 4 for (1,2,3) vs (2,4,6)", () => {
    const r = pooledTTest([1, 2, 3], [2, 4, 6]);
    expect(r.estimate).toBe(-2);
    expect(r.se).toBeCloseTo(Math.sqrt(2.5 * (2 / 3)), 14);
    expect(r.t).toBeCloseTo(-2 / Math.sqrt(2.5 * (2 / 3)), 14);
    expect(r.df).toBe(4);
    expect(r.p).toBeCloseTo(0.1962611781492698, 12);
  });

  it("welchTTest(x, y) uses the Welch–Satterthwaite df", () => {
    const r = welchTTest([1, 2, 3], [2, 4, 6]);
    const vx = 1 / 3;
    const vy = 4 / 3;
    expect(r.df).toBeCloseTo((vx + vy) ** 2 / (vx ** 2 / 2 + vy ** 2 / 2), 14);
  });

  it("oneSampleTTest(x) has a CI that contains the mean and excludes it from neither side", () => {
    const r = oneSampleTTest([2.1, 1.9, 2.4, 2.0, 2.6]);
    expect(r.ci[0]).toBeLessThan(r.estimate);
    expect(r.ci[1]).toBeGreaterThan(r.estimate);
    expect(r.df).toBe(4);
  });

  it("pooledTTest(x, y) throws for a group with fewer than 2 values", () => {
    expect(() => pooledTTest([1], [1, 2])).toThrow(RangeError);
  });

  it("mean(x) keeps digits for values with a large common offset", () => {
    expect(mean([1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3])).toBe(1e9 + 0.2);
    expect(sampleVariance([1e9 + 1, 1e9 + 2, 1e9 + 3])).toBe(1);
  });

  it("pooledTTest(x + c, y + c) equals pooledTTest(x, y) and swapping groups flips the sign", () => {
    const arr = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 8 });
    fc.assert(
      fc.property(arr, arr, fc.double({ min: -50, max: 50, noNaN: true }), (x, y, c) => {
        const a = pooledTTest(x, y);
        if (!Number.isFinite(a.t)) return;
        const b = pooledTTest(
          x.map((v) => v + c),
          y.map((v) => v + c),
        );
        const s = pooledTTest(y, x);
        expect(b.estimate).toBeCloseTo(a.estimate, 6);
        expect(s.t).toBeCloseTo(-a.t, 9);
      }),
      { seed: 1, numRuns: 100 },
    );
  });
});
