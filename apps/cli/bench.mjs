#!/usr/bin/env node
// `pnpm bench` (apps/cli): times the pipeline on a copy of data-samples with the built CLI and
// prints plain figure lines. Not a test: the numbers depend on the machine.
//   - cold run (all stages) and unchanged rerun (must do no work; target < 2 s);
//   - the fit stage alone with --jobs 1 and with every core (sessions per second);
//   - peak memory (max RSS) of each, from GNU time when the machine has it.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "dist", "fmrs.mjs");
const sample = join(here, "..", "..", "data-samples");
const work = mkdtempSync(join(tmpdir(), "fmrs-bench-"));
const study = join(work, "study");
cpSync(sample, study, { recursive: true, filter: (src) => !src.includes("/derivatives") });
const gnuTime = existsSync("/usr/bin/time");
const rssFile = join(work, "rss.txt");

function timed(args) {
  const command = gnuTime ? "/usr/bin/time" : process.execPath;
  const argv = gnuTime
    ? ["-f", "%M", "-o", rssFile, process.execPath, cli, ...args, "--quiet"]
    : [cli, ...args, "--quiet"];
  const started = process.hrtime.bigint();
  const r = spawnSync(command, argv, { encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`fmrs ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  const mb = gnuTime
    ? `${(Number(readFileSync(rssFile, "utf8").trim()) / 1024).toFixed(0)} MB peak`
    : "peak memory n/a";
  return { seconds, mb };
}

const cold = timed(["run", study]);
console.log(`pipeline cold run (data-samples, all stages): ${cold.seconds.toFixed(2)} s, ${cold.mb}`);
const warm = timed(["run", study]);
console.log(`pipeline unchanged rerun: ${warm.seconds.toFixed(2)} s (target < 2 s), ${warm.mb}`);
const sessions = JSON.parse(
  readFileSync(join(study, "derivatives", "fmrs-crossover", "sessions.json"), "utf8"),
);
const withMrs =
  execFileSync(process.execPath, [cli, "validate", study], { encoding: "utf8" }).match(
    /(\d+) MRS inputs/,
  )?.[1] ?? "?";
for (const jobs of [...new Set([1, availableParallelism()])]) {
  const t = timed(["fit", study, "--force", "--jobs", String(jobs)]);
  console.log(
    `fit stage, ${withMrs} sessions with MRS (of ${sessions.NumRows}), --jobs ${jobs}: ${t.seconds.toFixed(2)} s (${(Number(withMrs) / t.seconds).toFixed(1)} sessions/s), ${t.mb}`,
  );
}
rmSync(work, { recursive: true, force: true });
