import type { ReadLimits } from "@fmrs/formats";
import {
  canonicalJson,
  inputKey,
  isUpToDate,
  readArrowFile,
  readFileBytes,
  readInputFile,
  removeStaleTemporaryFiles,
  sha256,
  tableSpecFromSchema,
  writeArrowFile,
  writeFileAtomic,
  writeStageRecord,
} from "@fmrs/io";
import {
  type AnyStudyConfig,
  columnDictionary,
  type GeneratedBy,
  InputError,
  type Provenance,
  type SourceFile,
} from "@fmrs/schema";
import {
  OUTPUTS,
  type OutputName,
  outputPath,
  type SessionIds,
  STAGE_NAMES,
  type StageName,
  sidecarOf,
  stageRecordPath,
} from "./layout";
import { type Output, type PlanEnv, pickStudy, type Stage, type Unit, type UnitInput } from "./stage";

/**
 * Runs units elsewhere (worker threads): calls onDone with each unit's outputs as soon as it has
 * them (in any order), resolves when all are done, rejects with the first failure.
 */
export type Executor = (
  stage: StageName,
  tasks: readonly UnitInput[],
  onDone: (index: number, outputs: readonly Output[]) => void,
) => Promise<void>;

/** Where log lines go. */
export type RunLog = (stage: string, message: string, level: "info" | "warn") => void;

export interface RunOptions {
  readonly studyDir: string;
  /** The derivatives folder. */
  readonly root: string;
  /** The validated study.json. */
  readonly study: AnyStudyConfig;
  /** The stage graph, in order. */
  readonly graph: readonly Stage[];
  /** The stages to run (default all), e.g. from selectStages. */
  readonly stages?: readonly StageName[];
  /** Redo every unit even when its key is unchanged. */
  readonly force?: boolean;
  /** The code version in every key (e.g. package version + sha256 of the bundle). */
  readonly version: string;
  readonly generatedBy: readonly GeneratedBy[];
  /** Runs the units of parallel stages (default: one after another in this thread). */
  readonly executor?: Executor;
  readonly log?: RunLog;
  /** Memory budget and JSON depth limit for reading inputs (default the readers' defaults). */
  readonly limits?: ReadLimits;
  /** Called as each unit of a stage that had to run finishes (progress: done of total to run). */
  readonly onUnitDone?: (stage: StageName, unit: string, done: number, total: number) => void;
}

/** What one stage did. */
export interface StageRun {
  readonly stage: StageName;
  /** Ids of the units that ran ("" for a whole-stage unit). */
  readonly ran: readonly string[];
  readonly skipped: number;
  readonly detail: string;
}

/**
 * The stages `--from` (inclusive) or `--only` select from a kind's stage names (default the fMRS
 * crossover's); all when neither is given. A stage the kind does not have is an InputError.
 */
export function selectStages(
  options: { from?: StageName; only?: StageName },
  names: readonly StageName[] = STAGE_NAMES,
): StageName[] {
  for (const s of [options.from, options.only])
    if (s !== undefined && !names.includes(s))
      throw new InputError(
        { file: "study.json", field: "kind" },
        `this study kind has no stage ${s}`,
        `one of ${names.join(", ")}`,
      );
  if (options.only !== undefined) return [options.only];
  return names.slice(options.from === undefined ? 0 : names.indexOf(options.from));
}

interface Prepared {
  readonly unit: Unit;
  readonly key: string;
  readonly record: string;
  readonly input: UnitInput;
}

function prepare(stage: Stage, unit: Unit, options: RunOptions): Prepared {
  const files: Record<string, { path: string; bytes: Uint8Array }> = {};
  const sources: SourceFile[] = [];
  for (const f of unit.inputs) {
    const bytes = readFileBytes(f.path);
    if (bytes === null)
      throw new InputError(
        { file: f.path },
        f.uri.startsWith("bids:fmrs-crossover:") ? "not found: run the earlier stages first" : "not found",
      );
    files[f.key] = { path: f.path, bytes };
    sources.push({ path: f.uri, sha256: sha256(bytes) });
  }
  sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const study = pickStudy(options.study, unit.study);
  const key = inputKey(stage.name, options.version, sources, { study, parameters: unit.parameters });
  return {
    unit,
    key,
    record: stageRecordPath(options.root, stage.name, unit.id),
    input: {
      stage: stage.name,
      id: unit.id,
      parameters: unit.parameters,
      study,
      files,
      sources,
      generatedBy: options.generatedBy,
      ...(unit.payload === undefined ? {} : { payload: unit.payload }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    },
  };
}

function outputKey(name: OutputName, session?: SessionIds): string {
  return session === undefined ? name : `${name}/${session.participant_id}/${session.session_id}`;
}

/** Writes a unit's outputs atomically where the layout puts them, then its record. */
function writeOutputs(stage: Stage, p: Prepared, all: readonly Output[], options: RunOptions): void {
  const outputs: Exclude<Output, { warning: string }>[] = [];
  for (const o of all) {
    if ("warning" in o) options.log?.(stage.name, o.warning, "warn");
    else outputs.push(o);
  }
  const planned = new Set(p.unit.outputs.map((o) => outputKey(o.name, o.session)));
  const returned = new Set(outputs.map((o) => outputKey(o.name, o.session)));
  const missing = [...planned].filter((k) => !returned.has(k));
  const extra = [...returned].filter((k) => !planned.has(k));
  if (missing.length > 0 || extra.length > 0)
    throw new Error(
      `stage ${stage.name}${p.unit.id ? ` (${p.unit.id})` : ""}: outputs differ from its declaration (missing ${missing.join(", ") || "none"}; undeclared ${extra.join(", ") || "none"})`,
    );
  const provenance: Provenance = {
    generated_by: [...options.generatedBy],
    stage: stage.name,
    sources: [...p.input.sources],
    parameters: { ...p.input.study, ...p.unit.parameters },
    input_key: p.key,
  };
  const written: string[] = [];
  for (const o of outputs) {
    const spec = OUTPUTS[o.name];
    const path = outputPath(options.root, o.name, o.session);
    if ("rows" in o) {
      if (spec.kind !== "table") throw new Error(`${o.name} is not a table`);
      const rows = o.rows as readonly Record<string, unknown>[];
      // Arrow IPC and, from the same table, Parquet beside it (x.parquet).
      const tables = writeArrowFile(path, tableSpecFromSchema(spec.schema), rows, provenance);
      const sidecar = sidecarOf(path);
      writeFileAtomic(
        sidecar,
        canonicalJson({
          ...columnDictionary(spec.schema),
          Description: spec.description,
          SortedBy: spec.sortedBy,
          NumRows: rows.length,
          Columns: Object.keys(spec.schema.shape),
          Provenance: provenance,
        }),
      );
      written.push(...tables, sidecar);
    } else if ("json" in o) {
      writeFileAtomic(path, canonicalJson(o.json));
      written.push(path);
    } else {
      writeFileAtomic(path, o.text);
      written.push(path);
    }
  }
  writeStageRecord(p.record, options.root, stage.name, p.key, written);
}

function planEnv(options: RunOptions): PlanEnv {
  return {
    studyDir: options.studyDir,
    root: options.root,
    study: options.study,
    readTable: (name, schema, session) => {
      const path = outputPath(options.root, name, session);
      if (readFileBytes(path) === null)
        throw new InputError({ file: path }, `not found: run the ${OUTPUTS[name].stage} stage first`);
      return readArrowFile(path, schema);
    },
  };
}

async function runStage(stage: Stage, options: RunOptions): Promise<StageRun> {
  const units = stage.plan(planEnv(options));
  const ran: Unit[] = [];
  const outputsOfRan: (readonly Output[])[] = [];
  let skipped = 0;
  // Progress counts the units that run (for parallel stages, those found out of date).
  let total = units.length;
  let done = 0;
  const finished = (p: Prepared) => {
    ran.push(p.unit);
    options.onUnitDone?.(stage.name, p.unit.id, ++done, total);
  };
  if (stage.parallel === true && options.executor !== undefined) {
    const pending: Prepared[] = [];
    for (const unit of units) {
      const p = prepare(stage, unit, options);
      if (!options.force && isUpToDate(p.record, options.root, p.key)) skipped++;
      else pending.push(p);
    }
    total = pending.length;
    if (pending.length > 0)
      await options.executor(
        stage.name,
        pending.map(({ input: { payload: _, ...plain } }) => plain),
        (i, outputs) => {
          const p = pending[i] as Prepared;
          // Each unit is written as soon as it is done: a run killed half way keeps them.
          writeOutputs(stage, p, outputs, options);
          finished(p);
        },
      );
  } else {
    // Units one after another, each prepared just before it runs (a unit may read an earlier one's output).
    for (const unit of units) {
      const p = prepare(stage, unit, options);
      if (!options.force && isUpToDate(p.record, options.root, p.key)) {
        skipped++;
        continue;
      }
      const outputs = await stage.run(p.input);
      writeOutputs(stage, p, outputs, options);
      outputsOfRan.push(outputs);
      finished(p);
    }
  }
  const detail =
    ran.length === 0
      ? "up to date, nothing to do"
      : (stage.summary?.(ran, skipped, outputsOfRan) ??
        `${ran.length} of ${units.length} unit${units.length === 1 ? "" : "s"} ran, ${skipped} up to date`);
  return { stage: stage.name, ran: ran.map((u) => u.id), skipped, detail };
}

/**
 * Runs the selected stages of the graph in order. For each unit of each stage: reads and hashes
 * its declared inputs, derives its key (stage, code version, input sha256s, the study.json fields
 * it declares, its parameters), skips it when the record under stages/ has that key and every
 * recorded output still hashes the same (unless force), otherwise runs it and writes its outputs
 * atomically where the layout says, then the record. Temporary files an interrupted run left
 * behind are removed first. Returns what each stage did.
 */
export async function runPipeline(options: RunOptions): Promise<StageRun[]> {
  const stale = removeStaleTemporaryFiles(options.root);
  if (stale.length > 0)
    options.log?.("run", `removed ${stale.length} temporary files left by an interrupted run`, "warn");
  const selected = new Set(options.stages ?? options.graph.map((s) => s.name));
  const out: StageRun[] = [];
  for (const stage of options.graph) {
    if (!selected.has(stage.name)) continue;
    const r = await runStage(stage, options);
    options.log?.(stage.name, r.detail, "info");
    out.push(r);
  }
  return out;
}
