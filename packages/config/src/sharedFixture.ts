// Test support: a folder made once by an expensive step (a simulated study, a pipeline run) and
// shared by every test file, and every package, that asks for the same thing in one `pnpm test`.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

/**
 * Where shared fixtures live: `$FMRS_TEST_FIXTURES` (run-tests.mjs sets a fresh folder for each
 * `pnpm test` and removes it afterwards, so every run builds its fixtures from the code as it is),
 * else `<tmpdir>/fmrs-test-fixtures` (a single `vitest run` in a package: kept between runs, keyed
 * by content, so a rerun reuses what the same inputs made).
 */
export function fixturesRoot(): string {
  return process.env.FMRS_TEST_FIXTURES || join(tmpdir(), "fmrs-test-fixtures");
}

/**
 * sha256 (hex) of files and folders by content: every regular file under each path, with its path
 * relative to that root, in sorted order. Use it for a fixture's key (the CLI bundle, a sample study).
 */
export function hashPaths(...paths: readonly string[]): string {
  const hash = createHash("sha256");
  for (const root of paths) {
    hash.update(`\0root\0${root.length}`);
    const walk = (p: string): void => {
      const st = statSync(p);
      if (st.isDirectory()) {
        for (const name of readdirSync(p).sort()) walk(join(p, name));
      } else if (st.isFile()) {
        hash.update(`\0file\0${relative(root, p)}\0`);
        hash.update(readFileSync(p));
      }
    };
    walk(root);
  }
  return hash.digest("hex");
}

/**
 * The folder `build` made for this name and key, building it on first use.
 *
 * - `key`: everything the fixture's content depends on (e.g. `hashPaths(bundleDir)` and the
 *   command's arguments); the same name and key give the same folder.
 * - `build(dir)`: writes the fixture into `dir` (an empty folder); it throws if the step failed.
 *   It runs in a temporary folder renamed into place when done, so an interrupted or failed build
 *   leaves nothing behind and two workers that build at once both end with one complete folder.
 *
 * The folder is shared: treat it as read-only and copy it before changing anything in it.
 * `root` (default fixturesRoot()) is for this module's own tests.
 */
export async function sharedFixture(
  name: string,
  key: readonly string[],
  build: (dir: string) => void | Promise<void>,
  root: string = fixturesRoot(),
): Promise<string> {
  const digest = createHash("sha256")
    .update(JSON.stringify([name, ...key]))
    .digest("hex")
    .slice(0, 20);
  const dir = join(root, `${name}-${digest}`);
  if (existsSync(dir)) return dir;
  mkdirSync(root, { recursive: true });
  const work = `${dir}.building-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(work);
  try {
    await build(work);
    if (existsSync(dir)) {
      // Another worker finished the same fixture first: keep theirs.
      rmSync(work, { recursive: true, force: true });
    } else {
      renameSync(work, dir);
    }
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    if (existsSync(dir)) return dir; // lost a rename race to an identical build
    throw error;
  }
  return dir;
}
