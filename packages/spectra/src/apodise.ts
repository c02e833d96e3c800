import { type ComplexArray, complexLength } from "./complex";

/** Line broadening for {@link apodise}: full widths at half maximum added to every line, Hz. */
export interface ApodisationOptions {
  /** Lorentzian broadening FWHM in Hz: window e^{−π·L·t}. Default 0. */
  readonly lorentzianHz?: number;
  /** Gaussian broadening FWHM in Hz: window e^{−(π·G·t)²/(4 ln 2)}. Default 0. */
  readonly gaussianHz?: number;
}

/**
 * Returns the FID multiplied by an exponential and/or Gaussian window (new array). A Lorentzian
 * line of FWHM w becomes w + L; a Gaussian window of FWHM G convolves each line with a Gaussian of
 * FWHM G (Voigt result). Zero widths return a copy; negative widths (resolution enhancement) are
 * allowed but amplify noise. `dwellS` is the sampling interval in s.
 */
export function apodise(fid: ComplexArray, dwellS: number, options: ApodisationOptions): ComplexArray {
  const n = complexLength(fid);
  const l = options.lorentzianHz ?? 0;
  const g = options.gaussianHz ?? 0;
  const a = Math.PI * l;
  const b = (Math.PI * g) ** 2 / (4 * Math.LN2);
  const out = new Float64Array(fid.length);
  for (let k = 0; k < n; k++) {
    const t = k * dwellS;
    const w = Math.exp(-a * t - b * t * t);
    out[2 * k] = (fid[2 * k] ?? 0) * w;
    out[2 * k + 1] = (fid[2 * k + 1] ?? 0) * w;
  }
  return out;
}
