import { METABOLITE_SUMS } from "@fmrs/schema";
import { ppmAxis, ppmRangeIndices, WATER_PPM } from "./axes";
import type { BasisSet } from "./basis";
import type { ComplexArray } from "./complex";
import { spectrumOf } from "./fft";
import {
  assessFit,
  type CombinationEstimate,
  combinationsAndRatios,
  crlbPercent,
  DEFAULT_QUALITY_THRESHOLDS,
  type FitQuality,
  type FitQualityThresholds,
  memberFwhmHz,
  type RatioEstimate,
} from "./fitMetrics";
import { baselineLambdaFor, FitModel, type Theta } from "./fitModel";
import { levenbergMarquardt, startGrid, type ThetaBounds, wrapPhase } from "./fitOptimiser";
import { fitCovariance, sdOrNull } from "./fitUncertainty";
import type { BaselineSpec, ModelParams } from "./forwardModel";
import { DEFAULT_WATER_REMOVAL, removeResidualWater, type WaterRemovalSettings } from "./hlsvd";
import { dot } from "./linalg";
import { LCMODEL_MM_LIPIDS, withLcmodelMacromolecules } from "./macromolecules";
import { fidTailNoiseSd, NAA_WINDOW_PPM, NOISE_REGION_PPM, noiseSd, peakHeight } from "./snr";

export type { CombinationEstimate, RatioEstimate } from "./fitMetrics";

/** Default metabolite combinations reported by {@link fitSpectrum} (only those whose members are all fitted). */
export const DEFAULT_COMBINATIONS: Readonly<Record<string, readonly string[]>> = METABOLITE_SUMS;

/**
 * A soft prior on a concentration ratio, Σ numerator / Σ denominator = ratio ± sd (Gaussian), as
 * LCModel's CHRATO. It enters the fit as one extra least-squares row
 * (Σ_num c − ratio·Σ_den c)/(sd·D) weighted by the noise SD, with D the denominator of a first
 * fit without priors (LCModel linearises its priors the same way on its preliminary analysis).
 * Skipped when no numerator or no denominator member is fitted.
 */
export interface RatioPrior {
  readonly numerator: readonly string[];
  readonly denominator: readonly string[];
  readonly ratio: number;
  readonly sd: number;
}

/** LCModel's "Big3" (the strong singlets: tNAA, tCr, tCho). */
const BIG3 = ["NAA", "NAAG", "Cr", "PCr", "GPC", "PCh"] as const;

/**
 * LCModel 6.3's default ratio priors on minor metabolites (LCModel.f BLOCK DATA, CHRATO;
 * schorschinho/LCModel source): Asp, GABA, Glc, scyllo-inositol and Tau relative to Big3, and
 * GSH/(Gln+GSH) = 0.286 ± 0.126 (GSH/Gln = 0.4 ± 0.3). Without them minor members whose
 * multiplets overlap Glu (Asp, GABA) take Glu signal when the baseline or lineshape is imperfect.
 */
export const LCMODEL_RATIO_PRIORS: readonly RatioPrior[] = [
  { numerator: ["Asp"], denominator: BIG3, ratio: 0.05, sd: 0.05 },
  { numerator: ["GABA"], denominator: BIG3, ratio: 0.03, sd: 0.03 },
  { numerator: ["Glc"], denominator: BIG3, ratio: 0.03, sd: 0.03 },
  { numerator: ["sIns", "Scyllo"], denominator: BIG3, ratio: 0.01, sd: 0.01 },
  { numerator: ["Tau"], denominator: BIG3, ratio: 0.05, sd: 0.05 },
  { numerator: ["GSH"], denominator: ["Gln", "GSH"], ratio: 0.286, sd: 0.126 },
];

/**
 * LCModel 6.3's ratio priors among its simulated macromolecules and lipids (CHRATO), applied only
 * when {@link fitSpectrum} adds those components itself (`simulateMacromolecules`).
 */
export const LCMODEL_MM_PRIORS: readonly RatioPrior[] = [
  { numerator: ["Lip09"], denominator: ["Lip13a", "Lip13b"], ratio: 0.267, sd: 0.1 },
  { numerator: ["Lip20"], denominator: ["Lip13a", "Lip13b"], ratio: 0.15, sd: 0.07 },
  { numerator: ["MM20"], denominator: ["MM09"], ratio: 1.5, sd: 0.375 },
  { numerator: ["MM12"], denominator: ["MM09"], ratio: 0.3, sd: 0.1 },
  { numerator: ["MM14"], denominator: ["MM09"], ratio: 0.75, sd: 0.45 },
  { numerator: ["MM17"], denominator: ["MM09"], ratio: 0.375, sd: 0.3 },
];

/**
 * The defaults of {@link fitSpectrum}, as one record so provenance and the report's Methods can
 * state how spectra were fitted.
 */
export const FIT_DEFAULTS = {
  method:
    "linear combination in the frequency domain by variable projection (NNLS amplitudes, bounded Levenberg–Marquardt), Voigt lines per group (metabolites; macromolecules and lipids), CRLB from the Fisher information; a basis without macromolecules gets LCModel 6.3's simulated MM/Lip components and ratio priors",
  ppmRange: [0.2, 4.2] as readonly [number, number],
  baselineEdPerPpm: 2,
  maxLinewidthHz: 25,
  maxMacromoleculeLinewidthHz: 25,
  maxAbsShiftPpm: 0.25,
  maxAbsPhi1S: 1e-4,
  initialLinewidthHz: 6,
  shiftSearchHz: 15,
  maxIterations: 100,
  ratioPriors: "auto",
  simulateMacromolecules: "auto",
  decimate: true,
  waterRemoval: { mode: "auto", ...DEFAULT_WATER_REMOVAL },
  quality: DEFAULT_QUALITY_THRESHOLDS,
} as const;

/** Residual-water removal setting of {@link FitOptions}. */
export type WaterRemovalOption =
  | "auto"
  | false
  | (Partial<Omit<WaterRemovalSettings, "method" | "enabled">> & { readonly mode?: "auto" | "always" });

/** Options of {@link fitSpectrum}. */
export interface FitOptions {
  /** Fitted chemical-shift range, ppm (default [0.2, 4.2], FSL-MRS's default). */
  readonly ppmRange?: readonly [number, number];
  /**
   * Flexibility of the baseline in effective parameters per ppm of the fitted range, per real and
   * imaginary part (default 2, i.e. 8 over 0.2–4.2 ppm): a complex Legendre series of order
   * `baselineOrder` (default ⌈2·ED⌉, at most 16) with a roughness penalty whose weight gives this
   * effective dimension (trace of the baseline smoother), so the baseline cannot bend within a
   * metabolite's line width. Ignored when `baselineOrder` is given alone.
   */
  readonly baselineEdPerPpm?: number;
  /** Order of the complex Legendre baseline; alone (without `baselineEdPerPpm`) an unpenalised polynomial as FSL-MRS "poly, N"; −1 for none. */
  readonly baselineOrder?: number;
  /** Basis members to fit (default: all), in output order. */
  readonly include?: readonly string[];
  /**
   * Lineshape groups beyond group 0: members listed in `lineshapeGroups[i]` (i ≥ 1) share their own
   * γ and σ; every other member is in group 0. Default: macromolecules and lipids (names starting
   * "MM" or "Lip") in group 1, as FSL-MRS `--metab_groups`; their widths are bounded
   * (`maxMacromoleculeLinewidthHz`). (Separate MM and Lip groups fitted the same real files equally
   * and took about 1.8× the time.)
   */
  readonly lineshapeGroups?: readonly (readonly string[])[];
  /**
   * Members whose amplitude is complex (a phase of their own): lipid signal from outside the voxel
   * (chemical-shift displacement, imperfect outer-volume suppression) need not share the
   * metabolites' phase; the reported amplitude is the modulus. Default: none (on the spant phantom
   * and SVS_30 free-phase lipids absorbed Gln-region signal).
   */
  readonly freePhaseMembers?: readonly string[];
  /**
   * Add LCModel's simulated macromolecule and lipid components (see `LCMODEL_MM_LIPIDS`, with
   * `LCMODEL_MM_PRIORS`) when the basis set has no member named MM* or Lip* (default "auto", as
   * LCModel does with its default NSIMUL = 13; bases from FSL-MRS/Osprey carry their own); false never.
   */
  readonly simulateMacromolecules?: "auto" | false;
  /**
   * Soft ratio priors on the amplitudes. "auto" (default): LCModel's ({@link LCMODEL_RATIO_PRIORS}
   * and {@link LCMODEL_MM_PRIORS}) when LCModel's simulated macromolecules are added (a basis
   * without MM/Lip members, as LCModel bases are), none otherwise (FSL-MRS, whose bases carry
   * their macromolecules, fits without priors); or an explicit list ([] for none).
   */
  readonly ratioPriors?: "auto" | readonly RatioPrior[];
  /** Combinations to report (default {@link DEFAULT_COMBINATIONS}). */
  readonly combinations?: Readonly<Record<string, readonly string[]>>;
  /** Denominators for ratios (default ["tNAA", "tCr"]; names of members or combinations). */
  readonly ratioReferences?: readonly string[];
  /**
   * Noise variance used for the Cramér–Rao bounds: "residual" (default; ‖residual‖²/(2L − p) over
   * the fit range, which also absorbs model misfit) or "noiseRegion" (the spectral noise SD, see
   * `snrMethod`; pure thermal noise).
   */
  readonly noiseVariance?: "residual" | "noiseRegion";
  /** Signal-free region for the SNR noise SD, ppm (default [−2.5, −0.5]; when the spectrum does not reach it, the FID tail is used). */
  readonly noiseRegionPpm?: readonly [number, number];
  /** Starting line width (Voigt, split evenly between Lorentzian and Gaussian), Hz (default 6). */
  readonly initialLinewidthHz?: number;
  /** Half-width of the initial frequency-shift grid search, Hz (default 15; steps of one spectral bin; 0 disables the search). */
  readonly shiftSearchHz?: number;
  /** Fit the first-order phase φ1 (default true). */
  readonly fitFirstOrderPhase?: boolean;
  /** Bound on |φ1|, s (default 1e-4: ±18° across 0.2–4.2 ppm at 3 T). */
  readonly maxAbsPhi1S?: number;
  /** Bound on |shift|, ppm (default 0.25). */
  readonly maxAbsShiftPpm?: number;
  /** Upper bounds of the added Lorentzian and Gaussian FWHM of metabolites (group 0), Hz (default 25). */
  readonly maxLinewidthHz?: number;
  /** Same bound for the macromolecule and lipid groups (groups ≥ 1), Hz (default 25). */
  readonly maxMacromoleculeLinewidthHz?: number;
  /**
   * Work on a band of the spectrum around the fitted range (default true; see
   * `FitModelConfig.decimate`): 2–4× fewer FFT operations for 2048-point spectra at 4–6 kHz. The
   * band cuts the tails of the basis lines beyond ≥ 1.5 fitted-range widths, which changes a fit
   * of damped basis lines by < 0.1 % of an amplitude; undamped synthetic lines need false.
   */
  readonly decimate?: boolean;
  /** Maximum Levenberg–Marquardt iterations (default 100). */
  readonly maxIterations?: number;
  /**
   * Residual water removal before the fit (HLSVD, see `removeResidualWater`): "auto" (default)
   * removes the components in 4.2–5.2 ppm when the water band's peak exceeds the NAA region's
   * (water-suppressed data with residual water); an object sets the band/model order and
   * `mode: "always"`; false disables.
   */
  readonly waterRemoval?: WaterRemovalOption;
  /** Fit-quality thresholds (defaults: `DEFAULT_QUALITY_THRESHOLDS`). */
  readonly quality?: Partial<FitQualityThresholds>;
}

/** One fitted basis member. */
export interface MetaboliteEstimate {
  readonly name: string;
  /** Lineshape group index. */
  readonly group: number;
  /** Amplitude c_m in basis units (data scale / basis scale), ≥ 0 (the modulus for a free-phase member). */
  readonly amplitude: number;
  /** Cramér–Rao lower bound (SD) of the amplitude, same units; null when undetermined. */
  readonly crlb: number | null;
  /** 100·crlb/amplitude; null when the amplitude is 0 or the CRLB undetermined. */
  readonly crlbPercent: number | null;
}

/** Fitted lineshape of one group. */
export interface LineshapeEstimate {
  readonly members: readonly string[];
  /** Lorentzian damping γ, s⁻¹. */
  readonly gammaPerS: number;
  /** Gaussian damping σ, s⁻¹. */
  readonly sigmaPerS: number;
  /** Added Lorentzian FWHM γ/π, Hz. */
  readonly lorentzianFwhmHz: number;
  /** Added Gaussian FWHM 2σ√ln2/π, Hz. */
  readonly gaussianFwhmHz: number;
}

/** What the residual-water removal did (recorded so Methods can state it). */
export interface WaterRemovalRecord {
  /** Whether components were subtracted. */
  readonly applied: boolean;
  readonly settings: WaterRemovalSettings;
  /** Number of subtracted HLSVD components. */
  readonly components: number;
}

/** Result of {@link fitSpectrum}. */
export interface FitResult {
  readonly metabolites: readonly MetaboliteEstimate[];
  readonly combinations: readonly CombinationEstimate[];
  readonly ratios: readonly RatioEstimate[];
  readonly lineshapes: readonly LineshapeEstimate[];
  /** Frequency shift ε, Hz (positive = lines moved to lower ppm), and its CRLB. */
  readonly shiftHz: number;
  readonly shiftCrlbHz: number | null;
  /** Zero-order phase, rad in (−π, π], and its CRLB. */
  readonly phi0Rad: number;
  readonly phi0CrlbRad: number | null;
  /** First-order phase, s (phase 2π·φ1·f), and its CRLB (null when not fitted). */
  readonly phi1S: number;
  readonly phi1CrlbS: number | null;
  /** The fitted baseline, usable in `modelSpectrum`. */
  readonly baseline: BaselineSpec;
  /** Effective number of baseline parameters (real + imaginary). */
  readonly baselineEd: number;
  /** All fitted parameters in `ModelParams` form (amplitudes in `include` order; free-phase members as moduli), so `modelSpectrum(selectBasis(basis, include), params)` reproduces the fit when no member has a free phase. */
  readonly params: ModelParams;
  /** FWHM of the fitted NAA singlet (NAA basis with the fitted lineshape, 8× zero-filled, real part), Hz and ppm; null without NAA. */
  readonly naaFwhmHz: number | null;
  readonly naaFwhmPpm: number | null;
  /**
   * SNR: height of the fitted metabolite spectrum (phased, without baseline) in 1.9–2.1 ppm (the
   * NAA peak) over the spectral noise SD (`snrMethod`). Null when the NAA window falls outside the spectrum.
   */
  readonly snr: number | null;
  readonly snrMethod: string;
  /** Noise SD per real component of the spectrum (region or FID tail, spectrum units), or null. */
  readonly noiseSdSpectrum: number | null;
  /** Residual SD per real component over the fit range (spectrum units). */
  readonly residualSd: number;
  /** Which noise variance the CRLBs use. */
  readonly crlbNoise: "residual" | "noiseRegion";
  /** Fit quality: residual-to-noise ratio, bounds hit and the named problems (empty when none). */
  readonly quality: FitQuality;
  /** Residual water removal applied before the fit. */
  readonly waterRemoval: WaterRemovalRecord;
  /** ppm of each fitted bin (descending). */
  readonly ppm: Float64Array;
  /** Data, full fit, baseline and residual on the fitted bins, phase-corrected (real part = absorption), spectrum units. */
  readonly data: ComplexArray;
  readonly fit: ComplexArray;
  readonly baselineSpectrum: ComplexArray;
  readonly residual: ComplexArray;
  /** Covariance of the amplitudes (row-major, metabolites order), units². */
  readonly amplitudeCovariance: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

function defaultGroups(names: readonly string[]): string[][] {
  const mm = names.filter((n) => /^(MM|Lip)/i.test(n));
  return mm.length > 0 && mm.length < names.length ? [[], mm] : [[]];
}

/** The strong singlets used for the start: members and the windows around their lines, ppm. */
const SINGLET_MEMBERS = ["NAA", "Cr", "PCr", "GPC", "PCh", "Cho", "tCr", "tCho", "tNAA"];

function maxAbsIn(spectrum: ComplexArray, ppm: Float64Array, range: readonly [number, number]): number {
  const { start, end } = ppmRangeIndices(ppm, range);
  let best = Number.NaN;
  for (let k = start; k < end; k++) {
    const m = Math.hypot(spectrum[2 * k] ?? 0, spectrum[2 * k + 1] ?? 0);
    if (!(m <= best)) best = m;
  }
  return best;
}

/**
 * Returns the linear-combination fit of one spectrum (e.g. a block average) against a basis set:
 * non-negative amplitudes per member (complex for free-phase lipids), Voigt broadening (γ, σ)
 * per lineshape group, one frequency shift, zero- and first-order phase, and a complex Legendre
 * baseline with a roughness penalty, fitted to S = fftshift(FFT(fid)) over a ppm range.
 *
 * Steps: (1) residual water removal by HLSVD when the water band dominates the NAA region
 * (`waterRemoval`); (2) start: shift and φ0 from the strong singlets alone (NAA, Cr/PCr,
 * GPC/PCh over 1.85–3.35 ppm; a bin grid over ±`shiftSearchHz` with the closed-form φ0, see
 * `startGrid`), falling back to the whole basis; (3) variable projection (Golub & Pereyra 1973):
 * amplitudes by NNLS (Lawson & Hanson 1974) with the baseline projected out, the non-linear
 * parameters by bounded Levenberg–Marquardt (widths ≥ 0 and ≤ the line-width bounds, |ε| and
 * |φ1| bounded) on Kaufman's Jacobian; (4) Cramér–Rao bounds from the full model's Fisher
 * information (see `fitCovariance`), sums and ratios by the covariance; (5) SNR at any spectral
 * width (noise from the signal-free region, else from the FID tail), NAA FWHM, and fit quality
 * with named problems (see `assessFit`).
 * White noise is assumed (no apodisation or zero-filling beforehand). The basis must match the
 * FID's sampling (`resampleBasis`). Throws on a length mismatch, an unknown member, or fewer
 * than 16 bins in the range.
 */
export function fitSpectrum(fidIn: ComplexArray, basisIn: BasisSet, options: FitOptions = {}): FitResult {
  const n = basisIn.points;
  if (fidIn.length !== 2 * n) {
    throw new RangeError(
      `fitSpectrum(): the FID has ${fidIn.length / 2} points but the basis ${n}; resample the basis first`,
    );
  }
  const dt = basisIn.dwellS;
  const f0 = basisIn.centreMHz;
  const ppmRange = options.ppmRange ?? FIT_DEFAULTS.ppmRange;
  const simulate =
    (options.simulateMacromolecules ?? FIT_DEFAULTS.simulateMacromolecules) === "auto" &&
    basisIn.names.length > 0 &&
    !basisIn.names.some((nm) => /^(MM|Lip)/i.test(nm));
  const basis = simulate ? withLcmodelMacromolecules(basisIn) : basisIn;
  const names = [
    ...(options.include ?? basisIn.names),
    ...(simulate ? LCMODEL_MM_LIPIDS.map((c) => c.name) : []),
  ];
  const members: ComplexArray[] = names.map((nm) => {
    const i = basis.names.indexOf(nm);
    const f = basis.fids[i];
    if (i < 0 || f === undefined) throw new RangeError(`fitSpectrum(): ${nm} is not in the basis`);
    return f;
  });
  const p = names.length;
  const groupLists = (options.lineshapeGroups ?? defaultGroups(names)).map((g) => [...g]);
  if (groupLists.length === 0) groupLists.push([]);
  const groupOf = names.map((nm) =>
    Math.max(
      0,
      groupLists.findIndex((list, i) => i > 0 && list.includes(nm)),
    ),
  );
  const ng = groupLists.length;
  const fitPhi1 = options.fitFirstOrderPhase ?? true;
  const freeList = options.freePhaseMembers ?? [];
  const freePhase = names.map((nm) => freeList.includes(nm));

  // (1) Residual water.
  const inputSpectrum = spectrumOf(fidIn);
  const ppmAllIn = ppmAxis(n, dt, f0);
  const waterBand = DEFAULT_WATER_REMOVAL.bandPpm;
  const waterPeak = maxAbsIn(inputSpectrum, ppmAllIn, [WATER_PPM - 0.25, WATER_PPM + 0.25]);
  const naaPeakIn = maxAbsIn(inputSpectrum, ppmAllIn, [1.8, 2.2]);
  const wopt = options.waterRemoval ?? "auto";
  const wsettings: Partial<WaterRemovalSettings> = typeof wopt === "object" ? wopt : {};
  const always = typeof wopt === "object" && wopt.mode === "always";
  const wantRemoval = wopt !== false && (always || (Number.isFinite(waterPeak) && waterPeak > naaPeakIn));
  const removal = removeResidualWater(fidIn, dt, f0, {
    bandPpm: waterBand,
    ...wsettings,
    enabled: wantRemoval,
  });
  const fid = removal.fid;

  // Baseline flexibility.
  const edPerPpm =
    options.baselineEdPerPpm ??
    (options.baselineOrder === undefined ? FIT_DEFAULTS.baselineEdPerPpm : undefined);
  const width = Math.abs(ppmRange[1] - ppmRange[0]);
  const targetEd = edPerPpm !== undefined ? edPerPpm * width : undefined;
  const order =
    options.baselineOrder ??
    (targetEd !== undefined ? Math.min(16, Math.max(2, Math.ceil(2 * targetEd))) : 2);

  // The fit model at a baseline smoothness; with the ratio priors' rows (3b) when given.
  const build = (lambda: number, priorRows?: readonly Float64Array[]) =>
    new FitModel(fid, {
      ppmRange,
      baselineOrder: order,
      baselineLambda: lambda,
      members,
      groupOf,
      groups: ng,
      freePhase,
      fitPhi1,
      dwellS: dt,
      centreMHz: f0,
      decimate: options.decimate ?? FIT_DEFAULTS.decimate,
      ...(priorRows === undefined ? {} : { priors: { rows: priorRows, targets: priorRows.map(() => 0) } }),
    });
  let lambda = 0;
  if (targetEd !== undefined && order >= 0) {
    const w = ppmRangeIndices(ppmAllIn, ppmRange);
    lambda = baselineLambdaFor(ppmAllIn.subarray(w.start, w.end), ppmRange, order, targetEd);
  }
  const model = build(lambda);

  // Bounds.
  const fwhmToGamma = (hz: number) => Math.PI * hz;
  const fwhmToS = (hz: number) => ((Math.PI * hz) / (2 * Math.sqrt(Math.LN2))) ** 2;
  const maxMet = options.maxLinewidthHz ?? FIT_DEFAULTS.maxLinewidthHz;
  const maxMm = options.maxMacromoleculeLinewidthHz ?? FIT_DEFAULTS.maxMacromoleculeLinewidthHz;
  const maxShiftHz = (options.maxAbsShiftPpm ?? FIT_DEFAULTS.maxAbsShiftPpm) * f0;
  const maxPhi1 = options.maxAbsPhi1S ?? FIT_DEFAULTS.maxAbsPhi1S;
  const lower = new Float64Array(model.ntheta).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(model.ntheta).fill(Number.POSITIVE_INFINITY);
  for (let g = 0; g < ng; g++) {
    lower[g] = 0;
    lower[ng + g] = 0;
    upper[g] = fwhmToGamma(g === 0 ? maxMet : maxMm);
    upper[ng + g] = fwhmToS(g === 0 ? maxMet : maxMm);
  }
  lower[2 * ng] = -maxShiftHz;
  upper[2 * ng] = maxShiftHz;
  if (fitPhi1) {
    lower[2 * ng + 2] = -maxPhi1;
    upper[2 * ng + 2] = maxPhi1;
  }
  const bounds: ThetaBounds = { lower, upper };

  // (2) Start from the singlets.
  const lw = options.initialLinewidthHz ?? FIT_DEFAULTS.initialLinewidthHz;
  const gamma0 = (Math.PI * lw) / 2;
  const sigma0 = (Math.PI * (lw / 2)) / (2 * Math.sqrt(Math.LN2));
  const start0: Theta = {
    gamma: new Float64Array(ng).fill(gamma0),
    s: new Float64Array(ng).fill(sigma0 * sigma0),
    eps: 0,
    phi0: 0,
    phi1: 0,
  };
  const search = Math.min(Math.max(0, options.shiftSearchHz ?? FIT_DEFAULTS.shiftSearchHz), maxShiftHz);
  const singletIdx = names.map((nm, m) => (SINGLET_MEMBERS.includes(nm) ? m : -1)).filter((m) => m >= 0);
  let startModel = model;
  if (singletIdx.length > 0 && ppmRange[0] <= 1.85 && ppmRange[1] >= 3.35) {
    try {
      startModel = new FitModel(fid, {
        ppmRange: [1.85, 3.35],
        baselineOrder: 1,
        baselineLambda: 0,
        members: singletIdx.map((m) => members[m] as ComplexArray),
        groupOf: singletIdx.map(() => 0),
        groups: 1,
        freePhase: singletIdx.map(() => false),
        fitPhi1: false,
        dwellS: dt,
        centreMHz: f0,
        decimate: options.decimate ?? FIT_DEFAULTS.decimate,
      });
    } catch {
      startModel = model;
    }
  }
  const startSingle: Theta =
    startModel === model
      ? start0
      : {
          gamma: new Float64Array(1).fill(gamma0),
          s: new Float64Array(1).fill(sigma0 * sigma0),
          eps: 0,
          phi0: 0,
          phi1: 0,
        };
  const best = startGrid(startModel, startSingle, search);

  // (3) Levenberg–Marquardt.
  const maxIt = options.maxIterations ?? FIT_DEFAULTS.maxIterations;
  const optA = levenbergMarquardt(model, { ...start0, eps: best.eps, phi0: best.phi0 }, bounds, maxIt);
  // (3b) Ratio priors, linearised on the first fit, then the fit again from there.
  const priorOption = options.ratioPriors ?? FIT_DEFAULTS.ratioPriors;
  const priorList: readonly RatioPrior[] =
    priorOption === "auto" ? (simulate ? [...LCMODEL_RATIO_PRIORS, ...LCMODEL_MM_PRIORS] : []) : priorOption;
  let opt = optA;
  const priorRows: Float64Array[] = [];
  if (priorList.length > 0) {
    const cA = optA.evaluation.c;
    const ampOf = new Float64Array(p);
    model.columns.forEach((col, i) => {
      if (col.rotation === 0) ampOf[col.member] = (ampOf[col.member] ?? 0) + (cA[i] ?? 0);
    });
    const rA = optA.evaluation.r;
    let rssA = 0;
    for (let j = 0; j < model.rows; j++) rssA += (rA[j] ?? 0) ** 2;
    const sigmaA = Math.sqrt(rssA / Math.max(1, model.rows - p - model.baselineEd - model.ntheta));
    for (const prior of priorList) {
      const num = prior.numerator.map((nm) => names.indexOf(nm)).filter((m) => m >= 0);
      const den = prior.denominator.map((nm) => names.indexOf(nm)).filter((m) => m >= 0);
      const d = den.reduce((sum, m) => sum + (ampOf[m] ?? 0), 0);
      if (num.length === 0 || den.length === 0 || !(d > 0) || !(prior.sd > 0)) continue;
      const row = new Float64Array(p);
      const w = sigmaA / (prior.sd * d);
      for (const m of num) row[m] = (row[m] ?? 0) + w;
      for (const m of den) row[m] = (row[m] ?? 0) - prior.ratio * w;
      priorRows.push(row);
    }
  }
  const fitModel = priorRows.length > 0 ? build(lambda, priorRows) : model;
  if (fitModel !== model) opt = levenbergMarquardt(fitModel, optA.evaluation.theta, bounds, maxIt);
  const ev = opt.evaluation;
  const th = ev.theta;
  const scale = fitModel.scale;
  const rows = fitModel.rows;
  const len = fitModel.len;

  // Baseline coefficients and the data-row residual.
  const fitMet = fitModel.modelOf(ev);
  const bcoef = fitModel.baselineCoefficients(fitMet);
  const baselineR = new Float64Array(rows);
  fitModel.bcols.forEach((b, i) => {
    const v = bcoef[i] ?? 0;
    for (let j = 0; j < rows; j++) baselineR[j] = (baselineR[j] ?? 0) + v * (b[j] ?? 0);
  });
  const fitAll = new Float64Array(rows);
  const resid = new Float64Array(rows);
  for (let j = 0; j < rows; j++) {
    fitAll[j] = (fitMet[j] ?? 0) + (baselineR[j] ?? 0);
    resid[j] = (fitModel.y[j] ?? 0) - (fitAll[j] ?? 0);
  }
  const rss = dot(resid, resid);

  // Phase-corrected outputs and the spectral noise.
  const dePhase = (v: Float64Array): Float64Array => {
    const out = new Float64Array(rows);
    for (let j = 0; j < len; j++) {
      const phi = th.phi0 + 2 * Math.PI * th.phi1 * (fitModel.fR[j] ?? 0);
      const c = Math.cos(phi);
      const s = Math.sin(phi);
      const re = (v[2 * j] ?? 0) * scale;
      const im = (v[2 * j + 1] ?? 0) * scale;
      out[2 * j] = re * c + im * s;
      out[2 * j + 1] = -re * s + im * c;
    }
    return out;
  };
  const spectrum = fitModel.spectrum;
  const phasedFull = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const phi = th.phi0 + 2 * Math.PI * th.phi1 * (fitModel.fAll[k] ?? 0);
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    const re = spectrum[2 * k] ?? 0;
    const im = spectrum[2 * k + 1] ?? 0;
    phasedFull[2 * k] = re * c + im * s;
    phasedFull[2 * k + 1] = -re * s + im * c;
  }
  const region = options.noiseRegionPpm ?? NOISE_REGION_PPM;
  let regionSd: number | null = null;
  let noiseFrom = `the SD of the real part of the phased data in [${region[0]}, ${region[1]}] ppm after linear detrending`;
  const regionInside =
    Math.min(...region) >= Math.min(fitModel.ppmAll[0] ?? 0, fitModel.ppmAll[n - 1] ?? 0) &&
    Math.max(...region) <= Math.max(fitModel.ppmAll[0] ?? 0, fitModel.ppmAll[n - 1] ?? 0);
  if (regionInside) {
    try {
      regionSd = noiseSd(phasedFull, fitModel.ppmAll, region);
    } catch {
      regionSd = null;
    }
  }
  if (regionSd === null) {
    try {
      regionSd = fidTailNoiseSd(fid);
      noiseFrom =
        "the noise SD from the last quarter of the FID (point-to-point differences, ×√N; the spectrum does not reach the signal-free region)";
    } catch {
      regionSd = null;
    }
  }
  const phasedMet = dePhase(fitMet);
  const height = peakHeight(phasedMet, fitModel.ppmR, NAA_WINDOW_PPM);
  const snr = regionSd !== null && regionSd > 0 && Number.isFinite(height) ? height / regionSd : null;
  // Water peak of the input over the fitted NAA peak (the data's NAA-region peak without NAA).
  const naaRef = Number.isFinite(height) && height > 0 ? height : naaPeakIn;
  const waterToNaa = Number.isFinite(waterPeak) && naaRef > 0 ? waterPeak / naaRef : null;
  // Share of the data's power in the fit range that the metabolites (group 0) explain.
  const metOnly = new Float64Array(rows);
  fitModel.columns.forEach((col, i) => {
    const c = ev.c[i] ?? 0;
    if (c === 0 || (groupOf[col.member] ?? 0) !== 0) return;
    const a = ev.a[i] as Float64Array;
    for (let j = 0; j < rows; j++) metOnly[j] = (metOnly[j] ?? 0) + c * (a[j] ?? 0);
  });
  let yPow = 0;
  for (let j = 0; j < rows; j++) yPow += (fitModel.y[j] ?? 0) ** 2;
  const metabolitePower = yPow > 0 ? dot(metOnly, metOnly) / yPow : 0;
  let singletPeak = Number.NaN;
  for (const w of [NAA_WINDOW_PPM, [2.95, 3.1], [3.15, 3.3]] as const) {
    const h = peakHeight(phasedMet, fitModel.ppmR, w);
    if (Number.isFinite(h) && !(h <= singletPeak)) singletPeak = h;
  }

  // (4) Uncertainties.
  const noiseChoice = options.noiseVariance ?? "residual";
  const useRegion = noiseChoice === "noiseRegion" && regionSd !== null;
  const cov = fitCovariance(fitModel, ev, p, (free) =>
    useRegion ? ((regionSd ?? 0) / scale) ** 2 : rss / Math.max(1, rows - free),
  );
  const residualVar = rss / Math.max(1, rows - cov.freeParameters);
  const amplitudeVec = Float64Array.from(cov.amplitudes, (c) => c * scale);
  const amplitudeCovariance = Float64Array.from(cov.amplitudeCovariance, (v) => v * scale * scale);
  const metabolites: MetaboliteEstimate[] = names.map((name, m) => {
    const amp = amplitudeVec[m] ?? 0;
    const crlb = sdOrNull(amplitudeCovariance[m * p + m] ?? Number.NaN);
    return { name, group: groupOf[m] ?? 0, amplitude: amp, crlb, crlbPercent: crlbPercent(crlb, amp) };
  });
  const { combinations, ratios } = combinationsAndRatios(
    names,
    amplitudeVec,
    amplitudeCovariance,
    options.combinations ?? DEFAULT_COMBINATIONS,
    options.ratioReferences ?? ["tNAA", "tCr"],
  );

  // (5) NAA line width and quality.
  const iNaa = names.indexOf("NAA");
  let naaFwhmHz: number | null = null;
  if (iNaa >= 0 && (amplitudeVec[iNaa] ?? 0) > 0) {
    const g = groupOf[iNaa] ?? 0;
    naaFwhmHz = memberFwhmHz(members[iNaa] as ComplexArray, dt, f0, th.gamma[g] ?? 0, th.s[g] ?? 0, th.eps);
  }
  const atBound: string[] = [];
  const tol = (i: number) => 1e-6 * Math.max(1, Math.abs(upper[i] ?? 1));
  const thetaNames = [
    ...groupLists.map((_, g) => `Lorentzian width of group ${g}`),
    ...groupLists.map((_, g) => `Gaussian width of group ${g}`),
    "frequency shift",
    "zero-order phase",
    ...(fitPhi1 ? ["first-order phase"] : []),
  ];
  const tv = [...th.gamma, ...th.s, th.eps, th.phi0, ...(fitPhi1 ? [th.phi1] : [])];
  for (let i = 0; i < fitModel.ntheta; i++) {
    // φ0 is unbounded; the macromolecule/lipid widths are bounded by design (small or absent
    // components wander to their bound without harm), so only metabolite widths, ε and φ1 count.
    if (i === 2 * ng + 1 || (i < 2 * ng && i % ng !== 0)) continue;
    const v = tv[i] ?? 0;
    // Lower width bounds (0) are physical limits, not failures: only upper bounds and |ε|, |φ1| count.
    const hitUpper = Number.isFinite(upper[i] ?? Number.POSITIVE_INFINITY) && v >= (upper[i] ?? 0) - tol(i);
    const hitLower =
      i >= 2 * ng && Number.isFinite(lower[i] ?? Number.NEGATIVE_INFINITY) && v <= (lower[i] ?? 0) + tol(i);
    if (hitUpper || hitLower) atBound.push(thetaNames[i] ?? `parameter ${i}`);
  }
  const phi1AtBound = fitPhi1 && atBound.includes("first-order phase");
  const quality = assessFit(
    {
      residualSd: Math.sqrt(rss / rows) * scale,
      noiseSd: regionSd,
      snr,
      signalToNoise:
        regionSd !== null && regionSd > 0 && Number.isFinite(singletPeak)
          ? Math.max(0, singletPeak) / regionSd
          : null,
      waterToNaa,
      metaboliteFraction: metabolitePower,
      atBound,
      phi0Rad: wrapPhase(th.phi0),
      phi1AtBound,
      shiftPpm: th.eps / f0,
      converged: opt.converged,
    },
    { ...DEFAULT_QUALITY_THRESHOLDS, ...options.quality },
  );

  const lineshapes: LineshapeEstimate[] = groupLists.map((_, g) => {
    const gamma = th.gamma[g] ?? 0;
    const sigma = Math.sqrt(th.s[g] ?? 0);
    return {
      members: names.filter((_n, m) => groupOf[m] === g),
      gammaPerS: gamma,
      sigmaPerS: sigma,
      lorentzianFwhmHz: gamma / Math.PI,
      gaussianFwhmHz: (2 * sigma * Math.sqrt(Math.LN2)) / Math.PI,
    };
  });
  const nb = fitModel.nb;
  const baseline: BaselineSpec = {
    ppmRange: [ppmRange[0], ppmRange[1]],
    re: Array.from({ length: nb / 2 }, (_, q) => (bcoef[2 * q] ?? 0) * scale),
    im: Array.from({ length: nb / 2 }, (_, q) => (bcoef[2 * q + 1] ?? 0) * scale),
  };
  const params: ModelParams = {
    amplitudes: Array.from(amplitudeVec),
    groups: [...groupOf],
    gammaPerS: Array.from(th.gamma),
    sigmaPerS: Array.from(th.s, (s) => Math.sqrt(s)),
    shiftHz: th.eps,
    phi0Rad: wrapPhase(th.phi0),
    phi1S: th.phi1,
    baseline,
  };
  const varAt = (k: number) => sdOrNull(cov.thetaVariance[k] ?? Number.NaN);
  return {
    metabolites,
    combinations,
    ratios,
    lineshapes,
    shiftHz: th.eps,
    shiftCrlbHz: varAt(2 * ng),
    phi0Rad: wrapPhase(th.phi0),
    phi0CrlbRad: varAt(2 * ng + 1),
    phi1S: th.phi1,
    phi1CrlbS: fitPhi1 ? varAt(2 * ng + 2) : null,
    baseline,
    baselineEd: fitModel.baselineEd,
    params,
    naaFwhmHz,
    naaFwhmPpm: naaFwhmHz === null ? null : naaFwhmHz / f0,
    snr,
    snrMethod: `NAA peak height (max real part of the phased fitted metabolite spectrum, 1.9–2.1 ppm) / ${noiseFrom}`,
    noiseSdSpectrum: regionSd,
    residualSd: Math.sqrt(residualVar) * scale,
    crlbNoise: useRegion ? "noiseRegion" : "residual",
    quality,
    waterRemoval: {
      applied: removal.removed.length > 0,
      settings: removal.settings,
      components: removal.removed.length,
    },
    ppm: fitModel.ppmR,
    data: dePhase(fitModel.y),
    fit: dePhase(fitAll),
    baselineSpectrum: dePhase(baselineR),
    residual: dePhase(resid),
    amplitudeCovariance,
    iterations: opt.iterations,
    converged: opt.converged,
  };
}
