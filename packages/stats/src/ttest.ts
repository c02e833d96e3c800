import { tQuantileAt, tTwoSidedP } from "./distributions";

/** Result of a t test of a difference (two-sample: mean(x) − mean(y); one-sample: mean − mu). */
export interface TTestResult {
  readonly estimate: number;
  readonly se: number;
  readonly df: number;
  readonly t: number;
  readonly p: number;
  /** Two-sided confidence interval at `level`. */
  readonly ci: readonly [number, number];
  readonly level: number;
  readonly nX: number;
  readonly nY: number;
}

export interface TTestOptions {
  /** Confidence level of the interval (default 0.95). */
  readonly level?: number;
}

/**
 * Arithmetic mean as R's `mean()` computes it: the plain mean, then one correction pass adding
 * mean(x − m), which removes most rounding error; NaN for an empty array.
 */
export function mean(values: readonly number[]): number {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const m = sum / n;
  if (!Number.isFinite(m)) return m;
  let correction = 0;
  for (const v of values) correction += v - m;
  return m + correction / n;
}

/** Sample variance with denominator n − 1 (two-pass, so large offsets do not lose digits). */
export function sampleVariance(values: readonly number[]): number {
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return ss / (values.length - 1);
}

function finish(
  estimate: number,
  se: number,
  df: number,
  level: number,
  nX: number,
  nY: number,
): TTestResult {
  const t = estimate / se;
  const q = tQuantileAt(1 - (1 - level) / 2, df);
  return {
    estimate,
    se,
    df,
    t,
    p: tTwoSidedP(t, df),
    ci: [estimate - q * se, estimate + q * se],
    level,
    nX,
    nY,
  };
}

function requireSize(name: string, values: readonly number[], min: number): void {
  if (values.length < min) throw new RangeError(`${name} needs at least ${min} values, got ${values.length}`);
}

/**
 * Student's two-sample t test with pooled variance (R `t.test(x, y, var.equal = TRUE)`):
 * estimate mean(x) − mean(y), SE √(s²_p (1/n_x + 1/n_y)), df n_x + n_y − 2.
 * Throws a RangeError when either group has fewer than 2 values.
 */
export function pooledTTest(
  x: readonly number[],
  y: readonly number[],
  options: TTestOptions = {},
): TTestResult {
  requireSize("pooledTTest x", x, 2);
  requireSize("pooledTTest y", y, 2);
  const nx = x.length;
  const ny = y.length;
  const pooled = ((nx - 1) * sampleVariance(x) + (ny - 1) * sampleVariance(y)) / (nx + ny - 2);
  const se = Math.sqrt(pooled * (1 / nx + 1 / ny));
  return finish(mean(x) - mean(y), se, nx + ny - 2, options.level ?? 0.95, nx, ny);
}

/**
 * Welch's two-sample t test (R `t.test(x, y)`): SE √(s²_x/n_x + s²_y/n_y) with the
 * Welch–Satterthwaite df (Welch 1947). Throws a RangeError when either group has fewer than 2 values.
 */
export function welchTTest(
  x: readonly number[],
  y: readonly number[],
  options: TTestOptions = {},
): TTestResult {
  requireSize("welchTTest x", x, 2);
  requireSize("welchTTest y", y, 2);
  const nx = x.length;
  const ny = y.length;
  const vx = sampleVariance(x) / nx;
  const vy = sampleVariance(y) / ny;
  const se = Math.sqrt(vx + vy);
  const df = (vx + vy) ** 2 / (vx ** 2 / (nx - 1) + vy ** 2 / (ny - 1));
  return finish(mean(x) - mean(y), se, df, options.level ?? 0.95, nx, ny);
}

/**
 * One-sample t test of mean(x) − mu (a paired test is this on the differences).
 * Throws a RangeError for fewer than 2 values.
 */
export function oneSampleTTest(x: readonly number[], mu = 0, options: TTestOptions = {}): TTestResult {
  requireSize("oneSampleTTest x", x, 2);
  const se = Math.sqrt(sampleVariance(x) / x.length);
  return finish(mean(x) - mu, se, x.length - 1, options.level ?? 0.95, x.length, 0);
}
