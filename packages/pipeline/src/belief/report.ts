import { relative } from "node:path";
import { BeliefSessionRecord } from "@fmrs/schema";
import { OUTPUTS, type OutputName, outputPath } from "../layout";
import type { InputFile, Stage, StudyField } from "../stage";
import type { ReportBuilder } from "../stages/report";
import { derivativeUri } from "../uris";

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
  const file = (key: string, path: string): InputFile => ({
    key,
    path,
    uri: derivativeUri(relative(root, path).split("\\").join("/")),
  });
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
  return {
    name: "report",
    description: "build the static HTML report from the derivatives folder",
    study: BELIEF_FIELDS,
    plan(env) {
      const sessions = env.readTable("beliefSessions", BeliefSessionRecord);
      return [
        { id: "study", inputs: [], study: BELIEF_FIELDS, parameters: {}, outputs: [{ name: "study" }] },
        {
          id: "html",
          inputs: beliefReportInputs(env.root, sessions),
          study: [],
          parameters: {},
          outputs: [{ name: "report" }],
          payload: env.root,
        },
      ];
    },
    run(input) {
      if (input.id === "study") return [{ name: "study", json: input.study }];
      return [{ name: "report", text: build(input.payload as string) }];
    },
    summary: (ran) =>
      ran.some((u) => u.id === "html") ? `${OUTPUTS.report.file} written` : "study.json written",
  };
}
