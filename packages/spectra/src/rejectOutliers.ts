import { ppmAxis, ppmRangeIndices } from "./axes";
import { type ComplexArray, complexLength } from "./complex";
import { spectrumOf } from "./fft";

/** Options of {@link rejectOutliers}. */
export interface OutlierOptions {
  readonly dwellS: number;
  readonly centreMHz: number;
  /** Range compared with the median spectrum, ppm (default [1.8, 4.2]). */
  readonly ppmRange?: readonly [number, number];
  /** Robust z-score above which a transient is rejected (default 3). */
  readonly threshold?: number;
  /** Frequency corrections from `alignTransients`, Hz (optional). */
  readonly shiftsHz?: readonly number[];
  /** Reject a transient whose correction differs from the median by more than this, Hz (default 5; needs shiftsHz). */
  readonly maxShiftDeviationHz?: number;
}

/**
 * The rejection rule's fixed settings (the threshold is the study's `raw.outlier_threshold`):
 * the compared range and the frequency-shift limit. The raw route records them with every fit,
 * so the report's Methods state them.
 */
export const OUTLIER_DEFAULTS = {
  ppmRange: [1.8, 4.2] as readonly [number, number],
  maxShiftDeviationHz: 5,
} as const;

/** Decision for one transient. */
export interface OutlierDecision {
  readonly keep: boolean;
  /** Why it was rejected, or null when kept. */
  readonly reason: string | null;
  /** Robust z-score of its spectral deviation. */
  readonly z: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[h] ?? Number.NaN) : ((s[h - 1] ?? Number.NaN) + (s[h] ?? Number.NaN)) / 2;
}

/**
 * Returns a keep/reject decision with a reason for each (aligned) transient. The deviation of
 * transient i is d_i = Σ |S_i − S_med|² over `ppmRange`, S_med the point-wise median spectrum
 * (real and imaginary parts separately); its robust z-score is (d_i − median d)/(1.4826·MAD d), and
 * z > threshold rejects ("spectral deviation z = …": motion, lipid contamination, a failed shot),
 * in the spirit of the `unlike` outlier step of FSL-MRS (distance from the mean spectrum in SDs),
 * made robust with median and MAD. With `shiftsHz`, a frequency correction further than
 * `maxShiftDeviationHz` from the median also rejects ("frequency shift … Hz"). Fewer than 3
 * transients: all kept. A zero MAD (identical transients) gives z = 0.
 */
export function rejectOutliers(
  transients: readonly ComplexArray[],
  options: OutlierOptions,
): OutlierDecision[] {
  const first = transients[0];
  if (first === undefined) return [];
  if (transients.length < 3) return transients.map(() => ({ keep: true, reason: null, z: 0 }));
  const n = complexLength(first);
  const ppm = ppmAxis(n, options.dwellS, options.centreMHz);
  const { start, end } = ppmRangeIndices(ppm, options.ppmRange ?? OUTLIER_DEFAULTS.ppmRange);
  const spectra = transients.map((t) => spectrumOf(t).subarray(2 * start, 2 * end));
  const width = 2 * (end - start);
  const med = new Float64Array(width);
  const column = new Array<number>(spectra.length);
  for (let k = 0; k < width; k++) {
    spectra.forEach((s, i) => {
      column[i] = s[k] ?? 0;
    });
    med[k] = median(column);
  }
  const d = spectra.map((s) => {
    let ss = 0;
    for (let k = 0; k < width; k++) ss += ((s[k] ?? 0) - (med[k] ?? 0)) ** 2;
    return ss;
  });
  const md = median(d);
  const mad = 1.4826 * median(d.map((v) => Math.abs(v - md)));
  const threshold = options.threshold ?? 3;
  const shifts = options.shiftsHz;
  const shiftMed = shifts !== undefined && shifts.length > 0 ? median(shifts) : 0;
  const maxShift = options.maxShiftDeviationHz ?? OUTLIER_DEFAULTS.maxShiftDeviationHz;
  return d.map((v, i) => {
    const z = mad > 0 ? (v - md) / mad : 0;
    const reasons: string[] = [];
    if (z > threshold) reasons.push(`spectral deviation z = ${z.toFixed(1)} > ${threshold}`);
    const sh = shifts?.[i];
    if (sh !== undefined && Math.abs(sh - shiftMed) > maxShift) {
      reasons.push(`frequency shift ${(sh - shiftMed).toFixed(1)} Hz from the median (limit ${maxShift} Hz)`);
    }
    return { keep: reasons.length === 0, reason: reasons.length === 0 ? null : reasons.join("; "), z };
  });
}
