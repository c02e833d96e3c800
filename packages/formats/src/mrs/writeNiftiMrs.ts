import { gzipSync } from "fflate";
import type { ComplexFids } from "./complexFids";
import { checkNiftiMrsHeaderExtension, niftiMrsJsonText } from "./niftiMrsStandard";

/** What {@link writeNiftiMrs} writes: FIDs in the reader's layout plus the header values a file needs. */
export interface NiftiMrsInput {
  /**
   * The FIDs, laid out as {@link parseNiftiMrs} returns them: `shape` is [x, y, z, dim 5, dim 6,
   * dim 7] (voxel sizes first, then up to three higher dims), FID f = x + X·(y + Y·(z + …)), each
   * FID contiguous (interleaved re, im). `axes` is not written: the dimension tags come from the
   * `dim_5`/`dim_6`/`dim_7` keys of `json` (spec defaults apply when absent).
   */
  readonly fids: ComplexFids;
  /** Dwell time, s (pixdim[4]). */
  readonly dwellS: number;
  /** The NIfTI-MRS JSON header extension (ecode 44); must hold `SpectrometerFrequency` (MHz, array) and `ResonantNucleus`. */
  readonly json: Readonly<Record<string, unknown>>;
  /** Voxel size, mm (pixdim[1..3]); default 20 × 20 × 20. */
  readonly voxelSizeMm?: readonly [number, number, number];
  /** Voxel centre in scanner coordinates, mm (qoffset and srow translation); default 0, 0, 0. */
  readonly voxelCentreMm?: readonly [number, number, number];
}

/** Options of {@link writeNiftiMrs}. */
export interface NiftiMrsWriteOptions {
  /** Sample type: complex64 (two float32, the usual one; default) or complex128. */
  readonly datatype?: "complex64" | "complex128";
  /** Gzip the file (`.nii.gz`); default false. */
  readonly gzip?: boolean;
  /** Deflate level 0–9 when gzipping; default 9. */
  readonly gzipLevel?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** `intent_name`, `mrs_vM_m`; default `mrs_v0_9`. */
  readonly intentName?: string;
  /** `descrip` (at most 79 ASCII characters); default empty. */
  readonly description?: string;
}

const HEADER_SIZE = 540;
/** xyzt_units: mm (2) and s (8). */
const XYZT_MM_S = 2 | 8;

function writeAscii(out: Uint8Array, offset: number, maxLength: number, text: string, what: string): void {
  if (text.length > maxLength || !/^[\x20-\x7e]*$/.test(text)) {
    throw new RangeError(`writeNiftiMrs(): ${what} must be at most ${maxLength} printable ASCII characters`);
  }
  for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
}

/**
 * Returns the bytes of a single-file NIfTI-2 NIfTI-MRS file (mrs_nifti_standard
 * `specification.MD`; header byte offsets of the NIfTI-2 standard, little-endian): datatype 32
 * (complex64) or 1792 (complex128), dim[0] = 4 + the number of higher dims, pixdim[4] = dwell time,
 * `xyzt_units` = mm and s, qform and sform code 1 (scanner) with an axis-aligned affine of the voxel
 * size and centre, `scl_slope` 1, and the JSON in one ecode-44 extension padded with NULs to a
 * multiple of 16 (`vox_offset` = 544 + esize). Data are column-major (x fastest, then y, z, the
 * spectral point, dims 5–7), the inverse of {@link parseNiftiMrs}, so
 * `parseNiftiMrs(writeNiftiMrs(x))` returns the same FIDs (exactly for complex128; rounded to
 * float32 for complex64).
 *
 * Gzipped output is deterministic: fflate with a zero modification time and no file name, so the
 * same input always gives the same bytes. The JSON is written as given (key order kept; nothing is
 * de-identified here), with float-typed keys of the standard written as floats
 * ({@link niftiMrsJsonText}: `SpectrometerFrequency: [123.0]`), and must pass the standard's header
 * rules ({@link checkNiftiMrsHeaderExtension}), so every file written conforms.
 *
 * Throws RangeError when the shape does not match the data, there are more than 3 higher dims,
 * the dwell time or voxel size is not positive, a size is not a positive integer, `json` lacks a
 * positive `SpectrometerFrequency` array or a `ResonantNucleus`, `intentName` is not `mrs_vM_m`, or
 * the header breaks a rule of the standard (e.g. a user key that is not an object with a
 * `Description`, a missing `dim_N` tag, a `dim_N_header` array of the wrong length).
 */
export function writeNiftiMrs(input: NiftiMrsInput, options: NiftiMrsWriteOptions = {}): Uint8Array {
  const { fids, dwellS, json } = input;
  const shape = fids.shape;
  if (shape.length < 3 || shape.length > 6) {
    throw new RangeError(
      `writeNiftiMrs(): shape has ${shape.length} entries; expected x, y, z and up to 3 higher dims`,
    );
  }
  if (!Number.isInteger(fids.points) || fids.points < 1) {
    throw new RangeError(`writeNiftiMrs(): points ${fids.points} must be a positive integer`);
  }
  shape.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 1)
      throw new RangeError(`writeNiftiMrs(): shape[${i}] = ${s} must be a positive integer`);
  });
  const count = shape.reduce((a, s) => a * s, 1);
  if (fids.data.length !== 2 * count * fids.points) {
    throw new RangeError(
      `writeNiftiMrs(): data has ${fids.data.length} values; shape ${shape.join("×")} × ${fids.points} points needs ${2 * count * fids.points}`,
    );
  }
  if (!(dwellS > 0) || !Number.isFinite(dwellS))
    throw new RangeError(`writeNiftiMrs(): dwell ${dwellS} s must be > 0`);
  const freqs = json.SpectrometerFrequency;
  if (
    !Array.isArray(freqs) ||
    freqs.length === 0 ||
    !freqs.every((f) => typeof f === "number" && Number.isFinite(f) && f > 0)
  ) {
    throw new RangeError(
      "writeNiftiMrs(): json.SpectrometerFrequency must be an array of positive MHz values",
    );
  }
  const nucleus = json.ResonantNucleus;
  if (!Array.isArray(nucleus) || nucleus.length === 0 || !nucleus.every((n) => typeof n === "string")) {
    throw new RangeError('writeNiftiMrs(): json.ResonantNucleus must be an array of strings, e.g. ["1H"]');
  }
  const voxel = input.voxelSizeMm ?? [20, 20, 20];
  if (!voxel.every((v) => v > 0 && Number.isFinite(v)))
    throw new RangeError("writeNiftiMrs(): voxel sizes must be > 0 mm");
  const centre = input.voxelCentreMm ?? [0, 0, 0];
  const intent = options.intentName ?? "mrs_v0_9";
  if (!/^mrs_v\d+_\d+$/.test(intent))
    throw new RangeError(`writeNiftiMrs(): intent name ${intent} is not mrs_vM_m`);

  const c128 = options.datatype === "complex128";
  const bytesPer = c128 ? 16 : 8;
  const jsonText = niftiMrsJsonText(json);
  const [nx, ny, nz] = [shape[0]!, shape[1]!, shape[2]!];
  const higher = shape.slice(3);
  const dims = [nx, ny, nz, fids.points, ...higher];
  const problems = checkNiftiMrsHeaderExtension(jsonText, dims);
  if (problems.length > 0) {
    throw new RangeError(`writeNiftiMrs(): the header does not conform to NIfTI-MRS: ${problems.join("; ")}`);
  }
  const jsonBytes = new TextEncoder().encode(jsonText);
  const esize = Math.ceil((jsonBytes.length + 8) / 16) * 16;
  const voxOffset = HEADER_SIZE + 4 + esize;
  const out = new Uint8Array(voxOffset + count * fids.points * bytesPer);
  const v = new DataView(out.buffer);
  const le = true;

  v.setInt32(0, HEADER_SIZE, le);
  out.set([0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a], 4);
  v.setInt16(12, c128 ? 1792 : 32, le);
  v.setInt16(14, bytesPer * 8, le);
  const dim = [dims.length, ...dims];
  while (dim.length < 8) dim.push(1);
  dim.forEach((d, i) => {
    v.setBigInt64(16 + 8 * i, BigInt(d), le);
  });
  const pixdim = [1, voxel[0], voxel[1], voxel[2], dwellS, 1, 1, 1];
  pixdim.forEach((p, i) => {
    v.setFloat64(104 + 8 * i, p, le);
  });
  v.setBigInt64(168, BigInt(voxOffset), le);
  v.setFloat64(176, 1, le); // scl_slope
  writeAscii(out, 240, 79, options.description ?? "", "description");
  v.setInt32(344, 1, le); // qform_code: scanner
  v.setInt32(348, 1, le); // sform_code: scanner
  // quatern_b, c, d = 0 (identity rotation); qoffset = voxel centre
  v.setFloat64(376, centre[0], le);
  v.setFloat64(384, centre[1], le);
  v.setFloat64(392, centre[2], le);
  const srow = [
    [voxel[0], 0, 0, centre[0]],
    [0, voxel[1], 0, centre[1]],
    [0, 0, voxel[2], centre[2]],
  ];
  srow.forEach((row, r) => {
    row.forEach((x, c) => {
      v.setFloat64(400 + 32 * r + 8 * c, x, le);
    });
  });
  v.setInt32(500, XYZT_MM_S, le);
  writeAscii(out, 508, 15, intent, "intent name");

  out[HEADER_SIZE] = 1;
  v.setInt32(HEADER_SIZE + 4, esize, le);
  v.setInt32(HEADER_SIZE + 8, 44, le);
  out.set(jsonBytes, HEADER_SIZE + 12);

  const nVoxel = nx * ny * nz;
  const points = fids.points;
  const data = fids.data;
  for (let f = 0; f < count; f++) {
    const voxelIndex = f % nVoxel;
    const rest = (f - voxelIndex) / nVoxel;
    for (let t = 0; t < points; t++) {
      const off = voxOffset + (voxelIndex + nVoxel * (t + points * rest)) * bytesPer;
      const src = 2 * (f * points + t);
      if (c128) {
        v.setFloat64(off, data[src]!, le);
        v.setFloat64(off + 8, data[src + 1]!, le);
      } else {
        v.setFloat32(off, data[src]!, le);
        v.setFloat32(off + 4, data[src + 1]!, le);
      }
    }
  }
  return options.gzip ? gzipSync(out, { level: options.gzipLevel ?? 9, mtime: 0 }) : out;
}
