/**
 * Frequencies in Hz of the spectrum S = fftshift(FFT(fid)) (numpy sign convention), ascending:
 * f_k = (k − ⌊N/2⌋) / (N·dwell) for k = 0 … N−1. Works for odd N (4095 points gives a symmetric
 * axis). Throws RangeError for N < 1 or a dwell time that is not positive and finite.
 */
export function frequencyAxisHz(points: number, dwellS: number): Float64Array {
  if (!Number.isInteger(points) || points < 1) throw new RangeError(`frequencyAxisHz(): points = ${points}`);
  if (!(dwellS > 0) || !Number.isFinite(dwellS)) throw new RangeError(`frequencyAxisHz(): dwell = ${dwellS}`);
  const df = 1 / (points * dwellS);
  const half = Math.floor(points / 2);
  const out = new Float64Array(points);
  for (let k = 0; k < points; k++) out[k] = (k - half) * df;
  return out;
}

/**
 * Chemical-shift axis in ppm for S = fftshift(FFT(fid)): ppm_k = reference − f_k / F0[MHz], so
 * it descends with k. `referencePpm` is the receiver centre: 4.65 for ¹H (water at 37 °C), the
 * NIfTI-MRS convention (mrs_nifti_standard `specification.MD`, Appendix A; spec2nii uses 4.65).
 * Pass 0 for other nuclei. NIfTI-MRS, RDA, conjugated SDAT and LCModel .RAW data read by this
 * package all follow this convention. Throws RangeError for a non-positive F0.
 */
export function ppmAxis(points: number, dwellS: number, f0MHz: number, referencePpm = 4.65): Float64Array {
  if (!(f0MHz > 0) || !Number.isFinite(f0MHz)) throw new RangeError(`ppmAxis(): F0 = ${f0MHz} MHz`);
  const f = frequencyAxisHz(points, dwellS);
  for (let k = 0; k < points; k++) f[k] = referencePpm - f[k]! / f0MHz;
  return f;
}
