import { dirname, join, posix } from "node:path";
import { parseLcmodelSeries, parseLcmTable, parseTsv } from "@fmrs/formats";
import { readFileBytes } from "@fmrs/io";
import { type FittedBlock, fitBlockRows, InputError } from "@fmrs/schema";
import { studyUri } from "../uris";
import type { AdapterSession, RouteAdapter } from "./adapter";
import { fittedAcquisition, text } from "./fitted";

/** The .table files a manifest names, study-relative. */
function manifestTables(studyDir: string, manifest: string): { line: number; rel: string }[] {
  const path = join(studyDir, manifest);
  const bytes = readFileBytes(path);
  if (bytes === null) throw new InputError({ file: path }, "not found");
  return parseLcmodelSeries(parseTsv(path, text(bytes))).map((r) => ({
    line: r.line,
    rel: posix.join(posix.dirname(manifest), r.table),
  }));
}

/**
 * The LCModel route (`*_lcmodel.tsv`, a manifest naming one LCModel .table per block): each
 * table's concentrations become the block's metabolite values (LCModel's sums such as Glu+Gln
 * keep their names; the study's measures find them), %SD its CRLBs (999 % kept, so QC fails it),
 * FWHM in Hz from the table's ppm value × F0 (the manifest's f0_mhz, else the table's HZPPPM;
 * null when neither says), LCModel's S/N as SNR. A table with an ERROR diagnostic gives the block
 * that problem. A table named but missing is an InputError naming the manifest line.
 */
export const lcmodelAdapter: RouteAdapter = {
  name: "lcmodel",
  format: "LCModel .table per block (*_lcmodel.tsv manifest), fitted elsewhere",
  plan(studyDir, session) {
    const manifest = session.mrs_file;
    const inputs = [{ key: "data", path: join(studyDir, manifest), uri: studyUri(manifest) }];
    for (const t of manifestTables(studyDir, manifest)) {
      const path = join(studyDir, t.rel);
      if (readFileBytes(path) === null)
        throw new InputError(
          { file: join(studyDir, manifest), line: t.line, field: "table" },
          `${posix.basename(t.rel)} not found beside the manifest`,
        );
      inputs.push({ key: `table:${t.rel}`, path, uri: studyUri(t.rel) });
    }
    return { inputs, study: [], outputs: [] };
  },
  read(input, session: AdapterSession) {
    const data = input.files.data;
    if (data === undefined) throw new Error("lcmodel adapter: no manifest");
    const manifest = session.mrs_file;
    const rows = parseLcmodelSeries(parseTsv(data.path, text(data.bytes)));
    const blocks: FittedBlock[] = rows.map((r) => {
      const rel = posix.join(posix.dirname(manifest), r.table);
      const file = input.files[`table:${rel}`];
      if (file === undefined)
        throw new InputError(
          { file: data.path, line: r.line, field: "table" },
          `${r.table} not found beside the manifest`,
        );
      const table = parseLcmTable(text(file.bytes, "latin1"), join(dirname(data.path), r.table));
      const values: Record<string, number | null> = {};
      const crlb: Record<string, number | null> = {};
      for (const c of table.concentrations) {
        values[c.metabolite] = c.conc;
        crlb[c.metabolite] = c.sdPercent;
      }
      const f0 = r.f0_mhz ?? table.f0MHz;
      const errors = table.diagnostics.filter((d) => d.severity === "error" || d.severity === "fatal");
      return {
        block: r.block,
        t_start_s: r.t_start_s,
        t_end_s: r.t_end_s,
        fwhm_hz: table.misc.fwhmPpm === null || f0 === null ? null : table.misc.fwhmPpm * f0,
        snr: table.misc.snr,
        values,
        crlb_pct: crlb,
        problems: errors.map((d) => `LCModel ${d.severity}: ${d.text}`),
      };
    });
    return [
      { name: "fitBlocks", session, rows: fitBlockRows(blocks, session) },
      { name: "acquisition", session, json: fittedAcquisition(session, this.format) },
    ];
  },
};
