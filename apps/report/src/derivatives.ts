import { existsSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { readArrowBytes, readArrowFile, sha256 } from "@fmrs/io";
import { OUTPUTS, outputPath, sidecarOf } from "@fmrs/pipeline";
import {
  type AcquisitionFile,
  AcquisitionRecord,
  BlockOutcomeRow,
  FitBlockRow,
  FitSpectrumRow,
  InputError,
  OutcomeRow,
  Results,
  SessionRecord,
  SourceFile,
  StudyConfig,
  TransientRow,
} from "@fmrs/schema";
import { compareLabels } from "@fmrs/trial";
import { z } from "zod";

/** One per-session derivative table found under `sub-*\/ses-*\/mrs/`. */
export interface SessionTable<Row> {
  readonly participant_id: string;
  readonly session_id: string;
  /** Path relative to the derivatives folder, with forward slashes. */
  readonly file: string;
  readonly rows: readonly Row[];
}

/** A file the report was built from: relative path, size and sha256. */
export interface ReportInput {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** A raw input of the study (a BIDS URI of the source dataset) with its sha256, and which table recorded it. */
export interface RawInput {
  readonly uri: string;
  readonly sha256: string;
  readonly recorded_in: string;
}

const Sidecar = z.looseObject({
  Provenance: z.looseObject({ sources: z.array(SourceFile) }),
});

/** Everything the report reads, each file zod-parsed. */
export interface Derivatives {
  readonly results: Results;
  readonly study: StudyConfig;
  readonly outcomes: readonly OutcomeRow[];
  readonly blocks: readonly BlockOutcomeRow[];
  /** Each session's blocks (from outcome_blocks.arrow), for sessions with MRS. */
  readonly timeseries: readonly SessionTable<BlockOutcomeRow>[];
  readonly spectra: readonly SessionTable<FitSpectrumRow>[];
  /** Each session's fitted blocks (desc-fit_blocks.arrow, every route): block quality, fit quality and problems. */
  readonly fitBlocks: readonly SessionTable<FitBlockRow>[];
  /** Each raw-route session's transient decisions (desc-transients.arrow). */
  readonly transients: readonly SessionTable<TransientRow>[];
  /** What each session's fit recorded in its fitted-blocks file's metadata: parameters and sources (the raw route's spectral settings). */
  readonly fitProvenance: readonly FitProvenanceOf[];
  /** The sessions' acquisition summaries (the fit's per-session files), or null when there are none. */
  readonly acquisition: AcquisitionFile | null;
  /** Every file read, sorted by path. */
  readonly inputs: readonly ReportInput[];
  /**
   * Every raw input of the study (BIDS URIs `bids::…` of the source dataset: participants and
   * sessions files, phenotype, MRS files, basis set) with the sha256 the pipeline recorded when it
   * read it, from the provenance of the tables' JSON sidecars; sorted by URI, each once.
   */
  readonly rawInputs: readonly RawInput[];
}

/** The provenance a fit stored in a session's fitted-blocks Arrow metadata (the parameters it ran with, its sources). */
export const FitProvenance = z.looseObject({
  parameters: z.record(z.string(), z.unknown()),
  sources: z.array(z.looseObject({ path: z.string(), sha256: z.string() })).default([]),
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
export interface FitProvenanceOf {
  readonly participant_id: string;
  readonly session_id: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly sources: readonly { readonly path: string; readonly sha256: string }[];
}

/** Reads and zod-parses a JSON derivative; a missing, malformed or mismatching file fails naming it. */
export function readJsonFile<S extends z.ZodType>(path: string, schema: S, hint: string): z.infer<S> {
  if (!existsSync(path)) throw new InputError({ file: path }, `not found: ${hint}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InputError({ file: path }, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InputError(
      { file: path, field: first?.path.join(".") ?? "" },
      first?.message ?? "does not match its schema",
    );
  }
  return parsed.data;
}

/** Reads and zod-parses results.json; a bad file fails the build with its name. */
export function readResults(derivativesDir: string): Results {
  return readJsonFile(join(derivativesDir, "results.json"), Results, "run the analyse stage first");
}

function requireFile(path: string, hint: string): string {
  if (!existsSync(path)) throw new InputError({ file: path }, `not found: ${hint}`);
  return path;
}

/**
 * Reads the derivatives folder the report is built from: results.json, study.json, outcomes.arrow
 * and outcome_blocks.arrow (required), every per-session time series and fitted-spectra table,
 * and acquisition.json (optional). Every file is zod-parsed (a bad derivative throws InputError
 * naming the file, and the row and field where it can) and hashed (sha256) for the provenance.
 */
export function readDerivatives(dir: string): Derivatives {
  const inputs: ReportInput[] = [];
  const hashed = (path: string) => {
    const bytes = readFileSync(path);
    const rel = path.slice(dir.length).split(sep).join("/").replace(/^\/+/, "");
    inputs.push({ path: rel, bytes: bytes.length, sha256: sha256(bytes) });
  };
  const table = <S extends z.ZodObject>(name: "sessions" | "outcomes" | "outcomeBlocks", schema: S) => {
    const path = requireFile(outputPath(dir, name), `run the ${OUTPUTS[name].stage} stage first`);
    const rows = readArrowFile(path, schema);
    hashed(path);
    return rows;
  };
  const results = readResults(dir);
  hashed(outputPath(dir, "results"));
  const study = readJsonFile(outputPath(dir, "study"), StudyConfig, "run the report stage first");
  hashed(outputPath(dir, "study"));
  const sessions = table("sessions", SessionRecord)
    .filter((s) => s.mrs_adapter !== null)
    .sort(
      (a, b) =>
        compareLabels(a.participant_id, b.participant_id) || compareLabels(a.session_id, b.session_id),
    );
  const outcomes = table("outcomes", OutcomeRow);
  const blocks = table("outcomeBlocks", BlockOutcomeRow);
  const records: AcquisitionRecord[] = [];
  for (const s of sessions) {
    const path = outputPath(dir, "acquisition", s);
    if (!existsSync(path)) continue;
    records.push(readJsonFile(path, AcquisitionRecord, ""));
    hashed(path);
  }
  const acquisition: AcquisitionFile | null = records.length === 0 ? null : { sessions: records };
  const timeseries = sessions.flatMap((s) => {
    const rows = blocks.filter((b) => b.participant_id === s.participant_id && b.session_id === s.session_id);
    return rows.length === 0
      ? []
      : [
          {
            participant_id: s.participant_id,
            session_id: s.session_id,
            file: OUTPUTS.outcomeBlocks.file,
            rows,
          },
        ];
  });
  const spectra = sessions.flatMap((s) => {
    const path = outputPath(dir, "fitSpectra", s);
    if (!existsSync(path)) return [];
    const rows = readArrowFile(path, FitSpectrumRow);
    hashed(path);
    const file = path.slice(dir.length).split(sep).join("/").replace(/^\/+/, "");
    return [{ participant_id: s.participant_id, session_id: s.session_id, file, rows }];
  });
  const relative = (path: string) => path.slice(dir.length).split(sep).join("/").replace(/^\/+/, "");
  const transients = sessions.flatMap((s) => {
    const path = outputPath(dir, "transients", s);
    if (!existsSync(path)) return [];
    const rows = readArrowFile(path, TransientRow);
    hashed(path);
    return [{ participant_id: s.participant_id, session_id: s.session_id, file: relative(path), rows }];
  });
  // The fitted blocks, with the provenance the fit stored in the file's metadata (the parameters
  // it ran with and its sources), which the spectral Methods state.
  const fitBlocks: SessionTable<FitBlockRow>[] = [];
  const fitProvenance: FitProvenanceOf[] = [];
  for (const s of sessions) {
    const path = outputPath(dir, "fitBlocks", s);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    let decoded: ReturnType<typeof readArrowBytes>;
    try {
      decoded = readArrowBytes(bytes);
    } catch (error) {
      throw new InputError({ file: path }, `not a readable Arrow IPC file (${(error as Error).message})`);
    }
    const rows = decoded.rows.map((row, i) => {
      const parsed = FitBlockRow.safeParse(row);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new InputError(
          { file: path, line: i + 1, field: first?.path.join(".") ?? "" },
          first?.message ?? "does not match its schema",
        );
      }
      return parsed.data;
    });
    hashed(path);
    const ids = { participant_id: s.participant_id, session_id: s.session_id };
    fitBlocks.push({ ...ids, file: relative(path), rows });
    const meta = decoded.metadata.get("provenance");
    const prov = meta === undefined ? null : FitProvenance.safeParse(safeJson(meta));
    if (prov?.success) fitProvenance.push({ ...ids, ...prov.data });
  }
  const raw = new Map<string, RawInput>();
  const sidecars = [
    outputPath(dir, "sessions"),
    outputPath(dir, "outcomes"),
    ...sessions.map((s) => outputPath(dir, "fitBlocks", s)),
  ].map(sidecarOf);
  for (const path of sidecars) {
    if (!existsSync(path)) continue;
    const rel = path.slice(dir.length).split(sep).join("/").replace(/^\/+/, "");
    const car = readJsonFile(path, Sidecar, "");
    hashed(path);
    for (const src of car.Provenance.sources) {
      if (!src.path.startsWith("bids::") || raw.has(src.path)) continue;
      raw.set(src.path, { uri: src.path, sha256: src.sha256, recorded_in: rel });
    }
  }
  const rawInputs = [...raw.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    results,
    study,
    outcomes,
    blocks,
    timeseries,
    spectra,
    fitBlocks,
    transients,
    fitProvenance,
    acquisition,
    inputs,
    rawInputs,
  };
}
