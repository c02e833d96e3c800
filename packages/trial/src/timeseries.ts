import type { Phase, QcThresholds, StudyConfig, TimeseriesRow } from "@fmrs/schema";

/** One fitted block as the tidy TSV (or, later, the fit stage) gives it. */
export interface FittedBlock {
  readonly block: number;
  readonly t_start_s: number;
  readonly t_end_s: number;
  readonly fwhm_hz: number | null;
  readonly snr: number | null;
  readonly values: Readonly<Record<string, number | null>>;
  readonly crlb_pct: Readonly<Record<string, number | null>>;
  /** Problems found before the fit (e.g. every transient of the block rejected); they fail QC. */
  readonly problems?: readonly string[];
  /** Problems the spectral fit named (raw route): each fails QC as "fit <code>: <message>". */
  readonly fit_problems?: readonly { readonly code: string; readonly message: string }[];
  /** Residual-to-noise ratio of the fit (raw route). */
  readonly residual_to_noise?: number | null;
}

/** Names a fitting tool may use for a metabolite or a combination, and its parts when summed. */
const ALIASES: Readonly<Record<string, { names: readonly string[]; parts?: readonly string[] }>> = {
  glx: { names: ["Glx", "Glu+Gln", "GLX"], parts: ["Glu", "Gln"] },
  tnaa: { names: ["tNAA", "NAA+NAAG", "TNAA"], parts: ["NAA", "NAAG"] },
  tcr: { names: ["tCr", "Cr+PCr", "TCR"], parts: ["Cr", "PCr"] },
  glu: { names: ["Glu", "GLU"] },
  gln: { names: ["Gln", "GLN"] },
};

function lookup(record: Readonly<Record<string, number | null>>, name: string): number | null | undefined {
  const alias = ALIASES[name.toLowerCase()];
  const names = alias?.names ?? [name];
  for (const n of names) if (n in record) return record[n] ?? null;
  if (name in record) return record[name] ?? null;
  return undefined;
}

/**
 * A metabolite value of a block by canonical name (Glu, Gln, Glx, tNAA, tCr or any column name):
 * the column itself or an alias (Glu+Gln, NAA+NAAG, Cr+PCr), else the sum of its parts when all
 * are present; null when missing.
 */
export function metaboliteValue(block: FittedBlock, name: string): number | null {
  const direct = lookup(block.values, name);
  if (direct !== undefined) return direct;
  const parts = ALIASES[name.toLowerCase()]?.parts;
  if (parts === undefined) return null;
  let sum = 0;
  for (const p of parts) {
    const v = lookup(block.values, p);
    if (v === undefined || v === null) return null;
    sum += v;
  }
  return sum;
}

/** The infusion phase of a block from its start time (s) relative to infusion onset. */
export function phaseOf(tStartS: number, study: StudyConfig): Phase {
  const onset = study.infusion.onset_min * 60;
  if (tStartS < onset) return "baseline";
  if (tStartS < onset + study.infusion.duration_min * 60) return "infusion";
  return "post";
}

/**
 * QC reasons for one block against the study's thresholds (empty when it passes). A missing
 * outcome fails; a missing CRLB, FWHM or SNR is not checked (not every tool reports them).
 */
export function qcReasons(
  outcome: number | null,
  crlbPct: number | null,
  fwhmHz: number | null,
  snr: number | null,
  qc: QcThresholds,
): string[] {
  const reasons: string[] = [];
  if (outcome === null) reasons.push("outcome missing");
  if (crlbPct !== null && crlbPct > qc.max_crlb_pct) reasons.push(`CRLB ${crlbPct}% > ${qc.max_crlb_pct}%`);
  if (fwhmHz !== null && fwhmHz > qc.max_fwhm_hz) reasons.push(`FWHM ${fwhmHz} Hz > ${qc.max_fwhm_hz} Hz`);
  if (snr !== null && snr < qc.min_snr) reasons.push(`SNR ${snr} < ${qc.min_snr}`);
  return reasons;
}

/**
 * The glutamate time series of one session from its fitted blocks: canonical metabolite columns,
 * the study's outcome ratio (e.g. Glx/tNAA; null when either is missing or the reference is 0),
 * the outcome's CRLB, the block's infusion phase and its QC verdict with reasons. Sorted by block.
 */
export function timeseriesFromBlocks(
  blocks: readonly FittedBlock[],
  ids: { participant_id: string; session_id: string },
  study: StudyConfig,
): TimeseriesRow[] {
  return [...blocks]
    .sort((a, b) => a.block - b.block)
    .map((b) => {
      const metabolite = metaboliteValue(b, study.outcome.metabolite);
      const reference = metaboliteValue(b, study.outcome.reference);
      const outcome =
        metabolite === null || reference === null || reference === 0 ? null : metabolite / reference;
      const crlb = lookup(b.crlb_pct, study.outcome.metabolite) ?? null;
      const measured = qcReasons(outcome, crlb, b.fwhm_hz, b.snr, study.qc);
      const before = [
        ...(b.problems ?? []),
        ...(b.fit_problems ?? []).map((p) => `fit ${p.code}: ${p.message}`),
      ];
      const reasons =
        before.length > 0 ? [...before, ...measured.filter((r) => r !== "outcome missing")] : measured;
      return {
        participant_id: ids.participant_id,
        session_id: ids.session_id,
        block: b.block,
        t_start_s: b.t_start_s,
        t_end_s: b.t_end_s,
        phase: phaseOf(b.t_start_s, study),
        glu: metaboliteValue(b, "Glu"),
        gln: metaboliteValue(b, "Gln"),
        glx: metaboliteValue(b, "Glx"),
        tnaa: metaboliteValue(b, "tNAA"),
        tcr: metaboliteValue(b, "tCr"),
        outcome,
        outcome_crlb_pct: crlb,
        fwhm_hz: b.fwhm_hz,
        snr: b.snr,
        residual_to_noise: b.residual_to_noise ?? null,
        fit_problems: (b.fit_problems ?? []).map((p) => p.code).join("; "),
        qc_pass: reasons.length === 0,
        qc_reason: reasons.join("; "),
      };
    });
}
