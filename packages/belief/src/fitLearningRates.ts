import type { BeliefTrial, TrialMeasure } from "./schema";
import { type TrialMeasureOptions, trialMeasures } from "./trialMeasures";

/** Options of {@link fitLearningRates}. */
export interface LearningRateOptions extends TrialMeasureOptions {
  /** Bounds of both learning rates (default [0, 1]: no update to full adoption of the base rate). */
  readonly bounds?: readonly [number, number];
  /** Fewest used trials of a valence for its learning rate to be estimated (default 2). */
  readonly minTrialsPerValence?: number;
}

/** The maximum-likelihood fit of the two-learning-rate model to one session. */
export interface LearningRateFit {
  /** Learning rate for good / bad news (update per point of |estimation error|); null when not estimable. */
  readonly alpha_good: number | null;
  readonly alpha_bad: number | null;
  /** SEs from the observed information (inverse Hessian of the negative log-likelihood); null at a bound or when not estimable. */
  readonly se_good: number | null;
  readonly se_bad: number | null;
  /** alpha_good − alpha_bad and its SE (null when either is null). */
  readonly asymmetry: number | null;
  readonly se_asymmetry: number | null;
  /** Noise SD σ of the update (percentage points) and its SE. */
  readonly sigma: number | null;
  readonly se_sigma: number | null;
  /** Negative log-likelihood at the estimate (null when not estimable). */
  readonly nll: number | null;
  /** Trials used (both valences), per valence, and trials of the session left out. */
  readonly n_trials: number;
  readonly n_good: number;
  readonly n_bad: number;
  readonly n_excluded: number;
  /** A learning rate at a bound (then its SE is null). */
  readonly at_bound: { readonly good: boolean; readonly bad: boolean };
  /** The estimate is the maximum of the likelihood within the bounds. */
  readonly converged: boolean;
  /** Plain-language problems (empty when none). */
  readonly problems: readonly string[];
}

/** The default learning-rate bounds. */
export const DEFAULT_ALPHA_BOUNDS: readonly [number, number] = [0, 1];

function isMeasure(t: BeliefTrial | TrialMeasure): t is TrialMeasure {
  return "exclusion_reason" in t && "update" in t;
}

/**
 * Fits the valence-dependent learning-rate model of belief updating (the reinforcement-learning
 * model of Kuzmanovic & Rigoux 2017, Front Psychol 8:1087, with separate rates for good and bad
 * news as in Sharot & Garrett 2016 and Bottemanne et al. 2022) to one participant's session by
 * maximum likelihood:
 *
 *   update_i = α_{v(i)} · |EE_i| + ε_i,   ε_i ~ N(0, σ²),   α_good, α_bad ∈ [lo, hi], σ > 0,
 *
 * i.e. the second estimate moves a fraction α of the way from the first estimate to the base
 * rate, with Gaussian response noise. The likelihood separates by valence for fixed σ, so the
 * bounded maximum is exact (no iterative optimiser is needed): α̂_v = clamp(Σ_v u|e| / Σ_v e²,
 * lo, hi), σ̂² = RSS/n. Standard errors are the square roots of the diagonal of the inverse of
 * the observed information (the analytic Hessian of −log L in (α_good, α_bad, σ) at the
 * estimate). A rate at a bound gets no SE (the Hessian does not describe a boundary maximum;
 * Self & Liang 1987) and a note in `problems`; it is held fixed at the bound for the other SEs. Takes trials (or their measures) of ONE session;
 * excluded trials (see trialMeasures) are not used and are counted in `n_excluded`.
 * Throws when the trials span more than one participant × session.
 */
export function fitLearningRates(
  trials: readonly (BeliefTrial | TrialMeasure)[],
  options: LearningRateOptions = {},
): LearningRateFit {
  const keys = new Set(trials.map((t) => `${t.participant_id} ${t.session_id}`));
  if (keys.size > 1) throw new Error(`fitLearningRates: trials of ${keys.size} sessions given, expected one`);
  const [lo, hi] = options.bounds ?? DEFAULT_ALPHA_BOUNDS;
  if (!(lo < hi)) throw new RangeError(`fitLearningRates: bounds [${lo}, ${hi}] are empty`);
  const minPer = options.minTrialsPerValence ?? 2;
  const measures = trials.every(isMeasure)
    ? (trials as readonly TrialMeasure[])
    : trialMeasures(trials as readonly BeliefTrial[], options);
  const used = measures.filter(
    (m) => !m.excluded && m.update !== null && m.estimation_error !== null && m.news !== null,
  );
  const problems: string[] = [];
  const byValence = (v: "good" | "bad") => used.filter((m) => m.news === v);
  const fitValence = (v: "good" | "bad") => {
    const rows = byValence(v);
    let sxy = 0;
    let sxx = 0;
    for (const m of rows) {
      const e = Math.abs(m.estimation_error!);
      sxy += m.update! * e;
      sxx += e * e;
    }
    if (rows.length < minPer || sxx === 0) {
      problems.push(
        `${v}-news learning rate not estimable: ${rows.length} used trial(s), fewer than ${minPer}`,
      );
      return { alpha: null, sxx, n: rows.length, rows, atBound: false };
    }
    const raw = sxy / sxx;
    const alpha = Math.min(hi, Math.max(lo, raw));
    const atBound = raw <= lo || raw >= hi;
    if (atBound)
      problems.push(
        `${v}-news learning rate at its ${raw <= lo ? "lower" : "upper"} bound ${raw <= lo ? lo : hi} (unbounded estimate ${raw.toFixed(3)}); no SE`,
      );
    return { alpha, sxx, n: rows.length, rows, atBound };
  };
  const good = fitValence("good");
  const bad = fitValence("bad");
  const nExcluded = measures.length - used.length;
  const base = {
    n_trials: good.n + bad.n,
    n_good: good.n,
    n_bad: bad.n,
    n_excluded: nExcluded,
    at_bound: { good: good.atBound, bad: bad.atBound },
  };
  // Rows of an inestimable valence do not enter the likelihood.
  const parts = [good, bad].filter((p) => p.alpha !== null);
  const n = parts.reduce((a, p) => a + p.n, 0);
  let rss = 0;
  const residualDot: number[] = [];
  for (const p of parts) {
    let rdot = 0;
    for (const m of p.rows) {
      const e = Math.abs(m.estimation_error!);
      const r = m.update! - p.alpha! * e;
      rss += r * r;
      rdot += r * e;
    }
    residualDot.push(rdot);
  }
  if (parts.length === 0 || rss === 0) {
    if (parts.length > 0) problems.push("the model fits every update exactly (σ = 0): no likelihood");
    return {
      alpha_good: parts.length > 0 ? good.alpha : null,
      alpha_bad: parts.length > 0 ? bad.alpha : null,
      se_good: null,
      se_bad: null,
      asymmetry:
        parts.length > 0 && good.alpha !== null && bad.alpha !== null ? good.alpha - bad.alpha : null,
      se_asymmetry: null,
      sigma: parts.length > 0 ? 0 : null,
      se_sigma: null,
      nll: null,
      ...base,
      converged: false,
      problems,
    };
  }
  const s2 = rss / n;
  const sigma = Math.sqrt(s2);
  const nll = (n / 2) * Math.log(2 * Math.PI * s2) + n / 2;
  // Observed information in the free parameters (the estimable rates not at a bound, then σ):
  // ∂²/∂α_v² = Σ_v e²/σ², ∂²/∂α_v∂σ = 2 Σ_v r e/σ³ (0 at an interior maximum), ∂²/∂σ² =
  // −n/σ² + 3 RSS/σ⁴ (= 2n/σ² at σ̂). A rate at a bound is held fixed there (its row dropped).
  const free = parts.map((p, i) => ({ p, i })).filter(({ p }) => !p.atBound);
  const k = free.length;
  const H: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(k + 1).fill(0));
  free.forEach(({ p, i }, j) => {
    H[j]![j] = p.sxx / s2;
    H[j]![k] = (2 * residualDot[i]!) / (s2 * sigma);
    H[k]![j] = H[j]![k]!;
  });
  H[k]![k] = -n / s2 + (3 * rss) / (s2 * s2);
  const cov = invertSmall(H);
  const seOf = (i: number): number | null => {
    const v = i >= 0 ? cov?.[i]?.[i] : undefined;
    return v !== undefined && v > 0 ? Math.sqrt(v) : null;
  };
  const idxGood = free.findIndex(({ p }) => p === good);
  const idxBad = free.findIndex(({ p }) => p === bad);
  const seGood = seOf(idxGood);
  const seBad = seOf(idxBad);
  let seAsym: number | null = null;
  if (seGood !== null && seBad !== null && cov) {
    const v = cov[idxGood]![idxGood]! + cov[idxBad]![idxBad]! - 2 * cov[idxGood]![idxBad]!;
    seAsym = v > 0 ? Math.sqrt(v) : null;
  }
  if (cov === null) problems.push("the Hessian is singular: no standard errors");
  return {
    alpha_good: good.alpha,
    alpha_bad: bad.alpha,
    se_good: seGood,
    se_bad: seBad,
    asymmetry: good.alpha !== null && bad.alpha !== null ? good.alpha - bad.alpha : null,
    se_asymmetry: seAsym,
    sigma,
    se_sigma: seOf(k),
    nll,
    ...base,
    converged: true,
    problems,
  };
}

/** Inverse of a small symmetric matrix by Gauss–Jordan with partial pivoting; null when singular. */
export function invertSmall(A: readonly (readonly number[])[]): number[][] | null {
  const n = A.length;
  const M = A.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  const scale = Math.max(...A.flat().map(Math.abs), 0);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    if (Math.abs(M[piv]![c]!) <= 1e-14 * scale) return null;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    const d = M[c]![c]!;
    for (let j = 0; j < 2 * n; j++) M[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]!;
      if (f === 0) continue;
      for (let j = 0; j < 2 * n; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return M.map((row) => row.slice(n));
}
