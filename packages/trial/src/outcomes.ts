import type {
  BlockMeasureRow,
  BlockOutcomeRow,
  FittedBlock,
  MadrsRecord,
  OutcomeRow,
  ParticipantRecord,
  Phase,
  SessionRecord,
  StudyConfig,
  WindowMin,
} from "@fmrs/schema";
import { mean } from "@fmrs/stats";
import { blockMeasures, type MeasureSet, studyMeasures } from "./measures";
import { qcReasons, qcRules } from "./qc";
import { compareLabels } from "./studyRecords";

/** The study.json fields the outcomes read (the study's decisions). */
export type OutcomeFields = Pick<
  StudyConfig,
  "measures" | "outcome" | "qc" | "infusion" | "baseline_window" | "response_window" | "post_window" | "madrs"
>;

/** One fitted block judged by the study's decisions: its phase, measures and QC verdict. */
export interface AssessedBlock {
  readonly block: number;
  readonly t_start_s: number;
  readonly t_end_s: number;
  readonly phase: Phase;
  /** Each measure by the study's name for it (the outcome under `outcome`). */
  readonly measures: Readonly<Record<string, number | null>>;
  readonly outcome: number | null;
  readonly outcome_crlb_pct: number | null;
  readonly fwhm_hz: number | null;
  readonly snr: number | null;
  readonly qc_pass: boolean;
  /** Why the block failed QC ("" when it passed); reasons joined by "; ". */
  readonly qc_reason: string;
}

/** The infusion phase of a block from its start time (s) relative to infusion onset. */
export function phaseOf(tStartS: number, infusion: StudyConfig["infusion"]): Phase {
  const onset = infusion.onset_min * 60;
  if (tStartS < onset) return "baseline";
  if (tStartS < onset + infusion.duration_min * 60) return "infusion";
  return "post";
}

/**
 * One session's fitted blocks judged by the study: the measures (study.json expressions, see
 * studyMeasures), the infusion phase, and the QC verdict of qcRules with its reasons (the block's
 * fit problems first). Sorted by block.
 */
export function assessBlocks(
  blocks: readonly FittedBlock[],
  study: Pick<StudyConfig, "measures" | "outcome" | "qc" | "infusion">,
  measureSet: MeasureSet = studyMeasures(study),
): AssessedBlock[] {
  const rules = qcRules(study.qc, measureSet.crlbOf);
  return [...blocks]
    .sort((a, b) => a.block - b.block)
    .map((b) => {
      const m = blockMeasures(b, measureSet);
      const reasons = qcReasons(
        { outcome: m.outcome, crlbPct: m.crlbPct, fwhmHz: b.fwhm_hz, snr: b.snr, problems: b.problems },
        rules,
      );
      return {
        block: b.block,
        t_start_s: b.t_start_s,
        t_end_s: b.t_end_s,
        phase: phaseOf(b.t_start_s, study.infusion),
        measures: m.values,
        outcome: m.outcome,
        outcome_crlb_pct: m.crlbPct,
        fwhm_hz: b.fwhm_hz,
        snr: b.snr,
        qc_pass: reasons.length === 0,
        qc_reason: reasons.join("; "),
      };
    });
}

/** The derived outcome tables: one row per session, one per MRS block, one per block × measure. */
export interface DerivedOutcomes {
  readonly sessions: OutcomeRow[];
  readonly blocks: BlockOutcomeRow[];
  readonly measures: BlockMeasureRow[];
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
  study: Pick<StudyConfig, "baseline_window" | "response_window" | "post_window">,
  participants: readonly ParticipantRecord[],
  sessions: readonly SessionRecord[],
  timeseries: ReadonlyMap<string, readonly AssessedBlock[]>,
  madrs: readonly MadrsRecord[],
): DerivedOutcomes {
  const byId = new Map(participants.map((p) => [p.participant_id, p]));
  const outRows: OutcomeRow[] = [];
  const blockRows: BlockOutcomeRow[] = [];
  const measureRows: BlockMeasureRow[] = [];
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
        t_start_s: b.t_start_s,
        t_end_s: b.t_end_s,
        t_mid_min: (b.t_start_s + b.t_end_s) / 120,
        phase: b.phase,
        outcome: b.outcome,
        outcome_crlb_pct: b.outcome_crlb_pct,
        fwhm_hz: b.fwhm_hz,
        snr: b.snr,
        pct_change: b.qc_pass ? pct(b.outcome, baselineMean) : null,
        qc_pass: b.qc_pass,
        qc_reason: b.qc_reason,
      });
      for (const [measure, value] of Object.entries(b.measures))
        measureRows.push({
          participant_id: s.participant_id,
          session_id: s.session_id,
          block: b.block,
          measure,
          value,
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
  return { sessions: outRows, blocks: blockRows, measures: measureRows };
}
