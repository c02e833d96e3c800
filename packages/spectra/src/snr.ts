import { ppmRangeIndices } from "./axes";
import type { ComplexArray } from "./complex";

/** Default signal-free region for the noise SD, ppm: upfield of all ¹H brain signals (and of lipid/MM tails). */
export const NOISE_REGION_PPM: readonly [number, number] = [-2.5, -0.5];

/** Default window for the NAA peak height, ppm. */
export const NAA_WINDOW_PPM: readonly [number, number] = [1.9, 2.1];

/**
 * Returns the noise SD of a spectrum: the standard deviation of the real part over the bins of
 * `ppm` inside `region` (default {@link NOISE_REGION_PPM}), after removing a least-squares
 * straight line (so a sloping baseline does not count as noise; divisor n − 2).
 * For white time-domain noise of SD σ_t per component and an unscaled FFT of N points this is
 * σ_t·√N. Throws when fewer than 8 bins fall in the region.
 */
export function noiseSd(
  spectrum: ComplexArray,
  ppm: ArrayLike<number>,
  region: readonly [number, number] = NOISE_REGION_PPM,
): number {
  const { start, end } = ppmRangeIndices(ppm, region);
  const n = end - start;
  if (n < 8)
    throw new RangeError(`noiseSd(): only ${n} bins in the noise region [${region[0]}, ${region[1]}] ppm`);
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let k = start; k < end; k++) {
    const x = k - start;
    const y = spectrum[2 * k] ?? 0;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const icpt = (sy - slope * sx) / n;
  let ss = 0;
  for (let k = start; k < end; k++) {
    const e = (spectrum[2 * k] ?? 0) - icpt - slope * (k - start);
    ss += e * e;
  }
  return Math.sqrt(ss / (n - 2));
}

/**
 * Returns the largest real part of `spectrum` over the bins inside `window` (default the NAA
 * window 1.9–2.1 ppm): the peak height of a phased (absorption-mode) spectrum. Returns NaN when
 * no bin falls in the window.
 */
export function peakHeight(
  spectrum: ComplexArray,
  ppm: ArrayLike<number>,
  window: readonly [number, number] = NAA_WINDOW_PPM,
): number {
  const { start, end } = ppmRangeIndices(ppm, window);
  let best = Number.NaN;
  for (let k = start; k < end; k++) {
    const v = spectrum[2 * k] ?? Number.NaN;
    if (!(v <= best)) best = v;
  }
  return best;
}

/**
 * Returns the spectral noise SD (per real component, unscaled FFT of N points, same units as
 * {@link noiseSd}) from the later part of a FID, for spectra whose width does not reach a
 * signal-free region (e.g. 1200 Hz at 3 T). For white noise of SD σ_t per component, |x|² and
 * the point-to-point differences |x_{k+1} − x_k|² are exponential with means 2σ_t² and 4σ_t², so
 * σ_t² = median|x|²/(2 ln 2) or median|d|²/(4 ln 2). Both over-estimate where signal is left
 * (slow decays inflate the first; signal near the Nyquist frequency, such as the digital-filter
 * wrap-around Siemens data carry at the FID's end, the second), so each of the three windows
 * [N/4, N/2), [N/2, 3N/4), [3N/4, N) gets the smaller of the two, and the quietest window is
 * taken (biased low by a few % for pure noise). Returns σ_t·√N. Throws below 64 points.
 */
export function fidTailNoiseSd(fid: ComplexArray): number {
  const n = fid.length / 2;
  if (n < 64) throw new RangeError(`fidTailNoiseSd(): only ${n} points`);
  const median = (a: Float64Array): number => {
    a.sort();
    const mid = a.length / 2;
    return a.length % 2 === 1 ? (a[Math.floor(mid)] ?? 0) : ((a[mid - 1] ?? 0) + (a[mid] ?? 0)) / 2;
  };
  let best = Number.POSITIVE_INFINITY;
  for (let w = 1; w < 4; w++) {
    const first = Math.floor((w * n) / 4);
    const last = Math.min(n - 1, Math.floor(((w + 1) * n) / 4));
    const count = last - first;
    const d2 = new Float64Array(count);
    const x2 = new Float64Array(count);
    for (let k = first; k < last; k++) {
      const dr = (fid[2 * k + 2] ?? 0) - (fid[2 * k] ?? 0);
      const di = (fid[2 * k + 3] ?? 0) - (fid[2 * k + 1] ?? 0);
      d2[k - first] = dr * dr + di * di;
      x2[k - first] = (fid[2 * k] ?? 0) ** 2 + (fid[2 * k + 1] ?? 0) ** 2;
    }
    best = Math.min(best, median(x2) / (2 * Math.LN2), median(d2) / (4 * Math.LN2));
  }
  return Math.sqrt(best * n);
}
