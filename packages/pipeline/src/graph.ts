import type { Stage } from "./stage";
import { analyseStage } from "./stages/analyse";
import { fitStage } from "./stages/fit";
import { ingestStage } from "./stages/ingest";
import { outcomesStage } from "./stages/outcomes";
import { type ReportBuilder, reportStage } from "./stages/report";

/**
 * The stage graph, in order: ingest → fit → outcomes → analyse → report. Every caller (the
 * CLI, the report's tests, executors) runs these same declared stages.
 */
export function stageGraph(options: { buildReport: ReportBuilder }): Stage[] {
  return [ingestStage, fitStage, outcomesStage, analyseStage, reportStage(options.buildReport)];
}
