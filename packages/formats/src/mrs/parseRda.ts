import { InputError } from "@fmrs/schema";
import { checkBudget, DEFAULT_READ_LIMITS, firstNonFinite, type ReadLimits } from "../limits";
import { bytesToText } from "./bytes";
import type { ComplexFids } from "./complexFids";
import { HeaderFields, type ScannerMrsHeader, splitIdentifying } from "./scannerHeader";

const BEGIN = ">>> Begin of header <<<";
const END = ">>> End of header <<<";

function indexOfAscii(bytes: Uint8Array, needle: string, from = 0): number {
  const codes = Array.from(needle, (c) => c.charCodeAt(0));
  outer: for (let i = from; i + codes.length <= bytes.length; i++) {
    for (let j = 0; j < codes.length; j++) if (bytes[i + j] !== codes[j]) continue outer;
    return i;
  }
  return -1;
}

/** A parsed Siemens .rda file: de-identified header and its FIDs (axes x, y, z = CSI matrix). */
export interface Rda {
  readonly header: ScannerMrsHeader;
  readonly fids: ComplexFids;
}

/**
 * Reads a Siemens .rda export (layout as read by spant `R/mrs_read_rda.R` and spec2nii
 * `Siemens/rda.py`): an ASCII `Key: value` header (Windows-1252; decimal commas accepted) between
 * `>>> Begin of header <<<` and `>>> End of header <<<` + CRLF, then little-endian float64
 * (re, im) pairs, VectorSize points per FID × CSIMatrixSize[0]·[1]·[2] FIDs. Data are returned as
 * stored: RDA already follows the NIfTI-MRS frequency convention (spec2nii does not conjugate).
 * DwellTime is in µs, TE/TR in ms (converted to s); voxel size is PixelSpacingCol/Row/3D (spant).
 * Patient, date/time, institution, station and serial-number fields are dropped; only their
 * names are listed.
 *
 * Throws InputError for missing markers, a missing or non-positive VectorSize, DwellTime or
 * MRFrequency, or fewer data bytes than the header implies.
 */
export function parseRda(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Rda {
  const begin = indexOfAscii(bytes.subarray(0, 64), BEGIN);
  if (begin < 0) throw new InputError({ file, line: 1 }, "no RDA begin marker", `"${BEGIN}"`);
  const end = indexOfAscii(bytes, END, begin);
  if (end < 0) throw new InputError({ file }, "no RDA end-of-header marker", `"${END}"`);
  let dataStart = end + END.length;
  if (bytes[dataStart] === 0x0d) dataStart++;
  if (bytes[dataStart] === 0x0a) dataStart++;
  const text = bytesToText(bytes.subarray(begin + BEGIN.length, end), true);
  const values = new Map<string, string>();
  const lineOf = new Map<string, number>();
  // `text` starts with the line break ending the begin marker (line 1), so element i is line i + 1.
  text.split(/\r?\n/).forEach((line, i) => {
    const colon = line.indexOf(":");
    if (colon <= 0) return;
    const key = line.slice(0, colon).trim();
    values.set(key, line.slice(colon + 1).trim());
    lineOf.set(key, i + 1);
  });
  const h = new HeaderFields(values, file, lineOf);
  const warnings: string[] = [];
  const points = h.required("VectorSize", "a positive number of points");
  const dwellS = h.required("DwellTime", "dwell time in µs") * 1e-6;
  const f0MHz = h.required("MRFrequency", "MHz");
  const matrix = [0, 1, 2].map((i) => h.number(`CSIMatrixSize[${i}]`) ?? 1);
  for (const [key, n] of [
    ["VectorSize", points],
    ...matrix.map((m, i) => [`CSIMatrixSize[${i}]`, m] as const),
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new InputError({ file, line: lineOf.get(key), field: key }, `is ${n}`, "a positive whole number");
    }
  }
  const nFid = matrix.reduce((a, n) => a * n, 1);
  const need = points * nFid * 16;
  if (bytes.length - dataStart < need) {
    throw new InputError(
      { file, field: `data (byte ${dataStart})` },
      `${bytes.length - dataStart} data bytes; truncated`,
      `${need} (VectorSize ${points} × ${nFid} FIDs × 16)`,
    );
  }
  if (bytes.length - dataStart > need)
    warnings.push(`${bytes.length - dataStart - need} bytes after the data ignored`);
  checkBudget(need, limits, { file, field: "VectorSize" }, `VectorSize ${points} × ${nFid} FIDs`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart, need);
  const data = new Float64Array(2 * points * nFid);
  for (let i = 0; i < data.length; i++) data[i] = view.getFloat64(8 * i, true);
  const bad = firstNonFinite(data);
  if (bad >= 0) {
    throw new InputError(
      {
        file,
        field: `data (FID ${Math.floor(bad / (2 * points))}, point ${Math.floor(bad / 2) % points}, ${bad % 2 === 0 ? "real" : "imaginary"} part)`,
      },
      `is ${data[bad]}`,
      "finite samples (not NaN or ±Infinity)",
    );
  }

  const ms = (key: string) => {
    const v = h.number(key);
    return v === null ? null : v / 1000;
  };
  const col = h.number("PixelSpacingCol");
  const row = h.number("PixelSpacingRow");
  const slab = h.number("PixelSpacing3D") ?? h.number("SlabThickness[0]");
  const { fields, dropped } = splitIdentifying(values);
  return {
    header: {
      format: "siemens-rda",
      points,
      fidCount: nFid,
      dwellS,
      spectralWidthHz: 1 / dwellS,
      f0MHz,
      nucleus: h.text("Nucleus"),
      echoTimeS: ms("TE"),
      repetitionTimeS: ms("TR"),
      averages: h.number("NumberOfAverages"),
      voxelSizeMm: col !== null && row !== null && slab !== null ? [col, row, slab] : null,
      fields,
      identifyingKeysDropped: dropped,
      warnings,
    },
    fids: { points, axes: ["x", "y", "z"], shape: matrix, count: nFid, data },
  };
}
