import type { QcThresholds } from "@fmrs/schema";

/** What QC looks at in one block. */
export interface QcFacts {
  readonly outcome: number | null;
  readonly crlbPct: number | null;
  readonly fwhmHz: number | null;
  readonly snr: number | null;
  /** Named problems of the fit (or its input); any fails the block. */
  readonly problems: readonly string[];
}

/**
 * One QC rule: the study.json setting it reads (null for fixed rules), how the report states it,
 * and the reason it gives when a block fails it. The report's QC text and the QC verdicts both
 * come from this list, so they cannot disagree.
 */
export interface QcRule {
  readonly setting: string | null;
  readonly value: number | null;
  /** The rule as a clause, with the setting's value formatted by the caller. */
  describe(value: string): string;
  /** The failure reason for a block, or null when it passes this rule. */
  reason(block: QcFacts): string | null;
}

/**
 * The QC rules of a study, in the order their reasons are listed: a missing outcome; the CRLB of
 * the QC measure (`crlbOf`) above qc.max_crlb_pct; FWHM above qc.max_fwhm_hz; SNR below
 * qc.min_snr. A missing CRLB, FWHM or SNR is not checked (not every tool reports them).
 */
export function qcRules(qc: QcThresholds, crlbOf: string): QcRule[] {
  return [
    {
      setting: null,
      value: null,
      describe: () => "its outcome is missing",
      reason: (b) => (b.outcome === null ? "outcome missing" : null),
    },
    {
      setting: "qc.max_crlb_pct",
      value: qc.max_crlb_pct,
      describe: (v) => `its ${crlbOf} CRLB exceeds ${v} %`,
      reason: (b) =>
        b.crlbPct !== null && b.crlbPct > qc.max_crlb_pct ? `CRLB ${b.crlbPct}% > ${qc.max_crlb_pct}%` : null,
    },
    {
      setting: "qc.max_fwhm_hz",
      value: qc.max_fwhm_hz,
      describe: (v) => `its linewidth (FWHM) exceeds ${v} Hz`,
      reason: (b) =>
        b.fwhmHz !== null && b.fwhmHz > qc.max_fwhm_hz ? `FWHM ${b.fwhmHz} Hz > ${qc.max_fwhm_hz} Hz` : null,
    },
    {
      setting: "qc.min_snr",
      value: qc.min_snr,
      describe: (v) => `its SNR is below ${v}`,
      reason: (b) => (b.snr !== null && b.snr < qc.min_snr ? `SNR ${b.snr} < ${qc.min_snr}` : null),
    },
  ];
}

/**
 * The QC reasons of one block (empty when it passes): its named fit problems first, then each
 * failed rule; with fit problems, "outcome missing" is left out (the problem says why).
 */
export function qcReasons(block: QcFacts, rules: readonly QcRule[]): string[] {
  const measured = rules.map((r) => r.reason(block)).filter((r): r is string => r !== null);
  return block.problems.length > 0
    ? [...block.problems, ...measured.filter((r) => r !== "outcome missing")]
    : measured;
}

/**
 * The QC rule as one sentence clause list, e.g. "its Glx CRLB exceeds 20 %, its linewidth (FWHM)
 * exceeds 12 Hz, its SNR is below 5, its outcome is missing, or the fit reported a problem".
 * `format` renders a setting's value (the report wraps it with its source).
 */
export function describeQc(
  rules: readonly QcRule[],
  format: (setting: string, value: number) => string = (_, v) => String(v),
): string {
  const clauses = [
    ...rules.filter((r) => r.setting !== null),
    ...rules.filter((r) => r.setting === null),
  ].map((r) => r.describe(r.setting === null || r.value === null ? "" : format(r.setting, r.value)));
  return `${clauses.join(", ")}, or the fit reported a problem for it`;
}
