import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultDerivativesDir, readLimitsFromEnv, readStudyConfig } from "@fmrs/io";
import {
  type Executor,
  type Output,
  runPipeline,
  type StageName,
  type StageRun,
  stageGraph,
  type UnitInput,
} from "@fmrs/pipeline";
import { buildReport } from "@fmrs/report";
import { GENERATED_BY, VERSION } from "./context";
import type { Logger, LogOptions } from "./log";
import { runPool } from "./pool";
import { createProgress, type Progress } from "./progress";

const workerFile = fileURLToPath(new URL("./fit-worker.mjs", import.meta.url));

/** The stage graph the CLI runs (the same one the report's tests run). */
export const GRAPH = stageGraph({ buildReport });

function runUnitInline(task: UnitInput): readonly Output[] {
  const stage = GRAPH.find((s) => s.name === task.stage);
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

/**
 * Runs the selected stages on a study folder: study.json is read and zod-checked first, then the
 * runner does the rest (keys, skipping, atomic writes), with a progress bar over the fit's
 * sessions and one log line per stage. Returns what each stage did.
 */
export async function runStudy(
  studyDir: string,
  stages: readonly StageName[],
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
  const study = readStudyConfig(studyDir, limits);
  const started = performance.now();
  let progress: Progress | null = null;
  let progressStage = "";
  let runs: StageRun[];
  try {
    runs = await runPipeline({
      studyDir,
      root,
      study,
      graph: GRAPH,
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
        if (stage !== "fit") return;
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
