import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultDerivativesDir, readAnyStudyConfig, readLimitsFromEnv } from "@fmrs/io";
import {
  type Executor,
  type Output,
  PARALLEL_STAGES,
  runPipeline,
  type StageName,
  type StageRun,
  selectStages,
  stageGraph,
  stageNamesOf,
  type UnitInput,
} from "@fmrs/pipeline";
import { buildReport } from "@fmrs/report";
import type { AnyStudyConfig } from "@fmrs/schema";
import { GENERATED_BY, VERSION } from "./context";
import type { Logger, LogOptions } from "./log";
import { runPool } from "./pool";
import { createProgress, type Progress } from "./progress";

const workerFile = fileURLToPath(new URL("./fit-worker.mjs", import.meta.url));

/** The fMRS crossover's stage graph the CLI runs (the same one the report's tests run). */
export const GRAPH = stageGraph({ buildReport });

/** The stage graph of a study kind (study.json `kind`): the fMRS crossover's or the belief-updating study's. */
export function graphOf(kind: AnyStudyConfig["kind"]): typeof GRAPH {
  return kind === "fmrs-crossover" ? GRAPH : stageGraph({ buildReport, kind });
}

function runUnitInline(task: UnitInput): readonly Output[] {
  const stage = PARALLEL_STAGES.find((s) => s.name === task.stage);
  if (stage === undefined) throw new Error(`no stage ${task.stage}`);
  const outputs = stage.run(task);
  if (outputs instanceof Promise)
    throw new Error(`stage ${task.stage} is asynchronous: it cannot run on a worker`);
  return outputs;
}

/** Runs parallel stages' units on `jobs` worker threads (inline with one job or from source). */
export function poolExecutor(jobs: number): Executor {
  return async (_stage, count, task, onDone) => {
    await runPool(count, task, {
      jobs,
      workerUrl: existsSync(workerFile) ? new URL(`file://${workerFile}`) : null,
      inline: runUnitInline,
      onDone,
    });
  };
}

/** Which stages to run: all, from one on, or only one (checked against the study kind's graph). */
export interface StageSelection {
  readonly from?: StageName;
  readonly only?: StageName;
}

/**
 * Runs the selected stages on a study folder: study.json is read and zod-checked first, its
 * `kind` picks the stage graph (fMRS crossover or belief updating), then the runner does the rest
 * (keys, skipping, atomic writes), with a progress bar over the per-session units and one log
 * line per stage. Returns what each stage did.
 */
export async function runStudy(
  studyDir: string,
  selection: StageSelection,
  options: {
    out?: string;
    force: boolean;
    jobs: number;
    log: Logger;
    logOptions: LogOptions;
    /** A level of the BIDS-App interface (default: every selected stage). */
    level?: "participant" | "group";
    /** Participant level: the participants to run (e.g. "sub-01"; default all). */
    participants?: readonly string[];
  },
): Promise<StageRun[]> {
  const { log } = options;
  const root = options.out ?? defaultDerivativesDir(studyDir);
  const limits = readLimitsFromEnv();
  const study = readAnyStudyConfig(studyDir, limits);
  const stages = selectStages(selection, stageNamesOf(study.kind));
  const started = performance.now();
  let progress: Progress | null = null;
  let progressStage = "";
  let runs: StageRun[];
  try {
    runs = await runPipeline({
      studyDir,
      root,
      study,
      graph: graphOf(study.kind),
      stages,
      force: options.force,
      version: VERSION,
      generatedBy: GENERATED_BY,
      executor: poolExecutor(options.jobs),
      limits,
      ...(options.level === undefined ? {} : { level: options.level }),
      ...(options.participants === undefined ? {} : { participants: options.participants }),
      log: (stage, message, level) => {
        progress?.stop();
        progress = null;
        if (level === "warn") log.warn(stage, message);
        else log.info(stage, message);
      },
      onUnitDone: (stage, unit, done, total) => {
        if (stage !== "fit" && stage !== "model") return;
        if (progress === null || progressStage !== stage) {
          progress = createProgress(stage, total, log, options.logOptions);
          progressStage = stage;
        }
        progress.tick(unit.replace("_", " "));
      },
    });
  } finally {
    (progress as Progress | null)?.stop();
  }
  const resultsPath = `${root}/results.json`;
  if (runs.some((r) => r.stage === "analyse" && r.ran.length > 0) && existsSync(resultsPath)) {
    const results = JSON.parse(readFileSync(resultsPath, "utf8")) as { warnings?: string[] };
    for (const w of results.warnings ?? []) log.warn("analyse", w);
  }
  const ran = runs.filter((r) => r.ran.length > 0).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  log.info(
    options.level ?? "run",
    ran === 0
      ? `all ${runs.length} stages up to date: no work done (${seconds} s)`
      : `${ran} of ${runs.length} stages ran (${seconds} s)`,
  );
  if (stages.includes("report") && options.level !== "participant")
    log.info("run", `report: ${root}/report/index.html`);
  return runs;
}
