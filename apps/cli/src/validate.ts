import { readFileSync } from "node:fs";
import { join } from "node:path";
import { glxColumnWarnings, parseTsv } from "@fmrs/formats";
import {
  collectBeliefStudyInputs,
  collectProblems,
  collectStudyInputs,
  readInputFile,
  readInputText,
  readLimitsFromEnv,
} from "@fmrs/io";
import { ADAPTERS } from "@fmrs/pipeline";
import { type InputError, type StudyKind, studyKindOf } from "@fmrs/schema";
import { studyRecords } from "@fmrs/trial";

const byMessage = (a: InputError, b: InputError) =>
  a.message < b.message ? -1 : a.message > b.message ? 1 : 0;

/**
 * Every problem of a study folder in one pass, not only the first: file reading and parsing
 * (filesystem faults included, named by path), cross-file checks, and each fitted time series.
 * Returns the problems (empty when the study is valid), warnings that do not make it invalid
 * (unknown glx.tsv columns with the near name, sessions listed without MRS data) and a one-line
 * summary of what was checked. Messages echo the offending value.
 */
export function validateStudy(studyDir: string): {
  problems: InputError[];
  warnings: InputError[];
  summary: string;
} {
  if (declaredKind(studyDir) === "belief-updating") return validateBeliefStudy(studyDir);
  const problems: InputError[] = [];
  const collect = (fn: () => void) => {
    collectProblems(problems, fn);
  };
  let summary = "";
  const limits = readLimitsFromEnv();
  const collected = collectStudyInputs(studyDir, limits);
  problems.push(...collected.problems);
  const warnings = [...collected.warnings];
  const inputs = collected.inputs;
  if (inputs !== null) {
    collect(() => {
      const records = studyRecords(inputs);
      summary = `${records.participants.length} participants, ${records.sessions.length} sessions, ${records.madrs.length} MADRS ratings, ${inputs.mrs.length} MRS inputs`;
    });
    for (const m of inputs.mrs) {
      if (m.route !== "fitted") continue;
      collect(() => {
        if (m.adapter === "tidy-tsv") {
          const path = join(studyDir, m.file);
          warnings.push(...glxColumnWarnings(parseTsv(path, readInputText(path, { limits }))));
        }
        // The session's adapter reads it as the fit stage would (without fitting anything).
        const adapter = ADAPTERS[m.adapter];
        const session = { participant_id: m.participant_id, session_id: m.session_id, mrs_file: m.file };
        const planned = adapter.plan(studyDir, session, inputs.config);
        const files: Record<string, { path: string; bytes: Uint8Array }> = {};
        for (const f of planned.inputs)
          files[f.key] = { path: f.path, bytes: readInputFile(f.path, { limits }) };
        adapter.read(
          { stage: "fit", id: "", parameters: {}, study: {}, files, sources: [], generatedBy: [], limits },
          session,
        );
      });
    }
  }
  problems.sort(byMessage);
  warnings.sort(byMessage);
  return { problems, warnings, summary };
}

/** The kind study.json declares, or null when it cannot be read (the kind's own check then names the problem). */
function declaredKind(studyDir: string): StudyKind | null {
  try {
    return studyKindOf(JSON.parse(readFileSync(join(studyDir, "study.json"), "utf8")));
  } catch {
    return null;
  }
}

/**
 * Every problem of a belief-updating study folder in one pass: study.json, participants.tsv,
 * the sessions files, every task file (each bad row and repeated trial) and phenotype/madrs.tsv,
 * with the cross-file checks; warnings for sessions without a task file.
 */
function validateBeliefStudy(studyDir: string): {
  problems: InputError[];
  warnings: InputError[];
  summary: string;
} {
  const { inputs, problems, warnings } = collectBeliefStudyInputs(studyDir, readLimitsFromEnv());
  const sessions = inputs === null ? 0 : [...inputs.sessions.values()].reduce((n, s) => n + s.rows.length, 0);
  const trials = inputs?.beh.reduce((n, b) => n + b.rows.length, 0) ?? 0;
  const summary =
    inputs === null
      ? ""
      : `belief-updating study: ${inputs.participants.length} participants, ${sessions} sessions, ${inputs.beh.length} task files with ${trials} trials, ${inputs.madrs.rows.length} MADRS ratings`;
  return { problems: [...problems].sort(byMessage), warnings: [...warnings].sort(byMessage), summary };
}
