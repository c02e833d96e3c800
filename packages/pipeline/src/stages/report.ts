import { isFile } from "@fmrs/io";
import { SessionRecord } from "@fmrs/schema";
import { derivativeInput } from "../derivatives";
import { OUTPUTS, type OutputName, outputPath, sidecarOf } from "../layout";
import type { InputFile, PlanEnv, Stage, StudyField } from "../stage";

/** Builds the report's HTML from a derivatives folder (the report app's buildReport). */
export type ReportBuilder = (derivativesDir: string) => string;

const ALL_FIELDS: readonly StudyField[] = [
  "name",
  "description",
  "conditions",
  "reference_condition",
  "pretreatment",
  "infusion",
  "baseline_window",
  "response_window",
  "post_window",
  "block_length_min",
  "outcome",
  "measures",
  "qc",
  "madrs",
  "primary",
  "reporting",
  "raw",
  "seed",
];

/**
 * The files the report reads: results.json, study.json, sessions, outcomes, outcome blocks, and
 * each session's acquisition summary, fitted blocks (whose metadata holds the fit's
 * parameters), fitted spectra and transient decisions (when the fit wrote them), all named by the
 * layout.
 */
export function reportInputs(root: string, sessions: readonly SessionRecord[]): InputFile[] {
  const file = (key: string, path: string): InputFile => derivativeInput(root, key, path);
  const studyLevel: OutputName[] = ["results", "study", "sessions", "outcomes", "outcomeBlocks"];
  const inputs = studyLevel.map((name) => file(name, outputPath(root, name)));
  // The sidecars whose provenance lists the raw inputs with their sha256 (Provenance section).
  for (const name of ["sessions", "outcomes"] as const)
    inputs.push(file(`${name}:sidecar`, sidecarOf(outputPath(root, name))));
  for (const s of sessions) {
    if (s.mrs_adapter === null) continue;
    const ids = `${s.participant_id}/${s.session_id}`;
    const blocks = sidecarOf(outputPath(root, "fitBlocks", s));
    if (isFile(blocks)) inputs.push(file(`fitBlocks:sidecar:${ids}`, blocks));
    for (const name of ["acquisition", "fitBlocks", "fitSpectra", "transients"] as const) {
      const path = outputPath(root, name, s);
      if (name === "acquisition" || isFile(path)) inputs.push(file(`${name}:${ids}`, path));
    }
  }
  return inputs;
}

/**
 * A report stage: a `study` unit writes study.json as the run used it (the given fields), then an
 * `html` unit builds the static HTML report from the derivatives alone with the given builder,
 * reading the files `inputs` lists. Shared by the study kinds, which differ in fields and inputs.
 */
export function reportStageOf(
  fields: readonly StudyField[],
  inputs: (env: PlanEnv) => InputFile[],
  build: ReportBuilder,
): Stage {
  return {
    name: "report",
    description: "build the static HTML report from the derivatives folder",
    study: fields,
    plan(env) {
      return [
        { id: "study", inputs: [], study: fields, parameters: {}, outputs: [{ name: "study" }] },
        {
          id: "html",
          inputs: inputs(env),
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

/**
 * report: writes study.json as the run used it (every field, defaults filled in), then builds
 * the static HTML report from the derivatives alone with the given builder.
 */
export function reportStage(build: ReportBuilder): Stage {
  return reportStageOf(
    ALL_FIELDS,
    (env) => reportInputs(env.root, env.readTable("sessions", SessionRecord)),
    build,
  );
}
