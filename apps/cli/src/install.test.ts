// `fmrs` as an installed command: the bundled CLI packed with `pnpm pack` installs with npm into
// an empty prefix without the network (the tarball declares no dependencies: everything, including
// parquet-wasm's .wasm and the default basis set, is in dist/), and runs from any folder.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "@fmrs/config";
import { beforeAll, describe, expect, it } from "vitest";
import { copySample } from "./testing";

const cliDir = join(repoRoot(), "apps", "cli");

describe("fmrs installed from the packed CLI", () => {
  let fmrs = "";
  let packed: { dependencies?: object; bin?: Record<string, string> } = {};
  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), "fmrs-install-"));
    execFileSync("pnpm", ["pack", "--pack-destination", work], { cwd: cliDir, stdio: "ignore" });
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
    if (tarball === undefined) throw new Error("pnpm pack wrote no tarball");
    packed = JSON.parse(
      execFileSync("tar", ["-xzOf", join(work, tarball), "package/package.json"], { encoding: "utf8" }),
    );
    const prefix = join(work, "prefix");
    execFileSync(
      "npm",
      [
        "install",
        "--global",
        "--prefix",
        prefix,
        "--offline",
        "--no-audit",
        "--no-fund",
        join(work, tarball),
      ],
      { stdio: "ignore" },
    );
    fmrs = join(prefix, "bin", "fmrs");
  });

  const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(fmrs, args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it("the tarball declares no runtime dependencies and a `fmrs` bin", () => {
    expect(packed.dependencies ?? {}).toEqual({});
    expect(packed.bin).toEqual({ fmrs: "./dist/fmrs.mjs" });
  });

  it("`fmrs --version` works from an unrelated folder", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "fmrs-elsewhere-"));
    const r = run(["--version"], elsewhere);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("0.1.0");
  });

  it("`fmrs validate .` and `fmrs run .` inside a copy of the fitted-route sample resolve `.` there", () => {
    const study = copySample();
    const v = run(["validate", "."], study);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/valid \(12 participants, 24 sessions/);
    const r = run(["run", ".", "--quiet"], study);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(study, "derivatives", "fmrs-crossover"))).toContain("outcomes.parquet");
  });

  it("`fmrs simulate` works with the basis set the package carries", () => {
    const out = join(mkdtempSync(join(tmpdir(), "fmrs-sim-")), "s");
    const r = run(["simulate", "--subjects", "2", "--out", out, "--quiet"], tmpdir());
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out)).toContain("truth.json");
  });
});
