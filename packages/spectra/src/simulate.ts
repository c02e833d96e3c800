import { ppmAxis } from "./axes";
import type { BasisSet } from "./basis";
import type { ComplexArray } from "./complex";
import { fidOf } from "./fft";
import { type ModelParams, modelSpectrum } from "./forwardModel";
import { DEFAULT_SEED, gaussianSource, type RandomSource, seededRandom } from "./random";
import { NAA_WINDOW_PPM, peakHeight } from "./snr";

/** Noise settings for {@link simulateFid}: give `snr` or `noiseSd`. */
export interface SimulationOptions {
  /**
   * Target SNR: the NAA peak height (largest real part of the phase-corrected noiseless
   * metabolite + macromolecule spectrum, without baseline, in 1.9–2.1 ppm) over the SD of the
   * real part of the noise spectrum (see `noiseSd`, the same definition `fitSpectrum` reports).
   */
  readonly snr?: number;
  /** Or: the time-domain noise SD per real/imaginary component. */
  readonly noiseSd?: number;
  /** Uniform generator for the noise (default `seededRandom(DEFAULT_SEED)`). */
  readonly random?: RandomSource;
}

/** A simulated FID with the noise that went into it. */
export interface SimulatedFid {
  /** Noisy FID (noiseless when neither snr nor noiseSd is given). */
  readonly fid: ComplexArray;
  /** The noiseless FID. */
  readonly noiseless: ComplexArray;
  /** Time-domain noise SD per component. */
  readonly noiseSdTime: number;
  /** Noise SD of the real part of the spectrum, σ_t·√N. */
  readonly noiseSdSpectrum: number;
  /** NAA peak height of the noiseless phased spectrum (definition above), spectrum units. */
  readonly naaPeakHeight: number;
}

/**
 * Returns the time-domain noise SD per component that gives `snr` for `params` (definition in
 * {@link SimulationOptions.snr}): σ_t = height / (snr·√N). Throws on snr ≤ 0 or a non-positive height.
 */
export function noiseSdForSnr(basis: BasisSet, params: ModelParams, snr: number): number {
  if (!(snr > 0)) throw new RangeError(`noiseSdForSnr(): snr must be > 0, got ${snr}`);
  const h = naaHeight(basis, params);
  if (!(h > 0)) throw new RangeError("noiseSdForSnr(): the model has no positive peak in 1.9–2.1 ppm");
  return h / (snr * Math.sqrt(basis.points));
}

function naaHeight(basis: BasisSet, params: ModelParams): number {
  const { baseline: _omit, ...rest } = params;
  const s = modelSpectrum(basis, { ...rest, phi0Rad: 0, phi1S: 0 });
  return peakHeight(s, ppmAxis(basis.points, basis.dwellS, basis.centreMHz), NAA_WINDOW_PPM);
}

/**
 * Returns `fid` plus circular complex white Gaussian noise, SD `sd` per real and imaginary
 * component (new array). Deterministic for a given generator state.
 */
export function addComplexNoise(fid: ComplexArray, sd: number, random: RandomSource): ComplexArray {
  const g = gaussianSource(random);
  const out = new Float64Array(fid.length);
  for (let k = 0; k < fid.length; k++) out[k] = (fid[k] ?? 0) + sd * g();
  return out;
}

/**
 * Returns a simulated FID from the forward model (`modelSpectrum`, then inverse FFT) plus seeded
 * complex Gaussian noise for a target SNR or noise SD. The basis must already be at the wanted
 * sampling (see `resampleBasis`).
 */
export function simulateFid(
  basis: BasisSet,
  params: ModelParams,
  options: SimulationOptions = {},
): SimulatedFid {
  const noiseless = fidOf(modelSpectrum(basis, params));
  const height = naaHeight(basis, params);
  const sd = options.noiseSd ?? (options.snr !== undefined ? noiseSdForSnr(basis, params, options.snr) : 0);
  const fid =
    sd > 0
      ? addComplexNoise(noiseless, sd, options.random ?? seededRandom(DEFAULT_SEED))
      : Float64Array.from(noiseless);
  return {
    fid,
    noiseless,
    noiseSdTime: sd,
    noiseSdSpectrum: sd * Math.sqrt(basis.points),
    naaPeakHeight: height,
  };
}
