import { existsSync } from "node:fs";
import { basename, dirname } from "node:path";
import { fidAt, parseNiftiMrs } from "@fmrs/formats";
import { readInputFile, readLimitsFromEnv } from "@fmrs/io";
import { InputError } from "@fmrs/schema";
import { type FitProblem, fitDynamicSeries } from "@fmrs/spectra";
import { loadBasis, sidecarOf, transientsPerDynamic } from "./rawFit";

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

/**
 * `fmrs fit <file> --basis <dir>`: fits one NIfTI-MRS file (any DIM_DYN and DIM_COIL; other higher
 * dims must be 1) and returns a row per block and metabolite: amplitude, CRLB (%), ratios to tNAA
 * and tCr, the block's NAA FWHM (Hz) and SNR. All transients form one block unless `blockLengthS`
 * is given (a trailing partial block is left out); block times are seconds from the first
 * transient, each stored transient lasting TR × `fmrs_TransientsPerDynamic` when the file says so.
 */
export function fitFile(
  path: string,
  basisDir: string,
  options: { blockLengthS?: number } = {},
): FitTableRow[] {
  if (!existsSync(path)) throw new InputError({ file: path }, "file not found");
  const limits = readLimitsFromEnv();
  const nifti = parseNiftiMrs(readInputFile(path, { limits }), path, limits);
  const h = nifti.header;
  const axes = nifti.fids.axes;
  const unsupported = h.higherDims.filter((d) => d.tag !== "DIM_DYN" && d.tag !== "DIM_COIL" && d.size > 1);
  if (unsupported.length > 0) {
    throw new InputError(
      { file: path },
      `${unsupported.map((d) => `${d.tag}=${d.size}`).join(", ")} is not supported`,
      "DIM_DYN and DIM_COIL only",
    );
  }
  const dyn = axes.indexOf("DIM_DYN");
  const coil = axes.indexOf("DIM_COIL");
  const nDyn = dyn >= 0 ? (nifti.fids.shape[dyn] ?? 1) : 1;
  const nCoil = coil >= 0 ? (nifti.fids.shape[coil] ?? 1) : 1;
  const transients = Array.from({ length: nDyn }, (_, d) =>
    Array.from({ length: nCoil }, (_, c) =>
      fidAt(nifti.fids, {
        ...(dyn >= 0 ? { DIM_DYN: d } : {}),
        ...(coil >= 0 ? { DIM_COIL: c } : {}),
      }).slice(),
    ),
  );
  // Time per stored transient: TR times the acquisitions averaged into it (header or sidecar).
  const tr =
    (h.repetitionTimeS ?? 1) * transientsPerDynamic(nifti, sidecarOf(dirname(path), basename(path), path), 1);
  const basis = loadBasis(basisDir, h.dwellS, h.points, h.f0MHz);
  const fit = fitDynamicSeries(
    { transients, dwellS: h.dwellS, centreMHz: h.f0MHz, repetitionTimeS: tr, firstTransientTimeS: 0 },
    basis,
    { blockLengthS: options.blockLengthS ?? nDyn * tr },
  );
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
        fit_problems: b.problems,
      };
    });
  });
}

/** The fit rows as an aligned text table (one block after another). */
export function formatFitTable(rows: readonly FitTableRow[]): string {
  const f = (x: number | null, d: number) => (x === null || !Number.isFinite(x) ? "–" : x.toFixed(d));
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
        `${r.metabolite.padEnd(14)}${f(r.amplitude, 4).padStart(12)}${f(r.crlb_pct, 1).padStart(9)}${f(r.per_tnaa, 3).padStart(9)}${f(r.per_tcr, 3).padStart(9)}`,
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
