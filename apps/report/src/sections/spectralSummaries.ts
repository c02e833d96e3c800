// Descriptive summaries of spectral quality computed from the derivative tables (never from
// results.json): per-session medians of the block quality measures, their Tukey outliers, block
// time courses per condition, and per-session mean spectra. Pure functions of parsed rows.
import { tukeyBox } from "@fmrs/charts";
import type { BlockOutcomeRow, FitBlockRow, FitSpectrumRow } from "@fmrs/schema";
import type { SessionTable } from "../derivatives";

/** A block quality measure and the side on which a value is worse. */
export interface QualityMeasure {
  readonly key: "fwhm_hz" | "snr" | "crlb_pct" | "residual_to_noise";
  /** Words for a person, with units. */
  readonly label: string;
  readonly short: string;
  readonly worse: "high" | "low";
}

/** Per-session medians of each block measure, over the session's blocks that have a value. */
export interface SessionQuality {
  readonly participant_id: string;
  readonly session_id: string;
  readonly condition: string;
  readonly blocks: number;
  readonly failed: number;
  readonly fwhm_hz: number | null;
  readonly snr: number | null;
  readonly crlb_pct: number | null;
  readonly residual_to_noise: number | null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[h] ?? null) : ((s[h - 1] ?? 0) + (s[h] ?? 0)) / 2;
}

const present = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** Each block's fit quality (residual SD over noise SD) from a session's fitted-blocks rows, by block number. */
export function residualByBlock(rows: readonly FitBlockRow[]): Map<number, number | null> {
  const out = new Map<number, number | null>();
  for (const r of rows) if (!out.has(r.block)) out.set(r.block, r.residual_to_noise);
  return out;
}

/** Per-session quality: medians over blocks of FWHM, SNR, CRLB of the QC measure and residual-to-noise. */
export function sessionQuality(
  series: readonly SessionTable<BlockOutcomeRow>[],
  fitBlocks: readonly SessionTable<FitBlockRow>[],
): SessionQuality[] {
  return series.map((s) => {
    const fb = fitBlocks.find((f) => f.participant_id === s.participant_id && f.session_id === s.session_id);
    const rtn = fb === undefined ? new Map<number, number | null>() : residualByBlock(fb.rows);
    return {
      participant_id: s.participant_id,
      session_id: s.session_id,
      condition: s.rows[0]?.condition ?? "",
      blocks: s.rows.length,
      failed: s.rows.filter((r) => !r.qc_pass).length,
      fwhm_hz: median(s.rows.map((r) => r.fwhm_hz).filter(present)),
      snr: median(s.rows.map((r) => r.snr).filter(present)),
      crlb_pct: median(s.rows.map((r) => r.outcome_crlb_pct).filter(present)),
      residual_to_noise: median(s.rows.map((r) => rtn.get(r.block)).filter(present)),
    };
  });
}

/** A session whose median of a measure lies beyond the Tukey fence (1.5 IQR) of its condition, on the worse side. */
export interface QualityOutlier {
  readonly participant_id: string;
  readonly session_id: string;
  readonly condition: string;
  readonly measure: QualityMeasure;
  readonly value: number;
  readonly fence: number;
}

/**
 * Sessions flagged as outliers: for each measure and condition, Tukey's fences (Q1 − 1.5 IQR,
 * Q3 + 1.5 IQR; Tukey 1977) of the session medians; a session beyond the fence on the worse side
 * (high FWHM, CRLB or residual; low SNR) is flagged. Descriptive: flags do not exclude anything.
 */
export function qualityOutliers(
  sessions: readonly SessionQuality[],
  measures: readonly QualityMeasure[],
  conditions: readonly string[],
): QualityOutlier[] {
  const out: QualityOutlier[] = [];
  for (const m of measures) {
    for (const c of conditions) {
      const group = sessions.filter((s) => s.condition === c && present(s[m.key]));
      const box = tukeyBox(group.map((s) => s[m.key] as number).sort((a, b) => a - b));
      if (box === null || group.length < 4) continue;
      for (const s of group) {
        const v = s[m.key] as number;
        const beyond = m.worse === "high" ? v > box.fenceHi : v < box.fenceLo;
        if (beyond)
          out.push({
            participant_id: s.participant_id,
            session_id: s.session_id,
            condition: c,
            measure: m,
            value: v,
            fence: m.worse === "high" ? box.fenceHi : box.fenceLo,
          });
      }
    }
  }
  return out;
}

/** Mean and SD over sessions of a block measure, per condition and block number. */
export interface BlockSummary {
  readonly condition: string;
  readonly block: number;
  readonly t_mid_min: number;
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
}

/** Mean and SD (n − 1) of the finite values; SD null below 2 values. */
export function meanSd(values: readonly number[]): { mean: number | null; sd: number | null } {
  const n = values.length;
  if (n === 0) return { mean: null, sd: null };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, sd: null };
  const ss = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

/**
 * Per condition and block number: mean ± SD over sessions of `value(row)` for the blocks that
 * passed QC (the blocks every analysis uses), at the mean block mid-time. Sorted by condition
 * order, then block.
 */
export function blockSummaries(
  blocks: readonly BlockOutcomeRow[],
  conditions: readonly string[],
  value: (r: BlockOutcomeRow) => number | null | undefined,
): BlockSummary[] {
  const out: BlockSummary[] = [];
  for (const c of conditions) {
    const rows = blocks.filter((r) => r.condition === c && r.qc_pass);
    const numbers = [...new Set(rows.map((r) => r.block))].sort((a, b) => a - b);
    for (const b of numbers) {
      const at = rows.filter((r) => r.block === b);
      const vals = at.map(value).filter(present);
      const t = at.reduce((a, r) => a + r.t_mid_min, 0) / at.length;
      out.push({ condition: c, block: b, t_mid_min: t, n: vals.length, ...meanSd(vals) });
    }
  }
  return out;
}

/** A session's spectrum averaged over blocks: ppm descending, mean phased data and mean fit (real parts). */
export interface SessionSpectrum {
  readonly participant_id: string;
  readonly session_id: string;
  readonly blocksAveraged: number;
  /** Whether only QC-passing blocks were averaged (false: none passed, every block was used). */
  readonly passingOnly: boolean;
  readonly ppm: number[];
  readonly data: number[];
  readonly fit: number[];
}

/**
 * The mean over a session's blocks of the fitted spectra (phased data and fit on the fitted bins;
 * the residual of the mean is the mean residual, data − fit, exactly), over the blocks that
 * passed QC, or every block when none passed. Null when the table has no points.
 */
export function sessionSpectrum(
  table: SessionTable<FitSpectrumRow>,
  passing: ReadonlySet<number> | null,
): SessionSpectrum | null {
  const allBlocks = [...new Set(table.rows.map((r) => r.block))];
  const use = passing === null ? [] : allBlocks.filter((b) => passing.has(b));
  const chosen = new Set(use.length > 0 ? use : allBlocks);
  const byPpm = new Map<number, { data: number; fit: number; n: number }>();
  for (const r of table.rows) {
    if (!chosen.has(r.block)) continue;
    const key = Math.round(r.ppm * 1e6) / 1e6;
    const acc = byPpm.get(key) ?? { data: 0, fit: 0, n: 0 };
    acc.data += r.data;
    acc.fit += r.fit;
    acc.n += 1;
    byPpm.set(key, acc);
  }
  if (byPpm.size === 0) return null;
  const ppm = [...byPpm.keys()].sort((a, b) => b - a);
  return {
    participant_id: table.participant_id,
    session_id: table.session_id,
    blocksAveraged: chosen.size,
    passingOnly: use.length > 0,
    ppm,
    data: ppm.map((p) => {
      const a = byPpm.get(p);
      return a === undefined ? 0 : a.data / a.n;
    }),
    fit: ppm.map((p) => {
      const a = byPpm.get(p);
      return a === undefined ? 0 : a.fit / a.n;
    }),
  };
}

/** Linear interpolation of (xs descending, ys) at x; null outside the range. */
export function interpolateDescending(
  xs: readonly number[],
  ys: readonly number[],
  x: number,
): number | null {
  const n = xs.length;
  if (n === 0) return null;
  const first = xs[0] as number;
  const last = xs[n - 1] as number;
  if (x > first || x < last) return null;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) >= x) lo = mid;
    else hi = mid;
  }
  const x0 = xs[lo] as number;
  const x1 = xs[hi] as number;
  const y0 = ys[lo] as number;
  const y1 = ys[hi] as number;
  return x0 === x1 ? y0 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

/** The largest value of the fit within [lo, hi] ppm (e.g. the NAA peak height at 1.9–2.1 ppm), or null. */
export function peakHeight(s: SessionSpectrum, lo: number, hi: number): number | null {
  let best: number | null = null;
  s.ppm.forEach((p, i) => {
    const v = s.fit[i];
    if (p >= lo && p <= hi && present(v) && (best === null || v > best)) best = v;
  });
  return best;
}

/** SD (n − 1) of data − fit over the spectrum's points. */
export function residualSd(s: SessionSpectrum): number | null {
  return meanSd(s.data.map((d, i) => d - (s.fit[i] ?? 0))).sd;
}
