import betainc from "@stdlib/math-base-special-betainc";
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

/**
 * Thin, named wrappers over stdlib's distribution functions (ports of Boost/Cephes, accurate to
 * about 1e-15), so the rest of the package never hand-writes a special function.
 */

/** Two-sided p of a t statistic with `df` degrees of freedom: 2·P(T ≤ −|t|). */
export function tTwoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** The `p` quantile of Student's t with `df` degrees of freedom. */
export function tQuantileAt(p: number, df: number): number {
  return tQuantile(p, df);
}

/**
 * Upper tail P(F ≥ f) of the F(df1, df2) distribution, accurate also for tiny p (e.g. 1e-57),
 * where 1 − cdf would round to 0: P(F ≥ f) = I_{df2/(df2 + df1 f)}(df2/2, df1/2) with I the
 * regularised incomplete beta function (Abramowitz & Stegun 1964, 26.6.2; stdlib's betainc).
 * Returns 1 for f ≤ 0 and NaN for non-positive df.
 */
export function fUpperP(f: number, df1: number, df2: number): number {
  if (!(df1 > 0) || !(df2 > 0)) return Number.NaN;
  if (f <= 0) return 1;
  return betainc(df2 / (df2 + df1 * f), df2 / 2, df1 / 2);
}

/** Upper tail P(X ≥ x) of the chi-square distribution with `df` degrees of freedom. */
export function chisqUpperP(x: number, df: number): number {
  return 1 - chisquareCdf(x, df);
}

/** Two-sided p of a standard normal z: 2·Φ(−|z|). */
export function normalTwoSidedP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

/** The `p` quantile of the standard normal. */
export function normalQuantileAt(p: number): number {
  return normalQuantile(p, 0, 1);
}
