import { z } from "zod";
import { ConditionId, ParticipantId, SessionId, Sex } from "./ids";

/**
 * Row schemas of the Arrow tables passed between stages. Column names are snake_case and carry
 * units; missing values are explicit nulls. Each table's sort key is documented on its schema.
 */

/** participants.arrow, sorted by participant_id. */
export const ParticipantRecord = z.strictObject({
  participant_id: ParticipantId,
  sex: Sex,
  age: z.number().nullable(),
  /** Condition in period 1 then period 2, joined by "-", e.g. "PBO-NTX". */
  sequence: z.string(),
});
export type ParticipantRecord = z.infer<typeof ParticipantRecord>;

/** How a session's MRS reached us: raw spectra, a fitted time series, or none. */
export const MrsRoute = z.enum(["raw", "fitted", "none"]);
export type MrsRoute = z.infer<typeof MrsRoute>;

/**
 * The adapter that reads a session's MRS input, chosen once at ingest from the file name and
 * recorded in sessions.arrow: raw NIfTI-MRS spectra (`*_svs.nii[.gz]`, fitted here), a tidy
 * block table fitted elsewhere (`*_glx.tsv`), or an LCModel manifest naming one .table per block
 * (`*_lcmodel.tsv`).
 */
export const MrsAdapter = z.enum(["nifti-mrs", "tidy-tsv", "lcmodel"]);
export type MrsAdapter = z.infer<typeof MrsAdapter>;

/** sessions.arrow, sorted by participant_id, period. */
export const SessionRecord = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  period: z.int().min(1),
  condition: ConditionId,
  mrs_route: MrsRoute,
  /** The adapter that reads the MRS input (null when none). */
  mrs_adapter: MrsAdapter.nullable(),
  /** The MRS input, relative to the study folder (null when none). */
  mrs_file: z.string().nullable(),
});
export type SessionRecord = z.infer<typeof SessionRecord>;

/** madrs.arrow, sorted by participant_id, session_id, timepoint (pre before 24h). */
export const MadrsRecord = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  timepoint: z.enum(["pre", "24h"]),
  /** Total 0–60, null when the item set is incomplete and prorating is off or not enough. */
  total: z.number().nullable(),
  n_items: z.int().min(0).max(10),
  prorated: z.boolean(),
});
export type MadrsRecord = z.infer<typeof MadrsRecord>;

/** The infusion phase of a block, by its start time: before onset, during, after. */
export const Phase = z.enum(["baseline", "infusion", "post"]);
export type Phase = z.infer<typeof Phase>;

/**
 * One fitted block, whatever route it came by (raw spectra fitted here, a tidy TSV or LCModel
 * tables fitted elsewhere): its time span, linewidth, SNR, each metabolite's amplitude and CRLB,
 * and named problems that fail it in QC (e.g. every transient rejected, an LCModel error).
 */
export interface FittedBlock {
  readonly block: number;
  readonly t_start_s: number;
  readonly t_end_s: number;
  readonly fwhm_hz: number | null;
  readonly snr: number | null;
  /** Amplitude by metabolite name as the fit names it (e.g. Glu, NAA, or LCModel's Glu+Gln). */
  readonly values: Readonly<Record<string, number | null>>;
  /** CRLB in percent by metabolite name. */
  readonly crlb_pct: Readonly<Record<string, number | null>>;
  /** Problems found by the fit or its input; a block with any fails QC with them as reasons. */
  readonly problems: readonly string[];
  /** Fit quality: residual SD over the spectral noise SD (1 = noise only); null when not fitted here. */
  readonly residual_to_noise?: number | null;
}

/**
 * sub-XX_ses-N_desc-fit_blocks.arrow (fit stage): one row per block × metabolite, the block's
 * FWHM, SNR and problems repeated on each of its rows; a block with no metabolite values has one
 * row with metabolite null. Depends only on the session's data, the basis and the raw-route
 * settings. Sorted by block, then metabolite in the fit's order.
 */
export const FitBlockRow = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  block: z.int().min(1),
  t_start_s: z.number(),
  t_end_s: z.number(),
  fwhm_hz: z.number().nullable(),
  snr: z.number().nullable(),
  /** Problems of the block, joined by "; " ("" when none). */
  problems: z.string(),
  /** Fit quality: residual SD over the spectral noise SD (raw route); null when fitted elsewhere. */
  residual_to_noise: z.number().nullable(),
  metabolite: z.string().nullable(),
  amplitude: z.number().nullable(),
  crlb_pct: z.number().nullable(),
});
export type FitBlockRow = z.infer<typeof FitBlockRow>;

/** The rows of one session's fitted blocks (sorted by block), one per block × metabolite. */
export function fitBlockRows(
  blocks: readonly FittedBlock[],
  ids: { readonly participant_id: string; readonly session_id: string },
): FitBlockRow[] {
  return [...blocks]
    .sort((a, b) => a.block - b.block)
    .flatMap((b): FitBlockRow[] => {
      const common = {
        participant_id: ids.participant_id,
        session_id: ids.session_id,
        block: b.block,
        t_start_s: b.t_start_s,
        t_end_s: b.t_end_s,
        fwhm_hz: b.fwhm_hz,
        snr: b.snr,
        problems: b.problems.join("; "),
        residual_to_noise: b.residual_to_noise ?? null,
      };
      const names = [...new Set([...Object.keys(b.values), ...Object.keys(b.crlb_pct)])];
      if (names.length === 0) return [{ ...common, metabolite: null, amplitude: null, crlb_pct: null }];
      return names.map((m) => ({
        ...common,
        metabolite: m,
        amplitude: b.values[m] ?? null,
        crlb_pct: b.crlb_pct[m] ?? null,
      }));
    });
}

/** The fitted blocks of fit-block rows (inverse of fitBlockRows), sorted by block. */
export function fittedBlocksOf(rows: readonly FitBlockRow[]): FittedBlock[] {
  const byBlock = new Map<
    number,
    FittedBlock & { values: Record<string, number | null>; crlb_pct: Record<string, number | null> }
  >();
  for (const r of rows) {
    let b = byBlock.get(r.block);
    if (b === undefined) {
      b = {
        block: r.block,
        t_start_s: r.t_start_s,
        t_end_s: r.t_end_s,
        fwhm_hz: r.fwhm_hz,
        snr: r.snr,
        values: {},
        crlb_pct: {},
        problems: r.problems === "" ? [] : r.problems.split("; "),
        residual_to_noise: r.residual_to_noise,
      };
      byBlock.set(r.block, b);
    }
    if (r.metabolite === null) continue;
    if (r.amplitude !== null || !(r.metabolite in b.values)) b.values[r.metabolite] = r.amplitude;
    b.crlb_pct[r.metabolite] = r.crlb_pct;
  }
  return [...byBlock.values()].sort((a, b) => a.block - b.block);
}

/**
 * outcome_blocks.arrow (outcomes stage): every fitted block of every session with its infusion
 * phase, the study's outcome measure, its QC verdict against the study's thresholds and the
 * percent change from that session's baseline; sorted by participant_id, period, block.
 */
export const BlockOutcomeRow = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  period: z.int().min(1),
  condition: ConditionId,
  sex: Sex,
  block: z.int().min(1),
  t_start_s: z.number(),
  t_end_s: z.number(),
  t_mid_min: z.number(),
  phase: Phase,
  /** The outcome measure (study.json `measures.outcome`, e.g. Glx / tNAA). */
  outcome: z.number().nullable(),
  /** CRLB of the QC measure (`qc.crlb_of`), percent. */
  outcome_crlb_pct: z.number().nullable(),
  fwhm_hz: z.number().nullable(),
  snr: z.number().nullable(),
  /** 100·(outcome − baseline mean)/baseline mean; null when the block failed QC or no baseline. */
  pct_change: z.number().nullable(),
  qc_pass: z.boolean(),
  /** Why the block failed QC ("" when it passed); several reasons are joined by "; ". */
  qc_reason: z.string(),
});
export type BlockOutcomeRow = z.infer<typeof BlockOutcomeRow>;

/**
 * block_measures.arrow (outcomes stage): each study measure (study.json `measures`, named as the
 * study names them) of every block; sorted by participant_id, session_id, block, then measure in
 * the study's order.
 */
export const BlockMeasureRow = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  block: z.int().min(1),
  measure: z.string(),
  value: z.number().nullable(),
});
export type BlockMeasureRow = z.infer<typeof BlockMeasureRow>;

/** outcomes.arrow: one row per participant × session, sorted by participant_id, period. */
export const OutcomeRow = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  period: z.int().min(1),
  condition: ConditionId,
  sequence: z.string(),
  sex: Sex,
  mrs_available: z.boolean(),
  n_blocks_baseline: z.int().min(0),
  n_blocks_response: z.int().min(0),
  n_blocks_post: z.int().min(0),
  n_blocks_failed_qc: z.int().min(0),
  baseline_mean: z.number().nullable(),
  response_mean: z.number().nullable(),
  post_mean: z.number().nullable(),
  /** 100·(response mean − baseline mean)/baseline mean, percent. */
  glx_pct_change: z.number().nullable(),
  glx_post_pct_change: z.number().nullable(),
  madrs_pre: z.number().nullable(),
  madrs_24h: z.number().nullable(),
  /** madrs_24h − madrs_pre (negative = improvement). */
  madrs_change: z.number().nullable(),
  madrs_pct_change: z.number().nullable(),
});
export type OutcomeRow = z.infer<typeof OutcomeRow>;

/**
 * sub-XX_ses-N_desc-fit_spectra.arrow (raw route): the phased data, fit and baseline of each
 * block on the fitted bins (real parts, spectrum units), for plots; sorted by block, then ppm
 * descending.
 */
export const FitSpectrumRow = z.strictObject({
  block: z.int().min(1),
  ppm: z.number(),
  data: z.number(),
  fit: z.number(),
  baseline: z.number(),
});
export type FitSpectrumRow = z.infer<typeof FitSpectrumRow>;

/**
 * sub-XX_ses-N_desc-transients.arrow (raw route): what happened to each stored transient: kept or
 * rejected (with the reason), and the frequency and phase corrections of spectral registration.
 */
export const TransientRow = z.strictObject({
  transient: z.int().min(0),
  kept: z.boolean(),
  /** Why it was rejected ("" when kept). */
  reason: z.string(),
  shift_hz: z.number(),
  phase_rad: z.number(),
});
export type TransientRow = z.infer<typeof TransientRow>;
