import { join } from "node:path";
import { readStudyInputs, type StudyInputs } from "@fmrs/io";
import { studyRecords } from "@fmrs/trial";
import { datasetDescriptionOutput, datasetLink, rowsOf } from "../derivatives";
import type { Stage } from "../stage";
import { studyUri } from "../uris";

/**
 * ingest: reads and cross-checks the whole study folder on every run (zod at every file),
 * strips identifying columns, records each session's MRS input with the adapter that reads it,
 * and writes participants.arrow, sessions.arrow and dataset_description.json. Its key covers
 * participants.tsv, the sessions files, the list of MRS inputs and the study.json fields it reads
 * (name, conditions): MRS data files are fitted (and hashed) by fit, phenotype/madrs.tsv is scored
 * by outcomes, so editing either does not redo ingest.
 */
export const ingestStage: Stage = {
  name: "ingest",
  description:
    "read and check the study folder (zod at every file), drop identifying fields, choose each session's MRS adapter, write participants/sessions tables",
  study: ["name", "conditions"],
  plan(env) {
    const inputs = readStudyInputs(env.studyDir);
    const files = inputs.sources.filter(
      (s) =>
        s.path !== "study.json" &&
        s.path !== "phenotype/madrs.tsv" &&
        !inputs.mrs.some((m) => m.file === s.path),
    );
    return [
      {
        id: "",
        inputs: files.map((s) => ({ key: s.path, path: join(env.studyDir, s.path), uri: studyUri(s.path) })),
        study: ["name", "conditions"],
        parameters: {
          mrs_inputs: inputs.mrs.map((m) => ({
            session: `${m.participant_id}/${m.session_id}`,
            route: m.route,
            adapter: m.adapter,
            file: m.file,
          })),
        },
        outputs: [{ name: "datasetDescription" }, { name: "participants" }, { name: "sessions" }],
        // The study as the derivatives' source dataset, linked by a path relative to the
        // derivatives folder (no absolute paths in outputs; not part of the key).
        payload: {
          inputs,
          datasetLink: datasetLink(env),
        },
      },
    ];
  },
  run(input) {
    const { inputs, datasetLink } = input.payload as { inputs: StudyInputs; datasetLink: string };
    const records = studyRecords(inputs);
    return [
      datasetDescriptionOutput(input, datasetLink),
      { name: "participants", rows: records.participants },
      { name: "sessions", rows: records.sessions },
    ];
  },
  summary: (ran, _skipped, outputs) => {
    const rows = (name: string) => rowsOf(outputs, name);
    const mrs = (ran[0]?.parameters.mrs_inputs as unknown[] | undefined)?.length ?? 0;
    return `${rows("participants")} participants, ${rows("sessions")} sessions, ${mrs} MRS inputs`;
  },
};
