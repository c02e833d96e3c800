import type { FittedBlock } from "@fmrs/schema";
import { alignTransients } from "./alignTransients";
import type { BasisSet } from "./basis";
import { blockAverage } from "./blockAverage";
import { coilWeights, combineCoils } from "./combineCoils";
import { type ComplexArray, realPart } from "./complex";
import { eddyCurrentCorrect } from "./eddyCurrent";
import { type FitComponent, fitComponents } from "./fitComponents";
import type { FitProblem } from "./fitMetrics";
import { type FitOptions, fitSpectrum } from "./fitSpectrum";
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
  /** Also return each fitted member's spectrum in `plot.components` (for fit plots; default false). */
  readonly components?: boolean;
}

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
  };
}
