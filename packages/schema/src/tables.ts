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

/** sessions.arrow, sorted by participant_id, period. */
export const SessionRecord = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  period: z.int().min(1),
  condition: ConditionId,
  mrs_route: MrsRoute,
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
 * sub-XX_ses-N_desc-glx_timeseries.arrow: one row per MRS block, sorted by block. Metabolite
 * values are in the units the fit produced (institutional units or ratios); `outcome` is the
 * study's outcome ratio (e.g. Glx/tNAA).
 */
export const TimeseriesRow = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  block: z.int().min(1),
  t_start_s: z.number(),
  t_end_s: z.number(),
  phase: Phase,
  glu: z.number().nullable(),
  gln: z.number().nullable(),
  glx: z.number().nullable(),
  tnaa: z.number().nullable(),
  tcr: z.number().nullable(),
  /** The outcome ratio named in study.json (metabolite / reference). */
  outcome: z.number().nullable(),
  /** CRLB of the outcome metabolite, percent. */
  outcome_crlb_pct: z.number().nullable(),
  fwhm_hz: z.number().nullable(),
  snr: z.number().nullable(),
  /** Residual SD over the spectral noise SD (1 = noise only; raw route), null when not fitted here. */
  residual_to_noise: z.number().nullable(),
  /** Codes of the fit's problems (e.g. "residual-high", "no-signal"), joined by "; " ("" when none or not fitted here). */
  fit_problems: z.string(),
  qc_pass: z.boolean(),
  /** Why the block failed QC ("" when it passed); several reasons are joined by "; ". */
  qc_reason: z.string(),
});
export type TimeseriesRow = z.infer<typeof TimeseriesRow>;

/**
 * outcome_blocks.arrow: QC-checked blocks of all sessions with percent change from that
 * session's baseline; sorted by participant_id, period, block.
 */
export const BlockOutcomeRow = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  period: z.int().min(1),
  condition: ConditionId,
  sex: Sex,
  block: z.int().min(1),
  t_mid_min: z.number(),
  phase: Phase,
  outcome: z.number().nullable(),
  /** 100·(outcome − baseline mean)/baseline mean; null when the block failed QC or no baseline. */
  pct_change: z.number().nullable(),
  qc_pass: z.boolean(),
});
export type BlockOutcomeRow = z.infer<typeof BlockOutcomeRow>;

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
