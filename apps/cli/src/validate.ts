import { join } from "node:path";
import { glxColumnWarnings, parseGlxTsv, parseTsv } from "@fmrs/formats";
import { collectStudyInputs, fsErrorAsInputError, readInputText, readLimitsFromEnv } from "@fmrs/io";
import { InputError, InputErrors } from "@fmrs/schema";
import { studyRecords } from "@fmrs/trial";
import { lcmodelBlocks } from "./lcmodelRoute";

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
  const problems: InputError[] = [];
  const collect = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof InputErrors) problems.push(...error.problems);
      else if (error instanceof InputError) problems.push(error);
      else {
        const fs = fsErrorAsInputError(error);
        if (fs === null) throw error;
        problems.push(fs);
      }
    }
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
        const path = join(studyDir, m.file);
        if (m.file.endsWith("_lcmodel.tsv")) lcmodelBlocks(studyDir, m.file);
        else {
          const tsv = parseTsv(path, readInputText(path, { limits }));
          warnings.push(...glxColumnWarnings(tsv));
          parseGlxTsv(tsv);
        }
      });
    }
  }
  problems.sort(byMessage);
  warnings.sort(byMessage);
  return { problems, warnings, summary };
}
