// `fmrs run --executor slurm` on a real single-node SLURM (apps/cli/scripts/start-slurm.sh): a
// 6-subject study goes through an sbatch array (participant level) and a dependent group job, and
// its derivatives are byte-identical to `fmrs run --executor local`. One array task is cancelled
// (scancel <array>_<index>): the run reports it with its log and fails (exit 3), and the rerun
// resubmits only that subject. Where SLURM cannot be started the suite is skipped with the reason;
// under .ci/run (FMRS_REQUIRE_SLURM=1) it is never skipped: no SLURM is a failure.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@fmrs/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BUNDLE, runBundledCli, smallFittedStudy, treeHashes } from "./testing";

const SCRIPTS = join(repoRoot(), "apps", "cli", "scripts");
const REQUIRED = process.env.FMRS_REQUIRE_SLURM === "1";

/** True when a SLURM node answers; `started` when this suite had to start the daemons. */
function slurmReady(): { ok: boolean; started: boolean; why: string } {
  const idle = () =>
    /^(idle|mixed|allocated)/m.test(
      spawnSync("sinfo", ["-h", "-N", "-o", "%T"], { encoding: "utf8" }).stdout ?? "",
    );
  if (spawnSync("sbatch", ["--version"]).error !== undefined)
    return { ok: false, started: false, why: "sbatch is not on the PATH (apt-get install slurm-wlm munge)" };
  if (idle()) return { ok: true, started: false, why: "" };
  if (process.getuid?.() !== 0)
    return { ok: false, started: false, why: "no SLURM node answers and starting one needs root" };
  const r = spawnSync("bash", [join(SCRIPTS, "start-slurm.sh")], { encoding: "utf8" });
  if (r.status !== 0) return { ok: false, started: false, why: `start-slurm.sh failed: ${r.stderr.trim()}` };
  return { ok: true, started: true, why: "" };
}

const slurm = slurmReady();
if (!slurm.ok && !REQUIRED)
  console.warn(
    `slurm.science.test.ts skipped: SLURM cannot be started here (${slurm.why}); FMRS_REQUIRE_SLURM=1 makes this a failure`,
  );

/** Derivatives without the SLURM logs (logs/slurm is the executor's, not a derivative). */
function derivatives(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(treeHashes(dir)).filter(([f]) => !f.startsWith("logs/")));
}

/** fmrs run --executor slurm in a child process; `onArray` is called with the array job id as soon as it is submitted. */
function runSlurm(
  study: string,
  out: string,
  onArray: (id: string) => void = () => {},
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CLI_BUNDLE, "run", study, "--out", out, "--executor", "slurm", "--poll", "1"],
      { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    let seen = false;
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
      const m = /submitted participant array (\d+)/.exec(stderr);
      if (m !== null && !seen) {
        seen = true;
        onArray(m[1] as string);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe.skipIf(!slurm.ok && !REQUIRED)("fmrs run --executor slurm on a real single-node SLURM", () => {
  let study: string;
  const records = (out: string) =>
    ["01", "02", "03", "04", "05", "06"].flatMap((s) =>
      ["ses-1", "ses-2"].map((ses) => join(out, "stages", "fit", `sub-${s}_${ses}.json`)),
    );

  beforeAll(() => {
    expect(
      slurm.ok,
      `SLURM is required here (FMRS_REQUIRE_SLURM=1) but cannot be started: ${slurm.why}`,
    ).toBe(true);
    study = smallFittedStudy(6);
  });

  afterAll(() => {
    if (slurm.started) spawnSync("bash", [join(SCRIPTS, "stop-slurm.sh")]);
  });

  it("a cancelled array task fails the run with its log; the rerun resubmits only that subject; the derivatives equal --executor local byte for byte", async () => {
    const local = join(study, "..", "local");
    const viaSlurm = join(study, "..", "slurm");
    const l = runBundledCli(["run", study, "--out", local, "--executor", "local", "--quiet"]);
    expect(l.code, l.stderr).toBe(0);

    // First submission: the last array task (sub-06) is cancelled as soon as the array is queued
    // (2 CPUs, 6 one-CPU tasks: it is still pending or just started, never done).
    let arrayId = "";
    const first = await runSlurm(study, viaSlurm, (id) => {
      arrayId = id;
      spawnSync("scancel", [`${id}_5`]);
    });
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toContain("submitted participant array");
    expect(first.stderr).toContain("(6 tasks)");
    const log5 = join(viaSlurm, "logs", "slurm", "1", "participant-5.log");
    // A pending array task that is cancelled leaves the queue at once (SLURM keeps no record of it
    // without accounting): reported as cancelled before it started; a running one as CANCELLED.
    expect(first.stderr).toContain(`array task ${arrayId}_5 (sub-06) CANCELLED`);
    expect(first.stderr).toContain(`: 2 units not done (sub-06 ses-1, sub-06 ses-2); log ${log5}`);
    expect(first.stderr).toMatch(/group job \d+ CANCELLED: it waits for every participant task/);
    // sub-01…05 are done (records written by their tasks); sub-06 and the group level are not.
    const recs = records(viaSlurm);
    expect(recs.slice(0, 10).every(existsSync)).toBe(true);
    expect(recs.slice(10).some(existsSync)).toBe(false);
    expect(existsSync(join(viaSlurm, "results.json"))).toBe(false);
    const before = recs.slice(0, 10).map((r) => statSync(r).mtimeMs);

    // Rerun: only sub-06 is submitted (one task), then the group job.
    const second = await runSlurm(study, viaSlurm);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(
      "participant level: 1 participants to run (2 of 12 units missing or stale): sub-06",
    );
    expect(second.stderr).toContain("(1 tasks)");
    expect(readFileSync(join(viaSlurm, "logs", "slurm", "2", "tasks.txt"), "utf8")).toBe("sub-06\n");
    expect(readFileSync(join(viaSlurm, "logs", "slurm", "2", "participant-0.log"), "utf8")).toContain(
      "2 sessions fitted, 0 up to date",
    );
    // The other subjects' fits were not redone: their records are the same files.
    expect(recs.slice(0, 10).map((r) => statSync(r).mtimeMs)).toEqual(before);

    expect(derivatives(viaSlurm)).toEqual(treeHashes(local));
    expect(Object.keys(treeHashes(local))).toContain("report/index.html");
  });
});
