import { ppmAxis } from "../ppmAxis";

/**
 * Test-only: ppm of the largest |S_k| with ppm in [lo, hi], where S = fftshift(FFT(fid)) with the
 * numpy sign (S_m = Σ x_n e^{−2πi m n / N}). A direct DFT of only the bins in the window, so
 * any N works (4095 points included). `fid` is interleaved (re, im).
 */
export function peakPpm(fid: Float64Array, dwellS: number, f0MHz: number, lo: number, hi: number): number {
  const n = fid.length / 2;
  const ppm = ppmAxis(n, dwellS, f0MHz);
  const half = Math.floor(n / 2);
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    cos[j] = Math.cos((2 * Math.PI * j) / n);
    sin[j] = Math.sin((2 * Math.PI * j) / n);
  }
  let best = -1;
  let bestPpm = Number.NaN;
  for (let k = 0; k < n; k++) {
    const p = ppm[k]!;
    if (p < lo || p > hi) continue;
    const m = (((k - half) % n) + n) % n;
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      const j = (m * t) % n;
      const xr = fid[2 * t]!;
      const xi = fid[2 * t + 1]!;
      // (xr + i·xi)(cos − i·sin)
      re += xr * cos[j]! + xi * sin[j]!;
      im += xi * cos[j]! - xr * sin[j]!;
    }
    const mag = Math.hypot(re, im);
    if (mag > best) {
      best = mag;
      bestPpm = p;
    }
  }
  return bestPpm;
}
