import { frequencyAxisHz, ppmAxis, ppmRangeIndices } from "./axes";
import type { ComplexArray } from "./complex";
import { fftInto, fftshift } from "./fft";
import { quadForm, sdOrNull } from "./fitUncertainty";
import { lineshapedFid } from "./forwardModel";
import { peakFwhmHz } from "./fwhm";
import { dot } from "./linalg";

/** A sum of members (e.g. Glx = Glu + Gln) with its CRLB from the full covariance. */
export interface CombinationEstimate {
  readonly name: string;
  readonly members: readonly string[];
  readonly amplitude: number;
  readonly crlb: number | null;
  readonly crlbPercent: number | null;
}

/** A ratio such as "Glx/tNAA", with its delta-method SD from the covariance. */
export interface RatioEstimate {
  readonly name: string;
  readonly numerator: string;
  readonly denominator: string;
  /** null when the denominator is 0. */
  readonly value: number | null;
  readonly sd: number | null;
}

/** 100·sd/amp, or null when undetermined or the amplitude is 0. */
export function crlbPercent(sd: number | null, amp: number): number | null {
  return sd !== null && amp > 0 ? (100 * sd) / amp : null;
}

/**
 * Returns the combinations whose members were all fitted (var(Σ) = 1ᵀΣ1) and the ratios of every
 * member and combination to each reference (delta method: var(X/Y) ≈ (vX − 2q·cXY + q²·vY)/Y²).
 */
export function combinationsAndRatios(
  names: readonly string[],
  amplitudes: Float64Array,
  covariance: Float64Array,
  combinations: Readonly<Record<string, readonly string[]>>,
  references: readonly string[],
): { combinations: CombinationEstimate[]; ratios: RatioEstimate[] } {
  const p = names.length;
  const weightsOf = new Map<string, Float64Array>();
  names.forEach((nm, m) => {
    const w = new Float64Array(p);
    w[m] = 1;
    weightsOf.set(nm, w);
  });
  const combos: CombinationEstimate[] = [];
  for (const [name, list] of Object.entries(combinations)) {
    if (!list.every((nm) => names.includes(nm))) continue;
    const w = new Float64Array(p);
    for (const nm of list) w[names.indexOf(nm)] = 1;
    weightsOf.set(name, w);
    const amp = dot(w, amplitudes);
    const crlb = sdOrNull(quadForm(covariance, w, w, p));
    combos.push({ name, members: [...list], amplitude: amp, crlb, crlbPercent: crlbPercent(crlb, amp) });
  }
  const ratios: RatioEstimate[] = [];
  for (const den of references) {
    const wd = weightsOf.get(den);
    if (wd === undefined) continue;
    for (const [num, wn] of weightsOf) {
      if (num === den) continue;
      const x = dot(wn, amplitudes);
      const yv = dot(wd, amplitudes);
      if (!(yv > 0)) {
        ratios.push({ name: `${num}/${den}`, numerator: num, denominator: den, value: null, sd: null });
        continue;
      }
      const q = x / yv;
      const vx = quadForm(covariance, wn, wn, p);
      const vy = quadForm(covariance, wd, wd, p);
      const cxy = quadForm(covariance, wn, wd, p);
      const v = (vx - 2 * q * cxy + q * q * vy) / (yv * yv);
      ratios.push({ name: `${num}/${den}`, numerator: num, denominator: den, value: q, sd: sdOrNull(v) });
    }
  }
  return { combinations: combos, ratios };
}

/**
 * FWHM (Hz) of a member line with the fitted lineshape: the member FID times the group's
 * envelope, 8× zero-filled, absorption part, in the window `windowPpm` (default NAA 1.8–2.2).
 */
export function memberFwhmHz(
  fid: ComplexArray,
  dwellS: number,
  centreMHz: number,
  gamma: number,
  sigma2: number,
  shiftHz: number,
  windowPpm: readonly [number, number] = [1.8, 2.2],
): number | null {
  const n = fid.length / 2;
  const zf = 8;
  const big = new Float64Array(2 * n * zf);
  lineshapedFid(fid, n, dwellS, 1, gamma, sigma2, shiftHz, big);
  const out = new Float64Array(2 * n * zf);
  fftInto(big, out);
  const sp = fftshift(out);
  const ppmZ = ppmAxis(n * zf, dwellS, centreMHz);
  const win = ppmRangeIndices(ppmZ, windowPpm);
  return peakFwhmHz(sp, frequencyAxisHz(n * zf, dwellS), win.start, win.end);
}

/** A named problem found in a fit: a QC reason and a warning line. */
export interface FitProblem {
  /**
   * "residual-high" | "param-at-bound" | "phase-implausible" | "shift-implausible" | "snr-low" |
   * "no-signal" | "water-dominant" | "not-converged".
   */
  readonly code: FitProblemCode;
  readonly message: string;
}

/** Codes of {@link FitProblem}. */
export type FitProblemCode =
  | "residual-high"
  | "param-at-bound"
  | "phase-implausible"
  | "shift-implausible"
  | "snr-low"
  | "no-signal"
  | "water-dominant"
  | "not-converged";

/** Every problem code, in reporting order. */
export const FIT_PROBLEM_CODES: readonly FitProblemCode[] = [
  "no-signal",
  "water-dominant",
  "snr-low",
  "residual-high",
  "param-at-bound",
  "phase-implausible",
  "shift-implausible",
  "not-converged",
];

/** Thresholds of the fit-quality problems (all study parameters; defaults below). */
export interface FitQualityThresholds {
  /** Residual-to-noise ratio above which the fit leaves structure unexplained (default 2). */
  readonly maxResidualToNoise: number;
  /** NAA SNR below which numbers are unreliable (default 10). */
  readonly minSnr: number;
  /** Peak of the fitted singlets (NAA, Cr, Cho) over the noise SD below which no metabolite signal is seen (default 5). */
  readonly minSignalToNoise: number;
  /** Share of the fit range's power the metabolites must explain (default 0.01; the spant phantom 0.04, in vivo 0.7–0.9, foreign lines 0.003). */
  readonly minMetaboliteFraction: number;
  /** Water peak (4.4–4.9 ppm, |S|) of the input over the fitted NAA peak above which the spectrum is water (default 300; residual water in suppressed data is 5–50×, an unsuppressed water reference thousands). */
  readonly maxWaterToNaa: number;
  /** |φ0| beyond which a processed spectrum's phase is implausible, rad (default π: not checked, raw data have any φ0). */
  readonly maxAbsPhi0Rad: number;
  /** |shift| beyond which the frequency reference is implausible, ppm (default 0.15). */
  readonly maxAbsShiftPpm: number;
}

/** Default {@link FitQualityThresholds}. */
export const DEFAULT_QUALITY_THRESHOLDS: FitQualityThresholds = {
  maxResidualToNoise: 2,
  minSnr: 10,
  minSignalToNoise: 5,
  minMetaboliteFraction: 0.01,
  maxWaterToNaa: 300,
  maxAbsPhi0Rad: Math.PI,
  maxAbsShiftPpm: 0.15,
};

/** Fit-quality values returned with every fit. */
export interface FitQuality {
  /** SD of the residual's real part over the fit range / spectral noise SD (1 = noise only); null without a noise estimate. */
  readonly residualToNoise: number | null;
  /** Largest |S| at 4.4–4.9 ppm of the input over the fitted NAA peak height (or the input's 1.8–2.2 ppm peak without NAA). */
  readonly waterToNaa: number | null;
  /** Peak of the fitted NAA/Cr/Cho singlet region over the noise SD. */
  readonly signalToNoise: number | null;
  /** Share of the data's power in the fit range explained by the metabolites (lineshape group 0, without baseline, MM, lipids). */
  readonly metaboliteFraction: number;
  /** Names of the non-linear parameters that ended at a bound. */
  readonly atBound: readonly string[];
  readonly problems: readonly FitProblem[];
}

/** Inputs of {@link assessFit}. */
export interface QualityInputs {
  readonly residualSd: number;
  readonly noiseSd: number | null;
  readonly snr: number | null;
  readonly signalToNoise: number | null;
  readonly waterToNaa: number | null;
  readonly metaboliteFraction: number;
  readonly atBound: readonly string[];
  readonly phi0Rad: number;
  readonly phi1AtBound: boolean;
  readonly shiftPpm: number;
  readonly converged: boolean;
}

/** Returns the fit-quality record and its named problems from the fit's numbers. */
export function assessFit(
  q: QualityInputs,
  t: FitQualityThresholds = DEFAULT_QUALITY_THRESHOLDS,
): FitQuality {
  const problems: FitProblem[] = [];
  const f = (x: number, d = 1) => x.toFixed(d);
  const residualToNoise = q.noiseSd !== null && q.noiseSd > 0 ? q.residualSd / q.noiseSd : null;
  const weak = q.signalToNoise !== null && q.signalToNoise < t.minSignalToNoise;
  const foreign = q.metaboliteFraction < t.minMetaboliteFraction;
  const noSignal = weak || foreign;
  if (weak)
    problems.push({
      code: "no-signal",
      message: `no metabolite signal: the fitted NAA/Cr/Cho peaks reach ${f(q.signalToNoise ?? 0)}× the noise SD (< ${t.minSignalToNoise}); the amplitudes are noise`,
    });
  else if (foreign)
    problems.push({
      code: "no-signal",
      message: `no ¹H metabolite pattern: the metabolites explain ${f(100 * q.metaboliteFraction, 2)} % of the signal in the fit range (< ${f(100 * t.minMetaboliteFraction, 0)} %): another nucleus, a wrong reference frequency or no brain spectrum`,
    });
  if (q.waterToNaa !== null && q.waterToNaa > t.maxWaterToNaa)
    problems.push({
      code: "water-dominant",
      message: `the water peak is ${f(q.waterToNaa, 0)}× the NAA peak (> ${t.maxWaterToNaa}): unsuppressed water or failed water suppression`,
    });
  if (!noSignal && q.snr !== null && q.snr < t.minSnr)
    problems.push({ code: "snr-low", message: `NAA SNR ${f(q.snr)} is below ${t.minSnr}` });
  if (residualToNoise !== null && residualToNoise > t.maxResidualToNoise)
    problems.push({
      code: "residual-high",
      message: `the residual is ${f(residualToNoise, 2)}× the noise SD (> ${t.maxResidualToNoise}): the model leaves signal unexplained`,
    });
  if (q.atBound.length > 0)
    problems.push({
      code: "param-at-bound",
      message: `fitted at a bound: ${q.atBound.join(", ")}`,
    });
  if (q.phi1AtBound || Math.abs(q.phi0Rad) > t.maxAbsPhi0Rad)
    problems.push({
      code: "phase-implausible",
      message: q.phi1AtBound
        ? "the first-order phase ended at its bound: the phase is not determined by the data"
        : `zero-order phase ${f((q.phi0Rad * 180) / Math.PI, 0)}° is beyond ±${f((t.maxAbsPhi0Rad * 180) / Math.PI, 0)}°`,
    });
  if (Math.abs(q.shiftPpm) > t.maxAbsShiftPpm)
    problems.push({
      code: "shift-implausible",
      message: `frequency shift ${f(q.shiftPpm, 3)} ppm is beyond ±${t.maxAbsShiftPpm} ppm: wrong reference or wrong peak`,
    });
  if (!q.converged)
    problems.push({ code: "not-converged", message: "the optimiser stopped at its iteration limit" });
  return {
    residualToNoise,
    waterToNaa: q.waterToNaa,
    signalToNoise: q.signalToNoise,
    metaboliteFraction: q.metaboliteFraction,
    atBound: [...q.atBound],
    problems,
  };
}
