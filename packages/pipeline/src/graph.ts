import type { StudyKind } from "@fmrs/schema";
import { beliefAnalyseStage } from "./belief/analyse";
import { beliefIngestStage } from "./belief/ingest";
import { beliefReportStage } from "./belief/report";
import { beliefModelStage, beliefTrialsStage } from "./belief/trials";
import type { Stage } from "./stage";
import { analyseStage } from "./stages/analyse";
import { fitStage } from "./stages/fit";
import { ingestStage } from "./stages/ingest";
import { outcomesStage } from "./stages/outcomes";
import { type ReportBuilder, reportStage } from "./stages/report";

/**
 * The stage graph of a study kind, in order: the fMRS crossover's ingest → fit → outcomes →
 * analyse → report (the default), or a belief-updating study's ingest → model → trials →
 * analyse → report (the model depends only on each session's task file, so it is the
 * participant level right after ingest). Every caller (the CLI, the report's tests, executors) runs these same
 * declared stages.
 */
export function stageGraph(options: { buildReport: ReportBuilder; kind?: StudyKind }): Stage[] {
  if (options.kind === "belief-updating")
    return [
      beliefIngestStage,
      beliefModelStage,
      beliefTrialsStage,
      beliefAnalyseStage,
      beliefReportStage(options.buildReport),
    ];
  return [ingestStage, fitStage, outcomesStage, analyseStage, reportStage(options.buildReport)];
}

/** The stages that may run on worker threads (by name: each kind has at most one). */
export const PARALLEL_STAGES: readonly Stage[] = [fitStage, beliefModelStage];
