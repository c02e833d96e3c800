// Test support (not part of the report): builds a belief-updating derivatives folder by running the
// pipeline's real belief-updating stage graph on a copy of data-samples/belief-updating, with
// options that edit the study's input first (hostile study name, group and treatment labels,
// participant ids) and a smaller mediation bootstrap so the build stays quick.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readAnyStudyConfig } from "@fmrs/io";
import { BeliefResultsFile, outputPath, runPipeline, stageGraph } from "@fmrs/pipeline";
import { buildReport } from "../buildReport";
import { renameParticipant } from "./sampleDerivatives";

/** The repository's belief-updating sample study (26 patients, 30 controls, 40 events). */
export const BELIEF_SAMPLE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../data-samples/belief-updating",
);

export interface BeliefSampleOptions {
  readonly studyName?: string;
  readonly groupLabels?: { readonly patient: string; readonly control: string };
  readonly treatmentLabel?: string;
  /** Participant ids to rename (old → new) in every TSV cell, folder and file name. */
  readonly renameParticipants?: Readonly<Record<string, string>>;
  /** Bootstrap resamples of the mediation (default 500, for speed). */
  readonly bootstrap?: number;
}

/**
 * Writes a belief-updating derivatives folder into `outDir` (report included) by running the
 * stage graph on an edited copy of the sample study; returns the folder and results.json.
 */
export async function writeBeliefSampleDerivatives(
  outDir: string,
  options: BeliefSampleOptions = {},
): Promise<{ dir: string; results: BeliefResultsFile }> {
  const study = join(mkdtempSync(join(tmpdir(), "fmrs-belief-study-")), "study");
  cpSync(BELIEF_SAMPLE, study, { recursive: true, filter: (src) => !src.includes("/derivatives") });
  const configPath = join(study, "study.json");
  const config = JSON.parse(readFileSync(configPath, "utf8"));
  if (options.studyName !== undefined) config.name = options.studyName;
  if (options.groupLabels !== undefined) config.groups = options.groupLabels;
  if (options.treatmentLabel !== undefined) config.treatment = { label: options.treatmentLabel };
  config.mediation = { bootstrap_resamples: options.bootstrap ?? 500 };
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  for (const [from, to] of Object.entries(options.renameParticipants ?? {}))
    renameParticipant(study, from, to);
  const parsed = readAnyStudyConfig(study);
  await runPipeline({
    studyDir: study,
    root: outDir,
    study: parsed,
    graph: stageGraph({ buildReport, kind: parsed.kind }),
    version: "sample",
    generatedBy: [{ Name: "fmrs-crossover", Version: "0.1.0" }],
  });
  return {
    dir: outDir,
    results: BeliefResultsFile.parse(JSON.parse(readFileSync(outputPath(outDir, "beliefResults"), "utf8"))),
  };
}
