import type { Exclusion, OutcomeRow } from "@fmrs/schema";
import { compareLabels } from "./studyRecords";

/** One subject's value of an outcome under both conditions. */
export interface SubjectPair {
  readonly participant_id: string;
  readonly sex: string;
  /** Value under the test condition (e.g. NTX). */
  readonly test: number;
  /** Value under the reference condition (e.g. PBO). */
  readonly reference: number;
  /** True when the test condition came in period 1. */
  readonly testFirst: boolean;
}

export type PairedOutcome = "madrs_change" | "glx_pct_change";

/**
 * Subjects with a non-null `outcome` under both conditions (complete cases), sorted by id, and
 * the others with the reason they are left out.
 */
export function subjectPairs(
  rows: readonly OutcomeRow[],
  outcome: PairedOutcome,
  test: string,
  reference: string,
): { pairs: SubjectPair[]; excluded: Exclusion[] } {
  const ids = [...new Set(rows.map((r) => r.participant_id))].sort(compareLabels);
  const pairs: SubjectPair[] = [];
  const excluded: Exclusion[] = [];
  for (const id of ids) {
    const mine = rows.filter((r) => r.participant_id === id);
    const t = mine.find((r) => r.condition === test);
    const r = mine.find((x) => x.condition === reference);
    const missing = [
      t === undefined ? `no ${test} session` : t[outcome] === null ? `no ${outcome} under ${test}` : null,
      r === undefined
        ? `no ${reference} session`
        : r[outcome] === null
          ? `no ${outcome} under ${reference}`
          : null,
    ].filter((m): m is string => m !== null);
    if (missing.length > 0 || t === undefined || r === undefined) {
      excluded.push({ participant_id: id, session_id: null, reason: missing.join("; ") });
      continue;
    }
    pairs.push({
      participant_id: id,
      sex: t.sex,
      test: t[outcome] as number,
      reference: r[outcome] as number,
      testFirst: t.period < r.period,
    });
  }
  return { pairs, excluded };
}
