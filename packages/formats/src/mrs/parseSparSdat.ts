import { InputError } from "@fmrs/schema";
import { checkBudget, DEFAULT_READ_LIMITS, firstNonFinite, type ReadLimits } from "../limits";
import type { ComplexFids } from "./complexFids";
import { HeaderFields, type ScannerMrsHeader, splitIdentifying } from "./scannerHeader";

/** A Philips SPAR header: the common fields plus the number of rows (FIDs) the SDAT holds. */
export interface SparHeader extends ScannerMrsHeader {
  readonly format: "philips-spar";
  /** `rows`: FIDs stored back to back in the SDAT (dynamics, or 1 when averaged on the scanner). */
  readonly rows: number;
}

/**
 * Reads a Philips .spar (spant `R/mrs_read_spar_sdat.R`; spec2nii `Philips/philips.py`):
 * `key : value` lines, `!` comments. Points are `dim1_pnts` (else `samples`), FIDs `rows`,
 * F0 = synthesizer_frequency / 10⁶, spectral width = sample_frequency (Hz), TE/TR from ms to s,
 * voxel size ap/lr/cc_size (mm). Only single-voxel files are accepted. patient_name,
 * patient_birth_date, scan_date and examination_name are dropped; their names are listed.
 *
 * Throws InputError for missing points, rows, sample_frequency or synthesizer_frequency, or an
 * MRSI file (dim2_pnts or dim3_pnts > 1).
 */
export function parseSpar(text: string, file: string): SparHeader {
  const values = new Map<string, string>();
  const lineOf = new Map<string, number>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trimStart().startsWith("!")) return;
    const colon = line.indexOf(":");
    if (colon <= 0) return;
    const key = line.slice(0, colon).trim();
    values.set(
      key,
      line
        .slice(colon + 1)
        .trim()
        .replace(/^"(.*)"$/, "$1"),
    );
    lineOf.set(key, i + 1);
  });
  const h = new HeaderFields(values, file, lineOf);
  const points = h.number("dim1_pnts") ?? h.required("samples", "a positive number of points");
  const rows = h.required("rows", "the number of FIDs");
  const sw = h.required("sample_frequency", "Hz");
  const f0Hz = h.required("synthesizer_frequency", "Hz");
  for (const [key, n] of [
    [h.number("dim1_pnts") === null ? "samples" : "dim1_pnts", points],
    ["rows", rows],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new InputError({ file, line: lineOf.get(key), field: key }, `is ${n}`, "a positive whole number");
    }
  }
  for (const key of ["dim2_pnts", "dim3_pnts"]) {
    const n = h.number(key);
    if (n !== null && n > 1) {
      throw new InputError(
        { file, line: lineOf.get(key), field: key },
        `is ${n}: MRSI is not supported`,
        "1 (SVS)",
      );
    }
  }
  const ms = (key: string) => {
    const v = h.number(key);
    return v === null ? null : v / 1000;
  };
  const ap = h.number("ap_size");
  const lr = h.number("lr_size");
  const cc = h.number("cc_size");
  const { fields, dropped } = splitIdentifying(values);
  return {
    format: "philips-spar",
    points,
    rows,
    fidCount: rows,
    dwellS: 1 / sw,
    spectralWidthHz: sw,
    f0MHz: f0Hz / 1e6,
    nucleus: h.text("nucleus"),
    echoTimeS: ms("echo_time"),
    repetitionTimeS: ms("repetition_time"),
    averages: h.number("averages"),
    voxelSizeMm: ap !== null && lr !== null && cc !== null ? [ap, lr, cc] : null,
    fields,
    identifyingKeysDropped: dropped,
    warnings: [],
  };
}

/**
 * Decodes a Philips .sdat with the layout of its `spar`: VAX F-floats (per 4 bytes, reorder as
 * [2, 3, 0, 1], read float32 little-endian, divide by 4), pairs (re, im), `rows` FIDs of
 * `points`. Each value is **conjugated** (im → −im) so the data follow the NIfTI-MRS convention,
 * as spec2nii `Philips/philips.py` and spant `read_sdat` do (NAA then lands at 2.0 ppm).
 * The axes are x, y, z (1 each) and DIM_DYN (the rows; spec2nii#16 made DYN the default).
 *
 * Throws InputError when the byte count is not points × rows × 8.
 */
export function parseSdat(
  bytes: Uint8Array,
  spar: SparHeader,
  file: string,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): ComplexFids {
  const need = spar.points * spar.rows * 8;
  if (bytes.length !== need) {
    throw new InputError(
      { file, field: "size" },
      `${bytes.length} bytes`,
      `${need} (samples ${spar.points} × rows ${spar.rows} × 8)`,
    );
  }
  // The byte-swapped copy (1×) and the float64 result (2×).
  checkBudget(3 * need, limits, { file, field: "size" }, `samples ${spar.points} × rows ${spar.rows}`);
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 4) {
    swapped[i] = bytes[i + 2]!;
    swapped[i + 1] = bytes[i + 3]!;
    swapped[i + 2] = bytes[i]!;
    swapped[i + 3] = bytes[i + 1]!;
  }
  const view = new DataView(swapped.buffer);
  const data = new Float64Array(bytes.length / 4);
  for (let i = 0; i < data.length; i++) {
    const v = view.getFloat32(4 * i, true) / 4;
    data[i] = i % 2 === 1 ? -v : v;
  }
  const bad = firstNonFinite(data);
  if (bad >= 0) {
    const points = spar.points;
    throw new InputError(
      {
        file,
        field: `data (row ${Math.floor(bad / (2 * points))}, point ${Math.floor(bad / 2) % points}, ${bad % 2 === 0 ? "real" : "imaginary"} part)`,
      },
      `is ${data[bad]}`,
      "finite samples (not NaN or ±Infinity)",
    );
  }
  return {
    points: spar.points,
    axes: ["x", "y", "z", "DIM_DYN"],
    shape: [1, 1, 1, spar.rows],
    count: spar.rows,
    data,
  };
}
