import { normalQuantileAt, tTwoSidedP } from "./distributions";
import { midranks } from "./ranks";

/** Options of {@link pearsonCorrelation}. */
export interface PearsonOptions {
  /** Confidence level of the Fisher-z interval (default 0.95). */
  readonly level?: number;
}

/** Pearson product-moment correlation with its t test and Fisher-z interval (R `cor.test`). */
export interface PearsonResult {
  readonly n: number;
  /** Sample correlation r, clamped to [−1, 1]; NaN when x or y is constant. */
  readonly r: number;
  /** t = r·√(df/(1 − r²)); ±Infinity when |r| = 1. */
  readonly t: number;
  /** n − 2. */
  readonly df: number;
  /** Two-sided p of t on df. */
  readonly p: number;
  /** tanh(atanh(r) ± z_{(1+level)/2}/√(n − 3)); [NaN, NaN] when n ≤ 3 (R gives none). */
  readonly ci: readonly [number, number];
  readonly level: number;
}

/** Options of {@link spearmanCorrelation}. */
export interface SpearmanOptions {
  /**
   * Exact p by enumerating all n! rank permutations; allowed only for n ≤ 9 without ties, and the
   * default there (as R, whose AS 89 is exact for n ≤ 9 only).
   */
  readonly exact?: boolean;
}

/** Spearman rank correlation with R `cor.test(method = "spearman")`'s S statistic and p. */
export interface SpearmanResult {
  readonly n: number;
  /** ρ: the Pearson correlation of the midranks; NaN when x or y is constant. */
  readonly rho: number;
  /** S = (n³ − n)(1 − ρ)/6 (= Σ(rank differences)² without ties). */
  readonly S: number;
  /** Two-sided p. */
  readonly p: number;
  /** "exact" (permutation distribution of S) or "t-approximation". */
  readonly method: "exact" | "t-approximation";
  /** Whether x or y has ties. */
  readonly ties: boolean;
  /** The t of the approximation, ρ′√((n − 2)/(1 − ρ′²)) with ρ′ = 1 − 6S/(n³ − n); NaN when exact. */
  readonly t: number;
  /** n − 2. */
  readonly df: number;
}

function checkPaired(name: string, x: readonly number[], y: readonly number[], min: number): void {
  if (x.length !== y.length) throw new RangeError(`${name}: x has ${x.length} values, y has ${y.length}`);
  if (x.length < min) throw new RangeError(`${name}: needs at least ${min} pairs, got ${x.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) {
      throw new RangeError(`${name}: pair ${i} is not finite (drop missing pairs first)`);
    }
  }
}

/** Centred (two-pass) correlation, clamped to [−1, 1] as R's `cor`. */
function correlation(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/**
 * Pearson correlation test (R `cor.test(x, y)`): r from centred sums, t = √(n − 2)·r/√(1 − r²) on
 * n − 2 df with two-sided p, and the Fisher (1921) z interval tanh(atanh r ± z_{(1+level)/2}/√(n − 3))
 * (given for n > 3 only). A constant x or y gives NaN throughout (R: NA with a warning).
 * Throws a RangeError when lengths differ, n < 3, or a value is not finite.
 */
export function pearsonCorrelation(
  x: readonly number[],
  y: readonly number[],
  options: PearsonOptions = {},
): PearsonResult {
  checkPaired("pearsonCorrelation", x, y, 3);
  const level = options.level ?? 0.95;
  const n = x.length;
  const df = n - 2;
  const r = correlation(x, y);
  const t = (Math.sqrt(df) * r) / Math.sqrt(1 - r * r);
  const p = Number.isNaN(t) ? Number.NaN : tTwoSidedP(t, df);
  let ci: readonly [number, number] = [Number.NaN, Number.NaN];
  if (n > 3) {
    const z = Math.atanh(r);
    const half = normalQuantileAt((1 + level) / 2) / Math.sqrt(n - 3);
    ci = [Math.tanh(z - half), Math.tanh(z + half)];
  }
  return { n, r, t, df, p, ci, level };
}

/**
 * Exact two-sided p of S = Σ(i − πᵢ)² over all n! permutations π (no ties), with R's convention
 * (AS 89, Best & Roberts 1975): p = 2·P(S ≥ s) when s > (n³ − n)/6, else 2·P(S ≤ s), capped at 1.
 */
function spearmanExactP(s: number, n: number): number {
  const perm = Array.from({ length: n }, (_, i) => i);
  const mid = (n * n * n - n) / 6;
  const upper = s > mid;
  let hits = 0;
  let total = 0;
  // Heap's algorithm (iterative).
  const c = new Array<number>(n).fill(0);
  const visit = () => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (i - perm[i]!) ** 2;
    total++;
    if (upper ? sum >= s : sum <= s) hits++;
  };
  visit();
  let i = 0;
  while (i < n) {
    if (c[i]! < i) {
      const j = i % 2 === 0 ? 0 : c[i]!;
      const tmp = perm[j]!;
      perm[j] = perm[i]!;
      perm[i] = tmp;
      visit();
      c[i] = c[i]! + 1;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return Math.min(1, (2 * hits) / total);
}

/**
 * Spearman rank correlation test (R `cor.test(x, y, method = "spearman")`): ρ = Pearson correlation
 * of midranks, S = (n³ − n)(1 − ρ)/6, and the two-sided p. Without ties and n ≤ 9 the p is exact
 * (all n! permutations, S rounded to an integer as R does). Otherwise it is R's t approximation:
 * ρ′ = 1 − 6S/(n³ − n), t = ρ′/√((1 − ρ′²)/(n − 2)) on n − 2 df (R uses it whenever there are ties;
 * for 10 ≤ n < 1290 without ties R instead uses the Edgeworth series of AS 89, which this does not
 * implement, so p differs from R there). Spearman 1904; Hollander, Wolfe & Chicken 2014, §8.5.
 * A constant x or y gives NaN. Throws a RangeError when lengths differ, n < 3, a value is not
 * finite, or `exact: true` is asked with ties or n > 9.
 */
export function spearmanCorrelation(
  x: readonly number[],
  y: readonly number[],
  options: SpearmanOptions = {},
): SpearmanResult {
  checkPaired("spearmanCorrelation", x, y, 3);
  const n = x.length;
  const rx = midranks(x);
  const ry = midranks(y);
  const ties = new Set(x).size !== n || new Set(y).size !== n;
  const rho = correlation(rx, ry);
  const S = ((n * n * n - n) * (1 - rho)) / 6;
  const df = n - 2;
  const exactAllowed = !ties && n <= 9;
  const exact = options.exact ?? exactAllowed;
  if (exact && !exactAllowed) {
    throw new RangeError("spearmanCorrelation: the exact p needs n ≤ 9 and no ties");
  }
  if (exact && !Number.isNaN(rho)) {
    return { n, rho, S, p: spearmanExactP(Math.round(S), n), method: "exact", ties, t: Number.NaN, df };
  }
  const den = (n * (n * n - 1)) / 6;
  const r = 1 - S / den;
  const t = r / Math.sqrt((1 - r * r) / df);
  const p = Number.isNaN(t) ? Number.NaN : tTwoSidedP(t, df);
  return { n, rho, S, p, method: "t-approximation", ties, t, df };
}
