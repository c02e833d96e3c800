import { InputError } from "@fmrs/schema";
import { type BasisSet, type DynamicSeriesFit, type FitProblem, fitDynamicSeries } from "@fmrs/spectra";
import { loadBasis } from "./rawFit";
import { readSvs, readWaterReferenceFile, type SvsData } from "./readSpectrum";

/** One row of the single-file fit table. */
export interface FitTableRow {
  readonly block: number;
  readonly t_start_s: number;
  readonly t_end_s: number;
  readonly transients: number;
  readonly metabolite: string;
  readonly amplitude: number | null;
  readonly crlb_pct: number | null;
  readonly per_tnaa: number | null;
  readonly per_tcr: number | null;
  readonly fwhm_hz: number | null;
  readonly snr: number | null;
  /** The block fit's named problems (see `fitProblemWarnings`). */
  readonly fit_problems: readonly FitProblem[];
}

/** Options of {@link fitFileSeries} / {@link fitFile}. */
export interface FitFileOptions {
  /** Block length, s (default: all transients form one block). */
  readonly blockLengthS?: number;
  /** Water reference file (any format {@link readSvs} reads) for coil weights and eddy-current correction. */
  readonly wref?: string;
  /** LCModel control file of a .RAW (default: found beside it). */
  readonly control?: string;
  /** Keep each fitted member's spectrum for the plot (`--plot`). */
  readonly components?: boolean;
}

/** A single file's fit: what was read and the fitted series. */
export interface FileFit {
  readonly input: SvsData;
  readonly basisPath: string;
  readonly basis: BasisSet;
  readonly fit: DynamicSeriesFit;
  /** The water reference file used, or null. */
  readonly wref: string | null;
}

/**
 * `fmrs fit <file> --basis <path>`: reads one single-voxel file in any format {@link readSvs}
 * reads (NIfTI-MRS with any DIM_DYN and DIM_COIL, Siemens .rda, Philips .sdat/.spar, LCModel .RAW
 * with its control file), the basis set (FSL-MRS JSON folder or LCModel .BASIS; for a .RAW without
 * `--basis`, the FILBAS its control file names) resampled to the data, the water reference when
 * `wref` is given (coil weights and eddy-current correction, as the pipeline does for `*_mrsref`
 * files), and fits it with the pipeline's fitDynamicSeries. All transients form one block unless
 * `blockLengthS` is given (a trailing partial block is left out); block times are seconds from the
 * first transient, each stored transient lasting TR × the transients averaged into it (1 s when
 * the format has no TR, e.g. .RAW).
 */
export function fitFileSeries(
  path: string,
  basisPath: string | undefined,
  options: FitFileOptions = {},
): FileFit {
  const input = readSvs(path, options.control === undefined ? {} : { control: options.control });
  const chosen = basisPath ?? input.basisHint;
  if (chosen === null) {
    throw new InputError(
      { file: path },
      "--basis is required to fit a single file",
      "--basis <folder of FSL-MRS basis JSON files, or an LCModel .BASIS file>",
    );
  }
  const nDyn = input.transients.length;
  const water = options.wref === undefined ? null : readWaterReferenceFile(options.wref, input);
  const tr = input.secondsPerTransient ?? 1;
  const basis = loadBasis(chosen, input.dwellS, input.points, input.f0MHz);
  const fit = fitDynamicSeries(
    {
      transients: input.transients,
      dwellS: input.dwellS,
      centreMHz: input.f0MHz,
      repetitionTimeS: tr,
      firstTransientTimeS: 0,
      ...(water === null ? {} : { waterReference: water }),
    },
    basis,
    {
      blockLengthS: options.blockLengthS ?? nDyn * tr,
      components: options.components ?? false,
      // A .RAW is fitted over its control file's window (LCModel's 0.2–4.0 ppm unless it sets one).
      ...(input.ppmRange === null ? {} : { fit: { ppmRange: input.ppmRange } }),
    },
  );
  return { input, basisPath: chosen, basis, fit, wref: options.wref ?? null };
}

/** {@link fitFileSeries} as a row per block and metabolite (amplitude, CRLB %, ratios to tNAA and tCr, NAA FWHM, SNR). */
export function fitFile(
  path: string,
  basisPath: string | undefined,
  options: FitFileOptions = {},
): FitTableRow[] {
  return fitTableRows(fitFileSeries(path, basisPath, options).fit);
}

/** The table rows of a fitted series: one per block and metabolite. */
export function fitTableRows(fit: DynamicSeriesFit): FitTableRow[] {
  return fit.blocks.flatMap((b) => {
    const tnaa = b.values.tNAA ?? null;
    const tcr = b.values.tCr ?? null;
    return Object.keys(b.values).map((name) => {
      const amplitude = b.values[name] ?? null;
      return {
        block: b.block,
        t_start_s: b.t_start_s,
        t_end_s: b.t_end_s,
        transients: b.n_transients,
        metabolite: name,
        amplitude,
        crlb_pct: b.crlb_pct[name] ?? null,
        per_tnaa: amplitude !== null && tnaa ? amplitude / tnaa : null,
        per_tcr: amplitude !== null && tcr ? amplitude / tcr : null,
        fwhm_hz: b.fwhm_hz,
        snr: b.snr,
        fit_problems: b.fit_problems,
      };
    });
  });
}

/** The fit rows as an aligned text table (one block after another). */
export function formatFitTable(rows: readonly FitTableRow[]): string {
  const f = (x: number | null, d: number) => (x === null || !Number.isFinite(x) ? "–" : x.toFixed(d));
  // Amplitudes are in basis units, which can be tiny (scanner scaling): 4 significant digits below 0.1.
  const amp = (x: number | null) =>
    x === null || !Number.isFinite(x) ? "–" : x === 0 || Math.abs(x) >= 0.1 ? x.toFixed(4) : x.toPrecision(4);
  const lines: string[] = [];
  const blocks = [...new Set(rows.map((r) => r.block))];
  for (const block of blocks) {
    const mine = rows.filter((r) => r.block === block);
    const first = mine[0];
    if (first === undefined) continue;
    lines.push(
      `block ${block}: ${first.t_start_s}–${first.t_end_s} s, ${first.transients} transients, NAA FWHM ${f(first.fwhm_hz, 2)} Hz, SNR ${f(first.snr, 1)}`,
    );
    lines.push(
      `${"metabolite".padEnd(14)}${"amplitude".padStart(12)}${"CRLB %".padStart(9)}${"/tNAA".padStart(9)}${"/tCr".padStart(9)}`,
    );
    for (const r of mine) {
      lines.push(
        `${r.metabolite.padEnd(14)}${amp(r.amplitude).padStart(12)}${f(r.crlb_pct, 1).padStart(9)}${f(r.per_tnaa, 3).padStart(9)}${f(r.per_tcr, 3).padStart(9)}`,
      );
    }
    lines.push("");
  }
  return `${lines.join("\n")}`;
}

/** One warning line per block and fit problem: "warning: block N: <code>: <message>". */
export function fitProblemWarnings(rows: readonly FitTableRow[]): string[] {
  const lines: string[] = [];
  const seen = new Set<number>();
  for (const r of rows) {
    if (seen.has(r.block)) continue;
    seen.add(r.block);
    for (const p of r.fit_problems) lines.push(`warning: block ${r.block}: ${p.code}: ${p.message}`);
  }
  return lines;
}

/**
 * Writes the fit's problems as warning lines (stderr) and returns the exit code of `fmrs fit
 * <file>`: 0 (the numbers are printed with their warnings), or 2 under `--strict` when any block
 * has a problem.
 */
export function reportFitProblems(
  rows: readonly FitTableRow[],
  strict: boolean,
  write: (line: string) => void,
): number {
  const lines = fitProblemWarnings(rows);
  for (const line of lines) write(`${line}\n`);
  return strict && lines.length > 0 ? 2 : 0;
}
