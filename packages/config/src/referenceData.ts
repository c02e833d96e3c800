import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
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

/** The test-data folders the repository carries (see testdata/PROVENANCE.md). */
export type TestdataFolder = "reference-data" | "reference-stats" | "refactor-base";

/**
 * The absolute path of a folder under `<repo>/testdata/`. The repository carries every file its
 * tests read, so a clone with nothing beside it passes every test; a missing folder is an error
 * (a broken checkout), never a reason to skip.
 */
export function testdataFolder(name: TestdataFolder): string {
  const path = join(repoRoot(), "testdata", name);
  if (!existsSync(path)) {
    throw new Error(`testdataFolder(${name}): ${path} is absent; the repository's testdata/ is incomplete`);
  }
  return path;
}
