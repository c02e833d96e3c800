import { join } from "node:path";

/** Name of the pipeline's derivatives folder inside `<study>/derivatives/`. */
const PIPELINE_NAME = "fmrs-crossover";

/** The default derivatives folder of a study. */
export function defaultDerivativesDir(studyDir: string): string {
  return join(studyDir, "derivatives", PIPELINE_NAME);
}
