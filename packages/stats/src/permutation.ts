import { DEFAULT_SEED, type RandomGenerator, randomMersenneTwister } from "./random";

/**
 * A statistic of a sign-flip permutation: `signs[i]` is +1 when subject i keeps its treatment
 * labels and −1 when they are swapped. It must not mutate `signs`; NaN marks a permutation on which
 * the statistic is undefined (it is then left out of the count and of the denominator).
 */
export type SignFlipStatistic = (signs: readonly number[]) => number;

/** Options of the sign-flip permutation tests. */
export interface PermutationOptions {
  /** Monte Carlo permutations (default 10 000; 0 skips the Monte Carlo test). */
  readonly B?: number;
  /** Generator for the Monte Carlo draws (default `randomMersenneTwister(DEFAULT_SEED)`). */
  readonly random?: RandomGenerator;
  /**
   * Largest number of subjects for which the exact p is computed (default 20 for a general
   * statistic: 2^n evaluations; at most 30). Above it `exact` is null.
   */
  readonly maxExactN?: number;
  /**
   * Relative tolerance when comparing |T| with |T_obs|: a permutation counts when
   * |T| ≥ |T_obs|·(1 − tolerance), so rounding in a different summation order does not drop ties
   * (default 1e-9).
   */
  readonly tolerance?: number;
}

/** The exact permutation p over all 2^n sign assignments. */
export interface ExactPermutationP {
  /** Sign assignments with |T| ≥ |T_obs| (the observed one included). */
  readonly count: number;
  /** Sign assignments on which T is defined (2^n minus the NaN ones). */
  readonly total: number;
  /** Two-sided p = count / total. */
  readonly p: number;
  /** "enumeration" (all 2^n evaluated) or "meet-in-the-middle" (sum statistics only). */
  readonly method: "enumeration" | "meet-in-the-middle";
}

/** Result of a sign-flip (within-subject label swap) permutation test. */
export interface PermutationTestResult {
  /** Number of subjects (paired units). */
  readonly n: number;
  /** The statistic with every subject's labels as observed (all signs +1). */
  readonly observed: number;
  /** Monte Carlo permutations drawn. */
  readonly B: number;
  /** Monte Carlo permutations on which the statistic was defined (not NaN). */
  readonly nValid: number;
  /** Monte Carlo permutations with |T| ≥ |T_obs|. */
  readonly count: number;
  /** count / nValid (NaN when B = 0). */
  readonly pMonteCarlo: number;
  /** (count + 1) / (nValid + 1), never 0 (Phipson & Smyth 2010, SAGMB 9:39); NaN when B = 0. */
  readonly pMonteCarloPlus1: number;
  /** Exact p, or null when n exceeds the exact limit. */
  readonly exact: ExactPermutationP | null;
  readonly seed: number;
  readonly algorithm: string;
}

const MAX_ENUMERATION_N = 30;
const MAX_MEET_IN_THE_MIDDLE_N = 44;

function checkCount(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

/**
 * Monte Carlo sign flips in R's order: the n × B matrix of R
 * `matrix(sample(c(-1, 1), n * B, replace = TRUE), nrow = B)` is filled column by column, so
 * subject 0's B signs are drawn first, then subject 1's, and so on. Returns the signs of
 * permutation b at b·n … b·n + n − 1.
 */
function drawSigns(n: number, B: number, random: RandomGenerator): Int8Array {
  const signs = new Int8Array(n * B);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < B; b++) signs[b * n + i] = random.coin() ? 1 : -1;
  }
  return signs;
}

/**
 * Sign-flip permutation test for paired data (a within-subject label swap in a crossover: each
 * subject's two treatment labels are exchanged with probability 1/2, the period kept). Returns the
 * observed statistic T_obs = statistic(all +1), the Monte Carlo two-sided p over B random
 * assignments (count/B and (count + 1)/(B + 1), where count = #{|T| ≥ |T_obs|}), and, for
 * n ≤ `maxExactN`, the exact p over all 2^n assignments by Gray-code enumeration.
 * Draw order matches R (see the options), so with `randomMersenneTwister(seed)` the draws equal
 * R's `set.seed(seed); matrix(sample(c(-1, 1), n*B, replace = TRUE), nrow = B)` (row b =
 * permutation b, −1 = swapped). Method: Fisher 1935 (§21), Good 2005 (Permutation, Parametric and
 * Bootstrap Tests of Hypotheses, ch. 3). NaN statistics are excluded from both counts.
 * Throws a RangeError for n < 1, a B that is not a non-negative integer, maxExactN > 30, or a NaN
 * observed statistic.
 */
export function signFlipPermutationTest(
  n: number,
  statistic: SignFlipStatistic,
  options: PermutationOptions = {},
): PermutationTestResult {
  checkCount("signFlipPermutationTest n", n, 1, Number.MAX_SAFE_INTEGER);
  const B = options.B ?? 10_000;
  checkCount("signFlipPermutationTest B", B, 0, Number.MAX_SAFE_INTEGER);
  const maxExactN = options.maxExactN ?? 20;
  checkCount("signFlipPermutationTest maxExactN", maxExactN, 0, MAX_ENUMERATION_N);
  const random = options.random ?? randomMersenneTwister(DEFAULT_SEED);
  const tolerance = options.tolerance ?? 1e-9;

  const signs = new Array<number>(n).fill(1);
  const observed = statistic(signs);
  if (Number.isNaN(observed)) throw new RangeError("signFlipPermutationTest: the observed statistic is NaN");
  const threshold = Math.abs(observed) * (1 - tolerance);
  const extreme = (t: number) => Math.abs(t) >= threshold;

  const drawn = drawSigns(n, B, random);
  let count = 0;
  let nValid = 0;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < n; i++) signs[i] = drawn[b * n + i]!;
    const t = statistic(signs);
    if (Number.isNaN(t)) continue;
    nValid++;
    if (extreme(t)) count++;
  }

  let exact: ExactPermutationP | null = null;
  if (n <= maxExactN) {
    signs.fill(1);
    let exactCount = 0;
    let total = 0;
    const tally = (t: number) => {
      if (Number.isNaN(t)) return;
      total++;
      if (extreme(t)) exactCount++;
    };
    tally(observed);
    const size = 2 ** n;
    for (let k = 1; k < size; k++) {
      // Gray code: assignment k differs from k − 1 in the lowest set bit of k.
      const bit = 31 - Math.clz32(k & -k);
      signs[bit] = -signs[bit]!;
      tally(statistic(signs));
    }
    exact = { count: exactCount, total, p: exactCount / total, method: "enumeration" };
  }

  return {
    n,
    observed,
    B,
    nValid,
    count,
    pMonteCarlo: B === 0 ? Number.NaN : count / nValid,
    pMonteCarloPlus1: B === 0 ? Number.NaN : (count + 1) / (nValid + 1),
    exact,
    seed: random.seed,
    algorithm: random.algorithm,
  };
}

/**
 * The mean of the sign-flipped differences, mean(sᵢ·dᵢ), as a {@link SignFlipStatistic}: with d
 * the within-subject differences (treatment A − B), the paired mean difference.
 */
export function meanDifferenceStatistic(differences: readonly number[]): SignFlipStatistic {
  const n = differences.length;
  return (signs) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += signs[i]! * differences[i]!;
    return sum / n;
  };
}

/** One subject of a two-period, two-treatment (AB/BA) crossover. */
export interface CrossoverPair {
  /** Outcome under treatment A. */
  readonly a: number;
  /** Outcome under treatment B. */
  readonly b: number;
  /** True when A was given in period 1 (sequence AB). */
  readonly aFirst: boolean;
}

/**
 * The Hills–Armitage treatment estimate (A − B, period-adjusted) under relabelling, as a
 * {@link SignFlipStatistic}: with period differences pᵢ = y(period 1) − y(period 2), which a label
 * swap leaves unchanged, and the swapped subjects moved to the other sequence, the estimate is
 * (mean p[AB] − mean p[BA]) / 2 (Hills & Armitage 1979, Br J Clin Pharmacol 8:7–20).
 * NaN when a sequence is empty after the swap.
 */
export function hillsArmitageStatistic(pairs: readonly CrossoverPair[]): SignFlipStatistic {
  const periodDiff = pairs.map((p) => (p.aFirst ? p.a - p.b : p.b - p.a));
  return (signs) => {
    let sumAB = 0;
    let nAB = 0;
    let sumBA = 0;
    let nBA = 0;
    for (let i = 0; i < pairs.length; i++) {
      const aFirst = pairs[i]!.aFirst === signs[i]! > 0;
      if (aFirst) {
        sumAB += periodDiff[i]!;
        nAB++;
      } else {
        sumBA += periodDiff[i]!;
        nBA++;
      }
    }
    if (nAB === 0 || nBA === 0) return Number.NaN;
    return (sumAB / nAB - sumBA / nBA) / 2;
  };
}

/** All 2^k signed sums of `values` (bit i of the index set ⇒ −values[i]). */
function signedSums(values: readonly number[]): Float64Array {
  const sums = new Float64Array(2 ** values.length);
  let total = 0;
  for (const v of values) total += v;
  sums[0] = total;
  for (let i = 0; i < values.length; i++) {
    const half = 2 ** i;
    const flip = 2 * values[i]!;
    for (let k = 0; k < half; k++) sums[half + k] = sums[k]! - flip;
  }
  return sums;
}

/** Number of entries of sorted `a` that are < x (or ≤ x when `inclusive`). */
function countBelow(a: Float64Array, x: number, inclusive = false): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v < x || (inclusive && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Paired permutation test of the mean difference: {@link signFlipPermutationTest} with
 * {@link meanDifferenceStatistic}, whose exact p is computed by meet-in-the-middle for any real
 * differences and n ≤ 44 (the 2^⌈n/2⌉ and 2^⌊n/2⌋ signed sums of the two halves, one sorted, counted
 * by binary search: O(2^(n/2)·n) instead of 2^n evaluations; Horowitz & Sahni 1974, JACM 21:277).
 * Returns T_obs = mean(d), the Monte Carlo p (same draws as the general test) and the exact p.
 * Throws a RangeError for an empty or non-finite `differences`.
 */
export function meanDifferencePermutationTest(
  differences: readonly number[],
  options: Omit<PermutationOptions, "maxExactN"> = {},
): PermutationTestResult {
  for (const v of differences) {
    if (!Number.isFinite(v)) throw new RangeError(`meanDifferencePermutationTest: non-finite value ${v}`);
  }
  const n = differences.length;
  const result = signFlipPermutationTest(n, meanDifferenceStatistic(differences), {
    ...options,
    maxExactN: 0,
  });
  if (n > MAX_MEET_IN_THE_MIDDLE_N) return result;
  const tolerance = options.tolerance ?? 1e-9;
  let total = 0;
  for (const v of differences) total += v;
  const threshold = Math.abs(total) * (1 - tolerance);
  const size = 2 ** n;
  let count: number;
  if (threshold <= 0) {
    count = size;
  } else {
    const half = Math.ceil(n / 2);
    const left = signedSums(differences.slice(0, half));
    const right = signedSums(differences.slice(half)).sort();
    count = 0;
    for (const a of left) {
      // |a + b| ≥ threshold ⇔ b ≥ threshold − a or b ≤ −threshold − a (disjoint: threshold > 0).
      count += right.length - countBelow(right, threshold - a);
      count += countBelow(right, -threshold - a, true);
    }
  }
  return { ...result, exact: { count, total: size, p: count / size, method: "meet-in-the-middle" } };
}
