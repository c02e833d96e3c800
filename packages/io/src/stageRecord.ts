import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import type { SourceFile } from "@fmrs/schema";
import { writeFileAtomic } from "./atomic";
import { canonicalJson } from "./canonicalJson";
import { sha256, sha256File } from "./hash";

/**
 * What a stage (or one unit of a stage, e.g. one session's fit) last produced: the key of its
 * inputs and parameters and the sha256 of each output. A later run with the same key whose
 * outputs still hash the same does no work.
 */
export interface StageRecord {
  readonly stage: string;
  readonly input_key: string;
  /** Output path (relative to the derivatives root) → sha256. */
  readonly outputs: Readonly<Record<string, string>>;
}

/**
 * sha256 over a stage's name, software version, parameters and the (path, sha256) of each input,
 * in canonical JSON, so it changes exactly when one of them does.
 */
export function inputKey(
  stage: string,
  version: string,
  sources: readonly SourceFile[],
  parameters: unknown,
): string {
  const sorted = [...sources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return sha256(canonicalJson({ stage, version, sources: sorted, parameters }));
}

/** Reads the record of `unit` under `recordPath`, or null when there is none or it is unreadable. */
export function readStageRecord(recordPath: string): StageRecord | null {
  if (!existsSync(recordPath)) return null;
  try {
    const json = JSON.parse(readFileSync(recordPath, "utf8")) as StageRecord;
    return typeof json.input_key === "string" && typeof json.outputs === "object" ? json : null;
  } catch {
    return null;
  }
}

/**
 * True when the record at `recordPath` has `key` and every output it lists exists under `root`
 * with the recorded sha256 (so a deleted or edited output is rebuilt).
 */
export function isUpToDate(recordPath: string, root: string, key: string): boolean {
  const record = readStageRecord(recordPath);
  if (record === null || record.input_key !== key) return false;
  return Object.entries(record.outputs).every(([rel, hash]) => {
    const path = `${root}/${rel}`;
    return existsSync(path) && sha256File(path) === hash;
  });
}

/** Writes the record of a finished stage (atomically), hashing each of its outputs. */
export function writeStageRecord(
  recordPath: string,
  root: string,
  stage: string,
  key: string,
  outputs: readonly string[],
): void {
  const hashes: Record<string, string> = {};
  for (const path of [...outputs].sort())
    hashes[relative(root, path).split("\\").join("/")] = sha256File(path);
  writeFileAtomic(recordPath, canonicalJson({ stage, input_key: key, outputs: hashes }));
}
