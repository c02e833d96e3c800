import type { FlowSequence, OutcomeRow, ParticipantRecord } from "@fmrs/schema";

/** Why a session has no glutamate response (null when it has one); the reasons of sessionExclusions. */
export function glutamateReason(r: OutcomeRow): string | null {
  if (r.glx_pct_change !== null) return null;
  if (!r.mrs_available) return "no MRS data for this session";
  if (r.n_blocks_baseline === 0) return "no QC-passing baseline block";
  if (r.n_blocks_response === 0) return "no QC-passing block in the response window";
  return "baseline mean is 0";
}

/** Why a session has no MADRS change (null when it has one). */
export function madrsReason(r: OutcomeRow): string | null {
  if (r.madrs_pre === null && r.madrs_24h === null) return "pre-infusion and 24 h totals missing";
  if (r.madrs_pre === null) return "pre-infusion total missing";
  if (r.madrs_24h === null) return "24 h total missing";
  return null;
}

function tally(reasons: readonly (string | null)[]): { reason: string; n: number }[] {
  const counts = new Map<string, number>();
  for (const r of reasons) if (r !== null) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, n]) => ({ reason, n }));
}

/**
 * The participant flow of a two-period crossover as the CONSORT 2010 extension for crossover trials
 * draws it (Dwan et al. 2019, BMJ 366:l4378): per sequence (in `sequenceOrder`, then any other
 * sequence by name) the participants allocated, and per period the condition, sessions attended,
 * sessions analysed for each outcome and those left out counted by reason, plus the complete
 * cases over both periods that the paired analyses use.
 */
export function consortFlow(
  participants: readonly ParticipantRecord[],
  rows: readonly OutcomeRow[],
  sequenceOrder: readonly string[],
): FlowSequence[] {
  const present = [...new Set(participants.map((p) => p.sequence))];
  const order = [
    ...sequenceOrder.filter((s) => present.includes(s)),
    ...present.filter((s) => !sequenceOrder.includes(s)).sort(),
  ];
  return order.map((sequence) => {
    const ids = new Set(participants.filter((p) => p.sequence === sequence).map((p) => p.participant_id));
    const mine = rows.filter((r) => ids.has(r.participant_id));
    const conditions = sequence.split("-");
    const periods = conditions.map((condition, i) => {
      const sessions = mine.filter((r) => r.period === i + 1);
      return {
        period: i + 1,
        condition,
        attended: new Set(sessions.map((r) => r.participant_id)).size,
        glutamate_analysed: sessions.filter((r) => glutamateReason(r) === null).length,
        glutamate_excluded: tally(sessions.map(glutamateReason)),
        madrs_analysed: sessions.filter((r) => madrsReason(r) === null).length,
        madrs_excluded: tally(sessions.map(madrsReason)),
      };
    });
    const both = (ok: (r: OutcomeRow) => boolean) =>
      [...ids].filter((id) => {
        const s = mine.filter((r) => r.participant_id === id && ok(r));
        return new Set(s.map((r) => r.period)).size >= 2;
      }).length;
    return {
      sequence,
      allocated: ids.size,
      periods,
      glutamate_both_periods: both((r) => glutamateReason(r) === null),
      madrs_both_periods: both((r) => madrsReason(r) === null),
    };
  });
}
