import { BeliefSessionRecord } from "@fmrs/schema";
import { derivativeInput } from "../derivatives";
import { type OutputName, outputPath } from "../layout";
import type { InputFile, Stage, StudyField } from "../stage";
import { type ReportBuilder, reportStageOf } from "../stages/report";

const BELIEF_FIELDS: readonly StudyField[] = [
  "kind",
  "name",
  "description",
  "groups",
  "treatment",
  "events",
  "seed",
];

/** The files the belief-updating report reads, all named by the layout. */
export function beliefReportInputs(root: string, sessions: readonly BeliefSessionRecord[]): InputFile[] {
  const file = (key: string, path: string): InputFile => derivativeInput(root, key, path);
  const studyLevel: OutputName[] = [
    "beliefResults",
    "study",
    "beliefParticipants",
    "beliefSessions",
    "beliefMadrs",
    "beliefSummaries",
    "beliefTrials",
  ];
  const inputs = studyLevel.map((name) => file(name, outputPath(root, name)));
  for (const s of sessions)
    if (s.beh_file !== null)
      inputs.push(
        file(`learningRates:${s.participant_id}/${s.session_id}`, outputPath(root, "learningRates", s)),
      );
  return inputs;
}

/**
 * report (belief-updating): writes study.json as the run used it (kind included, so the report
 * app picks the kind's section list), then builds the static HTML report from the derivatives.
 */
export function beliefReportStage(build: ReportBuilder): Stage {
  return reportStageOf(
    BELIEF_FIELDS,
    (env) => beliefReportInputs(env.root, env.readTable("beliefSessions", BeliefSessionRecord)),
    build,
  );
}
