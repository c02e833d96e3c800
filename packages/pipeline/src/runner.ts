import type { ReadLimits } from "@fmrs/formats";
import {
  arrowFileBytes,
  canonicalJson,
  inputKey,
  isUpToDate,
  readArrowBytes,
  readArrowFile,
  readFileBytes,
  readInputFile,
  readStageRecord,
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
  InputErrors,
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
 * Runs units elsewhere (worker threads): `count` units, each loaded with `task(index)` just before
 * it is sent (so only the units in flight hold their input bytes, whatever the study's size); calls
 * onDone with each unit's outputs as soon as it has them (in any order), resolves when all are
 * done, rejects with the first failure.
 */
export type Executor = (
  stage: StageName,
  count: number,
  task: (index: number) => UnitInput,
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
  /**
   * Which level of the BIDS-App interface to run (default "all": every selected stage).
   * "participant": the participant-level stages only (see splitLevels), for `participants` (default
   * all); the setup stages before them run in memory (their outputs are planned from, not written),
   * and temporary files are left alone (other participants' jobs may be writing beside this one).
   * "group": the setup stages and the group-level stages, after checking that every
   * participant-level unit is up to date (InputErrors listing each one missing or stale otherwise).
   */
  readonly level?: "all" | "participant" | "group";
  /** Participant level: the participants (ids as the units name them, e.g. "sub-01") to run. */
  readonly participants?: readonly string[];
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

/** Outputs kept in memory (participant level's setup stages), by outputKey. */
type Memory = Map<string, Exclude<Output, { warning: string }>>;

function planEnv(options: RunOptions, memory?: Memory): PlanEnv {
  return {
    studyDir: options.studyDir,
    root: options.root,
    study: options.study,
    readTable: (name, schema, session) => {
      const held = memory?.get(outputKey(name, session));
      if (held !== undefined && "rows" in held) {
        // Through Arrow bytes, exactly as the file would be read (same types, same nulls).
        const spec = OUTPUTS[name];
        if (spec.kind !== "table") throw new Error(`${name} is not a table`);
        const bytes = arrowFileBytes(
          tableSpecFromSchema(spec.schema),
          held.rows as readonly Record<string, unknown>[],
        );
        return readArrowBytes(bytes).rows.map((row) => schema.parse(row));
      }
      const path = outputPath(options.root, name, session);
      if (readFileBytes(path) === null)
        throw new InputError({ file: path }, `not found: run the ${OUTPUTS[name].stage} stage first`);
      return readArrowFile(path, schema);
    },
  };
}

/** The stages of a graph by level of the BIDS-App interface. */
export interface Levels {
  /** The stages before the first participant-level stage (e.g. ingest): what participant units are planned from. */
  readonly setup: readonly Stage[];
  /** Stages whose units are independent and each belong to one participant (e.g. the fit). */
  readonly participant: readonly Stage[];
  /** Every stage that is not participant level (setup included): run once for the study. */
  readonly group: readonly Stage[];
}

/**
 * Splits a stage graph into levels: participant level = the parallel stages (independent units,
 * each declaring its participant), group level = the rest, setup = the group stages before the
 * first participant-level one. Generic over the graph, so any study kind's graph splits the same way.
 */
export function splitLevels(graph: readonly Stage[]): Levels {
  const first = graph.findIndex((s) => s.parallel === true);
  return {
    setup: first < 0 ? [] : graph.slice(0, first),
    participant: graph.filter((s) => s.parallel === true),
    group: graph.filter((s) => s.parallel !== true),
  };
}

/** A participant-level unit and whether its derivatives are there and current. */
export interface UnitStatus {
  readonly stage: StageName;
  readonly unit: string;
  readonly participant: string;
  /** done: record and outputs match the inputs; missing: never written (or outputs gone); stale: inputs changed since. */
  readonly state: "done" | "missing" | "stale";
  /** Why it is missing or stale (empty when done). */
  readonly reason: string;
}

function unitState(p: Prepared, root: string): Pick<UnitStatus, "state" | "reason"> {
  const record = readStageRecord(p.record);
  if (record === null) return { state: "missing", reason: "no record (the participant level has not run)" };
  const gone = Object.keys(record.outputs).filter((rel) => readFileBytes(`${root}/${rel}`) === null);
  if (gone.length > 0) return { state: "missing", reason: `output missing: ${gone.sort().join(", ")}` };
  if (record.input_key !== p.key)
    return { state: "stale", reason: "its inputs, settings or the software changed since it ran" };
  if (!isUpToDate(p.record, root, p.key))
    return { state: "stale", reason: "an output was changed since it was written" };
  return { state: "done", reason: "" };
}

function participantOf(stage: Stage, unit: Unit): string {
  if (unit.participant === undefined)
    throw new Error(`stage ${stage.name} (${unit.id}): a parallel stage's unit must declare its participant`);
  return unit.participant;
}

async function runStage(stage: Stage, options: RunOptions, memory?: Memory): Promise<StageRun> {
  const inMemory = options.level === "participant" && stage.parallel !== true;
  let units = stage.plan(planEnv(options, memory));
  if (options.level === "participant" && stage.parallel === true && options.participants !== undefined) {
    const wanted = new Set(options.participants);
    units = units.filter((u) => wanted.has(participantOf(stage, u)));
  }
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
  if (inMemory) {
    // Participant level's setup: run (never skipped, nothing written) so the participant units can be planned.
    for (const unit of units) {
      const p = prepare(stage, unit, options);
      for (const o of await stage.run(p.input))
        if (!("warning" in o)) memory?.set(outputKey(o.name, o.session), o);
    }
    return { stage: stage.name, ran: [], skipped: 0, detail: "checked (in memory, nothing written)" };
  }
  if (stage.parallel === true && options.executor !== undefined) {
    const pending: Prepared[] = [];
    for (const unit of units) {
      const p = prepare(stage, unit, options);
      if (!options.force && isUpToDate(p.record, options.root, p.key)) skipped++;
      // Kept without its input bytes: memory stays flat however many sessions the study has.
      else pending.push({ ...p, input: { ...p.input, files: {} } });
    }
    total = pending.length;
    if (pending.length > 0)
      await options.executor(
        stage.name,
        pending.length,
        (i) => {
          // Read again (the bytes of the check above were let go) and held to the hashes in the key.
          const p = pending[i] as Prepared;
          const again = prepare(stage, p.unit, options);
          if (again.key !== p.key)
            throw new InputError(
              { file: p.unit.inputs.map((f) => f.path).join(", ") },
              "changed while the run was reading it",
              "no edits to a study while it runs",
            );
          const { payload: _, ...plain } = again.input;
          return plain;
        },
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
 * The state of every participant-level unit (for `participants`, default all): the setup stages
 * run in memory (nothing is written), then each participant-level unit is planned and its record
 * compared with its inputs. What `fmrs group` checks and what a cluster executor submits from.
 */
export async function participantStatus(
  options: Omit<RunOptions, "level" | "stages">,
): Promise<UnitStatus[]> {
  const levels = splitLevels(options.graph);
  const memory: Memory = new Map();
  const setupOptions: RunOptions = { ...options, level: "participant" };
  for (const stage of levels.setup) await runStage(stage, setupOptions, memory);
  const wanted = options.participants === undefined ? null : new Set(options.participants);
  const out: UnitStatus[] = [];
  for (const stage of levels.participant)
    for (const unit of stage.plan(planEnv(options, memory))) {
      const participant = participantOf(stage, unit);
      if (wanted !== null && !wanted.has(participant)) continue;
      const p = prepare(stage, unit, options);
      out.push({ stage: stage.name, unit: unit.id, participant, ...unitState(p, options.root) });
    }
  return out;
}

/** The participant-level units that are not done, as one InputError each (naming the record). */
function notDoneErrors(status: readonly UnitStatus[], root: string): InputError[] {
  return status
    .filter((s) => s.state !== "done")
    .map(
      (s) =>
        new InputError(
          { file: stageRecordPath(root, s.stage, s.unit) },
          `${s.stage} of ${s.unit.replace("_", " ")} is ${s.state}: ${s.reason}`,
          `the participant level run first: fmrs participant <study> <out> --participant-label ${s.participant.replace(/^sub-/, "")}`,
        ),
    );
}

/**
 * Runs the selected stages of the graph in order. For each unit of each stage: reads and hashes
 * its declared inputs, derives its key (stage, code version, input sha256s, the study.json fields
 * it declares, its parameters), skips it when the record under stages/ has that key and every
 * recorded output still hashes the same (unless force), otherwise runs it and writes its outputs
 * atomically where the layout says, then the record. Temporary files an interrupted run left
 * behind are removed first (not at participant level, where other jobs may be writing). With
 * `level` it runs one level of the BIDS-App interface (see RunOptions.level). Returns what each
 * stage did.
 */
export async function runPipeline(options: RunOptions): Promise<StageRun[]> {
  const level = options.level ?? "all";
  if (level !== "participant") {
    const stale = removeStaleTemporaryFiles(options.root);
    if (stale.length > 0)
      options.log?.("run", `removed ${stale.length} temporary files left by an interrupted run`, "warn");
  }
  const levels = splitLevels(options.graph);
  const selected = new Set(options.stages ?? options.graph.map((s) => s.name));
  const memory: Memory = new Map();
  if (level === "participant" && options.participants !== undefined) {
    // Every label must name a participant with participant-level work.
    for (const stage of levels.setup) await runStage(stage, options, memory);
    const known = new Set(
      levels.participant.flatMap((s) => s.plan(planEnv(options, memory)).map((u) => participantOf(s, u))),
    );
    const unknown = options.participants.filter((p) => !known.has(p));
    if (unknown.length > 0)
      throw new InputErrors(
        unknown.map(
          (p) =>
            new InputError(
              { file: "participants.tsv", field: "participant_id" },
              `--participant-label ${p.replace(/^sub-/, "")}: no participant-level work for ${p}`,
              `one of ${[...known].sort().join(", ") || "(none)"}`,
            ),
        ),
      );
  }
  let checked = 0;
  if (level === "group" && levels.participant.some((s) => selected.has(s.name))) {
    // Checked before anything is written: a refused group level leaves the folder as it was.
    const status = await participantStatus(options);
    const problems = notDoneErrors(status, options.root);
    if (problems.length > 0) throw new InputErrors(problems);
    checked = status.length;
  }
  const out: StageRun[] = [];
  for (const stage of options.graph) {
    if (level === "participant" && !levels.setup.includes(stage) && stage.parallel !== true) continue;
    if (level === "participant" && levels.setup.includes(stage) && memory.size > 0) continue;
    if (level !== "participant" && !selected.has(stage.name)) continue;
    if (level === "group" && stage.parallel === true) {
      options.log?.(stage.name, `${checked} participant-level units up to date`, "info");
      continue;
    }
    const r = await runStage(stage, options, memory);
    if (level === "participant" && levels.setup.includes(stage)) continue;
    options.log?.(stage.name, r.detail, "info");
    out.push(r);
  }
  return out;
}
