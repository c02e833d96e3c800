import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

let counter = 0;

/**
 * Writes `data` to `path` atomically: into a temporary file beside it, then renamed over the
 * target, so a reader (or a run killed half way) sees either the old file or the new one, never
 * a half-written file. Creates the parent folder. The temporary name ends in `.tmp-<pid>-<n>`.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${counter++}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
