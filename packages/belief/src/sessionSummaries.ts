import {
  type ExclusionCounts,
  type SessionSummary,
  TRIAL_EXCLUSION_REASONS,
  type TrialMeasure,
} from "./schema";

function meanOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Compares participant then session ids by code point (the documented sort key of every table). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Per participant × session: the mean update after good and after bad news over the used trials,
 * the update bias (good − bad; Sharot et al. 2011), the mean |estimation error| per valence, and
 * the counts of trials in, used, per valence and excluded by reason. Rows are sorted by
 * participant then session id. A session whose trials are all excluded still gets a row (means
 * null), so every session reaches the participant flow.
 */
export function sessionSummaries(measures: readonly TrialMeasure[]): SessionSummary[] {
  const groups = new Map<string, TrialMeasure[]>();
  for (const m of measures) {
    const key = `${m.participant_id}\u0000${m.session_id}`;
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  }
  const keys = [...groups.keys()].sort((a, b) => {
    const [pa, sa] = a.split("\u0000") as [string, string];
    const [pb, sb] = b.split("\u0000") as [string, string];
    return compareIds(pa, pb) || compareIds(sa, sb);
  });
  return keys.map((key) => {
    const rows = groups.get(key)!;
    const counts = Object.fromEntries(TRIAL_EXCLUSION_REASONS.map((r) => [r, 0])) as Record<
      keyof ExclusionCounts,
      number
    >;
    const good: number[] = [];
    const bad: number[] = [];
    const errGood: number[] = [];
    const errBad: number[] = [];
    for (const m of rows) {
      if (m.exclusion_reason !== null) {
        counts[m.exclusion_reason]++;
        continue;
      }
      if (m.update === null || m.estimation_error === null) continue;
      if (m.news === "good") {
        good.push(m.update);
        errGood.push(Math.abs(m.estimation_error));
      } else if (m.news === "bad") {
        bad.push(m.update);
        errBad.push(Math.abs(m.estimation_error));
      }
    }
    const mg = meanOf(good);
    const mb = meanOf(bad);
    const first = rows[0]!;
    return {
      participant_id: first.participant_id,
      session_id: first.session_id,
      n_trials: rows.length,
      n_used: good.length + bad.length,
      n_good: good.length,
      n_bad: bad.length,
      n_excluded: rows.length - good.length - bad.length,
      excluded_by_reason: counts,
      mean_update_good: mg,
      mean_update_bad: mb,
      mean_abs_error_good: meanOf(errGood),
      mean_abs_error_bad: meanOf(errBad),
      update_bias: mg !== null && mb !== null ? mg - mb : null,
    };
  });
}
