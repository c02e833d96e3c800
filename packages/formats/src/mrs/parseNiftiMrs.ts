import { InputError } from "@fmrs/schema";
import { checkBudget, DEFAULT_READ_LIMITS, firstNonFinite, type ReadLimits } from "../limits";
import { bytesToText, gunzipIfNeeded } from "./bytes";
import type { ComplexFids } from "./complexFids";
import { jsonDepthProblem, withoutIdentifyingKeys } from "./identifying";

/** Dimension tags allowed in dims 5–7 (mrs_nifti_standard `specification.MD` §"Dimension tags", v0.10). */
export const NIFTI_MRS_DIM_TAGS: readonly string[] = [
  "DIM_COIL",
  "DIM_DYN",
  "DIM_INDIRECT_0",
  "DIM_INDIRECT_1",
  "DIM_INDIRECT_2",
  "DIM_PHASE_CYCLE",
  "DIM_EDIT",
  "DIM_MEAS",
  "DIM_USER_0",
  "DIM_USER_1",
  "DIM_USER_2",
  "DIM_ISIS",
  "DIM_METCYCLE",
  "DIM_AVG",
];

/** Tags assumed when `dim_5`/`dim_6`/`dim_7` is absent (spec: 5 = coil, 6 = dynamics, 7 = indirect). */
export const NIFTI_MRS_DEFAULT_TAGS: Readonly<Record<5 | 6 | 7, string>> = {
  5: "DIM_COIL",
  6: "DIM_DYN",
  7: "DIM_INDIRECT_0",
};

/** One entry of a `dim_N_header`, expanded to one value per index along the dimension. */
export interface DimHeaderEntry {
  readonly key: string;
  readonly values: readonly unknown[];
  /** The `Description` of a user-defined `{Value, Description}` entry. */
  readonly description: string | null;
}

/** One of the higher dimensions 5–7. */
export interface NiftiMrsDim {
  readonly dim: 5 | 6 | 7;
  readonly size: number;
  readonly tag: string;
  /** `header`: from `dim_N`; `default`: absent, so the spec default was used. */
  readonly tagSource: "header" | "default";
  readonly info: string | null;
  /** Parsed `dim_N_header`, or null when absent (it usually is). */
  readonly header: readonly DimHeaderEntry[] | null;
}

/** The header of a NIfTI-MRS file, de-identified. Times in seconds, frequencies in Hz / MHz. */
export interface NiftiMrsHeader {
  readonly format: "nifti-mrs";
  readonly niftiVersion: 1 | 2;
  readonly littleEndian: boolean;
  readonly gzipped: boolean;
  readonly datatype: "complex64" | "complex128";
  /** `intent_name`, e.g. `mrs_v0_2`; null when it does not look like `mrs_vM_m`. */
  readonly mrsVersion: string | null;
  /** dim[1 … dim[0]]: x, y, z, spectral points, then dims 5–7 as present. */
  readonly dims: readonly number[];
  readonly points: number;
  readonly higherDims: readonly NiftiMrsDim[];
  /** Tags of dims 5 … dim[0], in order (defaults filled in). */
  readonly tags: readonly string[];
  readonly dwellS: number;
  readonly spectralWidthHz: number;
  /** First SpectrometerFrequency (MHz). */
  readonly f0MHz: number;
  /** All SpectrometerFrequency values (MHz), one per nucleus. */
  readonly spectrometerFrequenciesMHz: readonly number[];
  readonly nucleus: string | null;
  readonly echoTimeS: number | null;
  readonly repetitionTimeS: number | null;
  /** pixdim[1..3] in mm (converted from m or µm when xyzt_units says so). */
  readonly voxelSizeMm: readonly [number, number, number];
  /** The ecode-44 JSON with identifying keys removed. */
  readonly json: Readonly<Record<string, unknown>>;
  /** Key names (never values) removed from `json`, sorted. */
  readonly identifyingKeysDropped: readonly string[];
  /** Non-fatal problems: unset units assumed, TE/TR out of range, unknown tags, SpectralWidth mismatch. */
  readonly warnings: readonly string[];
}

/** A parsed NIfTI-MRS file: header plus every FID (axes `x`, `y`, `z`, then the tags). */
export interface NiftiMrs {
  readonly header: NiftiMrsHeader;
  readonly fids: ComplexFids;
}

interface RawHeader {
  version: 1 | 2;
  le: boolean;
  headerSize: number;
  datatype: number;
  dim: number[];
  pixdim: number[];
  voxOffset: number;
  xyztUnits: number;
  intentName: string;
}

const cString = (b: Uint8Array, off: number, len: number): string => {
  const slice = b.subarray(off, off + len);
  const end = slice.indexOf(0);
  return bytesToText(end < 0 ? slice : slice.subarray(0, end), true);
};

function readRawHeader(b: Uint8Array, file: string): RawHeader {
  if (b.length < 348) {
    throw new InputError(
      { file, field: "header" },
      `only ${b.length} bytes`,
      "at least a 348-byte NIfTI header",
    );
  }
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const sizeLe = v.getInt32(0, true);
  const sizeBe = v.getInt32(0, false);
  let version: 1 | 2;
  let le: boolean;
  if (sizeLe === 540 || sizeBe === 540) {
    version = 2;
    le = sizeLe === 540;
  } else if (sizeLe === 348 || sizeBe === 348) {
    version = 1;
    le = sizeLe === 348;
  } else {
    throw new InputError(
      { file, field: "sizeof_hdr (byte 0)" },
      `is ${sizeLe} (little-endian) / ${sizeBe} (big-endian)`,
      "540 (NIfTI-2) or 348 (NIfTI-1)",
    );
  }
  if (version === 2) {
    if (b.length < 540) throw new InputError({ file, field: "header" }, `only ${b.length} bytes`, "540");
    const magic = cString(b, 4, 4);
    if (magic !== "n+2") {
      throw new InputError(
        { file, field: "magic (byte 4)" },
        `is "${magic}"${magic === "ni2" ? " (a separate .hdr/.img pair)" : ""}`,
        'single-file NIfTI-2 magic "n+2"',
      );
    }
    const i64 = (off: number) => Number(v.getBigInt64(off, le));
    return {
      version,
      le,
      headerSize: 540,
      datatype: v.getInt16(12, le),
      dim: Array.from({ length: 8 }, (_, i) => i64(16 + 8 * i)),
      pixdim: Array.from({ length: 8 }, (_, i) => v.getFloat64(104 + 8 * i, le)),
      voxOffset: i64(168),
      xyztUnits: v.getInt32(500, le),
      intentName: cString(b, 508, 16),
    };
  }
  const magic = cString(b, 344, 4);
  if (magic !== "n+1") {
    throw new InputError(
      { file, field: "magic (byte 344)" },
      `is "${magic}"${magic === "ni1" ? " (a separate .hdr/.img pair)" : ""}`,
      'single-file NIfTI-1 magic "n+1"',
    );
  }
  return {
    version,
    le,
    headerSize: 348,
    datatype: v.getInt16(70, le),
    dim: Array.from({ length: 8 }, (_, i) => v.getInt16(40 + 2 * i, le)),
    pixdim: Array.from({ length: 8 }, (_, i) => v.getFloat32(76 + 4 * i, le)),
    voxOffset: v.getFloat32(108, le),
    xyztUnits: b[123]!,
    intentName: cString(b, 328, 16),
  };
}

/** Finds the ecode-44 extension; returns its payload (without the 8-byte preamble). */
function findMrsExtension(b: Uint8Array, h: RawHeader, file: string, warnings: string[]): Uint8Array {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const flagAt = h.headerSize;
  if (b.length < flagAt + 4 || b[flagAt] === 0) {
    throw new InputError(
      { file, field: `extension flag (byte ${flagAt})` },
      "no header extension",
      "an ecode-44 NIfTI-MRS JSON extension",
    );
  }
  let off = flagAt + 4;
  const end = Math.min(h.voxOffset, b.length);
  while (off + 8 <= end) {
    const esize = v.getInt32(off, h.le);
    const ecode = v.getInt32(off + 4, h.le);
    if (esize < 8 || off + esize > b.length) {
      throw new InputError(
        { file, field: `extension esize (byte ${off})` },
        `is ${esize}, which runs past the ${b.length}-byte file`,
        "a size ≥ 8 inside the file",
      );
    }
    if (esize % 16 !== 0) warnings.push(`extension at byte ${off} has esize ${esize}, not a multiple of 16`);
    if (ecode === 44) return b.subarray(off + 8, off + esize);
    off += esize;
  }
  throw new InputError(
    { file, field: "extensions" },
    "no extension with ecode 44",
    "the NIfTI-MRS JSON header extension (ecode 44)",
  );
}

function parseJsonExtension(
  payload: Uint8Array,
  file: string,
  warnings: string[],
  maxDepth: number,
): Record<string, unknown> {
  const text = bytesToText(payload).replace(/[\0\s]+$/, "");
  const field = "extension (ecode 44) JSON";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Python's json module writes bare NaN / Infinity; accept them as null rather than fail.
    const patched = text.replace(/([:,[]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, "$1null");
    try {
      parsed = JSON.parse(patched);
      warnings.push("JSON header contains NaN or Infinity; read as null");
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new InputError({ file, field }, `is not valid JSON (${why})`, "a UTF-8 JSON object");
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InputError({ file, field }, "is not a JSON object", "a JSON object");
  }
  const deep = jsonDepthProblem(parsed, maxDepth);
  if (deep !== null) {
    // Key names are not echoed: the path could hold anything the file put there.
    throw new InputError(
      { file, field },
      `is nested more than ${maxDepth} levels deep`,
      `at most ${maxDepth} levels of objects and arrays`,
    );
  }
  return parsed as Record<string, unknown>;
}

const numberList = (v: unknown): number[] | null => {
  const list = Array.isArray(v) ? v : [v];
  return list.length > 0 && list.every((x) => typeof x === "number" && Number.isFinite(x))
    ? (list as number[])
    : null;
};

function parseDimHeader(raw: unknown, size: number, dim: number, file: string): DimHeaderEntry[] {
  const field = `dim_${dim}_header`;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new InputError({ file, field }, "is not an object", "an object mapping keys to per-index values");
  }
  const expand = (v: unknown, key: string): unknown[] => {
    if (Array.isArray(v)) {
      if (v.length !== size) {
        throw new InputError(
          { file, field: `${field}.${key}` },
          `has ${v.length} values`,
          `${size}, one per index`,
        );
      }
      return v;
    }
    if (v !== null && typeof v === "object" && "start" in v && "increment" in v) {
      const { start, increment } = v as { start: unknown; increment: unknown };
      if (
        typeof start !== "number" ||
        typeof increment !== "number" ||
        !Number.isFinite(start) ||
        !Number.isFinite(increment)
      ) {
        throw new InputError(
          { file, field: `${field}.${key}` },
          "start/increment are not finite numbers",
          "finite numbers",
        );
      }
      return Array.from({ length: size }, (_, i) => start + i * increment);
    }
    throw new InputError(
      { file, field: `${field}.${key}` },
      "is neither a list nor {start, increment}",
      `a list of ${size} values or {"start", "increment"}`,
    );
  };
  return Object.entries(raw as Record<string, unknown>).map(([key, v]) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && "Value" in v) {
      const { Value, Description } = v as { Value: unknown; Description?: unknown };
      return {
        key,
        values: expand(Value, key),
        description: typeof Description === "string" ? Description : null,
      };
    }
    return { key, values: expand(v, key), description: null };
  });
}

/** Sizes the header declares, validated (datatype, dim[0], positive dims, vox_offset). */
function declaredLayout(h: RawHeader, file: string) {
  const bytesPer = h.datatype === 32 ? 8 : h.datatype === 1792 ? 16 : 0;
  if (bytesPer === 0) {
    throw new InputError(
      { file, field: `datatype (byte ${h.version === 2 ? 12 : 70})` },
      `is ${h.datatype}`,
      "32 (complex64) or 1792 (complex128)",
    );
  }
  const ndim = h.dim[0]!;
  if (!(ndim >= 4 && ndim <= 7)) {
    throw new InputError(
      { file, field: "dim[0]" },
      `is ${ndim}`,
      "4 to 7 (x, y, z, time, then up to 3 MRS dims)",
    );
  }
  const dims = h.dim.slice(1, ndim + 1);
  dims.forEach((d, i) => {
    if (!Number.isSafeInteger(d) || d < 1) {
      throw new InputError({ file, field: `dim[${i + 1}]` }, `is ${d}`, "a positive size");
    }
  });
  const voxOffset = Math.floor(h.voxOffset);
  if (!Number.isSafeInteger(voxOffset) || voxOffset < h.headerSize) {
    throw new InputError(
      { file, field: "vox_offset" },
      `is ${h.voxOffset}`,
      `a byte offset of at least ${h.headerSize} (after the header)`,
    );
  }
  const points = dims[3]!;
  const nVoxel = dims[0]! * dims[1]! * dims[2]!;
  const nFid = nVoxel * dims.slice(4).reduce((a, s) => a * s, 1);
  // A float product: exact below 2^53, and far past any budget above it.
  const need = nFid * points * bytesPer;
  return { bytesPer, ndim, dims, need, voxOffset, nFid, nVoxel, points };
}

const timeUnitScale: Record<number, number> = { 0: 1, 8: 1, 16: 1e-3, 24: 1e-6 };
const spaceUnitScale: Record<number, number> = { 0: 1, 1: 1000, 2: 1, 3: 1e-3 };

/**
 * Reads a NIfTI-MRS file (mrs_nifti_standard `specification.MD`): NIfTI-2 or NIfTI-1, plain or
 * gzipped (detected by the magic bytes 1F 8B), either byte order (from `sizeof_hdr`),
 * complex64 (datatype 32) or complex128 (1792), dims 4–7.
 *
 * - Dwell time is pixdim[4]; `xyzt_units` time bits 0 (unset, spec2nii#82) and 8 mean seconds,
 *   16 ms, 24 µs. Spectral width = 1/dwell (a disagreeing JSON `SpectralWidth` only warns).
 * - The ecode-44 JSON is read after stripping trailing NULs. `SpectrometerFrequency` may be an
 *   array or a bare number (osprey#548), integer or not; `ResonantNucleus` an array or a string.
 * - Dims 5–7 get their `dim_N` tag, else the spec default (coil, dyn, indirect_0); a `dim_N_header`
 *   is expanded to one value per index (lists, `{start, increment}`, `{Value, Description}`).
 * - Identifying JSON keys ({@link isIdentifyingKey}) are removed at any depth; only their names are
 *   kept in `identifyingKeysDropped`.
 * - Data are reordered so each FID is contiguous (see {@link ComplexFids}); values are float64.
 *
 * Throws InputError (with the file, byte offset or JSON key, and what was expected) for a bad
 * magic or `sizeof_hdr`, another datatype, dim[0] outside 4–7, a missing ecode-44 extension,
 * invalid JSON, a missing or non-positive SpectrometerFrequency, a non-positive dwell time, time
 * units other than s/ms/µs, or data shorter than the dims require.
 */
export function parseNiftiMrs(
  input: Uint8Array,
  file: string,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): NiftiMrs {
  const {
    bytes: b,
    gzipped,
    beyondDeclared,
  } = gunzipIfNeeded(input, file, {
    limits,
    headBytes: 544,
    declaredSize: (head) => {
      const layout = declaredLayout(readRawHeader(head, file), file);
      return layout.voxOffset + layout.need;
    },
  });
  const h = readRawHeader(b, file);
  const warnings: string[] = [];
  if (beyondDeclared) warnings.push("gzip stream continues past the declared data; the rest was not read");
  const { bytesPer, ndim, dims, need, voxOffset, nFid, nVoxel, points } = declaredLayout(h, file);
  if (voxOffset + need > b.length) {
    throw new InputError(
      { file, field: `data (vox_offset ${voxOffset})` },
      `file has ${b.length} bytes; truncated or wrong vox_offset`,
      `${need} data bytes from byte ${voxOffset} (dims ${dims.join("×")} × ${bytesPer})`,
    );
  }
  if (voxOffset + need < b.length)
    warnings.push(`${b.length - voxOffset - need} bytes after the data ignored`);
  // The decoded array (16 bytes per complex sample) plus the bytes already held.
  checkBudget(
    nFid * points * 16 + (gzipped ? b.length : 0),
    limits,
    { file, field: "dims" },
    `dims ${dims.join("×")}`,
  );

  const tUnits = h.xyztUnits & 0x38;
  const tScale = timeUnitScale[tUnits];
  if (tScale === undefined) {
    throw new InputError(
      { file, field: "xyzt_units" },
      `has time code ${tUnits}`,
      "0 (unset, read as s), 8 (s), 16 (ms) or 24 (µs)",
    );
  }
  if (tUnits === 0)
    warnings.push("xyzt_units time code is 0 (unset); dwell time read as seconds (spec2nii#82)");
  const dwellS = h.pixdim[4]! * tScale;
  if (!(dwellS > 0) || !Number.isFinite(dwellS)) {
    throw new InputError(
      { file, field: "pixdim[4]" },
      `dwell time is ${h.pixdim[4]}`,
      "a positive dwell time",
    );
  }
  const sScale = spaceUnitScale[h.xyztUnits & 0x07] ?? 1;
  const voxelSizeMm: [number, number, number] = [
    h.pixdim[1]! * sScale,
    h.pixdim[2]! * sScale,
    h.pixdim[3]! * sScale,
  ];

  const rawJson = parseJsonExtension(
    findMrsExtension(b, h, file, warnings),
    file,
    warnings,
    limits.maxJsonDepth,
  );

  const freqs = numberList(rawJson.SpectrometerFrequency);
  if (freqs === null || !(freqs[0]! > 0)) {
    throw new InputError(
      { file, field: "SpectrometerFrequency" },
      rawJson.SpectrometerFrequency === undefined
        ? "is missing"
        : "is not a positive number or list of numbers",
      "MHz, e.g. [297.219948]",
    );
  }
  if (!Array.isArray(rawJson.SpectrometerFrequency)) {
    warnings.push("SpectrometerFrequency is a bare number; the spec requires a list (osprey#548)");
  }
  const nucleusRaw = rawJson.ResonantNucleus;
  const nucleusList = Array.isArray(nucleusRaw) ? nucleusRaw : [nucleusRaw];
  const nucleus = typeof nucleusList[0] === "string" ? nucleusList[0] : null;
  if (nucleus === null) warnings.push("ResonantNucleus is missing");

  const optionalSeconds = (key: "EchoTime" | "RepetitionTime", max: number): number | null => {
    const value = rawJson[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new InputError({ file, field: key }, `is ${JSON.stringify(value)}`, "a number in seconds");
    }
    if (value < 0 || value > max) warnings.push(`${key} ${value} s is outside 0–${max} s: wrong units?`);
    return value;
  };
  const echoTimeS = optionalSeconds("EchoTime", 0.5);
  const repetitionTimeS = optionalSeconds("RepetitionTime", 20);

  const spectralWidthHz = 1 / dwellS;
  const declaredSw = rawJson.SpectralWidth;
  if (typeof declaredSw === "number" && Math.abs(declaredSw - spectralWidthHz) > 0.01 * spectralWidthHz) {
    warnings.push(
      `SpectralWidth ${declaredSw} Hz disagrees with 1/dwell = ${spectralWidthHz} Hz; dwell used`,
    );
  }

  const { value: json, dropped } = withoutIdentifyingKeys(rawJson);

  const higherDims: NiftiMrsDim[] = [];
  for (let d = 5; d <= 7; d++) {
    const dim = d as 5 | 6 | 7;
    const tagRaw = json[`dim_${dim}`];
    if (d > ndim) {
      if (tagRaw !== undefined) warnings.push(`dim_${dim} is tagged but dim[0] is ${ndim}`);
      continue;
    }
    const size = dims[d - 1]!;
    if (tagRaw !== undefined && typeof tagRaw !== "string") {
      throw new InputError(
        { file, field: `dim_${dim}` },
        `is ${JSON.stringify(tagRaw)}`,
        "a tag string like DIM_DYN",
      );
    }
    const tag = tagRaw ?? NIFTI_MRS_DEFAULT_TAGS[dim];
    if (!NIFTI_MRS_DIM_TAGS.includes(tag)) warnings.push(`dim_${dim} tag ${tag} is not a standard tag`);
    const info = json[`dim_${dim}_info`];
    const headerRaw = json[`dim_${dim}_header`];
    higherDims.push({
      dim,
      size,
      tag,
      tagSource: tagRaw === undefined ? "default" : "header",
      info: typeof info === "string" ? info : null,
      header: headerRaw === undefined ? null : parseDimHeader(headerRaw, size, dim, file),
    });
  }
  const tags = higherDims.map((d) => d.tag);
  if (new Set(tags).size !== tags.length) warnings.push(`repeated dimension tags: ${tags.join(", ")}`);

  const [nx, ny, nz] = [dims[0]!, dims[1]!, dims[2]!];
  const extra = higherDims.map((d) => d.size);

  const data = new Float64Array(2 * nFid * points);
  const v = new DataView(b.buffer, b.byteOffset + voxOffset, need);
  const half = bytesPer / 2;
  const read = half === 4 ? (o: number) => v.getFloat32(o, h.le) : (o: number) => v.getFloat64(o, h.le);
  // Source is column-major (x, y, z, t, d5, d6, d7); output puts t innermost.
  for (let f = 0; f < nFid; f++) {
    const voxel = f % nVoxel;
    const rest = (f - voxel) / nVoxel;
    for (let t = 0; t < points; t++) {
      const src = (voxel + nVoxel * (t + points * rest)) * bytesPer;
      const dst = 2 * (f * points + t);
      data[dst] = read(src);
      data[dst + 1] = read(src + half);
    }
  }
  const bad = firstNonFinite(data);
  if (bad >= 0) {
    const fid = Math.floor(bad / (2 * points));
    const t = Math.floor(bad / 2) % points;
    throw new InputError(
      { file, field: `data (FID ${fid}, point ${t}, ${bad % 2 === 0 ? "real" : "imaginary"} part)` },
      `is ${data[bad]}`,
      "finite samples (not NaN or ±Infinity)",
    );
  }

  const intent = h.intentName.trim();
  const mrsVersion = /^mrs_v\d+_\d+$/.test(intent) ? intent : null;
  if (mrsVersion === null) warnings.push(`intent_name "${intent}" is not mrs_vM_m`);
  const header: NiftiMrsHeader = {
    format: "nifti-mrs",
    niftiVersion: h.version,
    littleEndian: h.le,
    gzipped,
    datatype: bytesPer === 8 ? "complex64" : "complex128",
    mrsVersion,
    dims,
    points,
    higherDims,
    tags,
    dwellS,
    spectralWidthHz,
    f0MHz: freqs[0]!,
    spectrometerFrequenciesMHz: freqs,
    nucleus,
    echoTimeS,
    repetitionTimeS,
    voxelSizeMm,
    json,
    identifyingKeysDropped: dropped,
    warnings,
  };
  return {
    header,
    fids: { points, axes: ["x", "y", "z", ...tags], shape: [nx, ny, nz, ...extra], count: nFid, data },
  };
}

/**
 * The parts of a NIfTI-MRS file that its standard's rules are about, read without interpreting the
 * JSON: the NIfTI datatype, dim[], pixdim[], intent name and the ecode-44 extension as raw text
 * (so that `123` and `123.0` can be told apart). Used by {@link checkNiftiMrsFile}.
 */
export function readNiftiMrsRaw(
  input: Uint8Array,
  file: string,
): { datatype: number; dim: number[]; pixdim: number[]; intentName: string; extensionText: string } {
  const { bytes: b } = gunzipIfNeeded(input, file);
  const h = readRawHeader(b, file);
  const payload = findMrsExtension(b, h, file, []);
  return {
    datatype: h.datatype,
    dim: h.dim,
    pixdim: h.pixdim,
    intentName: h.intentName,
    extensionText: bytesToText(payload).replace(/[\0\s]+$/, ""),
  };
}
