import { join, posix } from "node:path";
import { dynamicTransients, type NiftiMrs, parseNiftiMrs, type ReadLimits } from "@fmrs/formats";
import { filesIn, isFile, parseJsonText } from "@fmrs/io";
import {
  type AcquisitionRecord,
  type FittedBlock,
  fitBlockRows,
  InputError,
  type RawRouteSettings,
} from "@fmrs/schema";
import {
  ALL_REJECTED,
  type BasisSet,
  basisSetOf,
  type DynamicBlockFit,
  type DynamicSeriesFit,
  FIT_DEFAULTS,
  fitDynamicSeries,
  OUTLIER_DEFAULTS,
  parseFslBasis,
  parseLcmodelBasis,
  resampleBasis,
} from "@fmrs/spectra";
import type { UnitInput } from "../stage";
import { studyUri } from "../uris";
import type { AdapterSession, RouteAdapter } from "./adapter";
import { text } from "./fitted";

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

/**
 * A BIDS sidecar's JSON from its bytes (`where` names it in errors: line and column of a syntax
 * error, a BOM allowed); {} when there is none; an InputError when it is not a JSON object.
 */
export function parseSidecar(bytes: Uint8Array | undefined, where: string): Record<string, unknown> {
  if (bytes === undefined) return {};
  const json = parseJsonText(text(bytes), where);
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new InputError({ file: where }, "is not a JSON object", "a BIDS sidecar object");
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

const basisCache = new Map<string, BasisSet>();

/**
 * A basis set from FSL-MRS JSON files (one per metabolite, named `<metabolite>.json`), resampled
 * to the data's dwell time, points and F0. Memoised on the files' content and the sampling, so a
 * worker parses each basis once. InputError naming the folder or file when unusable.
 */
export function basisFromFiles(
  files: readonly { name: string; path: string; bytes: Uint8Array }[],
  folder: string,
  sampling: { dwellS: number; points: number; centreMHz: number },
  contentKey: string,
): BasisSet {
  const key = `${contentKey}\u0000${sampling.dwellS}\u0000${sampling.points}\u0000${sampling.centreMHz}`;
  const cached = basisCache.get(key);
  if (cached !== undefined) return cached;
  if (files.length === 0)
    throw new InputError({ file: folder }, "no .json basis files", "one FSL-MRS JSON per metabolite");
  const members = files.map((f) => {
    try {
      return parseFslBasis(f.name, JSON.parse(text(f.bytes)));
    } catch (error) {
      throw new InputError(
        { file: f.path },
        `not a readable FSL-MRS basis file (${(error as Error).message})`,
      );
    }
  });
  let stored: BasisSet;
  try {
    stored = basisSetOf(members);
  } catch (error) {
    throw new InputError(
      { file: folder },
      (error as Error).message,
      "basis files sharing dwell, points and F0",
    );
  }
  return resampledBasis(stored, folder, sampling, contentKey);
}

/** A stored basis resampled to the data (memoised on `contentKey` and the sampling). */
function resampledBasis(
  stored: BasisSet,
  where: string,
  sampling: { dwellS: number; points: number; centreMHz: number },
  contentKey: string,
): BasisSet {
  const key = `${contentKey}\u0000${sampling.dwellS}\u0000${sampling.points}\u0000${sampling.centreMHz}`;
  const cached = basisCache.get(key);
  if (cached !== undefined) return cached;
  let basis: BasisSet;
  try {
    basis = resampleBasis(stored, { ...sampling, beyondCoverage: "zero" });
  } catch (error) {
    throw new InputError(
      { file: where },
      `cannot be used for data at ${sampling.centreMHz} MHz, dwell ${sampling.dwellS} s, ${sampling.points} points (${(error as Error).message})`,
      "a basis set simulated for the data's field strength",
    );
  }
  basisCache.set(key, basis);
  return basis;
}

/** The water reference beside a session's spectra (`*_svs.nii[.gz]` → `*_mrsref.nii[.gz]`), study-relative, or null. */
export function waterReferenceFile(studyDir: string, file: string): string | null {
  for (const ext of [".nii.gz", ".nii"]) {
    const candidate = file.replace(/_svs\.nii(\.gz)?$/, `_mrsref${ext}`);
    if (candidate !== file && isFile(join(studyDir, candidate))) return candidate;
  }
  return null;
}

/**
 * The unsuppressed water reference per coil, averaged over its transients. Its coils and points
 * must match the spectra (InputError otherwise).
 */
function waterReference(
  bytes: Uint8Array,
  where: string,
  coils: number,
  points: number,
  limits: ReadLimits | undefined,
): Float64Array[] {
  const ref = parseNiftiMrs(bytes, where, limits);
  const unpacked = dynamicTransients(ref, where);
  if (unpacked.coils !== coils || ref.header.points !== points) {
    throw new InputError(
      { file: where },
      `${unpacked.coils} coils × ${ref.header.points} points`,
      `the spectra's ${coils} coils × ${points} points`,
    );
  }
  return Array.from({ length: coils }, (_, c) => {
    const mean = new Float64Array(2 * points);
    for (const dyn of unpacked.transients) {
      const fid = dyn[c] as Float64Array;
      for (let k = 0; k < mean.length; k++) mean[k] = (mean[k] ?? 0) + (fid[k] ?? 0) / unpacked.dynamics;
    }
    return mean;
  });
}

/**
 * Fits one session's dynamic NIfTI-MRS from its files' bytes: transients along DIM_DYN, coils
 * along DIM_COIL; the timing (seconds from the first transient to infusion onset: the header
 * extension's `fmrs_InfusionOnset` or the sidecar's `InfusionOnsetSeconds`, else study.json
 * `raw.first_transient_min`; transients per stored dynamic: `fmrs_TransientsPerDynamic` /
 * `TransientsPerDynamic`, else `raw.averages_per_dynamic`); the water reference beside it when
 * there is one (coil weights, eddy-current correction); the basis resampled to the data; then
 * fitDynamicSeries. Throws InputError naming the file for unusable input.
 */
export function fitNiftiSession(
  input: UnitInput,
  settings: RawRouteSettings,
  blockLengthS: number,
): { fit: DynamicSeriesFit; nifti: NiftiMrs } {
  const data = input.files.data;
  if (data === undefined) throw new Error("nifti-mrs adapter: no data file");
  const where = data.path;
  const nifti = parseNiftiMrs(data.bytes, where, input.limits);
  const h = nifti.header;
  const sidecarFile = input.files.sidecar;
  const sidecar = parseSidecar(sidecarFile?.bytes, sidecarFile?.path ?? "");
  const onsetFromStart =
    headerNumber(h.json.fmrs_InfusionOnset) ?? headerNumber(sidecar.InfusionOnsetSeconds);
  const firstTransientS =
    onsetFromStart !== null
      ? -onsetFromStart
      : settings.first_transient_min !== undefined
        ? settings.first_transient_min * 60
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
  const averages = transientsPerDynamic(nifti, sidecar, settings.averages_per_dynamic);
  const { transients, coils } = dynamicTransients(nifti, where);
  const water = input.files.water;
  const reference =
    water === undefined ? null : waterReference(water.bytes, water.path, coils, h.points, input.limits);
  const basisFiles = Object.entries(input.files)
    .filter(([key]) => key.startsWith("basis:"))
    .map(([key, f]) => ({ name: key.slice("basis:".length), ...f }));
  const basisKey = input.sources
    .filter((s) => basisFiles.some((f) => s.path.endsWith(`/${f.name}.json`)))
    .map((s) => s.sha256)
    .join(",");
  const sampling = { dwellS: h.dwellS, points: h.points, centreMHz: h.f0MHz };
  const lcm = input.files.lcmbasis;
  const basis =
    lcm === undefined
      ? basisFromFiles(basisFiles, settings.basis, sampling, basisKey)
      : resampledBasis(
          parseLcmodelBasis(text(lcm.bytes, "latin1"), lcm.path).basis,
          lcm.path,
          sampling,
          `lcm:${input.sources.find((x) => lcm.path.endsWith(x.path.slice("bids::".length)))?.sha256 ?? lcm.path}`,
        );
  const fit = fitDynamicSeries(
    {
      transients,
      dwellS: h.dwellS,
      centreMHz: h.f0MHz,
      repetitionTimeS: h.repetitionTimeS * averages,
      firstTransientTimeS: firstTransientS,
      ...(reference === null ? {} : { waterReference: reference }),
    },
    basis,
    {
      blockLengthS,
      outlierThreshold: settings.outlier_threshold,
      fit: {
        ppmRange: settings.fit_ppm_range,
        ...(settings.baseline_ed_per_ppm === undefined
          ? {}
          : { baselineEdPerPpm: settings.baseline_ed_per_ppm }),
      },
    },
  );
  return { fit, nifti };
}

/**
 * The named problems of a fitted block: every transient rejected, then each problem the spectral
 * fit named, as "fit <code>: <message>" (they fail the block in QC with these reasons).
 */
export function blockProblems(b: DynamicBlockFit): string[] {
  const named = (b.problems as readonly (string | { code: string; message: string })[]).map((p) =>
    typeof p === "string" ? p : `fit ${p.code}: ${p.message}`,
  );
  return [...new Set([...(b.n_transients === 0 ? [ALL_REJECTED] : []), ...named])];
}

/**
 * The raw route (`*_svs.nii[.gz]`, fitted here): reads the spectra, their sidecar and water
 * reference when present, and every basis file; fits them (study.json `raw` and
 * `block_length_min`, nothing else) and writes the fitted blocks, the fitted spectra for plots,
 * the transient decisions and the acquisition summary.
 */
export const niftiMrsAdapter: RouteAdapter = {
  name: "nifti-mrs",
  format: "NIfTI-MRS",
  plan(studyDir, session, study) {
    const file = session.mrs_file;
    if (study.raw === undefined) {
      throw new InputError(
        { file: join(studyDir, "study.json"), field: "raw" },
        `missing, but ${file} holds raw spectra`,
        'a "raw" section naming the basis set folder, e.g. { "basis": "basis" }',
      );
    }
    const inputs = [{ key: "data", path: join(studyDir, file), uri: studyUri(file) }];
    const sidecar = file.replace(/\.nii(\.gz)?$/, ".json");
    if (isFile(join(studyDir, sidecar)))
      inputs.push({ key: "sidecar", path: join(studyDir, sidecar), uri: studyUri(sidecar) });
    const water = waterReferenceFile(studyDir, file);
    if (water !== null) inputs.push({ key: "water", path: join(studyDir, water), uri: studyUri(water) });
    // The basis: a folder of FSL-MRS JSON files, or one LCModel .BASIS file (or a folder holding one).
    const basisPath = join(studyDir, study.raw.basis);
    const isLcm = (f: string) => /\.basis$/i.test(f);
    if (isFile(basisPath)) {
      if (!isLcm(basisPath))
        throw new InputError(
          { file: basisPath, field: "raw.basis" },
          "not a basis set",
          "a folder of FSL-MRS JSON files or an LCModel .BASIS file",
        );
      inputs.push({ key: "lcmbasis", path: basisPath, uri: studyUri(study.raw.basis) });
    } else {
      const json = filesIn(basisPath, ".json");
      const lcm = filesIn(basisPath).filter(isLcm);
      if (lcm.length > 0 && json.length > 0)
        throw new InputError(
          { file: basisPath, field: "raw.basis" },
          `holds both FSL-MRS JSON files and an LCModel basis (${lcm.join(", ")})`,
          "one kind of basis set per folder",
        );
      if (lcm.length > 1)
        throw new InputError(
          { file: basisPath, field: "raw.basis" },
          `holds ${lcm.length} LCModel basis files`,
          "one",
        );
      if (json.length === 0 && lcm.length === 0)
        throw new InputError(
          { file: basisPath, field: "raw.basis" },
          "basis set not found, or it holds no basis files",
          "a folder of FSL-MRS basis JSON files (one per metabolite) or an LCModel .BASIS file",
        );
      for (const f of lcm) {
        const rel = posix.join(study.raw.basis, f);
        inputs.push({ key: "lcmbasis", path: join(studyDir, rel), uri: studyUri(rel) });
      }
      for (const f of json) {
        const rel = posix.join(study.raw.basis, f);
        inputs.push({ key: `basis:${f.slice(0, -5)}`, path: join(studyDir, rel), uri: studyUri(rel) });
      }
    }
    return {
      inputs,
      study: ["raw", "block_length_min"],
      outputs: ["fitSpectra", "transients"],
      // How raw spectra are fitted (water removal, baseline flexibility, bounds, quality
      // thresholds) and how transients are rejected besides the study's threshold, for provenance
      // and Methods; a change of method refits.
      // spectral_fit records the values in force (the study's baseline flexibility when it sets one).
      parameters: {
        spectral_fit:
          study.raw.baseline_ed_per_ppm === undefined
            ? FIT_DEFAULTS
            : { ...FIT_DEFAULTS, baselineEdPerPpm: study.raw.baseline_ed_per_ppm },
        transient_rejection: OUTLIER_DEFAULTS,
      },
    };
  },
  read(input, session: AdapterSession) {
    const settings = input.study.raw as RawRouteSettings;
    const blockLengthS = (input.study.block_length_min as number) * 60;
    const { fit, nifti } = fitNiftiSession(input, settings, blockLengthS);
    const spectra = fit.blocks.flatMap((b) =>
      b.plot === null
        ? []
        : Array.from(b.plot.ppm, (ppm, k) => ({
            block: b.block,
            ppm,
            data: b.plot?.data[k] ?? 0,
            fit: b.plot?.fit[k] ?? 0,
            baseline: b.plot?.baseline[k] ?? 0,
          })),
    );
    const blocks: FittedBlock[] = fit.blocks.map((b) => ({
      block: b.block,
      t_start_s: b.t_start_s,
      t_end_s: b.t_end_s,
      fwhm_hz: b.fwhm_hz,
      snr: b.snr,
      values: b.values,
      crlb_pct: b.crlb_pct,
      residual_to_noise: b.residual_to_noise ?? null,
      problems: blockProblems(b),
    }));
    return [
      { name: "fitBlocks", session, rows: fitBlockRows(blocks, session) },
      { name: "fitSpectra", session, rows: spectra },
      {
        name: "transients",
        session,
        rows: fit.transients.map((t) => ({
          transient: t.index,
          kept: t.kept,
          reason: t.reason ?? "",
          shift_hz: t.shift_hz,
          phase_rad: t.phase_rad,
        })),
      },
      { name: "acquisition", session, json: acquisitionOf(nifti, session) },
    ];
  },
};
