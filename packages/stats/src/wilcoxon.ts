import { normalTwoSidedP } from "./distributions";
import { midranks } from "./ranks";

/**
 * How zero differences are treated (Wilcoxon 1945; Pratt 1959, JASA 54:655–667):
 * - "wilcoxon": zeros are dropped before ranking (R `wilcox.test`, coin `zero.method = "Wilcoxon"`);
 * - "pratt": zeros are ranked with the others, then their ranks are dropped (coin `"Pratt"`).
 */
export type ZeroMethod = "wilcoxon" | "pratt";

/** Options of the signed-rank functions. */
export interface WilcoxonOptions {
  /** Zero handling (default "wilcoxon"). */
  readonly zeroMethod?: ZeroMethod;
}

/** The signed ranks a Wilcoxon signed-rank test works on. */
export interface SignedRanks {
  /** Number of differences given. */
  readonly n: number;
  /** Number of differences exactly 0. */
  readonly nZero: number;
  /** Number of non-zero differences: the ranks that carry a sign (the n of the null distribution). */
  readonly nNonzero: number;
  /** Midranks of |d| of the non-zero differences, in input order (zeros left out). */
  readonly ranks: readonly number[];
  /** Whether the non-zero ranks have ties (then R's `wilcox.test` cannot give an exact p). */
  readonly ties: boolean;
  /** V: the sum of the ranks of the positive differences. */
  readonly V: number;
  readonly zeroMethod: ZeroMethod;
}

/** Exact conditional Wilcoxon signed-rank test. */
export interface WilcoxonExactResult extends SignedRanks {
  /** P(V ≤ v) under H0, exact over all 2^nNonzero sign assignments of the observed ranks. */
  readonly pLower: number;
  /** P(V ≥ v) under H0. */
  readonly pUpper: number;
  /** Two-sided p = min(1, 2·min(P(V ≤ v), P(V ≥ v))). */
  readonly p: number;
  /** E[V] under H0: Σ ranks / 2. */
  readonly expectedV: number;
}

/** Normal approximation of the signed-rank test as R's `wilcox.test(exact = FALSE)` computes it. */
export interface WilcoxonNormalResult extends SignedRanks {
  /** z = (V − E[V] − correction) / SD[V]; NaN when there are no non-zero differences. */
  readonly z: number;
  /** Two-sided p = 2·Φ(−|z|); NaN when there are no non-zero differences. */
  readonly p: number;
  /** Whether the continuity correction sign(V − E[V])·1/2 was applied. */
  readonly correct: boolean;
  readonly expectedV: number;
  /** SD of V under H0 with the tie correction: √(Σ r²/4). */
  readonly sdV: number;
}

/**
 * Returns the signed ranks of differences `d` (paired: d = x − y) and V, the sum of the ranks of
 * the positive differences, with midranks of |d| for ties. Zeros: see {@link ZeroMethod}.
 * Empty input or all zeros give V = 0 with no ranks. Throws a RangeError on non-finite values.
 */
export function signedRanks(d: readonly number[], options: WilcoxonOptions = {}): SignedRanks {
  const zeroMethod = options.zeroMethod ?? "wilcoxon";
  for (const v of d) {
    if (!Number.isFinite(v)) throw new RangeError(`signedRanks: differences must be finite, got ${v}`);
  }
  const nonzero = d.filter((v) => v !== 0);
  let ranks: number[];
  if (zeroMethod === "wilcoxon") {
    ranks = midranks(nonzero.map(Math.abs));
  } else {
    const all = midranks(d.map(Math.abs));
    ranks = all.filter((_, i) => d[i] !== 0);
  }
  let V = 0;
  ranks.forEach((r, i) => {
    if (nonzero[i]! > 0) V += r;
  });
  return {
    n: d.length,
    nZero: d.length - nonzero.length,
    nNonzero: nonzero.length,
    ranks,
    ties: new Set(ranks).size !== ranks.length,
    V,
    zeroMethod,
  };
}

/**
 * Returns the exact null distribution of the signed-rank statistic for the given ranks (each a
 * multiple of 1/2, e.g. midranks): element k is P(V = k/2) when each rank independently counts
 * towards V with probability 1/2. Computed by dynamic programming over the doubled (integer) ranks,
 * O(n·Σr) time (Streitberg & Röhmel 1986, the shift algorithm; as `exactRankTests::wilcox.exact`).
 * Probabilities are accumulated by halving, so they are exact dyadic rationals for n ≤ 53.
 * Throws a RangeError for a rank that is negative or not a multiple of 1/2.
 */
export function signedRankNullDistribution(ranks: readonly number[]): Float64Array {
  const doubled = ranks.map((r) => {
    const r2 = 2 * r;
    if (!Number.isInteger(r2) || r2 < 0) {
      throw new RangeError(`signedRankNullDistribution: ranks must be non-negative halves, got ${r}`);
    }
    return r2;
  });
  const total = doubled.reduce((a, b) => a + b, 0);
  const dist = new Float64Array(total + 1);
  dist[0] = 1;
  let reach = 0;
  for (const r of doubled) {
    reach += r;
    for (let s = reach; s >= r; s--) dist[s] = 0.5 * (dist[s]! + dist[s - r]!);
    for (let s = Math.min(r - 1, reach); s >= 0; s--) dist[s] = 0.5 * dist[s]!;
  }
  return dist;
}

/**
 * Exact conditional Wilcoxon signed-rank test of H0: the distribution of d is symmetric about 0.
 * Returns V (sum of positive ranks, midranks after the zero method), P(V ≤ v), P(V ≥ v) and the
 * two-sided p = min(1, 2·min(P(V ≤ v), P(V ≥ v))), conditional on the observed ranks (ties and
 * zeros allowed), from {@link signedRankNullDistribution} — no enumeration, no normal
 * approximation. Agrees with `exactRankTests::wilcox.exact` and `coin::wilcoxsign_test(distribution
 * = "exact")`, and without ties or zeros with R `wilcox.test(exact = TRUE)` (Wilcoxon 1945;
 * Hollander, Wolfe & Chicken 2014, §3.1). No non-zero differences: V = 0 and p = 1.
 */
export function wilcoxonSignedRankExact(
  d: readonly number[],
  options: WilcoxonOptions = {},
): WilcoxonExactResult {
  const sr = signedRanks(d, options);
  const dist = signedRankNullDistribution(sr.ranks);
  const v2 = Math.round(2 * sr.V);
  let pLower = 0;
  for (let s = 0; s <= v2; s++) pLower += dist[s]!;
  let pUpper = 0;
  for (let s = dist.length - 1; s >= v2; s--) pUpper += dist[s]!;
  const expectedV = sr.ranks.reduce((a, b) => a + b, 0) / 2;
  return { ...sr, pLower, pUpper, p: Math.min(1, 2 * Math.min(pLower, pUpper)), expectedV };
}

/**
 * Normal approximation of the signed-rank test, as R `wilcox.test(d, exact = FALSE, correct)`:
 * z = (V − E[V] − c)/SD[V] with E[V] = Σr/2, SD[V] = √(Σr²/4) (with midranks this is R's
 * √(n(n+1)(2n+1)/24 − Σ(t³ − t)/48), the tie correction), c = sign(V − E[V])·1/2 when `correct`
 * (default true), and two-sided p = 2·Φ(−|z|). R uses this whenever there are ties or zeros;
 * "pratt" zeros are supported here but not by R. No non-zero differences: z and p are NaN
 * (R: NaN). Method: Hollander, Wolfe & Chicken 2014, §3.1 (large-sample approximation).
 */
export function wilcoxonSignedRankNormal(
  d: readonly number[],
  options: WilcoxonOptions & { readonly correct?: boolean } = {},
): WilcoxonNormalResult {
  const sr = signedRanks(d, options);
  const correct = options.correct ?? true;
  let sum = 0;
  let sumSq = 0;
  for (const r of sr.ranks) {
    sum += r;
    sumSq += r * r;
  }
  const expectedV = sum / 2;
  const sdV = Math.sqrt(sumSq / 4);
  const centred = sr.V - expectedV;
  const correction = correct ? Math.sign(centred) * 0.5 : 0;
  const z = sr.nNonzero === 0 ? Number.NaN : (centred - correction) / sdV;
  return { ...sr, z, p: Number.isNaN(z) ? Number.NaN : normalTwoSidedP(z), correct, expectedV, sdV };
}
