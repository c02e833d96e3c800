import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseGlxTsv, parseTsv } from "@fmrs/formats";
import { collectStudyInputs } from "@fmrs/io";
import { InputError, InputErrors } from "@fmrs/schema";
import { studyRecords } from "@fmrs/trial";
import { lcmodelBlocks } from "./lcmodelRoute";

/**
 * Every problem of a study folder, not only the first: file reading and parsing, cross-file
 * checks, and each fitted time series. Returns the problems (empty when the study is valid) and a
 * one-line summary of what was checked.
 */
export function validateStudy(studyDir: string): { problems: InputError[]; summary: string } {
  const problems: InputError[] = [];
  const collect = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof InputErrors) problems.push(...error.problems);
      else if (error instanceof InputError) problems.push(error);
      else throw error;
    }
  };
  let summary = "";
  const collected = collectStudyInputs(studyDir);
  problems.push(...collected.problems);
  const inputs = collected.inputs;
  if (inputs !== null) {
    collect(() => {
      const records = studyRecords(inputs);
      summary = `${records.participants.length} participants, ${records.sessions.length} sessions, ${records.madrs.length} MADRS ratings, ${inputs.mrs.length} MRS inputs`;
    });
    for (const m of inputs.mrs) {
      if (m.route !== "fitted") continue;
      collect(() => {
        const path = join(studyDir, m.file);
        if (m.file.endsWith("_lcmodel.tsv")) lcmodelBlocks(studyDir, m.file);
        else parseGlxTsv(parseTsv(path, readFileSync(path, "utf8")));
      });
    }
  }
  problems.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return { problems, summary };
}
