import type { ComplexArray } from "./complex";

/**
 * Returns the full width at half maximum, Hz, of the largest real-part peak of `spectrum`
 * within bins [start, end) (e.g. from `ppmRangeIndices`). `frequencyHz` is the matching
 * frequency axis (monotonic). The half-height crossings are found by walking outwards from the
 * maximum and interpolating linearly between bins; measured on the real (absorption) part, so
 * the spectrum must be phased. Returns null when the window is empty, the maximum is not
 * positive, or a crossing is not found inside the spectrum. Zero-fill the FID first when lines
 * span only a few bins (e.g. 8× for 5 Hz lines at 2.9 Hz resolution).
 */
export function peakFwhmHz(
  spectrum: ComplexArray,
  frequencyHz: ArrayLike<number>,
  start: number,
  end: number,
): number | null {
  let kmax = -1;
  let vmax = 0;
  for (let k = start; k < end; k++) {
    const v = spectrum[2 * k] ?? 0;
    if (v > vmax) {
      vmax = v;
      kmax = k;
    }
  }
  if (kmax < 0) return null;
  const half = vmax / 2;
  const n = frequencyHz.length;
  const crossing = (dir: 1 | -1): number | null => {
    for (let k = kmax; k + dir >= 0 && k + dir < n; k += dir) {
      const a = spectrum[2 * k] ?? 0;
      const b = spectrum[2 * (k + dir)] ?? 0;
      if (b <= half) {
        const w = (a - half) / (a - b);
        const fa = frequencyHz[k] ?? 0;
        const fb = frequencyHz[k + dir] ?? 0;
        return fa + w * (fb - fa);
      }
    }
    return null;
  };
  const lo = crossing(-1);
  const hi = crossing(1);
  if (lo === null || hi === null) return null;
  return Math.abs(hi - lo);
}
