import { fitFileSeries, fitTableRows, formatFitTable, reportFitProblems } from "./fitFile";
import { writeFitPlot } from "./fitPlot";

/** Flags of `fmrs fit <file>`. */
export interface FitFileFlags {
  basis?: string;
  blockLength?: number;
  tableJson?: boolean;
  wref?: string;
  control?: string;
  plot?: string;
  strict?: boolean;
}

/**
 * `fmrs fit <file>`: fits the file, prints the table (or JSON rows with `--table-json`) and, with
 * `--plot`, writes the fit plot atomically; then writes the fit's problems as warning lines to
 * `stderr` and returns the exit code (0, or 2 under `--strict` when a block names a problem).
 * InputErrors (bad file, basis, reference, control file) propagate to the caller, which exits 2
 * without writing anything.
 */
export function runFitFile(
  file: string,
  flags: FitFileFlags,
  stdout: (s: string) => void,
  stderr: (s: string) => void,
): number {
  const fileFit = fitFileSeries(file, flags.basis, {
    ...(flags.blockLength === undefined ? {} : { blockLengthS: flags.blockLength }),
    ...(flags.wref === undefined ? {} : { wref: flags.wref }),
    ...(flags.control === undefined ? {} : { control: flags.control }),
    components: flags.plot !== undefined,
  });
  const rows = fitTableRows(fileFit.fit);
  if (flags.plot !== undefined) writeFitPlot(fileFit, flags.plot, file);
  stdout(flags.tableJson ? `${JSON.stringify(rows, null, 2)}\n` : formatFitTable(rows));
  return reportFitProblems(rows, flags.strict === true, stderr);
}
