import { join } from "node:path";
import { glxColumnWarnings, parseGlxTsv, parseTsv } from "@fmrs/formats";
import { fitBlockRows } from "@fmrs/schema";
import { studyUri } from "../uris";
import type { AdapterSession, RouteAdapter } from "./adapter";
import { fittedAcquisition, text } from "./fitted";

/**
 * The tidy-TSV route (`*_glx.tsv`, fitted elsewhere): one row per block with block, t_start_s,
 * t_end_s, optional fwhm_hz and snr, and each metabolite (named as the fitting tool names it)
 * with an optional `<name>_crlb_pct` column.
 */
export const tidyTsvAdapter: RouteAdapter = {
  name: "tidy-tsv",
  format: "tidy time series (*_glx.tsv), fitted elsewhere",
  plan(studyDir, session) {
    const file = session.mrs_file;
    return {
      inputs: [{ key: "data", path: join(studyDir, file), uri: studyUri(file) }],
      study: [],
      outputs: [],
    };
  },
  read(input, session: AdapterSession) {
    const data = input.files.data;
    if (data === undefined) throw new Error("tidy-tsv adapter: no data file");
    const tsv = parseTsv(data.path, text(data.bytes));
    const blocks = parseGlxTsv(tsv);
    return [
      // Columns that look misspelt (e.g. fwhm for fwhm_hz) are warned about, as validate does.
      ...glxColumnWarnings(tsv).map((w) => ({ warning: w.message })),
      { name: "fitBlocks", session, rows: fitBlockRows(blocks, session) },
      { name: "acquisition", session, json: fittedAcquisition(session, this.format) },
    ];
  },
};
