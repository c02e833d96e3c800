#!/usr/bin/env node
// `pnpm bench` (apps/cli): times the pipeline on a copy of data-samples with the built CLI and
// prints plain figure lines. Not a test: the numbers depend on the machine.
//   - cold run (all stages) and unchanged rerun (must do no work; target < 2 s);
//   - rerun after a QC threshold edit (outcomes, analyse, report only; target < 10 s);
//   - the fit stage alone with --jobs 1 and with every core (sessions per second);
//   - peak memory (max RSS) of each, from GNU time when the machine has it;
//   - what writing every table also as Parquet costs, as a share of the cold run (target < 10 %).
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

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
{
  // Parquet's share: re-encode every table of the cold run's derivatives in a fresh process.
  const helper = join(work, "parquet-cost.mjs");
  await build({
    entryPoints: [join(here, "bench", "parquetCost.ts")],
    outfile: helper,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: "warning",
  });
  copyFileSync(join(here, "dist", "parquet_wasm_bg.wasm"), join(work, "parquet_wasm_bg.wasm"));
  const derivatives = join(study, "derivatives", "fmrs-crossover");
  const r = spawnSync(process.execPath, [helper, derivatives, join(work, "parquet")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`parquet cost helper failed:\n${r.stderr}`);
  const p = JSON.parse(r.stdout);
  console.log(
    `Parquet writing in the cold run: ${p.seconds.toFixed(2)} s for ${p.files} tables (${(p.bytes / 1e6).toFixed(1)} MB), ` +
      `${((100 * p.seconds) / cold.seconds).toFixed(1)} % of the cold run (target < 10 %)`,
  );
}
const warm = timed(["run", study]);
console.log(`pipeline unchanged rerun: ${warm.seconds.toFixed(2)} s (target < 2 s), ${warm.mb}`);
// A QC threshold edit reruns outcomes, analyse and report only (never a fit): target < 10 s.
const studyJson = join(study, "study.json");
const config = JSON.parse(readFileSync(studyJson, "utf8"));
config.qc = { ...config.qc, max_crlb_pct: (config.qc?.max_crlb_pct ?? 20) - 1 };
writeFileSync(studyJson, JSON.stringify(config, null, 2));
const qcEdit = timed(["run", study]);
console.log(`rerun after a QC edit: ${qcEdit.seconds.toFixed(2)} s (target < 10 s), ${qcEdit.mb}`);
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
