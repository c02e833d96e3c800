/** The chemical shift of the receiver centre frequency for ¹H in the NIfTI-MRS convention, ppm. */
export const WATER_PPM = 4.65;

/** Returns the sample times t_n = n·dwell in seconds, n = 0 … points−1. */
export function timeAxis(points: number, dwellS: number): Float64Array {
  const t = new Float64Array(points);
  for (let k = 0; k < points; k++) t[k] = k * dwellS;
  return t;
}

/**
 * Returns the ascending frequency of each bin of an fftshifted spectrum in Hz:
 * f_k = (k − floor(N/2)) / (N·dwell) (numpy `fftshift(fftfreq(N, dwell))`).
 * Throws when points < 1 or dwell ≤ 0.
 */
export function frequencyAxisHz(points: number, dwellS: number): Float64Array {
  if (!(points >= 1) || !(dwellS > 0)) {
    throw new RangeError(`frequencyAxisHz(${points}, ${dwellS}): need points ≥ 1 and dwell > 0`);
  }
  const h = Math.floor(points / 2);
  const df = 1 / (points * dwellS);
  const f = new Float64Array(points);
  for (let k = 0; k < points; k++) f[k] = (k - h) * df;
  return f;
}

/**
 * Returns the chemical shift of each bin of S = fftshift(FFT(fid)) in ppm, using the NIfTI-MRS
 * convention (spec Appendix A): ppm_k = reference − f_k / F0[MHz], reference 4.65 ppm for ¹H by
 * default. The axis therefore *descends* with k (NAA at 2.01 ppm sits at f ≈ +2.64·F0 Hz).
 */
export function ppmAxis(
  points: number,
  dwellS: number,
  centreMHz: number,
  referencePpm = WATER_PPM,
): Float64Array {
  if (!(centreMHz > 0)) throw new RangeError(`ppmAxis(): centre frequency ${centreMHz} MHz must be > 0`);
  const f = frequencyAxisHz(points, dwellS);
  const ppm = new Float64Array(points);
  for (let k = 0; k < points; k++) ppm[k] = referencePpm - (f[k] ?? 0) / centreMHz;
  return ppm;
}

/** Returns the frequency in Hz (fftshift axis convention) of chemical shift `ppm`: (reference − ppm)·F0. */
export function ppmToHz(ppm: number, centreMHz: number, referencePpm = WATER_PPM): number {
  return (referencePpm - ppm) * centreMHz;
}

/**
 * Returns the half-open index range [start, end) of the bins of a descending ppm axis whose
 * shift lies within [lowPpm, highPpm] (bounds in either order). An empty range (start = end)
 * when no bin falls inside.
 */
export function ppmRangeIndices(
  ppm: ArrayLike<number>,
  range: readonly [number, number],
): { start: number; end: number } {
  const lo = Math.min(range[0], range[1]);
  const hi = Math.max(range[0], range[1]);
  let start = -1;
  let end = -1;
  for (let k = 0; k < ppm.length; k++) {
    const v = ppm[k] ?? Number.NaN;
    if (v >= lo && v <= hi) {
      if (start < 0) start = k;
      end = k + 1;
    }
  }
  return start < 0 ? { start: 0, end: 0 } : { start, end };
}
