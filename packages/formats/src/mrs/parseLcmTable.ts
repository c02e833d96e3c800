import { type LcmResults, parseLcmCommon } from "./lcmodelSections";

/** A parsed LCModel `.table` file. */
export interface LcmTable extends LcmResults {
  readonly format: "lcmodel-table";
}

/**
 * Reads an LCModel `.table` (format of LCModel.f FINOUT; LCModel manual §5.3): the `$$CONC`
 * concentration table by fixed width (values exactly as printed, F9.3 or 1PE9.2), the ratio
 * reference from the column header, `$$MISC` (FWHM in ppm, S/N, data shift, phases), `$$DIAG`
 * (with `hasError` set by any ERROR line) and `$$INPU` (wrapped lines joined; file paths dropped).
 * Title, institution ("Data of:") and run-date lines are not returned: they can identify a subject
 * or site; their kinds are listed in `identifyingKeysDropped`.
 *
 * Throws InputError (file, line, field) when there is no `$$CONC` block, a section announces more
 * lines than the file has, or a row's conc, %SD or ratio is not a number.
 */
export function parseLcmTable(text: string, file: string): LcmTable {
  return { format: "lcmodel-table", ...parseLcmCommon(text, file, ".table").results };
}
