import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pearsonCorrelation, spearmanCorrelation } from "./correlation";

// Expected values from SciPy 1.17.1 (scipy.stats.pearsonr with .confidence_interval(0.95), and
// spearmanr, whose p is the same t approximation as R's cor.test with ties).
const xs = [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 6.1, 2.8, 4.9, 5.0, 3.9, 1.2];
const ys = [1.0, 2.5, 2.0, 4.1, 3.9, 2.2, 5.5, 1.8, 3.0, 4.6, 2.9, 1.1];
const yTied = [1, 2, 2, 4, 4, 2, 5, 1, 3, 4, 3, 1];

function rel(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

const pairs = fc
  .array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), {
    minLength: 5,
    maxLength: 20,
  })
  .filter((p) => new Set(p.map((q) => q[0])).size > 1 && new Set(p.map((q) => q[1])).size > 1);

describe("pearsonCorrelation", () => {
  it("pearsonCorrelation(x, y) matches SciPy's r, p and Fisher-z interval", () => {
    const res = pearsonCorrelation(xs, ys);
    expect(res.n).toBe(12);
    expect(res.df).toBe(10);
    expect(rel(res.r, 0.9299044173852459)).toBeLessThan(1e-13);
    expect(rel(res.p, 1.1838015835741099e-5)).toBeLessThan(1e-9);
    expect(rel(res.ci[0], 0.7634198656378742)).toBeLessThan(1e-12);
    expect(rel(res.ci[1], 0.9805254433170292)).toBeLessThan(1e-12);
    expect(res.t).toBeCloseTo(res.r * Math.sqrt(10 / (1 - res.r ** 2)), 12);
  });

  it("pearsonCorrelation(x, a + b·x) gives r = 1, t = Infinity and p = 0", () => {
    const res = pearsonCorrelation([1, 2, 3, 4, 5], [3, 5, 7, 9, 11]);
    expect(res.r).toBe(1);
    expect(res.t).toBe(Number.POSITIVE_INFINITY);
    expect(res.p).toBe(0);
  });

  it("pearsonCorrelation(x, y) is unchanged by positive affine maps and flips sign under negation", () => {
    fc.assert(
      fc.property(
        pairs,
        fc.integer({ min: -9, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (p, shift, scale) => {
          const x = p.map((q) => q[0]);
          const y = p.map((q) => q[1]);
          const a = pearsonCorrelation(x, y);
          const b = pearsonCorrelation(
            x.map((v) => v * scale + shift),
            y,
          );
          const c = pearsonCorrelation(
            x.map((v) => -v),
            y,
          );
          expect(b.r).toBeCloseTo(a.r, 12);
          expect(c.r).toBeCloseTo(-a.r, 12);
          expect(c.p).toBeCloseTo(a.p, 12);
        },
      ),
    );
  });

  it("pearsonCorrelation(x, y) gives NaN for a constant variable and no interval for n = 3", () => {
    expect(pearsonCorrelation([1, 1, 1, 1], [1, 2, 3, 4]).r).toBeNaN();
    const three = pearsonCorrelation([1, 2, 3], [2, 1, 3]);
    expect(three.ci[0]).toBeNaN();
    expect(three.r).toBeCloseTo(0.5, 15);
  });

  it("pearsonCorrelation(x, y) rejects unequal lengths, n < 3 and non-finite values", () => {
    expect(() => pearsonCorrelation([1, 2, 3], [1, 2])).toThrow(RangeError);
    expect(() => pearsonCorrelation([1, 2], [1, 2])).toThrow(RangeError);
    expect(() => pearsonCorrelation([1, 2, Number.NaN], [1, 2, 3])).toThrow(RangeError);
  });
});

describe("spearmanCorrelation", () => {
  it("spearmanCorrelation(x, y) with ties matches SciPy's rho and t-approximation p", () => {
    const res = spearmanCorrelation(xs, yTied);
    expect(res.ties).toBe(true);
    expect(res.method).toBe("t-approximation");
    expect(rel(res.rho, 0.9161690687000329)).toBeLessThan(1e-13);
    expect(rel(res.p, 2.8288249362369736e-5)).toBeLessThan(1e-9);
    expect(res.S).toBeCloseTo(((12 ** 3 - 12) * (1 - res.rho)) / 6, 10);
  });

  it("spearmanCorrelation(x, y) without ties and n ≥ 10 uses the t approximation (SciPy's p)", () => {
    const res = spearmanCorrelation(xs, ys);
    expect(res.method).toBe("t-approximation");
    expect(rel(res.rho, 0.9510489510489512)).toBeLessThan(1e-13);
    expect(rel(res.p, 2.0384246324655774e-6)).toBeLessThan(1e-9);
  });

  it("spearmanCorrelation(1:4, 1:4) gives R's exact p = 1/12 (S = 0)", () => {
    const res = spearmanCorrelation([1, 2, 3, 4], [1, 2, 3, 4]);
    expect(res.method).toBe("exact");
    expect(res.rho).toBe(1);
    expect(res.S).toBe(0);
    expect(res.p).toBeCloseTo(1 / 12, 15);
  });

  it("spearmanCorrelation(x, y) exact p: 2·P(S ≤ s) by enumeration, e.g. n = 5, S = 2 gives 2·5/120", () => {
    // S ≤ 2 over permutations of 5: identity (S = 0) and the 4 adjacent transpositions (S = 2).
    const res = spearmanCorrelation([1, 2, 3, 4, 5], [2, 1, 3, 4, 5]);
    expect(res.S).toBeCloseTo(2, 12);
    expect(res.p).toBeCloseTo((2 * 5) / 120, 15);
    const reversed = spearmanCorrelation([1, 2, 3, 4, 5], [4, 5, 3, 2, 1]);
    expect(reversed.p).toBeCloseTo((2 * 5) / 120, 15);
  });

  it("spearmanCorrelation(x, y) is unchanged by strictly increasing maps of x", () => {
    fc.assert(
      fc.property(pairs, (p) => {
        const x = p.map((q) => q[0]);
        const y = p.map((q) => q[1]);
        const a = spearmanCorrelation(x, y);
        const b = spearmanCorrelation(
          x.map((v) => v ** 3 + 7),
          y,
        );
        expect(b.rho).toBe(a.rho);
        expect(b.p).toBe(a.p);
      }),
    );
  });

  it("spearmanCorrelation(x, y, { exact: true }) rejects ties and n > 9", () => {
    expect(() => spearmanCorrelation([1, 2, 2, 4], [1, 2, 3, 4], { exact: true })).toThrow(RangeError);
    expect(() => spearmanCorrelation(xs, ys, { exact: true })).toThrow(RangeError);
    expect(spearmanCorrelation([1, 2, 3, 4], [1, 3, 2, 4], { exact: false }).method).toBe("t-approximation");
  });
});
