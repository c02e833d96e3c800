import { existsSync } from "node:fs";
import { join } from "node:path";
import { fidAt, type NiftiMrs, parseNiftiMrs } from "@fmrs/formats";
import { parseJsonText, readInputFile, readInputText, readLimitsFromEnv } from "@fmrs/io";
import { type AcquisitionRecord, InputError, type RawRouteSettings } from "@fmrs/schema";
import { type BasisSet, type DynamicSeriesFit, fitDynamicSeries, resampleBasis } from "@fmrs/spectra";
import { readBasisSet } from "./readBasis";

/** One session's raw fit, as a task that can cross to a worker thread (plain data only). */
export interface RawFitTask {
  readonly studyDir: string;
  readonly participant_id: string;
  readonly session_id: string;
  /** The NIfTI-MRS file relative to the study folder. */
  readonly file: string;
  readonly settings: RawRouteSettings;
  readonly blockLengthS: number;
}

/** What a session's raw fit returns: the fitted series and the de-identified acquisition summary. */
export interface RawFitResult {
  readonly fit: DynamicSeriesFit;
  readonly acquisition: AcquisitionRecord;
}

const basisCache = new Map<string, BasisSet>();

/**
 * Reads a basis set (a folder of FSL-MRS JSON files, or one LCModel `.BASIS` file or a folder
 * holding one: see {@link readBasisSet}) and resamples it to the data's dwell time and points.
 * Cached per path and sampling, so a worker reads it once.
 */
export function loadBasis(dir: string, dwellS: number, points: number, centreMHz: number): BasisSet {
  const key = `${dir}\u0000${dwellS}\u0000${points}\u0000${centreMHz}`;
  const cached = basisCache.get(key);
  if (cached !== undefined) return cached;
  const stored = readBasisSet(dir);
  let basis: BasisSet;
  try {
    basis = resampleBasis(stored, { dwellS, points, centreMHz, beyondCoverage: "zero" });
  } catch (error) {
    throw new InputError(
      { file: dir },
      `cannot be used for data at ${centreMHz} MHz, dwell ${dwellS} s, ${points} points (${(error as Error).message})`,
      "a basis set simulated for the data's field strength",
    );
  }
  basisCache.set(key, basis);
  return basis;
}

/** A number from a header or sidecar value: `n` or `{ "Value": n }`. */
function headerNumber(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (value !== null && typeof value === "object" && "Value" in value)
    return headerNumber((value as { Value: unknown }).Value);
  return null;
}

function headerString(json: Readonly<Record<string, unknown>>, key: string): string | null {
  const v = json[key];
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

/**
 * Transients averaged into each stored DIM_DYN entry: the header extension's
 * `fmrs_TransientsPerDynamic`, else the sidecar's `TransientsPerDynamic`, else `fallback`.
 */
export function transientsPerDynamic(
  nifti: NiftiMrs,
  sidecar: Readonly<Record<string, unknown>>,
  fallback: number,
): number {
  return (
    headerNumber(nifti.header.json.fmrs_TransientsPerDynamic) ??
    headerNumber(sidecar.TransientsPerDynamic) ??
    fallback
  );
}

/** The BIDS sidecar beside a NIfTI-MRS file (`x.nii.gz` → `x.json`), parsed, or {} when absent. */
export function sidecarOf(studyDir: string, file: string, where: string): Record<string, unknown> {
  const path = join(studyDir, file.replace(/\.nii(\.gz)?$/, ".json"));
  if (!existsSync(path)) return {};
  const shown = where.replace(/\.nii(\.gz)?$/, ".json");
  const json = parseJsonText(readInputText(path, { shown }), shown);
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new InputError({ file: shown }, "is not a JSON object", "a BIDS sidecar object");
  }
  return json as Record<string, unknown>;
}

/** De-identified acquisition summary of a NIfTI-MRS file for the report's Methods and checklist. */
export function acquisitionOf(
  nifti: NiftiMrs,
  ids: { participant_id: string; session_id: string },
): AcquisitionRecord {
  const h = nifti.header;
  const json = h.json;
  const ws = json.WaterSuppressed;
  return {
    participant_id: ids.participant_id,
    session_id: ids.session_id,
    route: "raw",
    format: `NIfTI-MRS (NIfTI-${h.niftiVersion}, ${h.datatype}${h.mrsVersion ? `, ${h.mrsVersion}` : ""})`,
    nucleus: h.nucleus,
    f0_mhz: h.f0MHz,
    field_t:
      h.nucleus === "1H" || h.nucleus === null ? Math.round((h.f0MHz / 42.577478518) * 100) / 100 : null,
    te_s: h.echoTimeS,
    tr_s: h.repetitionTimeS,
    points: h.points,
    dwell_s: h.dwellS,
    spectral_width_hz: h.spectralWidthHz,
    higher_dims: h.higherDims.map((d) => `${d.tag}=${d.size}`).join(", "),
    voxel_mm: [h.voxelSizeMm[0], h.voxelSizeMm[1], h.voxelSizeMm[2]],
    manufacturer: headerString(json, "Manufacturer"),
    model: headerString(json, "ManufacturersModelName"),
    software: headerString(json, "SoftwareVersions"),
    sequence: headerString(json, "SequenceName") ?? headerString(json, "PulseSequenceFile"),
    water_suppressed: typeof ws === "boolean" ? ws : null,
    identifying_keys_dropped: [...h.identifyingKeysDropped],
  };
}

/**
 * Fits one session's dynamic NIfTI-MRS: reads the file (transients along DIM_DYN, coils along
 * DIM_COIL), finds the timing (seconds from the first transient to infusion onset: the header
 * extension's `fmrs_InfusionOnset` or the sidecar's `InfusionOnsetSeconds`, else study.json
 * `raw.first_transient_min`; transients averaged per stored dynamic: `fmrs_TransientsPerDynamic` /
 * `TransientsPerDynamic`, else `raw.averages_per_dynamic`), reads the water reference beside it
 * (`*_mrsref.nii[.gz]`, for coil weights and eddy-current correction) when there is one, resamples
 * the basis and runs fitDynamicSeries. Throws InputError naming the file for unusable input.
 */
export function fitRawSession(task: RawFitTask): RawFitResult {
  const where = join(task.studyDir, task.file);
  const limits = readLimitsFromEnv();
  const nifti = parseNiftiMrs(readInputFile(where, { limits }), where, limits);
  const h = nifti.header;
  const sidecar = sidecarOf(task.studyDir, task.file, where);
  const onsetFromStart =
    headerNumber(h.json.fmrs_InfusionOnset) ?? headerNumber(sidecar.InfusionOnsetSeconds);
  const firstTransientS =
    onsetFromStart !== null
      ? -onsetFromStart
      : task.settings.first_transient_min !== undefined
        ? task.settings.first_transient_min * 60
        : null;
  if (firstTransientS === null) {
    throw new InputError(
      { file: where, field: "fmrs_InfusionOnset" },
      "no infusion timing for this session",
      "fmrs_InfusionOnset in the header extension, InfusionOnsetSeconds in the *_svs.json sidecar, or raw.first_transient_min in study.json",
    );
  }
  if (h.repetitionTimeS === null) {
    throw new InputError(
      { file: where, field: "RepetitionTime" },
      "missing from the header",
      "the repetition time in s",
    );
  }
  const averages = transientsPerDynamic(nifti, sidecar, task.settings.averages_per_dynamic);
  const axes = nifti.fids.axes;
  const dynAxis = axes.indexOf("DIM_DYN");
  const coilAxis = axes.indexOf("DIM_COIL");
  const nDyn = dynAxis >= 0 ? (nifti.fids.shape[dynAxis] ?? 1) : 1;
  const nCoil = coilAxis >= 0 ? (nifti.fids.shape[coilAxis] ?? 1) : 1;
  const unsupported = h.higherDims.filter((d) => d.tag !== "DIM_DYN" && d.tag !== "DIM_COIL" && d.size > 1);
  if (unsupported.length > 0) {
    throw new InputError(
      { file: where, field: unsupported.map((d) => `dim_${d.dim}`).join(", ") },
      `${unsupported.map((d) => `${d.tag} of size ${d.size}`).join(", ")} is not supported by the dynamic fit`,
      "DIM_DYN and optionally DIM_COIL",
    );
  }
  const transients = Array.from({ length: nDyn }, (_, d) =>
    Array.from({ length: nCoil }, (_, c) => {
      const index: Record<string, number> = {};
      if (dynAxis >= 0) index.DIM_DYN = d;
      if (coilAxis >= 0) index.DIM_COIL = c;
      return fidAt(nifti.fids, index).slice();
    }),
  );
  const waterReference = readWaterReference(task, nCoil, h.points);
  const basisDir = join(task.studyDir, task.settings.basis);
  const basis = loadBasis(basisDir, h.dwellS, h.points, h.f0MHz);
  const fit = fitDynamicSeries(
    {
      transients,
      dwellS: h.dwellS,
      centreMHz: h.f0MHz,
      repetitionTimeS: h.repetitionTimeS * averages,
      firstTransientTimeS: firstTransientS,
      ...(waterReference === null ? {} : { waterReference }),
    },
    basis,
    {
      blockLengthS: task.blockLengthS,
      outlierThreshold: task.settings.outlier_threshold,
      fit: { ppmRange: task.settings.fit_ppm_range },
    },
  );
  return { fit, acquisition: acquisitionOf(nifti, task) };
}

/** The water reference beside a session's spectra (`*_svs.nii[.gz]` → `*_mrsref.nii[.gz]`), study-relative, or null. */
export function waterReferenceFile(studyDir: string, file: string): string | null {
  for (const ext of [".nii.gz", ".nii"]) {
    const candidate = file.replace(/_svs\.nii(\.gz)?$/, `_mrsref${ext}`);
    if (candidate !== file && existsSync(join(studyDir, candidate))) return candidate;
  }
  return null;
}

/**
 * The session's unsuppressed water reference, per coil, averaged over its transients; null when
 * there is none. Its coils and points must match the spectra (InputError otherwise).
 */
function readWaterReference(task: RawFitTask, coils: number, points: number): Float64Array[] | null {
  const rel = waterReferenceFile(task.studyDir, task.file);
  if (rel === null) return null;
  const where = join(task.studyDir, rel);
  const limits = readLimitsFromEnv();
  const ref = parseNiftiMrs(readInputFile(where, { limits }), where, limits);
  const axes = ref.fids.axes;
  const dyn = axes.indexOf("DIM_DYN");
  const coil = axes.indexOf("DIM_COIL");
  const nDyn = dyn >= 0 ? (ref.fids.shape[dyn] ?? 1) : 1;
  const nCoil = coil >= 0 ? (ref.fids.shape[coil] ?? 1) : 1;
  if (nCoil !== coils || ref.header.points !== points) {
    throw new InputError(
      { file: where },
      `${nCoil} coils × ${ref.header.points} points`,
      `the spectra's ${coils} coils × ${points} points`,
    );
  }
  return Array.from({ length: nCoil }, (_, c) => {
    const mean = new Float64Array(2 * points);
    for (let d = 0; d < nDyn; d++) {
      const fid = fidAt(ref.fids, {
        ...(dyn >= 0 ? { DIM_DYN: d } : {}),
        ...(coil >= 0 ? { DIM_COIL: c } : {}),
      });
      for (let k = 0; k < mean.length; k++) mean[k] = (mean[k] ?? 0) + (fid[k] ?? 0) / nDyn;
    }
    return mean;
  });
}
