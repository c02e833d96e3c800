import betainc from "@stdlib/math-base-special-betainc";
import gammaln from "@stdlib/math-base-special-gammaln";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";

/**
 * P(T ≤ t) of the noncentral t distribution with `df` degrees of freedom and noncentrality `delta`,
 * by Lenth's algorithm AS 243 (Lenth 1989, Appl Stat 38:185–189): the Poisson-weighted series of
 * incomplete beta functions, summed until the error bound is below 1e-13 (at most 2000 terms).
 * Accurate to about 1e-12 for |delta| ≤ 37 (the range AS 243 is designed for); NaN for df ≤ 0.
 */
export function noncentralTCdf(t: number, df: number, delta: number): number {
  if (!(df > 0) || !Number.isFinite(t) || !Number.isFinite(delta)) return Number.NaN;
  if (t < 0) return 1 - lowerTail(-t, df, -delta);
  return lowerTail(t, df, delta);
}

function lowerTail(t: number, df: number, delta: number): number {
  const base = normalCdf(-delta, 0, 1);
  if (t === 0) return base;
  const x = (t * t) / (t * t + df);
  const lambda = delta * delta;
  let p = 0.5 * Math.exp(-0.5 * lambda);
  let q = Math.sqrt(2 / Math.PI) * p * delta;
  let s = 0.5 - p;
  let a = 0.5;
  const b = 0.5 * df;
  const rxb = (1 - x) ** b;
  const albeta = gammaln(a) + gammaln(b) - gammaln(a + b);
  let xodd = betainc(x, a, b);
  let godd = 2 * rxb * Math.exp(a * Math.log(x) - albeta);
  let xeven = 1 - rxb;
  let geven = b * x * rxb;
  let tnc = p * xodd + q * xeven;
  for (let en = 1; en <= 2000; en++) {
    a += 1;
    xodd -= godd;
    xeven -= geven;
    godd *= (x * (a + b - 1)) / a;
    geven *= (x * (a + b - 0.5)) / (a + 0.5);
    p *= lambda / (2 * en);
    q *= lambda / (2 * en + 1);
    s -= p;
    tnc += p * xodd + q * xeven;
    if (Math.abs(2 * s * (xodd - godd)) < 1e-13) break;
  }
  return Math.min(1, Math.max(0, tnc + base));
}

/**
 * The confidence interval of the noncentrality λ of an observed t statistic, by inverting the
 * noncentral t distribution (Steiger & Fouladi 1997; Cumming & Finch 2001): λ_lower solves
 * P(T ≤ t | λ) = 1 − α/2 and λ_upper solves P(T ≤ t | λ) = α/2 (bisection to 1e-10; the CDF
 * falls monotonically in λ). Divide by √m, where λ = δ·√m, to get the CI of a standardised
 * effect δ (e.g. Cohen's d_z = t/√n for a paired mean difference).
 */
export function noncentralityCi(t: number, df: number, level = 0.95): [number, number] {
  const alpha = 1 - level;
  const solve = (target: number) => {
    let lo = t - 1;
    let hi = t + 1;
    while (noncentralTCdf(t, df, lo) < target) lo -= Math.max(1, Math.abs(lo));
    while (noncentralTCdf(t, df, hi) > target) hi += Math.max(1, Math.abs(hi));
    for (let i = 0; i < 200 && hi - lo > 1e-10; i++) {
      const mid = (lo + hi) / 2;
      if (noncentralTCdf(t, df, mid) > target) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  return [solve(1 - alpha / 2), solve(alpha / 2)];
}
