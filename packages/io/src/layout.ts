import { join } from "node:path";

/** Name of the pipeline's derivatives folder inside `<study>/derivatives/`. */
export const PIPELINE_NAME = "fmrs-crossover";

/**
 * Paths of every output in the BIDS-derivatives layout under `root`
 * (default `<study>/derivatives/fmrs-crossover`).
 */
export function derivativesLayout(root: string) {
  return {
    root,
    datasetDescription: join(root, "dataset_description.json"),
    study: join(root, "study.json"),
    participants: join(root, "participants.arrow"),
    sessions: join(root, "sessions.arrow"),
    madrs: join(root, "madrs.arrow"),
    timeseries: (participant: string, session: string) =>
      join(root, participant, session, "mrs", `${participant}_${session}_desc-glx_timeseries.arrow`),
    outcomes: join(root, "outcomes.arrow"),
    outcomeBlocks: join(root, "outcome_blocks.arrow"),
    acquisition: join(root, "acquisition.json"),
    results: join(root, "results.json"),
    report: join(root, "report", "index.html"),
    stageRecord: (stage: string) => join(root, "stages", `${stage}.json`),
  };
}
export type DerivativesLayout = ReturnType<typeof derivativesLayout>;

/** The default derivatives folder of a study. */
export function defaultDerivativesDir(studyDir: string): string {
  return join(studyDir, "derivatives", PIPELINE_NAME);
}

/** The JSON sidecar path of an output (`x.arrow` → `x.json`). */
export function sidecarPath(path: string): string {
  return path.replace(/\.[^./]+$/, ".json");
}
