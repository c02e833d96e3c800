import { frequencyAxisHz, ppmAxis } from "./axes";
import type { BasisSet } from "./basis";
import type { ComplexArray } from "./complex";
import { fidOf, spectrumOf } from "./fft";

/** A complex polynomial baseline over a ppm range, in Legendre polynomials of the scaled shift. */
export interface BaselineSpec {
  /** The ppm range the polynomial lives on (zero outside). x = (2·ppm − (lo + hi))/(hi − lo) ∈ [−1, 1]. */
  readonly ppmRange: readonly [number, number];
  /** Real-part coefficients of P_0(x), P_1(x), …, in spectrum units. */
  readonly re: readonly number[];
  /** Imaginary-part coefficients, same length as `re`. */
  readonly im: readonly number[];
}

/**
 * Parameters of the linear-combination model, in the FSL-MRS form (Clarke et al. 2021, FSL-MRS
 * model, eq. 1) with Voigt lines:
 *
 *   S(f) = e^{i(φ0 + 2π·φ1·f)} · FFT[ Σ_m c_m · b_m(t) · e^{−(γ_g(m) + γ'_m)·t − σ_g(m)²·t²} · e^{i2π·ε·t} ] + B(f)
 *
 * with f the fftshift frequency axis in Hz (0 at the 4.65 ppm receiver reference) and t = n·dwell.
 * Lorentzian FWHM = γ/π Hz; Gaussian FWHM = 2σ√(ln 2)/π Hz. A positive ε (Hz) moves every line
 * to higher f, i.e. *lower* ppm (ppm = 4.65 − f/F0).
 */
export interface ModelParams {
  /** c_m per basis member, in the order of `basis.names` (the basis is unnormalised, so c is in "basis units"). */
  readonly amplitudes: readonly number[];
  /** Lineshape group of each member (default: all 0). */
  readonly groups?: readonly number[];
  /** γ per group, s⁻¹ (Lorentzian damping). */
  readonly gammaPerS: readonly number[];
  /** σ per group, s⁻¹ (Gaussian damping). */
  readonly sigmaPerS: readonly number[];
  /** Extra fixed Lorentzian damping γ'_m per member, s⁻¹ (default 0). */
  readonly extraGammaPerS?: readonly number[];
  /** Frequency shift ε, Hz. */
  readonly shiftHz: number;
  /** Zero-order phase φ0, rad. */
  readonly phi0Rad: number;
  /** First-order phase φ1, s (phase 2π·φ1·f at frequency f Hz). */
  readonly phi1S: number;
  /** Optional polynomial baseline added in the frequency domain. */
  readonly baseline?: BaselineSpec;
}

/**
 * Writes into `out` (length 2N) the member FID b(t)·c·e^{−γt − σ²t²}·e^{i2πεt}; shared by the
 * forward model and the fit so both use identical arithmetic.
 */
export function lineshapedFid(
  fid: ComplexArray,
  points: number,
  dwellS: number,
  amplitude: number,
  gamma: number,
  sigmaSquared: number,
  shiftHz: number,
  out: Float64Array,
): void {
  const w = 2 * Math.PI * shiftHz * dwellS;
  for (let k = 0; k < points; k++) {
    const t = k * dwellS;
    const env = amplitude * Math.exp(-gamma * t - sigmaSquared * t * t);
    const c = Math.cos(w * k) * env;
    const s = Math.sin(w * k) * env;
    const re = fid[2 * k] ?? 0;
    const im = fid[2 * k + 1] ?? 0;
    out[2 * k] = re * c - im * s;
    out[2 * k + 1] = re * s + im * c;
  }
}

/** Returns Legendre polynomials P_0..P_order at x (three-term recurrence), as rows of a Float64Array. */
export function legendre(order: number, x: number): Float64Array {
  const p = new Float64Array(order + 1);
  p[0] = 1;
  if (order >= 1) p[1] = x;
  for (let n = 1; n < order; n++) p[n + 1] = ((2 * n + 1) * x * (p[n] ?? 0) - n * (p[n - 1] ?? 0)) / (n + 1);
  return p;
}

/** Returns the scaled abscissa x ∈ [−1, 1] of `ppm` for a baseline range (lo ↦ −1, hi ↦ +1). */
export function baselineAbscissa(ppm: number, range: readonly [number, number]): number {
  const lo = Math.min(range[0], range[1]);
  const hi = Math.max(range[0], range[1]);
  return (2 * ppm - (lo + hi)) / (hi - lo);
}

/**
 * Returns the model spectrum S(f) of {@link ModelParams} on the basis's own axis: fftshifted,
 * `basis.points` complex values, in the NIfTI-MRS convention (bin k ↔ ppm 4.65 − f_k/F0).
 * Throws when `amplitudes` does not match the basis or a group has no γ/σ.
 */
export function modelSpectrum(basis: BasisSet, params: ModelParams): ComplexArray {
  const n = basis.points;
  if (params.amplitudes.length !== basis.names.length) {
    throw new RangeError(
      `modelSpectrum(): ${params.amplitudes.length} amplitudes for ${basis.names.length} members`,
    );
  }
  const sum = new Float64Array(2 * n);
  const tmp = new Float64Array(2 * n);
  basis.fids.forEach((fid, m) => {
    const c = params.amplitudes[m] ?? 0;
    if (c === 0) return;
    const g = params.groups?.[m] ?? 0;
    const gamma = params.gammaPerS[g];
    const sigma = params.sigmaPerS[g];
    if (gamma === undefined || sigma === undefined)
      throw new RangeError(`modelSpectrum(): no γ/σ for group ${g}`);
    lineshapedFid(
      fid,
      n,
      basis.dwellS,
      c,
      gamma + (params.extraGammaPerS?.[m] ?? 0),
      sigma * sigma,
      params.shiftHz,
      tmp,
    );
    for (let k = 0; k < 2 * n; k++) sum[k] = (sum[k] ?? 0) + (tmp[k] ?? 0);
  });
  const s = spectrumOf(sum);
  const f = frequencyAxisHz(n, basis.dwellS);
  for (let k = 0; k < n; k++) {
    const phi = params.phi0Rad + 2 * Math.PI * params.phi1S * (f[k] ?? 0);
    const c = Math.cos(phi);
    const sn = Math.sin(phi);
    const re = s[2 * k] ?? 0;
    const im = s[2 * k + 1] ?? 0;
    s[2 * k] = re * c - im * sn;
    s[2 * k + 1] = re * sn + im * c;
  }
  const b = params.baseline;
  if (b !== undefined) {
    const ppm = ppmAxis(n, basis.dwellS, basis.centreMHz);
    const lo = Math.min(b.ppmRange[0], b.ppmRange[1]);
    const hi = Math.max(b.ppmRange[0], b.ppmRange[1]);
    const order = b.re.length - 1;
    for (let k = 0; k < n; k++) {
      const v = ppm[k] ?? 0;
      if (v < lo || v > hi) continue;
      const p = legendre(order, baselineAbscissa(v, b.ppmRange));
      for (let q = 0; q <= order; q++) {
        s[2 * k] = (s[2 * k] ?? 0) + (b.re[q] ?? 0) * (p[q] ?? 0);
        s[2 * k + 1] = (s[2 * k + 1] ?? 0) + (b.im[q] ?? 0) * (p[q] ?? 0);
      }
    }
  }
  return s;
}

/** Returns the model FID: the inverse of {@link modelSpectrum} (ifft(ifftshift(S))). */
export function modelFid(basis: BasisSet, params: ModelParams): ComplexArray {
  return fidOf(modelSpectrum(basis, params));
}
