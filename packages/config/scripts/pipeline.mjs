#!/usr/bin/env node
// `pnpm pipeline`: `turbo run fmrs-pipeline` (build the CLI, then `fmrs run data-samples`), then one
// plain line that says what happened. On a turbo cache hit nothing runs: turbo restores
// data-samples/derivatives and replays the logged lines of the earlier run, whose "[run] N of 5
// stages ran (T s)" is that run's time, not this one's; the last line says so and gives both times.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const summaryDir = join(root, ".turbo", "runs");
const started = Date.now();
const turbo = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", "fmrs-pipeline", "--output-logs=full", "--summarize", ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } },
);
const elapsed = (Date.now() - started) / 1000;

/** The fmrs-pipeline task of this run's summary (.turbo/runs/*.json), or null. */
function pipelineTask() {
  if (!existsSync(summaryDir)) return null;
  const mine = readdirSync(summaryDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(summaryDir, f))
    .filter((f) => statSync(f).mtimeMs >= started)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const file of mine) {
    try {
      const summary = JSON.parse(readFileSync(file, "utf8"));
      const task = (summary.tasks ?? []).find((t) => t.task === "fmrs-pipeline");
      if (task !== undefined) return task;
    } catch {}
  }
  return null;
}

const task = pipelineTask();
const s = (x) => `${x.toFixed(2)} s`;
if (turbo.status !== 0) {
  console.error(`[pipeline] failed (turbo exited with ${turbo.status}) after ${s(elapsed)}`);
} else if (task?.cache?.status === "HIT") {
  const saved = (task.cache.timeSaved ?? 0) / 1000;
  console.error(
    `[pipeline] turbo cache hit: nothing ran. The lines above were replayed from a cached run that took ${s(saved)}; ` +
      `restoring data-samples/derivatives and replaying took ${s(elapsed)}. (Change data-samples or the code, or run \`pnpm fmrs run data-samples\`, to run the stages.)`,
  );
} else {
  console.error(
    `[pipeline] ran the pipeline in ${s(elapsed)} (turbo cached the result: an unchanged rerun replays it)`,
  );
}
process.exit(turbo.status ?? 1);
