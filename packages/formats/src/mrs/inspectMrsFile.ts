import { InputError } from "@fmrs/schema";
import { DEFAULT_READ_LIMITS, type ReadLimits } from "../limits";
import { bytesToText, isGzip } from "./bytes";
import type { LcmResults } from "./lcmodelSections";
import { parseLcmCoord } from "./parseLcmCoord";
import { parseLcmCsv } from "./parseLcmCsv";
import { parseLcmRaw } from "./parseLcmRaw";
import { parseLcmTable } from "./parseLcmTable";
import { parseNiftiMrs } from "./parseNiftiMrs";
import { parseRda } from "./parseRda";
import { parseSdat, parseSpar } from "./parseSparSdat";
import type { ScannerMrsHeader } from "./scannerHeader";

/** Formats {@link inspectMrsFile} recognises. */
export type MrsFileFormat =
  | "nifti-mrs"
  | "siemens-rda"
  | "philips-spar"
  | "philips-sdat"
  | "lcmodel-raw"
  | "lcmodel-table"
  | "lcmodel-coord"
  | "lcmodel-csv";

/** A higher dimension in a summary. */
export interface MrsDimSummary {
  readonly dim: number;
  readonly size: number;
  readonly tag: string;
  readonly source: "header" | "default";
}

/**
 * A JSON-able summary of one MRS file (backs `fmrs inspect`): plain numbers, strings and arrays
 * only, no identifying values. Units: s, Hz, MHz, mm. Fields a format lacks are null.
 */
export interface MrsFileSummary {
  readonly file: string;
  readonly format: MrsFileFormat;
  readonly niftiVersion: 1 | 2 | null;
  /** NIfTI dim[1 …]; null for other formats. */
  readonly dims: readonly number[] | null;
  readonly higherDims: readonly MrsDimSummary[];
  readonly points: number | null;
  readonly fidCount: number | null;
  readonly dwellS: number | null;
  readonly spectralWidthHz: number | null;
  readonly f0MHz: number | null;
  readonly nucleus: string | null;
  readonly echoTimeS: number | null;
  readonly repetitionTimeS: number | null;
  readonly voxelSizeMm: readonly number[] | null;
  /** Identifying keys that were present in the file and dropped (names only), sorted. */
  readonly identifyingKeysDropped: readonly string[];
  readonly warnings: readonly string[];
  /** Format-specific extras (LCModel: reference, FWHM, S/N, hasError …). */
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

const empty = {
  niftiVersion: null,
  dims: null,
  higherDims: [],
  points: null,
  fidCount: null,
  dwellS: null,
  spectralWidthHz: null,
  f0MHz: null,
  nucleus: null,
  echoTimeS: null,
  repetitionTimeS: null,
  voxelSizeMm: null,
  identifyingKeysDropped: [],
  warnings: [],
  details: {},
} as const;

function fromScanner(
  file: string,
  format: MrsFileFormat,
  h: ScannerMrsHeader,
  details: MrsFileSummary["details"],
) {
  return {
    ...empty,
    file,
    format,
    points: h.points,
    fidCount: h.fidCount,
    dwellS: h.dwellS,
    spectralWidthHz: h.spectralWidthHz,
    f0MHz: h.f0MHz,
    nucleus: h.nucleus,
    echoTimeS: h.echoTimeS,
    repetitionTimeS: h.repetitionTimeS,
    voxelSizeMm: h.voxelSizeMm === null ? null : [...h.voxelSizeMm],
    identifyingKeysDropped: [...h.identifyingKeysDropped],
    warnings: [...h.warnings],
    details: { averages: h.averages, ...details },
  };
}

function fromLcm(file: string, format: MrsFileFormat, r: LcmResults, details: MrsFileSummary["details"]) {
  return {
    ...empty,
    file,
    format,
    points: r.points,
    dwellS: r.dwellS,
    spectralWidthHz: r.dwellS === null ? null : 1 / r.dwellS,
    f0MHz: r.f0MHz,
    echoTimeS: r.echoTimeMs === null ? null : r.echoTimeMs / 1000,
    identifyingKeysDropped: [...r.identifyingKeysDropped],
    warnings: [...r.warnings],
    details: {
      lcmodelVersion: r.lcmodelVersion,
      metabolites: r.concentrations.length,
      reference: r.referenceMetabolite ?? r.reference,
      fwhmPpm: r.misc.fwhmPpm,
      snr: r.misc.snr,
      dataShiftPpm: r.misc.dataShiftPpm,
      hasError: r.hasError,
      ...details,
    },
  };
}

const looksLikeNifti = (b: Uint8Array): boolean => {
  if (b.length < 4) return false;
  const v = new DataView(b.buffer, b.byteOffset, 4);
  return [540, 348].some((n) => v.getInt32(0, true) === n || v.getInt32(0, false) === n);
};

/**
 * Summarises an MRS file for `fmrs inspect`, choosing the reader by extension (case-insensitive:
 * .nii, .nii.gz, .rda, .spar, .sdat, .table, .coord, .csv, .raw) and, failing that, by content
 * (gzip or NIfTI magic, the RDA begin marker, LCModel section lines, `Row, Col,`, `$NMID`).
 * A .sdat needs its .spar as `companion` (bytes of the matching file) for its layout.
 *
 * Returns only de-identified header values and the names of identifying keys that were present.
 * Throws InputError for an unrecognised file, a .sdat without its .spar, or whatever the chosen
 * reader rejects.
 */
export function inspectMrsFile(
  name: string,
  bytes: Uint8Array,
  companion?: { readonly name: string; readonly bytes: Uint8Array },
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): MrsFileSummary {
  const lower = name.toLowerCase();
  const ext = lower.endsWith(".nii.gz") ? ".nii.gz" : (/\.[^./\\]+$/.exec(lower)?.[0] ?? "");
  const head = bytesToText(bytes.subarray(0, 4096), true);

  if (ext === ".nii" || ext === ".nii.gz" || isGzip(bytes) || (ext === "" && looksLikeNifti(bytes))) {
    const { header: h } = parseNiftiMrs(bytes, name, limits);
    return {
      ...empty,
      file: name,
      format: "nifti-mrs",
      niftiVersion: h.niftiVersion,
      dims: [...h.dims],
      higherDims: h.higherDims.map((d) => ({ dim: d.dim, size: d.size, tag: d.tag, source: d.tagSource })),
      points: h.points,
      fidCount: h.dims.reduce((a, d, i) => (i === 3 ? a : a * d), 1),
      dwellS: h.dwellS,
      spectralWidthHz: h.spectralWidthHz,
      f0MHz: h.f0MHz,
      nucleus: h.nucleus,
      echoTimeS: h.echoTimeS,
      repetitionTimeS: h.repetitionTimeS,
      voxelSizeMm: [...h.voxelSizeMm],
      identifyingKeysDropped: [...h.identifyingKeysDropped],
      warnings: [...h.warnings],
      details: {
        mrsVersion: h.mrsVersion,
        datatype: h.datatype,
        gzipped: h.gzipped,
        littleEndian: h.littleEndian,
        dimHeaders: h.higherDims.some((d) => d.header !== null),
      },
    };
  }
  if (ext === ".rda" || head.startsWith(">>> Begin of header <<<")) {
    return fromScanner(name, "siemens-rda", parseRda(bytes, name, limits).header, {});
  }
  if (ext === ".spar") {
    const h = parseSpar(bytesToText(bytes, true), name);
    return fromScanner(name, "philips-spar", h, { rows: h.rows });
  }
  if (ext === ".sdat") {
    if (companion === undefined) {
      throw new InputError(
        { file: name },
        "a .sdat file has no header of its own",
        "its .spar passed as companion",
      );
    }
    const h = parseSpar(bytesToText(companion.bytes, true), companion.name);
    const fids = parseSdat(bytes, h, name, limits);
    return { ...fromScanner(name, "philips-sdat", h, { rows: h.rows }), fidCount: fids.count };
  }
  const text = () => bytesToText(bytes);
  const isLcmResults = /lines in following concentration table/.test(head);
  if (ext === ".coord" || (isLcmResults && /points on ppm-axis/.test(text()))) {
    const c = parseLcmCoord(text(), name);
    return fromLcm(name, "lcmodel-coord", c, {
      ppmPoints: c.ppm.length,
      ppmGaps: c.ppmGaps.length,
      curves: c.curves.length,
    });
  }
  if (ext === ".table" || isLcmResults)
    return fromLcm(name, "lcmodel-table", parseLcmTable(text(), name), {});
  if (ext === ".csv" || /^Row,\s*Col,/.test(head)) {
    const c = parseLcmCsv(text(), name);
    return {
      ...empty,
      file: name,
      format: "lcmodel-csv",
      details: { metabolites: c.metabolites.length, voxels: c.rows.length, reference: c.reference },
    };
  }
  if (ext === ".raw" || /^\s*[$&]NMID/i.test(head)) {
    const r = parseLcmRaw(text(), name);
    return fromScanner(name, "lcmodel-raw", r.header, {});
  }
  throw new InputError(
    { file: name },
    "not a recognised MRS file",
    "NIfTI-MRS (.nii/.nii.gz), .rda, .spar/.sdat, LCModel .table/.coord/.csv/.raw",
  );
}
