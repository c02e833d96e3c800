import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  signedRankNullDistribution,
  signedRanks,
  wilcoxonSignedRankExact,
  wilcoxonSignedRankNormal,
} from "./wilcoxon";

/** P(V ≤ v), P(V ≥ v) by enumerating all 2^n sign assignments (independent of the DP). */
function bruteForce(ranks: readonly number[], v: number): { lower: number; upper: number } {
  const n = ranks.length;
  let lower = 0;
  let upper = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    let s = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) s += ranks[i]!;
    if (s <= v) lower++;
    if (s >= v) upper++;
  }
  return { lower: lower / 2 ** n, upper: upper / 2 ** n };
}

// R documentation example (?wilcox.test; Hollander & Wolfe 1973, p. 29): depression scale at first
// (x) and second (y) visit. R: V = 40, p-value = 0.03906 (exact, no ties).
const hwX = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
const hwY = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

// Differences with ties and zeros; expected p from SciPy 1.17.1
// scipy.stats.wilcoxon(d, zero_method="wilcox", correction=..., method="approx"), which matches
// R's wilcox.test(d, exact = FALSE) formula.
const tiedWithZeros = [1.5, -0.5, 2, 2, 0, 3, -1, 0.5, 4, 2, -3, 5, 0];

const smallDiffs = fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 0, maxLength: 12 });

describe("wilcoxonSignedRankExact", () => {
  it("wilcoxonSignedRankExact(x − y) reproduces R's exact p without ties (V = 40, p = 20/512)", () => {
    const d = hwX.map((x, i) => x - hwY[i]!);
    const res = wilcoxonSignedRankExact(d);
    expect(res.V).toBe(40);
    expect(res.ties).toBe(false);
    expect(res.p).toBe(20 / 512);
  });

  it("wilcoxonSignedRankExact(d) gives p = 2/2^n when every difference is positive", () => {
    const res = wilcoxonSignedRankExact([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(res.V).toBe(55);
    expect(res.pUpper).toBe(1 / 1024);
    expect(res.p).toBe(2 / 1024);
  });

  it("wilcoxonSignedRankExact(d) gives the exact conditional p with ties and zeros (equals brute force)", () => {
    fc.assert(
      fc.property(smallDiffs, fc.constantFrom("wilcoxon" as const, "pratt" as const), (d, zeroMethod) => {
        const res = wilcoxonSignedRankExact(d, { zeroMethod });
        const bf = bruteForce(res.ranks, res.V);
        expect(res.pLower).toBeCloseTo(bf.lower, 14);
        expect(res.pUpper).toBeCloseTo(bf.upper, 14);
        expect(res.p).toBeCloseTo(Math.min(1, 2 * Math.min(bf.lower, bf.upper)), 14);
      }),
      { numRuns: 200 },
    );
  });

  it("wilcoxonSignedRankExact(d) drops zeros before ranking, and with 'pratt' ranks them first", () => {
    const w = signedRanks([0, -1, 2, 0, 3]);
    expect(w.ranks).toEqual([1, 2, 3]);
    expect(w.V).toBe(5);
    expect(w.nZero).toBe(2);
    const p = signedRanks([0, -1, 2, 0, 3], { zeroMethod: "pratt" });
    expect(p.ranks).toEqual([3, 4, 5]);
    expect(p.V).toBe(9);
    expect(p.nNonzero).toBe(3);
  });

  it("wilcoxonSignedRankExact(d) with only zeros or no data gives V = 0 and p = 1", () => {
    expect(wilcoxonSignedRankExact([0, 0, 0])).toMatchObject({ V: 0, p: 1, nNonzero: 0 });
    expect(wilcoxonSignedRankExact([])).toMatchObject({ V: 0, p: 1, n: 0 });
  });

  it("wilcoxonSignedRankExact(−d) gives V′ = Σr − V and the same p (swapping labels)", () => {
    fc.assert(
      fc.property(smallDiffs, (d) => {
        const a = wilcoxonSignedRankExact(d);
        const b = wilcoxonSignedRankExact(d.map((v) => -v));
        expect(b.V).toBe(2 * a.expectedV - a.V);
        expect(b.p).toBe(a.p);
        expect(b.pLower).toBe(a.pUpper);
      }),
    );
  });

  it("wilcoxonSignedRankExact(c·d) equals wilcoxonSignedRankExact(d) for c > 0", () => {
    fc.assert(
      fc.property(smallDiffs, fc.integer({ min: 1, max: 1000 }), (d, c) => {
        const a = wilcoxonSignedRankExact(d);
        const b = wilcoxonSignedRankExact(d.map((v) => v * c));
        expect(b.V).toBe(a.V);
        expect(b.p).toBe(a.p);
      }),
    );
  });

  it("wilcoxonSignedRankExact(d) rejects non-finite differences", () => {
    expect(() => wilcoxonSignedRankExact([1, Number.NaN])).toThrow(RangeError);
    expect(() => wilcoxonSignedRankExact([1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe("signedRankNullDistribution", () => {
  it("signedRankNullDistribution(ranks) sums to 1 and is symmetric about Σr/2", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 30 }), (doubled) => {
        const dist = signedRankNullDistribution(doubled.map((r) => r / 2));
        expect(dist.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
        for (let s = 0; s < dist.length; s++) expect(dist[s]).toBe(dist[dist.length - 1 - s]);
      }),
    );
  });

  it("signedRankNullDistribution([1, 2, 3]) puts 1/8 on V = 0, 1, 2, 4, 5, 6 and 2/8 on V = 3", () => {
    const dist = Array.from(signedRankNullDistribution([1, 2, 3]));
    const atV = [0, 1, 2, 3, 4, 5, 6].map((v) => dist[2 * v]);
    expect(atV).toEqual([1 / 8, 1 / 8, 1 / 8, 2 / 8, 1 / 8, 1 / 8, 1 / 8]);
  });

  it("signedRankNullDistribution(ranks) rejects a rank that is not a multiple of 1/2", () => {
    expect(() => signedRankNullDistribution([1.25])).toThrow(RangeError);
    expect(() => signedRankNullDistribution([-1])).toThrow(RangeError);
  });
});

describe("wilcoxonSignedRankNormal", () => {
  it("wilcoxonSignedRankNormal(d, { correct }) matches SciPy's tie-corrected approximation with zeros", () => {
    const corrected = wilcoxonSignedRankNormal(tiedWithZeros);
    const plain = wilcoxonSignedRankNormal(tiedWithZeros, { correct: false });
    expect(corrected.V).toBe(53);
    expect(corrected.nNonzero).toBe(11);
    expect(Math.abs(corrected.p - 0.08204812288416327) / 0.08204812288416327).toBeLessThan(1e-12);
    expect(Math.abs(plain.p - 0.07450302102370468) / 0.07450302102370468).toBeLessThan(1e-12);
  });

  it("wilcoxonSignedRankNormal(d) uses R's tie-corrected SD √(n(n+1)(2n+1)/24 − Σ(t³ − t)/48)", () => {
    fc.assert(
      fc.property(smallDiffs, (d) => {
        const res = wilcoxonSignedRankNormal(d);
        const n = res.nNonzero;
        const counts = new Map<number, number>();
        for (const r of res.ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
        let ties = 0;
        for (const t of counts.values()) ties += t ** 3 - t;
        const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - ties / 48);
        expect(res.sdV).toBeCloseTo(sd, 12);
        expect(res.expectedV).toBe((n * (n + 1)) / 4);
      }),
    );
  });

  it("wilcoxonSignedRankNormal(d) gives NaN z and p without non-zero differences (as R)", () => {
    const res = wilcoxonSignedRankNormal([0, 0]);
    expect(res.z).toBeNaN();
    expect(res.p).toBeNaN();
  });
});
