import { gzipSync } from "fflate";

/** Options for {@link buildNiftiMrs}: a synthetic NIfTI-MRS file for edge-case tests. */
export interface BuildNiftiMrsOptions {
  readonly version?: 1 | 2;
  readonly littleEndian?: boolean;
  readonly complex128?: boolean;
  /** dim[1 …]: x, y, z, points, dims 5–7. */
  readonly dims: readonly number[];
  readonly pixdim4?: number;
  readonly voxel?: readonly [number, number, number];
  readonly xyztUnits?: number;
  /** JSON object, or a raw string to embed as is (for invalid-JSON tests); null for no extension. */
  readonly json: Readonly<Record<string, unknown>> | string | null;
  readonly gzip?: boolean;
  readonly datatype?: number;
  readonly intentName?: string;
  /** An extension of this ecode and size (multiple of 16) written before the ecode-44 one. */
  readonly extensionBefore?: { readonly ecode: number; readonly esize: number };
  /** Value of FID f, point t (defaults to re = f + t/1000, im = −f). */
  readonly value?: (f: number, t: number) => readonly [number, number];
}

/**
 * Test-only writer: the bytes of a single-file NIfTI-MRS with the given layout (NIfTI-2 at byte
 * offsets of the NIfTI-2 standard, NIfTI-1 at those of nifti1.h), the JSON in one ecode-44
 * extension padded with NULs to a multiple of 16, and data in column-major order. Not exported
 * from the package.
 */
export function buildNiftiMrs(o: BuildNiftiMrsOptions): Uint8Array {
  const version = o.version ?? 2;
  const le = o.littleEndian ?? true;
  const c128 = o.complex128 ?? false;
  const hdrSize = version === 2 ? 540 : 348;
  const jsonBytes =
    o.json === null
      ? null
      : new TextEncoder().encode(typeof o.json === "string" ? o.json : JSON.stringify(o.json));
  const esize = jsonBytes === null ? 0 : Math.ceil((jsonBytes.length + 8) / 16) * 16;
  const before = o.extensionBefore?.esize ?? 0;
  const voxOffset = hdrSize + 4 + before + esize;
  const dims = o.dims;
  const nvals = dims.reduce((a, d) => a * d, 1);
  const bytesPer = c128 ? 16 : 8;
  const out = new Uint8Array(voxOffset + nvals * bytesPer);
  const v = new DataView(out.buffer);
  const enc = new TextEncoder();
  const pix = [1, ...(o.voxel ?? [20, 20, 20]), o.pixdim4 ?? 2.5e-4, 1, 1, 1];
  const dim = [dims.length, ...dims];
  while (dim.length < 8) dim.push(1);
  const datatype = o.datatype ?? (c128 ? 1792 : 32);
  if (version === 2) {
    v.setInt32(0, 540, le);
    out.set([0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a], 4);
    v.setInt16(12, datatype, le);
    v.setInt16(14, bytesPer * 8, le);
    for (const [i, d] of dim.entries()) v.setBigInt64(16 + 8 * i, BigInt(d), le);
    for (const [i, p] of pix.entries()) v.setFloat64(104 + 8 * i, p, le);
    v.setBigInt64(168, BigInt(voxOffset), le);
    v.setInt32(500, o.xyztUnits ?? 0, le);
    out.set(enc.encode(o.intentName ?? "mrs_v0_2"), 508);
  } else {
    v.setInt32(0, 348, le);
    for (const [i, d] of dim.entries()) v.setInt16(40 + 2 * i, d, le);
    v.setInt16(70, datatype, le);
    v.setInt16(72, bytesPer * 8, le);
    for (const [i, p] of pix.entries()) v.setFloat32(76 + 4 * i, p, le);
    v.setFloat32(108, voxOffset, le);
    out[123] = o.xyztUnits ?? 0;
    out.set(enc.encode(o.intentName ?? "mrs_v0_2"), 328);
    out.set([0x6e, 0x2b, 0x31, 0], 344);
  }
  if (o.extensionBefore) {
    out[hdrSize] = 1;
    v.setInt32(hdrSize + 4, before, le);
    v.setInt32(hdrSize + 8, o.extensionBefore.ecode, le);
  }
  if (jsonBytes !== null) {
    out[hdrSize] = 1;
    v.setInt32(hdrSize + 4 + before, esize, le);
    v.setInt32(hdrSize + 8 + before, 44, le);
    out.set(jsonBytes, hdrSize + 12 + before);
  }
  const [nx = 1, ny = 1, nz = 1, points = 1] = dims;
  const nVoxel = nx * ny * nz;
  const value = o.value ?? ((f: number, t: number) => [f + t / 1000, -f] as const);
  const nFid = nvals / points;
  for (let f = 0; f < nFid; f++) {
    const voxel = f % nVoxel;
    const rest = (f - voxel) / nVoxel;
    for (let t = 0; t < points; t++) {
      const off = voxOffset + (voxel + nVoxel * (t + points * rest)) * bytesPer;
      const [re, im] = value(f, t);
      if (c128) {
        v.setFloat64(off, re, le);
        v.setFloat64(off + 8, im, le);
      } else {
        v.setFloat32(off, re, le);
        v.setFloat32(off + 4, im, le);
      }
    }
  }
  return o.gzip ? gzipSync(out) : out;
}
