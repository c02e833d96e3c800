import type {
  BlockOutcomeRow,
  MadrsRecord,
  OutcomeRow,
  ParticipantRecord,
  SessionRecord,
  StudyConfig,
  TimeseriesRow,
  WindowMin,
} from "@fmrs/schema";
import { mean } from "@fmrs/stats";
import { compareLabels } from "./studyRecords";

/** The derived outcome tables: one row per session, and one per MRS block. */
export interface DerivedOutcomes {
  readonly sessions: OutcomeRow[];
  readonly blocks: BlockOutcomeRow[];
}

function inWindow(tStartS: number, w: WindowMin | undefined): boolean {
  return w !== undefined && tStartS >= w.start_min * 60 && tStartS < w.end_min * 60;
}

function meanOrNull(values: readonly number[]): number | null {
  return values.length === 0 ? null : mean(values);
}

function pct(value: number | null, base: number | null): number | null {
  if (value === null || base === null || base === 0) return null;
  return (100 * (value - base)) / base;
}

/**
 * Per-session outcomes of a crossover fMRS study. For each session, among blocks that passed QC
 * with an outcome value: the baseline mean (blocks starting in the baseline window), the response
 * and post means, the percent change 100·(response − baseline)/baseline; per block the percent
 * change from its session's baseline mean (null for QC-failed blocks). MADRS: the pre and 24 h
 * totals, change = 24 h − pre (negative = improvement) and 100·change/pre. Sessions without MRS
 * or without a baseline block get null MRS outcomes. Rows sorted by participant, period (blocks
 * also by block).
 */
export function deriveOutcomes(
  study: StudyConfig,
  participants: readonly ParticipantRecord[],
  sessions: readonly SessionRecord[],
  timeseries: ReadonlyMap<string, readonly TimeseriesRow[]>,
  madrs: readonly MadrsRecord[],
): DerivedOutcomes {
  const byId = new Map(participants.map((p) => [p.participant_id, p]));
  const outRows: OutcomeRow[] = [];
  const blockRows: BlockOutcomeRow[] = [];
  const ordered = [...sessions].sort(
    (a, b) => compareLabels(a.participant_id, b.participant_id) || a.period - b.period,
  );
  for (const s of ordered) {
    const p = byId.get(s.participant_id);
    if (p === undefined) throw new Error(`deriveOutcomes(): ${s.participant_id} has no participant record`);
    const series = timeseries.get(`${s.participant_id}/${s.session_id}`) ?? [];
    const good = series.filter((b) => b.qc_pass && b.outcome !== null);
    const values = (w: WindowMin | undefined) =>
      good.filter((b) => inWindow(b.t_start_s, w)).map((b) => b.outcome as number);
    const base = values(study.baseline_window);
    const resp = values(study.response_window);
    const post = values(study.post_window);
    const baselineMean = meanOrNull(base);
    const responseMean = meanOrNull(resp);
    const postMean = meanOrNull(post);
    for (const b of series) {
      blockRows.push({
        participant_id: s.participant_id,
        session_id: s.session_id,
        period: s.period,
        condition: s.condition,
        sex: p.sex,
        block: b.block,
        t_mid_min: (b.t_start_s + b.t_end_s) / 120,
        phase: b.phase,
        outcome: b.outcome,
        pct_change: b.qc_pass ? pct(b.outcome, baselineMean) : null,
        qc_pass: b.qc_pass,
      });
    }
    const total = (tp: "pre" | "24h") =>
      madrs.find(
        (m) => m.participant_id === s.participant_id && m.session_id === s.session_id && m.timepoint === tp,
      )?.total ?? null;
    const pre = total("pre");
    const after = total("24h");
    const change = pre === null || after === null ? null : after - pre;
    outRows.push({
      participant_id: s.participant_id,
      session_id: s.session_id,
      period: s.period,
      condition: s.condition,
      sequence: p.sequence,
      sex: p.sex,
      mrs_available: series.length > 0,
      n_blocks_baseline: base.length,
      n_blocks_response: resp.length,
      n_blocks_post: post.length,
      n_blocks_failed_qc: series.filter((b) => !b.qc_pass).length,
      baseline_mean: baselineMean,
      response_mean: responseMean,
      post_mean: postMean,
      glx_pct_change: pct(responseMean, baselineMean),
      glx_post_pct_change: pct(postMean, baselineMean),
      madrs_pre: pre,
      madrs_24h: after,
      madrs_change: change,
      madrs_pct_change: change === null || pre === null || pre === 0 ? null : (100 * change) / pre,
    });
  }
  blockRows.sort(
    (a, b) => compareLabels(a.participant_id, b.participant_id) || a.period - b.period || a.block - b.block,
  );
  return { sessions: outRows, blocks: blockRows };
}
