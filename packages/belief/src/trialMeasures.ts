import type { BeliefTrial, TrialExclusionReason, TrialMeasure } from "./schema";

/** Options of {@link trialMeasures}. */
export interface TrialMeasureOptions {
  /** Allowed range of estimates and base rates in percent (default [0, 100]); values outside are excluded. */
  readonly range?: readonly [number, number];
}

/** The default allowed range of estimates and base rates (percent). */
export const DEFAULT_ESTIMATE_RANGE: readonly [number, number] = [0, 100];

/**
 * Per-trial measures of the belief-updating task for adverse events (Sharot, Korn & Dolan 2011,
 * Nat Neurosci 14:1475; Kuzmanovic & Rigoux 2017, Front Psychol 8:1087):
 * - estimation error EE = first estimate − base rate (percentage points);
 * - news: for an adverse event a base rate below one's first estimate (EE > 0) is good news, above
 *   it (EE < 0) bad news; EE = 0 carries no news (null);
 * - update towards the news: good news `first − second`, bad news `second − first`, so a positive
 *   update moves towards the base rate whatever the valence, and a negative one away from it.
 *
 * Every input trial gives one output row, in input order: nothing is dropped. A trial is excluded
 * (with the first applicable reason, in this order) when its first estimate, base rate or second
 * estimate is missing, when one of them lies outside `range`, or when EE = 0. Excluded trials keep
 * whatever measures can be computed (EE and news of a trial with a missing second estimate, for
 * the report), but the update is null unless the trial is used.
 */
export function trialMeasures(
  trials: readonly BeliefTrial[],
  options: TrialMeasureOptions = {},
): TrialMeasure[] {
  const [lo, hi] = options.range ?? DEFAULT_ESTIMATE_RANGE;
  const inRange = (v: number): boolean => v >= lo && v <= hi;
  return trials.map((t) => {
    const first = t.first_estimate;
    const base = t.base_rate;
    const second = t.second_estimate;
    let reason: TrialExclusionReason | null = null;
    if (first === null) reason = "missing_first_estimate";
    else if (base === null) reason = "missing_base_rate";
    else if (second === null) reason = "missing_second_estimate";
    if (reason === null && [first, base, second].some((v) => v !== null && !inRange(v)))
      reason = "out_of_range";
    const ee = first !== null && base !== null && inRange(first) && inRange(base) ? first - base : null;
    const news = ee === null || ee === 0 ? null : ee > 0 ? "good" : "bad";
    if (reason === null && ee === 0) reason = "no_estimation_error";
    const update =
      reason === null && news !== null && first !== null && second !== null
        ? news === "good"
          ? first - second
          : second - first
        : null;
    return {
      ...t,
      estimation_error: ee,
      news,
      update,
      excluded: reason !== null,
      exclusion_reason: reason,
    };
  });
}
