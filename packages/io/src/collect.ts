import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ReadLimits } from "@fmrs/formats";
import { InputError, InputErrors, type SourceFile } from "@fmrs/schema";
import { fsErrorAsInputError, readInputFile } from "./fsErrors";
import { sha256 } from "./hash";

/**
 * Runs `fn` and returns its value; an input problem it throws (InputErrors, an InputError, or a
 * filesystem error turned into one) is appended to `problems` and null returned, so a reader goes
 * on and reports every problem in one pass. Anything else (a bug) is rethrown.
 */
export function collectProblems<T>(problems: InputError[], fn: () => T): T | null {
  try {
    return fn();
  } catch (error) {
    if (error instanceof InputErrors) problems.push(...error.problems);
    else if (error instanceof InputError) problems.push(error);
    else {
      const fs = fsErrorAsInputError(error);
      if (fs === null) throw error;
      problems.push(fs);
    }
    return null;
  }
}

/**
 * A reader of the study folder's text files by study-relative path: a missing file is a problem
 * ("file not found", unless `required` is false) and null; a file read is recorded in `sources`
 * with its sha256. Messages name the file as `dir` joined with the path.
 */
export function studyTextReader(
  dir: string,
  limits: ReadLimits,
  problems: InputError[],
  sources: SourceFile[],
): (rel: string, required?: boolean) => string | null {
  return (rel, required = true) => {
    const path = join(dir, rel);
    if (!existsSync(path)) {
      if (required) problems.push(new InputError({ file: path }, "file not found"));
      return null;
    }
    const bytes = collectProblems(problems, () => readInputFile(path, { shown: path, limits }));
    if (bytes === null) return null;
    sources.push({ path: rel, sha256: sha256(bytes) });
    return bytes.toString("utf8");
  };
}

/** Throws an InputError naming `dir` unless it is an existing folder (the study folder). */
export function assertStudyFolder(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new InputError(
      { file: dir },
      "study folder not found",
      "a folder holding study.json and participants.tsv",
    );
}
