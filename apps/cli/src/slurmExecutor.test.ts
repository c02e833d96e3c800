// The SLURM executor's logic without a SLURM (a fake scheduler that runs the submitted levels in
// this process): the sbatch arguments (array range, afterok dependency, resources from
// --slurm-config with options on top), failed tasks reported with their logs, the rerun submitting
// only the failed participants, and the refusal while an earlier submission still has jobs queued.
// The real-SLURM test is slurm.science.test.ts.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "@fmrs/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "./log";
import { createLogger } from "./log";
import { runStudy } from "./run";
import { type JobState, parseStates, runOnSlurm, type Scheduler, shellQuote, slurmSettings } from "./slurm";
import { BELIEF_SAMPLE, copySample, smallFittedStudy } from "./testing";

const quietLog = createLogger({ quiet: true, json: false, color: false });

function recordingLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (stage: string, message: string) =>
    lines.push(`${level} [${stage}] ${message}`);
  return { log: { info: push("info"), warn: push("warn"), error: push("error") }, lines };
}

/**
 * A scheduler that runs what it is given at the first status query: each array task's participants
 * (`fmrs participant`'s runStudy), except the indices in `fail`, then the group job when every task
 * completed (afterok), as SLURM would.
 */
function fakeScheduler(study: string, out: string, fail: readonly number[] = []) {
  const submitted: { args: readonly string[]; script: string }[] = [];
  const states = new Map<string, JobState>();
  let next = 100;
  const scheduler: Scheduler = {
    submit(args, script) {
      submitted.push({ args, script });
      const id = String(next++);
      const array = args.find((a) => a.startsWith("--array="));
      if (array !== undefined) {
        const last = Number(/0-(\d+)/.exec(array)?.[1]);
        for (let i = 0; i <= last; i++) states.set(`${id}_${i}`, "PENDING");
      } else states.set(id, "PENDING");
      return id;
    },
    states(ids) {
      return new Map([...states].filter(([id]) => ids.some((j) => id === j || id.startsWith(`${j}_`))));
    },
    cancel(id) {
      states.set(id, "CANCELLED");
    },
  };
  /** One job's work: `fmrs participant` (one task's participants) or `fmrs group`, quietly. */
  const runLevel = (level: Pick<Parameters<typeof runStudy>[2], "level" | "participants">) =>
    runStudy(
      study,
      {},
      {
        out,
        force: false,
        jobs: 1,
        log: quietLog,
        logOptions: { quiet: true, json: false, color: false },
        ...level,
      },
    );
  /** Runs the queued jobs (call between submission and the first poll: the executor's sleep). */
  const runJobs = async (tasks: readonly (readonly string[])[]) => {
    let failed = false;
    for (const [id, state] of [...states]) {
      if (state !== "PENDING") continue;
      const m = /^(\d+)_(\d+)$/.exec(id);
      if (m !== null) {
        const index = Number(m[2]);
        if (fail.includes(index)) {
          states.set(id, "FAILED");
          failed = true;
          continue;
        }
        await runLevel({ level: "participant", participants: tasks[index] ?? [] });
        states.set(id, "COMPLETED");
      }
    }
    for (const [id, state] of [...states]) {
      if (state !== "PENDING" || id.includes("_")) continue;
      if (failed) continue; // afterok never met: stays pending (the executor cancels it)
      await runLevel({ level: "group" });
      states.set(id, "COMPLETED");
    }
  };
  return { scheduler, submitted, states, runJobs };
}

describe("runOnSlurm (with a fake scheduler)", () => {
  const saved = process.env.FMRS_COMMAND;
  beforeAll(() => {
    process.env.FMRS_COMMAND = "/usr/bin/node /opt/fmrs/fmrs.mjs";
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.FMRS_COMMAND;
    else process.env.FMRS_COMMAND = saved;
  });

  it("submits an array of the participants and an afterok group job with the configured resources; reports a failed task with its log; the rerun submits only it", async () => {
    const study = smallFittedStudy(4);
    const out = join(study, "..", "out");
    const config = join(study, "..", "slurm.json");
    writeFileSync(config, JSON.stringify({ partition: "short", mem: "4G", time: "01:00:00", chunk_size: 2 }));
    const flags = { slurmConfig: config, mem: "2G", poll: 0.001 };
    const fake = fakeScheduler(study, out, [1]);
    const tasks = [
      ["sub-01", "sub-02"],
      ["sub-03", "sub-04"],
    ];
    const { log, lines } = recordingLog();
    const code = await runOnSlurm(study, out, flags, log, fake.scheduler, () => fake.runJobs(tasks));
    expect(code).toBe(3);
    const [array, group] = fake.submitted;
    expect(array?.args).toEqual([
      "--job-name=fmrs-participant",
      "--array=0-1",
      `--output=${join(out, "logs", "slurm", "1", "participant-%a.log")}`,
      "--partition=short",
      "--time=01:00:00",
      "--mem=2G",
      "--cpus-per-task=1",
    ]);
    expect(group?.args).toContain("--dependency=afterok:100");
    expect(group?.args).toContain("--kill-on-invalid-dep=yes");
    expect(lines.join("\n")).toContain(
      `error [slurm] array task 100_1 (sub-03 sub-04) FAILED: 4 units not done (sub-03 ses-1, sub-03 ses-2, sub-04 ses-1, sub-04 ses-2); log ${join(out, "logs", "slurm", "1", "participant-1.log")}`,
    );
    expect(lines.join("\n")).toContain("group job 101 CANCELLED: it waits for every participant task");

    // Rerun: one task (sub-03 sub-04), then the group job; all completes.
    const again = fakeScheduler(study, out);
    const second = recordingLog();
    const code2 = await runOnSlurm(study, out, flags, second.log, again.scheduler, () =>
      again.runJobs([["sub-03", "sub-04"]]),
    );
    expect(code2, second.lines.join("\n")).toBe(0);
    expect(again.submitted[0]?.args).toContain("--array=0-0");
    expect(second.lines.join("\n")).toContain(
      "participant level: 2 participants to run (4 of 8 units missing or stale): sub-03 sub-04",
    );
    expect(second.lines.join("\n")).toContain("all jobs completed");
  });

  it("runs a belief-updating study through its own stage graph (participant level: the per-session learning-rate fits)", async () => {
    const study = copySample(BELIEF_SAMPLE);
    // Fewer bootstrap resamples than the sample's 5000: the levels, not the mediation, are under test.
    const config = JSON.parse(readFileSync(join(study, "study.json"), "utf8"));
    writeFileSync(
      join(study, "study.json"),
      JSON.stringify({ ...config, mediation: { bootstrap_resamples: 200 } }),
    );
    const out = join(study, "..", "out");
    const fake = fakeScheduler(study, out);
    const { log, lines } = recordingLog();
    const participants = readFileSync(join(study, "participants.tsv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split("\t")[0] ?? "");
    const code = await runOnSlurm(study, out, { poll: 0.001, chunkSize: 100 }, log, fake.scheduler, () =>
      fake.runJobs([participants]),
    );
    expect(code, lines.join("\n")).toBe(0);
    expect(fake.submitted[0]?.args).toContain("--array=0-0");
    expect(lines.join("\n")).toContain(`participant level: ${participants.length} participants to run`);
    expect(existsSync(join(out, "results.json"))).toBe(true);
    expect(existsSync(join(out, "report", "index.html"))).toBe(true);
  });

  it("refuses while jobs of an earlier submission are still queued, naming them", async () => {
    const study = smallFittedStudy(2);
    const out = join(study, "..", "out");
    const fake = fakeScheduler(study, out, [0]);
    await runOnSlurm(study, out, { poll: 0.001 }, quietLog, fake.scheduler, () =>
      fake.runJobs([["sub-01"], ["sub-02"]]),
    );
    // The group job was cancelled; pretend the array is still running.
    fake.states.set("100_1", "RUNNING");
    await expect(runOnSlurm(study, out, {}, quietLog, fake.scheduler)).rejects.toThrow(
      /jobs of an earlier submission are still queued or running \(100_1 RUNNING\)/,
    );
  });

  it("a bad --slurm-config is bad input naming the file and the field", () => {
    const study = smallFittedStudy(1);
    const config = join(study, "..", "bad.json");
    writeFileSync(config, JSON.stringify({ cpus_per_task: 0 }));
    expect(() => slurmSettings({ slurmConfig: config })).toThrow(InputError);
    expect(() => slurmSettings({ slurmConfig: config })).toThrow(/bad\.json: cpus_per_task:/);
    writeFileSync(config, JSON.stringify({ partitoin: "x" }));
    expect(() => slurmSettings({ slurmConfig: config })).toThrow(/bad\.json:/);
    expect(slurmSettings({ cpusPerTask: 4 }).cpus_per_task).toBe(4);
  });

  it("parses sacct/squeue lines and quotes shell words", () => {
    expect(parseStates("12_0|COMPLETED\n12_1|CANCELLED by 0\n12.batch|COMPLETED\n13|PENDING\n")).toEqual(
      new Map([
        ["12_0", "COMPLETED"],
        ["12_1", "CANCELLED"],
        ["13", "PENDING"],
      ]),
    );
    expect(shellQuote("it's /a b")).toBe(`'it'\\''s /a b'`);
  });
});
