import { join } from "node:path";
import {
  BeliefMadrsRecord,
  BeliefParticipantRecord,
  BeliefSessionRecord,
  BeliefSummaryRow,
  BeliefTrialRow,
  BlockMeasureRow,
  BlockOutcomeRow,
  FitBlockRow,
  FitSpectrumRow,
  LearningRateRow,
  MadrsRecord,
  OutcomeRow,
  ParticipantRecord,
  SessionRecord,
  type StudyKind,
  TransientRow,
} from "@fmrs/schema";
import type { z } from "zod";

/** The stages of the fMRS crossover, in order. */
export const STAGE_NAMES = ["ingest", "fit", "outcomes", "analyse", "report"] as const;
/**
 * The stages of a belief-updating study, in order. The model (per session, from the task files
 * alone) comes right after ingest, so the BIDS-App participant level needs only ingest as setup.
 */
export const BELIEF_STAGE_NAMES = ["ingest", "model", "trials", "analyse", "report"] as const;
/** A stage of any study kind. */
export type StageName = (typeof STAGE_NAMES)[number] | (typeof BELIEF_STAGE_NAMES)[number];
/** Every stage name of every kind, in first-seen order (for the CLI's choices). */
export const ALL_STAGE_NAMES: readonly StageName[] = [
  ...new Set<StageName>([...STAGE_NAMES, ...BELIEF_STAGE_NAMES]),
];

/** The stages of a study kind, in order. */
export function stageNamesOf(kind: StudyKind): readonly StageName[] {
  return kind === "belief-updating" ? BELIEF_STAGE_NAMES : STAGE_NAMES;
}

interface OutputBase {
  /** The one stage that writes the file. */
  readonly stage: StageName;
  /** The one module that makes its content (path in the repository). */
  readonly module: string;
  /** The file, relative to the derivatives folder; `{sub}` and `{ses}` for per-session files. */
  readonly file: string;
  /** What the file holds (also its sidecar's Description). */
  readonly description: string;
  /** The study kinds that write it (default the fMRS crossover only). */
  readonly kinds?: readonly StudyKind[];
}

/** An Arrow IPC table (with a JSON sidecar beside it). */
export interface TableOutput<S extends z.ZodObject = z.ZodObject> extends OutputBase {
  readonly kind: "table";
  readonly schema: S;
  readonly sortedBy: readonly string[];
}

/** A JSON file (canonical JSON) or a text file (HTML). */
export interface FileOutput extends OutputBase {
  readonly kind: "json" | "text";
}

export type OutputSpec = TableOutput | FileOutput;

const PER_SESSION = "{sub}/{ses}/mrs/{sub}_{ses}";
const BOTH: readonly StudyKind[] = ["fmrs-crossover", "belief-updating"];
const BELIEF: readonly StudyKind[] = ["belief-updating"];

/**
 * Every file the pipeline writes, with the one stage and the one module that write it. Stages
 * name their outputs by these keys; paths come only from here (see outputPath).
 */
export const OUTPUTS = {
  datasetDescription: {
    kind: "json",
    stage: "ingest",
    kinds: BOTH,
    module: "packages/pipeline/src/stages/ingest.ts",
    file: "dataset_description.json",
    description: "BIDS-Derivatives dataset description (GeneratedBy)",
  },
  participants: {
    kind: "table",
    stage: "ingest",
    module: "packages/trial/src/studyRecords.ts",
    file: "participants.arrow",
    description: "Participants (identifying columns removed)",
    schema: ParticipantRecord,
    sortedBy: ["participant_id"],
  },
  sessions: {
    kind: "table",
    stage: "ingest",
    module: "packages/trial/src/studyRecords.ts",
    file: "sessions.arrow",
    description: "Sessions with crossover period, condition, MRS input and the adapter that reads it",
    schema: SessionRecord,
    sortedBy: ["participant_id", "period"],
  },
  fitBlocks: {
    kind: "table",
    stage: "fit",
    module: "packages/pipeline/src/stages/fit.ts",
    file: `${PER_SESSION}_desc-fit_blocks.arrow`,
    description:
      "Fitted blocks: amplitude and CRLB per block × metabolite, with each block's FWHM, SNR and problems (by the session's adapter in adapters/)",
    schema: FitBlockRow,
    sortedBy: ["block", "metabolite (the fit's order)"],
  },
  fitSpectra: {
    kind: "table",
    stage: "fit",
    module: "packages/pipeline/src/adapters/niftiMrs.ts",
    file: `${PER_SESSION}_desc-fit_spectra.arrow`,
    description: "Phased data, fit and baseline per block on the fitted bins (real parts), for plots",
    schema: FitSpectrumRow,
    sortedBy: ["block", "ppm descending"],
  },
  transients: {
    kind: "table",
    stage: "fit",
    module: "packages/pipeline/src/adapters/niftiMrs.ts",
    file: `${PER_SESSION}_desc-transients.arrow`,
    description: "Transients: kept or rejected (with the reason), frequency and phase corrections",
    schema: TransientRow,
    sortedBy: ["transient"],
  },
  acquisition: {
    kind: "json",
    stage: "fit",
    module: "packages/pipeline/src/stages/fit.ts",
    file: `${PER_SESSION}_desc-acquisition.json`,
    description:
      "De-identified acquisition summary of the session's MRS input: route, format (the adapter's), header values",
  },
  madrs: {
    kind: "table",
    stage: "outcomes",
    module: "packages/trial/src/studyRecords.ts",
    file: "madrs.arrow",
    description: "MADRS totals per session and timepoint",
    schema: MadrsRecord,
    sortedBy: ["participant_id", "session_id", "timepoint"],
  },
  outcomes: {
    kind: "table",
    stage: "outcomes",
    module: "packages/trial/src/outcomes.ts",
    file: "outcomes.arrow",
    description: "Per-session outcomes: percent change of the outcome measure and MADRS change",
    schema: OutcomeRow,
    sortedBy: ["participant_id", "period"],
  },
  outcomeBlocks: {
    kind: "table",
    stage: "outcomes",
    module: "packages/trial/src/outcomes.ts",
    file: "outcome_blocks.arrow",
    description:
      "Every block: phase, outcome measure, QC verdict with reasons, percent change from the session baseline",
    schema: BlockOutcomeRow,
    sortedBy: ["participant_id", "period", "block"],
  },
  blockMeasures: {
    kind: "table",
    stage: "outcomes",
    module: "packages/trial/src/measures.ts",
    file: "block_measures.arrow",
    description: "Each study measure (study.json measures, named as the study names them) of every block",
    schema: BlockMeasureRow,
    sortedBy: ["participant_id", "session_id", "block", "measure (study order)"],
  },
  results: {
    kind: "json",
    stage: "analyse",
    module: "packages/trial/src/analyse.ts",
    file: "results.json",
    description: "Results of the crossover analyses (zod-checked), with provenance",
  },
  study: {
    kind: "json",
    stage: "report",
    kinds: BOTH,
    module: "packages/pipeline/src/stages/report.ts",
    file: "study.json",
    description: "study.json as the run used it (defaults filled in), for the report",
  },
  report: {
    kind: "text",
    stage: "report",
    kinds: BOTH,
    module: "apps/report/src/buildReport.ts",
    file: "report/index.html",
    description: "The static HTML report",
  },
  beliefParticipants: {
    kind: "table",
    stage: "ingest",
    kinds: BELIEF,
    module: "packages/pipeline/src/belief/ingest.ts",
    file: "participants.arrow",
    description: "Participants of the belief-updating study: group, sex, age (identifying columns removed)",
    schema: BeliefParticipantRecord,
    sortedBy: ["participant_id"],
  },
  beliefSessions: {
    kind: "table",
    stage: "ingest",
    kinds: BELIEF,
    module: "packages/pipeline/src/belief/ingest.ts",
    file: "sessions.arrow",
    description:
      "Sessions of the belief-updating study: group, time point, days from the first infusion, task file",
    schema: BeliefSessionRecord,
    sortedBy: ["participant_id", "session_id"],
  },
  beliefMadrs: {
    kind: "table",
    stage: "ingest",
    kinds: BELIEF,
    module: "packages/pipeline/src/belief/ingest.ts",
    file: "madrs.arrow",
    description: "MADRS totals per session of the belief-updating study",
    schema: BeliefMadrsRecord,
    sortedBy: ["participant_id", "session_id"],
  },
  beliefTrials: {
    kind: "table",
    stage: "trials",
    kinds: BELIEF,
    module: "packages/belief/src/trialMeasures.ts",
    file: "trials.arrow",
    description:
      "Every trial of the belief-update task: estimation error, news, update towards the base rate, exclusion with its reason",
    schema: BeliefTrialRow,
    sortedBy: ["participant_id", "session_id", "trial"],
  },
  beliefSummaries: {
    kind: "table",
    stage: "trials",
    kinds: BELIEF,
    module: "packages/belief/src/sessionSummaries.ts",
    file: "session_summaries.arrow",
    description:
      "Per session: mean update after good and bad news, update bias, trial counts and exclusions by reason",
    schema: BeliefSummaryRow,
    sortedBy: ["participant_id", "session_id"],
  },
  learningRates: {
    kind: "table",
    stage: "model",
    kinds: BELIEF,
    module: "packages/belief/src/fitLearningRates.ts",
    file: "{sub}/{ses}/beh/{sub}_{ses}_task-beliefupdate_desc-learningrates_beh.arrow",
    description:
      "The session's two-learning-rate fit (good and bad news; maximum likelihood within bounds) with standard errors and diagnostics",
    schema: LearningRateRow,
    sortedBy: ["participant_id", "session_id"],
  },
  beliefResults: {
    kind: "json",
    stage: "analyse",
    kinds: BELIEF,
    module: "packages/belief/src/analyseBeliefStudy.ts",
    file: "results.json",
    description:
      "Results of the belief-updating analyses (mixed models, learning rates, MADRS association, mediation; zod-checked), with provenance",
  },
} as const satisfies Record<string, OutputSpec>;

export type OutputName = keyof typeof OUTPUTS;

/** A session's identity, for per-session paths. */
export interface SessionIds {
  readonly participant_id: string;
  readonly session_id: string;
}

/** The path of an output under the derivatives folder `root` (per-session outputs need `session`). */
export function outputPath(root: string, name: OutputName, session?: SessionIds): string {
  const file = OUTPUTS[name].file;
  if (file.includes("{sub}")) {
    if (session === undefined) throw new Error(`outputPath(): ${name} is per session`);
    return join(
      root,
      file.replaceAll("{sub}", session.participant_id).replaceAll("{ses}", session.session_id),
    );
  }
  return join(root, file);
}

/** The record of a stage (or of one unit of it, e.g. one session's fit) under `root`. */
export function stageRecordPath(root: string, stage: StageName, unit = ""): string {
  return join(root, "stages", `${unit === "" ? stage : `${stage}/${unit}`}.json`);
}

/** The JSON sidecar of a table (`x.arrow` → `x.json`). */
export function sidecarOf(path: string): string {
  return path.replace(/\.arrow$/, ".json");
}

/**
 * The layout as a Markdown table (file, stage, module, what it holds), for docs/ARCHITECTURE.md;
 * a test keeps the document equal to it.
 */
export function layoutTable(kind: StudyKind = "fmrs-crossover"): string {
  const rows = Object.values(OUTPUTS as Record<string, OutputSpec>)
    .filter((o) => (o.kinds ?? ["fmrs-crossover"]).includes(kind))
    .map(
      (o) =>
        `| \`${o.file}\`${o.kind === "table" ? " (+ `.parquet` twin, `.json` sidecar)" : ""} | ${o.stage} | \`${o.module}\` | ${o.description} |`,
    );
  return ["| file | stage | module | holds |", "|---|---|---|---|", ...rows].join("\n");
}
