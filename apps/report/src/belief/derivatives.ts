import { existsSync, readFileSync } from "node:fs";
import { sep } from "node:path";
import { readArrowFile, sha256 } from "@fmrs/io";
import { BeliefResultsFile, OUTPUTS, type OutputName, outputPath } from "@fmrs/pipeline";
import {
  BeliefMadrsRecord,
  BeliefParticipantRecord,
  BeliefSessionRecord,
  BeliefStudyConfig,
  BeliefSummaryRow,
  BeliefTrialRow,
  InputError,
  LearningRateRow,
} from "@fmrs/schema";
import type { z } from "zod";
import { type ReportInput, readJsonFile } from "../derivatives";

/** Everything the belief-updating report reads, each file zod-parsed. */
export interface BeliefDerivatives {
  readonly results: BeliefResultsFile;
  readonly study: BeliefStudyConfig;
  readonly participants: readonly BeliefParticipantRecord[];
  readonly sessions: readonly BeliefSessionRecord[];
  readonly madrs: readonly BeliefMadrsRecord[];
  readonly summaries: readonly BeliefSummaryRow[];
  readonly trials: readonly BeliefTrialRow[];
  /** Each session's learning-rate fit (the model stage's per-session tables). */
  readonly learningRates: readonly LearningRateRow[];
  /** Every file read, sorted by path. */
  readonly inputs: readonly ReportInput[];
}

/**
 * Reads a belief-updating derivatives folder: results.json, study.json, the participants,
 * sessions, MADRS, trials and session-summary tables and each session's learning-rate table.
 * Every file is zod-parsed (a bad or missing derivative throws InputError naming it) and hashed.
 */
export function readBeliefDerivatives(dir: string): BeliefDerivatives {
  const inputs: ReportInput[] = [];
  const hashed = (path: string) => {
    const bytes = readFileSync(path);
    const rel = path.slice(dir.length).split(sep).join("/").replace(/^\/+/, "");
    inputs.push({ path: rel, bytes: bytes.length, sha256: sha256(bytes) });
  };
  const table = <S extends z.ZodObject>(name: OutputName, schema: S, session?: BeliefSessionRecord) => {
    const path = outputPath(dir, name, session);
    if (!existsSync(path))
      throw new InputError({ file: path }, `not found: run the ${OUTPUTS[name].stage} stage first`);
    const rows = readArrowFile(path, schema);
    hashed(path);
    return rows;
  };
  const results = readJsonFile(
    outputPath(dir, "beliefResults"),
    BeliefResultsFile,
    "run the analyse stage first",
  );
  hashed(outputPath(dir, "beliefResults"));
  const study = readJsonFile(outputPath(dir, "study"), BeliefStudyConfig, "run the report stage first");
  hashed(outputPath(dir, "study"));
  const sessions = table("beliefSessions", BeliefSessionRecord);
  const learningRates = sessions
    .filter((s) => s.beh_file !== null)
    .flatMap((s) => table("learningRates", LearningRateRow, s));
  const out: BeliefDerivatives = {
    results,
    study,
    participants: table("beliefParticipants", BeliefParticipantRecord),
    sessions,
    madrs: table("beliefMadrs", BeliefMadrsRecord),
    summaries: table("beliefSummaries", BeliefSummaryRow),
    trials: table("beliefTrials", BeliefTrialRow),
    learningRates,
    inputs,
  };
  inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}
