import type { FittedBlock } from "@fmrs/schema";
import { alignTransients } from "./alignTransients";
import { ppmAxis, WATER_PPM } from "./axes";
import type { BasisSet } from "./basis";
import { blockAverage } from "./blockAverage";
import { coilWeights, combineCoils } from "./combineCoils";
import { type ComplexArray, realPart } from "./complex";
import { eddyCurrentCorrect } from "./eddyCurrent";
import { spectrumOf } from "./fft";
import { type FitComponent, fitComponents } from "./fitComponents";
import type { FitProblem } from "./fitMetrics";
import { type FitOptions, fitSpectrum } from "./fitSpectrum";
import { DEFAULT_WATER_REMOVAL, removeResidualWater, type WaterRemovalSettings } from "./hlsvd";
import { rejectOutliers } from "./rejectOutliers";

/** One session's dynamic acquisition, as the fit stage reads it from a NIfTI-MRS file. */
export interface DynamicSeries {
  /** FIDs by transient, then coil: `transients[t][c]` (one coil when already combined). */
  readonly transients: readonly (readonly ComplexArray[])[];
  readonly dwellS: number;
  readonly centreMHz: number;
  /** Time between stored transients, s. */
  readonly repetitionTimeS: number;
  /** Start of the first transient relative to infusion onset, s (e.g. −600 for a 10-min baseline). */
  readonly firstTransientTimeS: number;
  /**
   * Unsuppressed water reference per coil (the mean of its transients), optional: it gives the
   * coil weights and the eddy-current correction of every transient (Klose 1990).
   */
  readonly waterReference?: readonly ComplexArray[];
}

/** Settings of the dynamic fit. */
export interface DynamicFitOptions {
  /** Block length, s; transients per block = round(blockLengthS / repetitionTimeS). */
  readonly blockLengthS: number;
  /** Robust z above which a transient is rejected (default 3). */
  readonly outlierThreshold?: number;
  /** Options of each block's linear-combination fit. */
  readonly fit?: FitOptions;
  /** Eddy-current correction with the water reference when there is one (default true). */
  readonly eddyCurrentCorrection?: boolean;
  /**
   * Residual water removal of every transient before alignment and outlier rejection (HLSVD, see
   * `removeResidualWater`), as real preprocessing does (FSL-MRS `fsl_mrs_proc remove` before
   * `align`/`unlike`; Osprey removes water before aligning): "auto" (default) removes it when the
   * water band (4.65 ± 0.25 ppm) of the mean transient peaks higher than its NAA region (1.8–2.2
   * ppm); false keeps the water; an object sets the band, model order and points (default
   * {@link TRANSIENT_WATER_REMOVAL}). Without it, a residual water line many times the NAA peak whose
   * phase wanders over the session drives spectral registration (which then follows the water's
   * phase) and spills its tail into the 1.8–4.2 ppm window of the outlier test.
   */
  readonly transientWaterRemoval?: "auto" | false | Partial<Omit<WaterRemovalSettings, "method" | "enabled">>;
  /** Also return each fitted member's spectrum in `plot.components` (for fit plots; default false). */
  readonly components?: boolean;
}

/**
 * HLSVD settings of the per-transient water removal: those of the block fit (25 components of the
 * leading 512 points, one subspace iteration, band 4.2–5.2 ppm). On the issue-11 simulated sample
 * (water 5–50× NAA), smaller models left enough water to reject transients wrongly: dynamics
 * rejected beyond the truly corrupted ones in three sessions with water 37–46× NAA were 52 with 15
 * components of 512 points, 32 with 15 of 1024 and 18 with 25 of 1024 (measured with two subspace
 * iterations). With one (the default since), the dynamics rejected beyond the corrupted ones over all
 * 51 data-samples sessions fell from 331 to 74, and the corrupted ones not rejected from 47 to 39.
 */
export const TRANSIENT_WATER_REMOVAL: Readonly<Omit<WaterRemovalSettings, "method" | "enabled">> = {
  bandPpm: DEFAULT_WATER_REMOVAL.bandPpm,
  components: DEFAULT_WATER_REMOVAL.components,
  points: DEFAULT_WATER_REMOVAL.points,
};

/** The problem of a block whose every transient was rejected. */
export const ALL_REJECTED = "every transient of the block was rejected (see the transients table)";

/**
 * One fitted block of the series: the shared FittedBlock (block number from 1, start and end
 * relative to infusion onset in s, NAA FWHM, SNR, amplitudes of every basis member and combination
 * in basis units with their CRLBs in percent, named problems) plus what only the raw route has.
 */
export interface DynamicBlockFit extends FittedBlock {
  /** Transients averaged (after rejection); 0 gives the problem "every transient ... rejected". */
  readonly n_transients: number;
  /** The fit's residual-to-noise ratio (see `FitQuality`); null without a fit. */
  readonly residual_to_noise: number | null;
  /**
   * The spectral fit's named problems with their codes (empty when none or without a fit);
   * `problems` lists them as "fit <code>: <message>", which fail the block in QC.
   */
  readonly fit_problems: readonly FitProblem[];
  /** Phased spectra on the fitted bins for plots (real parts): ppm, data, fit, baseline; null without a fit. */
  readonly plot: {
    readonly ppm: Float64Array;
    readonly data: Float64Array;
    readonly fit: Float64Array;
    readonly baseline: Float64Array;
    /** Each fitted member's phased spectrum (real part) on the same bins; only with `DynamicFitOptions.components`. */
    readonly components?: readonly FitComponent[];
  } | null;
}

/** What happened to one transient. */
export interface TransientDecision {
  readonly index: number;
  readonly kept: boolean;
  readonly reason: string | null;
  /** Frequency and phase corrections applied by spectral registration. */
  readonly shift_hz: number;
  readonly phase_rad: number;
}

/** The processed session: one entry per block and per transient. */
export interface DynamicSeriesFit {
  readonly blocks: DynamicBlockFit[];
  readonly transients: TransientDecision[];
  readonly transientsPerBlock: number;
  readonly coils: number;
  /** Whether the transients were eddy-current corrected with the water reference. */
  readonly eddyCurrentCorrected: boolean;
  /** Whether residual water was removed from every transient before alignment (HLSVD). */
  readonly transientWaterRemoved: boolean;
}

function maxAbsInPpm(spectrum: ComplexArray, ppm: Float64Array, lo: number, hi: number): number {
  let m = 0;
  for (let k = 0; k < ppm.length; k++) {
    const p = ppm[k] ?? Number.NaN;
    if (p < lo || p > hi) continue;
    m = Math.max(m, Math.hypot(spectrum[2 * k] ?? 0, spectrum[2 * k + 1] ?? 0));
  }
  return m;
}

/** Whether the mean transient's water band peaks above its NAA region (the "auto" rule). */
function waterDominates(transients: readonly ComplexArray[], dwellS: number, centreMHz: number): boolean {
  const first = transients[0];
  if (first === undefined) return false;
  const mean = new Float64Array(first.length);
  for (const t of transients) for (let k = 0; k < mean.length; k++) mean[k] = (mean[k] ?? 0) + (t[k] ?? 0);
  const spectrum = spectrumOf(mean);
  const ppm = ppmAxis(first.length / 2, dwellS, centreMHz);
  const water = maxAbsInPpm(spectrum, ppm, WATER_PPM - 0.25, WATER_PPM + 0.25);
  return water > maxAbsInPpm(spectrum, ppm, 1.8, 2.2);
}

/**
 * Turns one session's dynamic MRS into a fitted glutamate time series, the conventional fMRS way
 * (Mangia et al. 2007; Koolschijn et al. 2023): coil combination (weights from the water
 * reference when given, else from the first transient: Hall et al. 2014), eddy-current correction
 * with the water reference when given (Klose 1990), frequency and phase
 * alignment of every transient to their mean (spectral registration, Near et al. 2015),
 * rejection of outlier transients with the reason recorded, averaging into blocks of
 * `blockLengthS`, and a linear-combination fit of each block (`fitSpectrum`, with CRLBs). The
 * basis must already have the data's dwell time and points (`resampleBasis`). Blocks whose
 * transients were all rejected have null values. Throws a RangeError for an empty series.
 */
export function fitDynamicSeries(
  series: DynamicSeries,
  basis: BasisSet,
  options: DynamicFitOptions,
): DynamicSeriesFit {
  const first = series.transients[0];
  if (first === undefined || first.length === 0) throw new RangeError("fitDynamicSeries(): no transients");
  const coils = first.length;
  let combined: ComplexArray[];
  let water: ComplexArray | null = null;
  if (coils === 1) {
    combined = series.transients.map((t) => t[0] as ComplexArray);
    water = series.waterReference?.[0] ?? null;
  } else {
    const weights = coilWeights(series.waterReference ?? first);
    combined = series.transients.map((t) => combineCoils(t, weights));
    if (series.waterReference !== undefined) water = combineCoils(series.waterReference, weights);
  }
  const ecc = water !== null && (options.eddyCurrentCorrection ?? true);
  if (ecc && water !== null) {
    const w = water;
    combined = combined.map((t) => eddyCurrentCorrect(t, w));
  }
  const wopt = options.transientWaterRemoval ?? "auto";
  const removeWater = wopt !== false && waterDominates(combined, series.dwellS, series.centreMHz);
  if (removeWater) {
    const settings = { ...TRANSIENT_WATER_REMOVAL, ...(typeof wopt === "object" ? wopt : {}) };
    combined = combined.map((t) => removeResidualWater(t, series.dwellS, series.centreMHz, settings).fid);
  }
  const alignment = alignTransients(combined, { dwellS: series.dwellS });
  const decisions = rejectOutliers(alignment.aligned, {
    dwellS: series.dwellS,
    centreMHz: series.centreMHz,
    shiftsHz: alignment.shiftsHz,
    threshold: options.outlierThreshold ?? 3,
  });
  const transientsPerBlock = Math.max(1, Math.round(options.blockLengthS / series.repetitionTimeS));
  const blocks = blockAverage(alignment.aligned, {
    blockSize: transientsPerBlock,
    repetitionTimeS: series.repetitionTimeS,
    startTimeS: series.firstTransientTimeS,
    keep: decisions.map((d) => d.keep),
  });
  const fitted: DynamicBlockFit[] = blocks
    .filter((b) => b.complete)
    .map((b) => {
      const base = { block: b.index + 1, t_start_s: b.startS, t_end_s: b.endS, n_transients: b.count };
      if (b.fid === null)
        return {
          ...base,
          fwhm_hz: null,
          snr: null,
          values: {},
          crlb_pct: {},
          problems: [ALL_REJECTED],
          plot: null,
          residual_to_noise: null,
          fit_problems: [],
        };
      const fit = fitSpectrum(b.fid, basis, options.fit);
      const values: Record<string, number | null> = {};
      const crlb: Record<string, number | null> = {};
      for (const m of [...fit.metabolites, ...fit.combinations]) {
        values[m.name] = m.amplitude;
        crlb[m.name] = m.crlbPercent;
      }
      return {
        ...base,
        fwhm_hz: fit.naaFwhmHz,
        snr: fit.snr,
        residual_to_noise: fit.quality.residualToNoise,
        fit_problems: fit.quality.problems,
        values,
        crlb_pct: crlb,
        problems: fit.quality.problems.map((p) => `fit ${p.code}: ${p.message}`),
        plot: {
          ppm: fit.ppm,
          data: realPart(fit.data),
          fit: realPart(fit.fit),
          baseline: realPart(fit.baselineSpectrum),
          ...(options.components ? { components: fitComponents(fit, basis) } : {}),
        },
      };
    });
  return {
    blocks: fitted,
    transients: decisions.map((d, i) => ({
      index: i,
      kept: d.keep,
      reason: d.reason,
      shift_hz: alignment.shiftsHz[i] ?? 0,
      phase_rad: alignment.phasesRad[i] ?? 0,
    })),
    transientsPerBlock,
    coils,
    eddyCurrentCorrected: ecc,
    transientWaterRemoved: removeWater,
  };
}
