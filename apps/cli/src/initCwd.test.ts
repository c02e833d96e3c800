// `pnpm fmrs …` runs the root script in the repository root; the script sets FMRS_USE_INIT_CWD=1
// and the CLI then resolves relative paths against pnpm's INIT_CWD, the folder the user ran pnpm in.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "@fmrs/config";
import { describe, expect, it } from "vitest";
import { CLI_BUNDLE, SAMPLE } from "./testing";

describe("`pnpm fmrs` resolves relative paths against the folder pnpm was run in (INIT_CWD)", () => {
  const bundle = (args: string[], env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [CLI_BUNDLE, ...args], {
      cwd: repoRoot(),
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", ...env },
    });

  it("with FMRS_USE_INIT_CWD=1 (the root script sets it), `validate .` checks INIT_CWD, not the repository root", () => {
    const r = bundle(["validate", "."], { FMRS_USE_INIT_CWD: "1", INIT_CWD: SAMPLE });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/valid \(12 participants/);
    // Without it, "." is the repository root, which is no study.
    expect(bundle(["validate", "."], { INIT_CWD: SAMPLE, FMRS_USE_INIT_CWD: "" }).status).toBe(2);
  });

  it("the root package.json's `fmrs` script sets FMRS_USE_INIT_CWD=1", () => {
    const scripts = JSON.parse(readFileSync(join(repoRoot(), "package.json"), "utf8")).scripts;
    expect(scripts.fmrs).toMatch(/FMRS_USE_INIT_CWD=1 node apps\/cli\/dist\/fmrs\.mjs$/);
  });

  it("a relative --out through INIT_CWD lands in the user's folder", () => {
    const user = mkdtempSync(join(tmpdir(), "fmrs-user-"));
    mkdirSync(join(user, "study"));
    cpSync(SAMPLE, join(user, "study"), { recursive: true, filter: (s) => !s.includes("/derivatives") });
    const r = bundle(["ingest", "study", "--out", "out", "--quiet"], {
      FMRS_USE_INIT_CWD: "1",
      INIT_CWD: user,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(user, "out"))).toContain("participants.parquet");
  });
});
