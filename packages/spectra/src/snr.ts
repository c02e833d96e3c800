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
