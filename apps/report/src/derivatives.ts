import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { derivativesLayout, readArrowFile, sha256 } from "@fmrs/io";
import {
  AcquisitionFile,
  BlockOutcomeRow,
  FitSpectrumRow,
  InputError,
  OutcomeRow,
  Results,
  StudyConfig,
  TimeseriesRow,
} from "@fmrs/schema";
import { compareLabels } from "@fmrs/trial";
import type { z } from "zod";
import { FIT_SPECTRA_SUFFIX, TIMESERIES_SUFFIX } from "./fitSpectra";

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

/** Everything the report reads, each file zod-parsed. */
export interface Derivatives {
  readonly results: Results;
  readonly study: StudyConfig;
  readonly outcomes: readonly OutcomeRow[];
  readonly blocks: readonly BlockOutcomeRow[];
  readonly timeseries: readonly SessionTable<TimeseriesRow>[];
  readonly spectra: readonly SessionTable<FitSpectrumRow>[];
  /** acquisition.json, or null when the derivatives have none. */
  readonly acquisition: AcquisitionFile | null;
  /** Every file read, sorted by path. */
  readonly inputs: readonly ReportInput[];
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

/** Per-session files under sub-*\/ses-*\/mrs/ ending with `suffix`, in natural order. */
function sessionFiles(dir: string, suffix: string): { rel: string; participant: string; session: string }[] {
  const out: { rel: string; participant: string; session: string }[] = [];
  if (!existsSync(dir)) return out;
  for (const sub of readdirSync(dir).filter((d) => d.startsWith("sub-"))) {
    const subDir = join(dir, sub);
    if (!statSync(subDir).isDirectory()) continue;
    for (const ses of readdirSync(subDir).filter((d) => d.startsWith("ses-"))) {
      const mrs = join(subDir, ses, "mrs");
      if (!existsSync(mrs) || !statSync(mrs).isDirectory()) continue;
      for (const f of readdirSync(mrs).filter((n) => n.endsWith(suffix))) {
        out.push({ rel: [sub, ses, "mrs", f].join("/"), participant: sub, session: ses });
      }
    }
  }
  return out.sort(
    (a, b) =>
      compareLabels(a.participant, b.participant) ||
      compareLabels(a.session, b.session) ||
      (a.rel < b.rel ? -1 : 1),
  );
}

/**
 * Reads the derivatives folder the report is built from: results.json, study.json, outcomes.arrow
 * and outcome_blocks.arrow (required), every per-session time series and fitted-spectra table,
 * and acquisition.json (optional). Every file is zod-parsed (a bad derivative throws InputError
 * naming the file, and the row and field where it can) and hashed (sha256) for the provenance.
 */
export function readDerivatives(dir: string): Derivatives {
  const layout = derivativesLayout(dir);
  const inputs: ReportInput[] = [];
  const hashed = (path: string) => {
    const bytes = readFileSync(path);
    const rel = path.slice(dir.length).split(sep).join("/").replace(/^\/+/, "");
    inputs.push({ path: rel, bytes: bytes.length, sha256: sha256(bytes) });
  };
  const results = readResults(dir);
  hashed(layout.results);
  const study = readJsonFile(layout.study, StudyConfig, "run the ingest stage first");
  hashed(layout.study);
  const outcomes = readArrowFile(requireFile(layout.outcomes, "run the outcomes stage first"), OutcomeRow);
  hashed(layout.outcomes);
  const blocks = readArrowFile(
    requireFile(layout.outcomeBlocks, "run the outcomes stage first"),
    BlockOutcomeRow,
  );
  hashed(layout.outcomeBlocks);
  const acquisitionPath = layout.acquisition;
  let acquisition: AcquisitionFile | null = null;
  if (existsSync(acquisitionPath)) {
    acquisition = readJsonFile(acquisitionPath, AcquisitionFile, "");
    hashed(acquisitionPath);
  }
  const timeseries = sessionFiles(dir, TIMESERIES_SUFFIX).map((f) => {
    const path = join(dir, ...f.rel.split("/"));
    const rows = readArrowFile(path, TimeseriesRow);
    hashed(path);
    return { participant_id: f.participant, session_id: f.session, file: f.rel, rows };
  });
  const spectra = sessionFiles(dir, FIT_SPECTRA_SUFFIX).map((f) => {
    const path = join(dir, ...f.rel.split("/"));
    const rows = readArrowFile(path, FitSpectrumRow);
    hashed(path);
    return { participant_id: f.participant, session_id: f.session, file: f.rel, rows };
  });
  inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { results, study, outcomes, blocks, timeseries, spectra, acquisition, inputs };
}
