import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import {
  type ComplexFids,
  fidAt,
  parseLcmControl,
  parseLcmRaw,
  parseNiftiMrs,
  parseRda,
  parseSdat,
  parseSpar,
} from "@fmrs/formats";
import { readInputFile, readInputText, readLimitsFromEnv } from "@fmrs/io";
import { InputError } from "@fmrs/schema";
import { sidecarOf, transientsPerDynamic } from "./rawFit";

/** Single-voxel formats `fmrs fit` reads (the ones `fmrs inspect` reads that hold FIDs). */
export type SvsFormat = "nifti-mrs" | "siemens-rda" | "philips-sdat" | "lcmodel-raw";

/** One single-voxel acquisition, as the dynamic fit takes it. */
export interface SvsData {
  readonly file: string;
  readonly format: SvsFormat;
  /** FIDs as `transients[t][c]` (stored transient × coil), interleaved complex, NIfTI-MRS convention. */
  readonly transients: Float64Array[][];
  readonly points: number;
  readonly dwellS: number;
  readonly f0MHz: number;
  /** Seconds each stored transient stands for (TR × transients averaged into it); null without a TR. */
  readonly secondsPerTransient: number | null;
  /** For a .RAW: the basis file its control file names (resolved beside the control file), if it exists. */
  readonly basisHint: string | null;
  /**
   * The fit window the file's own analysis settings imply, as [low, high] ppm, or null for the
   * fit's default: for a .RAW, its control file's PPMEND–PPMST, else LCModel's defaults 0.2–4.0.
   */
  readonly ppmRange: readonly [number, number] | null;
}

/** Options of {@link readSvs}. */
export interface ReadSvsOptions {
  /** LCModel control file for a .RAW (default: `control.file` or the only `*.control` beside it). */
  readonly control?: string;
}

const lowerExt = (path: string): string => {
  const lower = path.toLowerCase();
  return lower.endsWith(".nii.gz") ? ".nii.gz" : (/\.[^./\\]+$/.exec(lower)?.[0] ?? "");
};

/** The file beside `path` with the same stem and extension `ext` (case-insensitive), or null. */
function sibling(path: string, ext: string): string | null {
  const stem = basename(path)
    .replace(/\.[^.]+$/, "")
    .toLowerCase();
  const match = readdirSync(dirname(path)).find((n) => n.toLowerCase() === `${stem}${ext}`);
  return match === undefined ? null : join(dirname(path), match);
}

/** Every FID of `fids` along its axes: DIM_DYN (or any single non-coil axis) × DIM_COIL. */
function transientsOf(fids: ComplexFids, file: string): Float64Array[][] {
  const voxels = fids.axes.flatMap((a, i) => (["x", "y", "z"].includes(a) ? [fids.shape[i] ?? 1] : []));
  if (voxels.some((n) => n > 1))
    throw new InputError(
      { file },
      `a ${voxels.join("×")} voxel grid (MRSI) is not supported`,
      "single-voxel data",
    );
  const coil = fids.axes.indexOf("DIM_COIL");
  const others = fids.axes.flatMap((a, i) =>
    ["x", "y", "z", "DIM_COIL"].includes(a) || (fids.shape[i] ?? 1) <= 1 ? [] : [i],
  );
  if (others.length > 1 || (others.length === 1 && fids.axes[others[0] ?? 0] !== "DIM_DYN")) {
    const what = others.map((i) => `${fids.axes[i]}=${fids.shape[i]}`).join(", ");
    throw new InputError(
      { file },
      `${what} is not supported`,
      "transients along DIM_DYN and coils along DIM_COIL",
    );
  }
  const dynAxis = others[0];
  const nDyn = dynAxis === undefined ? 1 : (fids.shape[dynAxis] ?? 1);
  const nCoil = coil >= 0 ? (fids.shape[coil] ?? 1) : 1;
  return Array.from({ length: nDyn }, (_, d) =>
    Array.from({ length: nCoil }, (_, c) => {
      const index: Record<string, number> = {};
      if (dynAxis !== undefined) index[fids.axes[dynAxis] ?? "DIM_DYN"] = d;
      if (coil >= 0) index.DIM_COIL = c;
      return fidAt(fids, index).slice();
    }),
  );
}

/** LCModel's analysis window (PPMEND–PPMST, defaults 0.2 and 4.0 as in LCModel) as [low, high] ppm. */
function lcmodelWindow(end: number | null, start: number | null, file: string): readonly [number, number] {
  const low = end ?? 0.2;
  const high = start ?? 4.0;
  if (!(high > low))
    throw new InputError(
      { file, field: start === null ? "PPMEND" : "PPMST" },
      `PPMST ${high} is not above PPMEND ${low}`,
      "PPMST > PPMEND (LCModel fits from PPMST down to PPMEND)",
    );
  return [low, high];
}

/** The control file of a .RAW: `explicit`, else `control.file`, else the only `*.control` beside it. */
function controlFileOf(raw: string, explicit: string | undefined): string {
  if (explicit !== undefined) {
    if (!existsSync(explicit) || !statSync(explicit).isFile())
      throw new InputError({ file: explicit }, "control file not found");
    return explicit;
  }
  const dir = dirname(raw);
  const names = readdirSync(dir);
  const exact = names.find((n) => n.toLowerCase() === "control.file");
  if (exact !== undefined) return join(dir, exact);
  const own = sibling(raw, ".control");
  if (own !== null) return own;
  const controls = names.filter((n) => n.toLowerCase().endsWith(".control"));
  if (controls.length === 1) return join(dir, controls[0] ?? "");
  throw new InputError(
    { file: raw },
    controls.length === 0
      ? "no LCModel control file beside it"
      : `${controls.length} *.control files beside it`,
    "control.file or one *.control (DELTAT, HZPPPM) beside the .RAW, or --control <file>",
  );
}

/**
 * Reads one single-voxel MRS file in any format `fmrs inspect` reads that holds FIDs: NIfTI-MRS
 * (transients along DIM_DYN, coils along DIM_COIL), Siemens .rda, Philips .sdat with its .spar
 * beside it (rows as transients), LCModel .RAW with its control file for DELTAT and HZPPPM. The
 * readers in @fmrs/formats already return FIDs in the NIfTI-MRS convention (SDAT conjugated).
 * Throws InputError naming the file for a missing file or companion, an unknown format, MRSI,
 * or whatever the format's reader rejects.
 */
export function readSvs(path: string, options: ReadSvsOptions = {}): SvsData {
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError({ file: path }, "file not found");
  const ext = lowerExt(path);
  const limits = readLimitsFromEnv();
  const bytes = readInputFile(path, { limits });
  if (ext === ".nii" || ext === ".nii.gz") {
    const nifti = parseNiftiMrs(bytes, path, limits);
    const h = nifti.header;
    const sidecar = sidecarOf(dirname(path), basename(path), path);
    const per = transientsPerDynamic(nifti, sidecar, 1);
    return {
      file: path,
      format: "nifti-mrs",
      transients: transientsOf(nifti.fids, path),
      points: h.points,
      dwellS: h.dwellS,
      f0MHz: h.f0MHz,
      secondsPerTransient: h.repetitionTimeS === null ? null : h.repetitionTimeS * per,
      basisHint: null,
      ppmRange: null,
    };
  }
  if (ext === ".rda") {
    const rda = parseRda(bytes, path, limits);
    const h = rda.header;
    if (h.dwellS === null || h.f0MHz === null)
      throw new InputError({ file: path }, "no dwell time or MR frequency", "DwellTime and MRFrequency");
    return {
      file: path,
      format: "siemens-rda",
      transients: transientsOf(rda.fids, path),
      points: h.points,
      dwellS: h.dwellS,
      f0MHz: h.f0MHz,
      secondsPerTransient: h.repetitionTimeS === null ? null : h.repetitionTimeS * (h.averages ?? 1),
      basisHint: null,
      ppmRange: null,
    };
  }
  if (ext === ".sdat" || ext === ".spar") {
    const sdat = ext === ".sdat" ? path : sibling(path, ".sdat");
    const spar = ext === ".spar" ? path : sibling(path, ".spar");
    if (sdat === null || spar === null)
      throw new InputError(
        { file: path },
        `no .${ext === ".sdat" ? "spar" : "sdat"} beside it`,
        "the SDAT/SPAR pair",
      );
    const h = parseSpar(readInputText(spar, { limits, encoding: "latin1" }), spar);
    const fids = parseSdat(ext === ".sdat" ? bytes : readInputFile(sdat, { limits }), h, sdat, limits);
    const per = h.averages !== null && h.averages >= h.rows ? h.averages / h.rows : 1;
    return {
      file: sdat,
      format: "philips-sdat",
      transients: transientsOf(fids, sdat),
      points: h.points,
      dwellS: h.dwellS ?? 0,
      f0MHz: h.f0MHz ?? 0,
      secondsPerTransient: h.repetitionTimeS === null ? null : h.repetitionTimeS * per,
      basisHint: null,
      ppmRange: null,
    };
  }
  if (ext === ".raw") {
    const raw = parseLcmRaw(bytes.toString("latin1"), path);
    const controlPath = controlFileOf(path, options.control);
    const control = parseLcmControl(readInputText(controlPath, { limits, encoding: "latin1" }), controlPath);
    if (control.points !== null && control.points !== raw.header.points) {
      throw new InputError(
        { file: controlPath, field: "NUNFIL" },
        `${control.points} points but ${path} holds ${raw.header.points}`,
        "the .RAW's number of points",
      );
    }
    const hint = control.basisFile === null ? null : join(dirname(controlPath), basename(control.basisFile));
    return {
      file: path,
      format: "lcmodel-raw",
      transients: transientsOf(raw.fids, path),
      points: raw.header.points,
      dwellS: control.dwellS,
      f0MHz: raw.header.f0MHz ?? control.f0MHz,
      secondsPerTransient: null,
      basisHint: hint !== null && existsSync(hint) ? hint : null,
      ppmRange: lcmodelWindow(control.ppmEnd, control.ppmStart, controlPath),
    };
  }
  throw new InputError(
    { file: path },
    `cannot fit a ${ext === "" ? "file without extension" : `${ext} file`}`,
    "NIfTI-MRS (.nii, .nii.gz), Siemens .rda, Philips .sdat/.spar or LCModel .raw",
  );
}

/**
 * The water reference of a fit: `path` read with {@link readSvs}, its transients averaged per coil.
 * Its coils, points, dwell time and F0 must match the metabolite data's (`like`; dwell and F0 to
 * 0.1 %): InputError naming the reference otherwise.
 */
export function readWaterReferenceFile(
  path: string,
  like: SvsData,
  options: ReadSvsOptions = {},
): Float64Array[] {
  const ref = readSvs(path, options);
  const coils = like.transients[0]?.length ?? 0;
  const nCoil = ref.transients[0]?.length ?? 0;
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.abs(b);
  if (nCoil !== coils || ref.points !== like.points) {
    throw new InputError(
      { file: ref.file },
      `${nCoil} coils × ${ref.points} points`,
      `the spectra's ${coils} coils × ${like.points} points`,
    );
  }
  if (!close(ref.dwellS, like.dwellS) || !close(ref.f0MHz, like.f0MHz)) {
    throw new InputError(
      { file: ref.file },
      `dwell ${ref.dwellS} s at ${ref.f0MHz} MHz is another acquisition`,
      `the spectra's dwell ${like.dwellS} s at ${like.f0MHz} MHz`,
    );
  }
  return Array.from({ length: nCoil }, (_, c) => {
    const mean = new Float64Array(2 * like.points);
    for (const t of ref.transients) {
      const fid = t[c] ?? new Float64Array(0);
      for (let k = 0; k < mean.length; k++) mean[k] = (mean[k] ?? 0) + (fid[k] ?? 0) / ref.transients.length;
    }
    return mean;
  });
}
