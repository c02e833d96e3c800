import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

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

/**
 * Removes temporary files that an interrupted run left behind (`<name>.tmp-<pid>-<n>`, see
 * writeFileAtomic) anywhere under `root`. Returns their paths, relative to `root`, sorted.
 */
export function removeStaleTemporaryFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const stale = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tmp-\d+-\d+$/.test(f))
    .sort();
  for (const f of stale) rmSync(join(root, f), { force: true });
  return stale;
}
