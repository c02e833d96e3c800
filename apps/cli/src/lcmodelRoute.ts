import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseLcmodelSeries, parseLcmTable, parseTsv } from "@fmrs/formats";
import { readInputText } from "@fmrs/io";
import { InputError } from "@fmrs/schema";
import type { FittedBlock } from "@fmrs/trial";

/** The files of an LCModel-route session: the manifest and each block's .table, study-relative. */
export function lcmodelFiles(studyDir: string, manifest: string): string[] {
  const path = join(studyDir, manifest);
  const rows = parseLcmodelSeries(parseTsv(path, readInputText(path)));
  return rows.map((r) => join(dirname(manifest), r.table));
}

/**
 * The blocks of an LCModel-route session (`*_lcmodel.tsv` naming one LCModel .table per block):
 * each table's concentrations become the block's metabolite values (Glu+Gln, NAA+NAAG, Cr+PCr
 * rows serve as Glx, tNAA, tCr), %SD its CRLBs (999 % kept, so QC fails it), FWHM in Hz from the
 * table's ppm value × F0 (the manifest's f0_mhz, else the table's HZPPPM; null when neither says),
 * LCModel's S/N as SNR. A table with an ERROR diagnostic fails QC with that reason.
 * Throws InputError naming the manifest line or the table.
 */
export function lcmodelBlocks(studyDir: string, manifest: string): FittedBlock[] {
  const path = join(studyDir, manifest);
  const rows = parseLcmodelSeries(parseTsv(path, readInputText(path)));
  return rows.map((r) => {
    const tablePath = join(dirname(path), r.table);
    if (!existsSync(tablePath)) {
      throw new InputError(
        { file: path, line: r.line, field: "table" },
        `${r.table} not found beside the manifest`,
      );
    }
    const text = readInputText(tablePath, { encoding: "latin1" });
    const table = parseLcmTable(text, tablePath);
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
}
