import { normalQuantileAt, normalTwoSidedP } from "./distributions";
import { DEFAULT_SEED, type RandomGenerator, randomMersenneTwister } from "./random";
import { mean } from "./ttest";

/**
 * A statistic of a bootstrap sample of subjects: `indices` are subject indices 0…n − 1, drawn with
 * replacement (repeats allowed; for the jackknife, all but one). NaN or ±Infinity marks a sample on
 * which the statistic is undefined; such replicates are counted and left out.
 */
export type SubjectStatistic = (indices: readonly number[]) => number;

/** Options of the subject bootstrap. */
export interface BootstrapOptions {
  /** Bootstrap replicates (default 10 000). */
  readonly B?: number;
  /** Confidence level (default 0.95). */
  readonly level?: number;
  /** Generator for the resampling (default `randomMersenneTwister(DEFAULT_SEED)`). */
  readonly random?: RandomGenerator;
}

/** The bias-corrected and accelerated interval and its constants. */
export interface BcaInterval {
  readonly ci: readonly [number, number];
  /** Bias correction z₀ = Φ⁻¹(#{θ* < θ̂}/B). */
  readonly z0: number;
  /** Acceleration a from the jackknife. */
  readonly acceleration: number;
  /** The replicate quantile levels used for the lower and upper limits. */
  readonly quantileLevels: readonly [number, number];
}

/** A nonparametric bootstrap over subjects. */
export interface BootstrapResult {
  /** The statistic on all subjects (indices 0…n − 1). */
  readonly estimate: number;
  readonly n: number;
  readonly B: number;
  /** Replicates with a finite statistic (the CIs use these). */
  readonly nValid: number;
  readonly level: number;
  /** Percentile interval: type-7 quantiles (R `quantile` default) of the valid replicates at α/2, 1 − α/2. */
  readonly percentile: readonly [number, number];
  /** BCa interval, or null when it is undefined (see {@link bcaInterval}). */
  readonly bca: BcaInterval | null;
  /** SD of the valid replicates (bootstrap SE). */
  readonly se: number;
  /** mean(replicates) − estimate. */
  readonly bias: number;
  /** The replicates in draw order (non-finite ones included). */
  readonly replicates: Float64Array;
  readonly seed: number;
  readonly algorithm: string;
}

/** Standard normal CDF from the two-sided p in distributions.ts. */
function normalCdf(z: number): number {
  const tail = normalTwoSidedP(z) / 2;
  return z < 0 ? tail : 1 - tail;
}

/**
 * Returns the type-7 quantile (R `quantile(x, p)` default, Hyndman & Fan 1996) of ascending
 * `sorted` at probability p ∈ [0, 1]: linear interpolation between order statistics at (m − 1)p.
 * NaN for an empty array.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const m = sorted.length;
  if (m === 0) return Number.NaN;
  const h = (m - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, m - 1);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hi]! - a);
}

/**
 * Returns the BCa interval (Efron 1987, JASA 82:171; Efron & Tibshirani 1993, §14.3, eqs. 14.10,
 * 14.14, 14.15) from the estimate θ̂, the bootstrap replicates θ*_b and the leave-one-out jackknife
 * values θ₍ᵢ₎: z₀ = Φ⁻¹(#{θ* < θ̂}/B), a = Σ(θ̄₍·₎ − θ₍ᵢ₎)³ / (6·[Σ(θ̄₍·₎ − θ₍ᵢ₎)²]^{3/2}) (0 when the
 * jackknife values are all equal), limits at the type-7 quantiles of levels
 * Φ(z₀ + (z₀ + z_q)/(1 − a(z₀ + z_q))) for q = α/2, 1 − α/2. Returns null when a replicate or
 * jackknife value is not finite, when every replicate lies on one side of θ̂ (z₀ infinite), or when
 * there are fewer than 2 replicates.
 */
export function bcaInterval(
  estimate: number,
  replicates: ArrayLike<number>,
  jackknife: readonly number[],
  level = 0.95,
): BcaInterval | null {
  const sorted = Float64Array.from(replicates).sort();
  const B = sorted.length;
  if (B < 2 || !sorted.every(Number.isFinite) || !jackknife.every(Number.isFinite)) return null;
  let below = 0;
  for (const t of sorted) if (t < estimate) below++;
  if (below === 0 || below === B) return null;
  const z0 = normalQuantileAt(below / B);
  const jackMean = mean(jackknife);
  let num = 0;
  let den = 0;
  for (const v of jackknife) {
    const d = jackMean - v;
    num += d * d * d;
    den += d * d;
  }
  const acceleration = den === 0 ? 0 : num / (6 * den ** 1.5);
  const alpha = 1 - level;
  const adjusted = (q: number): number => {
    const zq = normalQuantileAt(q);
    return normalCdf(z0 + (z0 + zq) / (1 - acceleration * (z0 + zq)));
  };
  const quantileLevels: [number, number] = [adjusted(alpha / 2), adjusted(1 - alpha / 2)];
  return {
    ci: [quantileSorted(sorted, quantileLevels[0]), quantileSorted(sorted, quantileLevels[1])],
    z0,
    acceleration,
    quantileLevels,
  };
}

/**
 * Nonparametric bootstrap over subjects (Efron & Tibshirani 1993, ch. 6, 13, 14): B samples of n
 * subject indices drawn with replacement, the statistic on each, the percentile interval and the
 * BCa interval (jackknife acceleration; {@link bcaInterval}). Whole subjects are resampled, so the
 * statistic sees each drawn subject's complete data (for a crossover: both periods together).
 * Draws use the order of R `boot::boot`'s ordinary resampling, `matrix(sample.int(n, n*B,
 * replace = TRUE), B, n)` (column by column), so with `randomMersenneTwister(seed)` the index sets
 * equal R's after `set.seed(seed)`. Non-finite replicates are counted and left out.
 * Throws a RangeError for n < 2, a B < 2 or non-integer, or a level outside (0, 1).
 */
export function bootstrapSubjects(
  n: number,
  statistic: SubjectStatistic,
  options: BootstrapOptions = {},
): BootstrapResult {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`bootstrapSubjects: n must be ≥ 2, got ${n}`);
  const B = options.B ?? 10_000;
  if (!Number.isInteger(B) || B < 2) throw new RangeError(`bootstrapSubjects: B must be ≥ 2, got ${B}`);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrapSubjects: level must be in (0, 1)`);
  const random = options.random ?? randomMersenneTwister(DEFAULT_SEED);

  const all = Array.from({ length: n }, (_, i) => i);
  const estimate = statistic(all);

  const draws = new Int32Array(n * B);
  for (let k = 0; k < n * B; k++) draws[k] = random.integer(n);
  const replicates = new Float64Array(B);
  const indices = new Array<number>(n).fill(0);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < n; j++) indices[j] = draws[j * B + b]!;
    replicates[b] = statistic(indices);
  }
  const valid = replicates.filter(Number.isFinite).sort();
  const nValid = valid.length;
  const alpha = 1 - level;
  const percentile: [number, number] = [
    quantileSorted(valid, alpha / 2),
    quantileSorted(valid, 1 - alpha / 2),
  ];
  const replicateMean = mean(Array.from(valid));
  let ss = 0;
  for (const v of valid) ss += (v - replicateMean) ** 2;

  const jackknife = all.map((i) => statistic(all.filter((j) => j !== i)));
  const bca = Number.isFinite(estimate) ? bcaInterval(estimate, valid, jackknife, level) : null;

  return {
    estimate,
    n,
    B,
    nValid,
    level,
    percentile,
    bca,
    se: Math.sqrt(ss / (nValid - 1)),
    bias: replicateMean - estimate,
    replicates,
    seed: random.seed,
    algorithm: random.algorithm,
  };
}

/** Attenuation of a response by a treatment, from raw means. */
export interface AttenuationResult {
  readonly nTreated: number;
  readonly nControl: number;
  /** Mean response under the treatment (e.g. NTX), in the outcome's units. */
  readonly meanTreated: number;
  /** Mean response under the control (e.g. PBO). */
  readonly meanControl: number;
  /** meanTreated − meanControl. */
  readonly meanDifference: number;
  /** 1 − meanTreated/meanControl (0 = no attenuation, 1 = response abolished). */
  readonly attenuation: number;
}

/**
 * Returns the attenuation 1 − mean(treated)/mean(control) = (treated − control)/(−control) of a
 * response (e.g. the ketamine MADRS change under naltrexone vs placebo), a dimensionless fraction,
 * from raw means of the two arrays (equal lengths not required: complete cases or all sessions).
 * A control mean of 0 gives ±Infinity or NaN. Throws a RangeError when either array is empty.
 */
export function attenuation(treated: readonly number[], control: readonly number[]): AttenuationResult {
  if (treated.length === 0 || control.length === 0) {
    throw new RangeError("attenuation: both groups need at least one value");
  }
  const meanTreated = mean(treated);
  const meanControl = mean(control);
  return {
    nTreated: treated.length,
    nControl: control.length,
    meanTreated,
    meanControl,
    meanDifference: meanTreated - meanControl,
    attenuation: 1 - meanTreated / meanControl,
  };
}

/** One subject's responses under both conditions. */
export interface TreatedControlPair {
  readonly treated: number;
  readonly control: number;
}

/** Attenuation with a subject bootstrap. */
export interface AttenuationBootstrapResult extends AttenuationResult {
  readonly bootstrap: BootstrapResult;
}

/**
 * Returns the raw attenuation 1 − mean(treated)/mean(control) over subjects with both conditions
 * and its bootstrap distribution ({@link bootstrapSubjects}): each replicate resamples subjects
 * (each with both responses, so the within-subject pairing is kept) and recomputes both means from
 * the same subjects; percentile and BCa intervals. Replicates whose control mean is 0 are left out.
 * Throws a RangeError for fewer than 2 subjects or a non-finite response.
 */
export function attenuationBootstrap(
  pairs: readonly TreatedControlPair[],
  options: BootstrapOptions = {},
): AttenuationBootstrapResult {
  for (const p of pairs) {
    if (!Number.isFinite(p.treated) || !Number.isFinite(p.control)) {
      throw new RangeError("attenuationBootstrap: responses must be finite (use complete cases)");
    }
  }
  const raw = attenuation(
    pairs.map((p) => p.treated),
    pairs.map((p) => p.control),
  );
  const statistic: SubjectStatistic = (indices) => {
    let sumT = 0;
    let sumC = 0;
    for (const i of indices) {
      sumT += pairs[i]!.treated;
      sumC += pairs[i]!.control;
    }
    return 1 - sumT / indices.length / (sumC / indices.length);
  };
  return { ...raw, bootstrap: bootstrapSubjects(pairs.length, statistic, options) };
}
