import { join } from "node:path";
import { type BeliefStudyInputs, readBeliefStudyInputs } from "@fmrs/io";
import type { BeliefMadrsRecord, BeliefParticipantRecord, BeliefSessionRecord } from "@fmrs/schema";
import { datasetDescriptionOutput, datasetLink, rowsOf } from "../derivatives";
import type { Stage } from "../stage";
import { studyUri } from "../uris";

const byId = (a: { participant_id: string; session_id?: string }, b: typeof a) =>
  a.participant_id < b.participant_id
    ? -1
    : a.participant_id > b.participant_id
      ? 1
      : (a.session_id ?? "") < (b.session_id ?? "")
        ? -1
        : (a.session_id ?? "") > (b.session_id ?? "")
          ? 1
          : 0;

/** The participants, sessions and MADRS tables of a belief-updating study read by io (pure). */
export function beliefRecords(inputs: BeliefStudyInputs): {
  participants: BeliefParticipantRecord[];
  sessions: BeliefSessionRecord[];
  madrs: BeliefMadrsRecord[];
} {
  const participants = inputs.participants.map((p) => ({ ...p.value })).sort(byId);
  const group = new Map(participants.map((p) => [p.participant_id, p.group]));
  const behOf = new Map(inputs.beh.map((b) => [`${b.participant_id}/${b.session_id}`, b.file]));
  const sessions: BeliefSessionRecord[] = [];
  for (const [sub, s] of inputs.sessions) {
    const g = group.get(sub);
    if (g === undefined) continue;
    for (const r of s.rows)
      sessions.push({
        participant_id: sub,
        session_id: r.value.session_id,
        group: g,
        time_point: r.value.time_point,
        days_from_first_infusion: r.value.days_from_first_infusion,
        beh_file: behOf.get(`${sub}/${r.value.session_id}`) ?? null,
      });
  }
  sessions.sort(byId);
  const point = new Map(sessions.map((s) => [`${s.participant_id}/${s.session_id}`, s.time_point]));
  const madrs = inputs.madrs.rows.flatMap((r) => {
    const tp = point.get(`${r.value.participant_id}/${r.value.session_id}`);
    return tp === undefined ? [] : [{ ...r.value, time_point: tp }];
  });
  madrs.sort(byId);
  return { participants, sessions, madrs };
}

/**
 * ingest (belief-updating): reads and cross-checks the whole study folder (zod at every file,
 * every problem in one pass), drops identifying columns and writes participants, sessions (with
 * each session's task file) and MADRS tables and dataset_description.json. Its key covers
 * participants.tsv, the sessions files, phenotype/madrs.tsv and the list of task files (their
 * contents are the trials and model stages' inputs).
 */
export const beliefIngestStage: Stage = {
  name: "ingest",
  description:
    "read and check the belief-updating study folder (zod at every file), drop identifying fields, write participants/sessions/MADRS tables",
  study: ["name", "kind"],
  plan(env) {
    const inputs = readBeliefStudyInputs(env.studyDir);
    const beh = new Set(inputs.beh.map((b) => b.file));
    const files = inputs.sources.filter((s) => s.path !== "study.json" && !beh.has(s.path));
    return [
      {
        id: "",
        inputs: files.map((s) => ({ key: s.path, path: join(env.studyDir, s.path), uri: studyUri(s.path) })),
        study: ["name", "kind"],
        parameters: { task_files: [...beh] },
        outputs: [
          { name: "datasetDescription" },
          { name: "beliefParticipants" },
          { name: "beliefSessions" },
          { name: "beliefMadrs" },
        ],
        payload: {
          inputs,
          datasetLink: datasetLink(env),
        },
      },
    ];
  },
  run(input) {
    const { inputs, datasetLink } = input.payload as { inputs: BeliefStudyInputs; datasetLink: string };
    const records = beliefRecords(inputs);
    return [
      datasetDescriptionOutput(input, datasetLink),
      { name: "beliefParticipants", rows: records.participants },
      { name: "beliefSessions", rows: records.sessions },
      { name: "beliefMadrs", rows: records.madrs },
    ];
  },
  summary: (ran, _skipped, outputs) => {
    const rows = (name: string) => rowsOf(outputs, name);
    const tasks = (ran[0]?.parameters.task_files as unknown[] | undefined)?.length ?? 0;
    return `${rows("beliefParticipants")} participants, ${rows("beliefSessions")} sessions, ${tasks} task files, ${rows("beliefMadrs")} MADRS ratings`;
  },
};
