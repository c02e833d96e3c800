import { join } from "node:path";
import { parseMadrsTsv } from "@fmrs/formats";
import {
  FitBlockRow,
  fittedBlocksOf,
  InputErrors,
  ParticipantRecord,
  SessionRecord,
  type StudyConfig,
} from "@fmrs/schema";
import { type AssessedBlock, assessBlocks, deriveOutcomes, madrsRecords, studyMeasures } from "@fmrs/trial";
import { derivativeInput, rowsOf } from "../derivatives";
import { outputPath } from "../layout";
import type { InputFile, Stage, StudyField } from "../stage";
import { tableRows } from "../tables";
import { studyUri } from "../uris";

/** The study.json fields outcomes reads: every study decision (measures, QC, phases, windows, MADRS scoring). */
export const OUTCOME_FIELDS: readonly StudyField[] = [
  "measures",
  "outcome",
  "qc",
  "infusion",
  "baseline_window",
  "response_window",
  "post_window",
  "madrs",
];

/**
 * outcomes: owns the study's decisions. Per block of every session's fit: the measures
 * (study.json expressions evaluated with mathjs, e.g. Glx = Glu + Gln, outcome = Glx / tNAA), the
 * infusion phase, the QC verdict with its reasons (fit problems fail a block, then the
 * thresholds); per session: baseline, response and post means and the percent change; MADRS
 * totals (scored here from phenotype/madrs.tsv) and the 24 h change.
 */
export const outcomesStage: Stage = {
  name: "outcomes",
  description:
    "measures (study.json expressions), phases, QC verdicts with reasons, percent change from baseline per block and session, MADRS totals and 24 h change",
  study: OUTCOME_FIELDS,
  plan(env) {
    const sessions = env.readTable("sessions", SessionRecord);
    const derived = (key: string, path: string): InputFile => derivativeInput(env.root, key, path);
    return [
      {
        id: "",
        inputs: [
          derived("participants", outputPath(env.root, "participants")),
          derived("sessions", outputPath(env.root, "sessions")),
          {
            key: "madrs",
            path: join(env.studyDir, "phenotype", "madrs.tsv"),
            uri: studyUri("phenotype/madrs.tsv"),
          },
          ...sessions
            .filter((s) => s.mrs_adapter !== null)
            .map((s) =>
              derived(`fit:${s.participant_id}/${s.session_id}`, outputPath(env.root, "fitBlocks", s)),
            ),
        ],
        study: OUTCOME_FIELDS,
        parameters: {},
        outputs: [
          { name: "madrs" },
          { name: "outcomes" },
          { name: "outcomeBlocks" },
          { name: "blockMeasures" },
        ],
      },
    ];
  },
  run(input) {
    const study = input.study as StudyConfig;
    const participants = tableRows(input.files.participants, ParticipantRecord);
    const sessions = tableRows(input.files.sessions, SessionRecord);
    const madrsFile = input.files.madrs;
    if (madrsFile === undefined) throw new Error("outcomes: madrs.tsv not declared");
    const parsed = parseMadrsTsv(madrsFile.path, new TextDecoder().decode(madrsFile.bytes));
    if (parsed.problems.length > 0)
      throw parsed.problems.length === 1 ? parsed.problems[0] : new InputErrors(parsed.problems);
    const madrs = madrsRecords(study, parsed.file, parsed.rows, sessions);
    const measureSet = studyMeasures(study);
    const assessed = new Map<string, AssessedBlock[]>();
    for (const s of sessions) {
      const key = `${s.participant_id}/${s.session_id}`;
      const file = input.files[`fit:${key}`];
      if (file === undefined) continue;
      assessed.set(key, assessBlocks(fittedBlocksOf(tableRows(file, FitBlockRow)), study, measureSet));
    }
    const derived = deriveOutcomes(study, participants, sessions, assessed, madrs);
    return [
      { name: "madrs", rows: madrs },
      { name: "outcomes", rows: derived.sessions },
      { name: "outcomeBlocks", rows: derived.blocks },
      { name: "blockMeasures", rows: derived.measures },
    ];
  },
  summary: (_ran, _skipped, outputs) => {
    const rows = (name: string) => rowsOf(outputs, name);
    return `${rows("outcomes")} sessions, ${rows("outcomeBlocks")} blocks, ${rows("blockMeasures")} block measures`;
  },
};
