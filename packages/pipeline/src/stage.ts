import type { ReadLimits } from "@fmrs/formats";
import type { AnyStudyConfig, BeliefStudyConfig, GeneratedBy, SourceFile, StudyConfig } from "@fmrs/schema";
import type { z } from "zod";
import type { OutputName, SessionIds, StageName } from "./layout";

/** A top-level field of study.json (of either study kind). */
export type StudyField = keyof StudyConfig | keyof BeliefStudyConfig;

/** The study.json fields a unit declared, as its run function gets them (fields of its kind only). */
export type StudyFields = Readonly<Partial<Omit<StudyConfig, "kind">>> &
  Readonly<Partial<Omit<BeliefStudyConfig, "kind">>> & { readonly kind?: AnyStudyConfig["kind"] };

/** An input file of a unit: the key the run function knows it by, its path, and its provenance URI. */
export interface InputFile {
  readonly key: string;
  readonly path: string;
  /** BIDS URI: `bids::<rel>` in the study, `bids:fmrs-crossover:<rel>` in the derivatives. */
  readonly uri: string;
}

/** An output a unit declares: a layout name (and the session, for per-session files). */
export interface PlannedOutput {
  readonly name: OutputName;
  readonly session?: SessionIds;
}

/**
 * One unit of work of a stage: the whole stage (id "") or one session of the fit. Its key is the
 * sha256 of the stage name, the code version, the sha256 of each input file, the study.json
 * fields it reads (their values) and its parameters; a unit whose key and outputs are unchanged
 * is skipped.
 */
export interface Unit {
  readonly id: string;
  readonly inputs: readonly InputFile[];
  /** The study.json fields the unit reads: only these are passed to run and enter the key. */
  readonly study: readonly StudyField[];
  /** Plain JSON data for run (and the key), e.g. the session and its adapter. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly outputs: readonly PlannedOutput[];
  /**
   * The participant the unit belongs to (e.g. "sub-01"): required for the units of parallel
   * (participant-level) stages, which `fmrs participant --participant-label` selects by it.
   */
  readonly participant?: string;
  /**
   * Data planning already parsed (e.g. ingest's validated study folder), handed to run in this
   * thread; not part of the key (the inputs it came from are) and never sent to a worker.
   */
  readonly payload?: unknown;
}

/** What a run function gets: plain data only, so it can cross to a worker thread. */
export interface UnitInput {
  readonly stage: StageName;
  readonly id: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The study.json fields the unit declared (and only those). */
  readonly study: StudyFields;
  /** Each input file by its key: the path (for messages) and the bytes. */
  readonly files: Readonly<Record<string, { readonly path: string; readonly bytes: Uint8Array }>>;
  /** The inputs as provenance records them (URI and sha256), sorted by URI. */
  readonly sources: readonly SourceFile[];
  /** The software, for outputs that carry their own provenance (results.json). */
  readonly generatedBy: readonly GeneratedBy[];
  /** The unit's payload (in-thread stages only). */
  readonly payload?: unknown;
  /** Memory budget and JSON depth limit for readers (from FMRS_MAX_INPUT_MB etc.); defaults when absent. */
  readonly limits?: ReadLimits;
}

/**
 * One output a run function returns; the runner writes it atomically where the layout says. A
 * `warning` is not a file: the runner logs it (e.g. a glx.tsv column that looks misspelt).
 */
export type Output =
  | { readonly warning: string }
  | { readonly name: OutputName; readonly session?: SessionIds; readonly rows: readonly object[] }
  | { readonly name: OutputName; readonly session?: SessionIds; readonly json: unknown }
  | { readonly name: OutputName; readonly session?: SessionIds; readonly text: string };

/** What planning may look at: the study folder, the derivatives so far, and the study config. */
export interface PlanEnv {
  readonly studyDir: string;
  readonly root: string;
  readonly study: AnyStudyConfig;
  /** Reads (and zod-parses) a table an earlier stage wrote. */
  readTable<S extends z.ZodObject>(name: OutputName, schema: S, session?: SessionIds): z.infer<S>[];
}

/**
 * A stage as a declared value: its name, what it does, how it splits into units (each with its
 * inputs, study.json fields, parameters and outputs), and a run function from a unit's input to
 * its outputs that touches no filesystem, clock or global state.
 */
export interface Stage {
  readonly name: StageName;
  readonly description: string;
  /** The study.json fields any unit of the stage may read (the union of its units'). */
  readonly study: readonly StudyField[];
  plan(env: PlanEnv): readonly Unit[];
  run(input: UnitInput): readonly Output[] | Promise<readonly Output[]>;
  /** True when the units are independent and may run on worker threads. */
  readonly parallel?: boolean;
  /**
   * One line for the log from the units that ran, how many were up to date, and (in-thread
   * stages only; [] for parallel ones) the outputs of the units that ran.
   */
  summary?(ran: readonly Unit[], skipped: number, outputs: readonly (readonly Output[])[]): string;
}

/** Picks the declared study.json fields (undefined ones left out). */
export function pickStudy(study: AnyStudyConfig, fields: readonly StudyField[]): StudyFields {
  const all = study as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const f of [...fields].sort()) if (all[f] !== undefined) out[f] = all[f];
  return out as StudyFields;
}

/** The study as the fMRS crossover's config; an Error when a stage of that kind is given another kind. */
export function fmrsStudy(study: AnyStudyConfig): StudyConfig {
  if (study.kind !== "fmrs-crossover")
    throw new Error(`an fMRS crossover stage was given a ${study.kind} study`);
  return study;
}
