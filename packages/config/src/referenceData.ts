import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the folder holding pnpm-workspace.yaml above this file. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("repoRoot(): no pnpm-workspace.yaml above this file");
    dir = parent;
  }
}

export type SharedFolder = "reference-data" | "reference-stats";

/**
 * Where a shared folder is: `$FMRS_SHARED/<name>` when set, else `<repo>/../shared/<name>`.
 * Returns `{ path, available }`. Under CI (`CI=true`) a missing folder throws, so a test that
 * needs it fails the run instead of being skipped.
 */
export function sharedFolder(name: SharedFolder): { path: string; available: boolean } {
  const base = process.env.FMRS_SHARED ?? resolve(repoRoot(), "..", "shared");
  const path = join(base, name);
  const available = existsSync(path);
  if (!available && process.env.CI === "true") {
    throw new Error(`sharedFolder(${name}): ${path} is absent, and under CI it must be present`);
  }
  if (!available) {
    console.warn(`[skipped] tests that need ${path} are skipped: the folder is absent`);
  }
  return { path, available };
}
