#!/usr/bin/env node
// `pnpm test` and `pnpm test:science`: every package's vitest suite through turbo, then one plain
// closing line "N passed, N failed, N skipped" summed over all packages from the vitest JSON
// reports (turbo restores them on a cache hit).
//
//   pnpm test             typecheck, lint and the default tier (unit, integration, browser tests)
//   pnpm test:science     the slow tier: statistical recoveries (`*.science.test.ts`)
//
// The closing line never hides a failure: a test suite that crashed, a package whose tests did not
// run (no report) and a failed typecheck or lint task each count as one failure, so "0 failed"
// appears only beside exit code 0. Exits non-zero on any failure or on zero tests.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium, ensureGhostscript } from "./ensure-chromium.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const args = process.argv.slice(2);
const tierIndex = args.indexOf("--tier");
const tier = tierIndex >= 0 ? args[tierIndex + 1] : "default";
if (tier !== "default" && tier !== "science") {
  console.error(`run-tests: --tier must be "default" or "science", not ${JSON.stringify(tier)}`);
  process.exit(2);
}
const passThrough = tierIndex >= 0 ? args.filter((_, i) => i !== tierIndex && i !== tierIndex + 1) : args;
const testTask = tier === "science" ? "test:science" : "test";
const reportName = tier === "science" ? "science.json" : "vitest.json";
const label = tier === "science" ? "science" : "tests";

const workspaces = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, group, d.name, "package.json")))
    .map((d) => join(root, group, d.name)),
);
const withTests = workspaces.filter((dir) => {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return typeof pkg.scripts?.[testTask] === "string";
});

const chromium = ensureChromium();
if (!chromium.ok) {
  console.error(chromium.message);
  process.exit(1);
}
const ghostscript = ensureGhostscript();
if (!ghostscript.ok) {
  console.error(ghostscript.message);
  process.exit(1);
}

for (const dir of withTests) rmSync(join(dir, "test-results", reportName), { force: true });

// Turbo's run summary (.turbo/runs/*.json) names every task and its exit code, so a failed
// typecheck or lint counts.
const summaryDir = join(root, ".turbo", "runs");
const tasks = tier === "science" ? [testTask] : ["typecheck", "lint", testTask];
// Shared test fixtures (sharedFixture in @fmrs/config): one fresh folder for this run, so each
// expensive step (a simulated study, a pipeline run) is made once from the code as it is and shared
// by every test file and package that needs it; removed at the end.
const fixtures = mkdtempSync(join(tmpdir(), "fmrs-test-fixtures-"));
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  TZ: "UTC",
  CHROMIUM_PATH: chromium.path,
  GHOSTSCRIPT_PATH: ghostscript.path,
  FMRS_TEST_FIXTURES: fixtures,
};
const started = Date.now();
// Every task starts at once (turbo's default of 10 at a time queued the CLI's build and tests, the
// longest chain, behind the short tasks of the packages below it, so the run ended with the CLI
// alone on one core). The machine shares its cores fairly between them, so the run takes about its
// total CPU time divided by the cores, not the sum of the queue's waits.
const concurrency = passThrough.some((a) => a.startsWith("--concurrency")) ? [] : ["--concurrency=64"];
const turbo = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", ...tasks, "--continue", "--summarize", ...concurrency, ...passThrough],
  {
    cwd: root,
    stdio: "inherit",
    env,
  },
);
rmSync(fixtures, { recursive: true, force: true });

/** Failed non-test tasks (typecheck, lint, build) from turbo's run summary, if it wrote one. */
function failedTasksFromSummary() {
  if (!existsSync(summaryDir)) return null;
  const mine = readdirSync(summaryDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(summaryDir, f))
    .filter((f) => statSync(f).mtimeMs >= started)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (mine.length === 0) return null;
  try {
    const summary = JSON.parse(readFileSync(mine[0], "utf8"));
    return (summary.tasks ?? [])
      .filter((t) => (t.execution?.exitCode ?? 0) !== 0)
      .map((t) => ({ id: t.taskId, task: t.task, dir: t.directory }));
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
for (const dir of withTests) {
  const name = dir.slice(root.length + 1);
  const file = join(dir, "test-results", reportName);
  if (!existsSync(file)) {
    failed += 1;
    problems.push(`${name}: no test report (its tests did not run)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that failed with no failed test in it crashed (an import error, a hook that threw).
  const crashed = (report.testResults ?? []).filter(
    (s) => s.status === "failed" && !(s.assertionResults ?? []).some((a) => a.status === "failed"),
  );
  failed += crashed.length;
  for (const s of crashed) problems.push(`${String(s.name).slice(root.length + 1)}: the suite crashed`);
}
const failedTasks = failedTasksFromSummary();
if (failedTasks === null) {
  if (turbo.status !== 0 && failed === 0) {
    failed += 1;
    problems.push(`turbo exited with ${turbo.status} and wrote no run summary`);
  }
} else {
  for (const t of failedTasks) {
    if (t.task === testTask) continue; // counted from its report above (a missing report counts too)
    failed += 1;
    problems.push(`${t.id}: failed`);
  }
  // A test task that failed while its report shows no failure (e.g. vitest itself could not start).
  for (const t of failedTasks.filter((x) => x.task === testTask)) {
    const file = join(root, t.dir ?? "", "test-results", reportName);
    if (existsSync(file)) {
      const r = JSON.parse(readFileSync(file, "utf8"));
      const counted =
        (r.numFailedTests ?? 0) + (r.testResults ?? []).filter((s) => s.status === "failed").length;
      if (counted === 0) {
        failed += 1;
        problems.push(`${t.id}: exited non-zero with no failed test in its report`);
      }
    }
  }
  if (turbo.status !== 0 && failed === 0) {
    failed += 1;
    problems.push(`turbo exited with ${turbo.status}`);
  }
}
for (const p of problems) console.error(`[${label}] ${p}`);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.error(`[${label}] ${withTests.length} packages, ${seconds} s`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
const ok = turbo.status === 0 && failed === 0 && (passed > 0 || tier === "science");
process.exit(ok ? 0 : 1);
