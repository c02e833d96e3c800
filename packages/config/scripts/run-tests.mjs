#!/usr/bin/env node
// `pnpm test`: typecheck, lint and every package's vitest suite through turbo, then one plain
// closing line "N passed, N failed, N skipped" summed over all packages from the vitest JSON
// reports (turbo restores them on a cache hit). Exits non-zero on any failure or on zero tests.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "./ensure-chromium.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const workspaces = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, group, d.name, "package.json")))
    .map((d) => join(root, group, d.name)),
);
const withTests = workspaces.filter((dir) => {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return typeof pkg.scripts?.test === "string";
});

const chromium = ensureChromium();
if (!chromium.ok) {
  console.error(chromium.message);
  process.exit(1);
}

for (const dir of withTests) rmSync(join(dir, "test-results", "vitest.json"), { force: true });

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TZ: "UTC", CHROMIUM_PATH: chromium.path };
const turbo = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", "typecheck", "lint", "test", "--continue", ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const dir of withTests) {
  const file = join(dir, "test-results", "vitest.json");
  if (!existsSync(file)) {
    missing.push(dir.slice(root.length + 1));
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
if (missing.length > 0) console.error(`no test report from: ${missing.join(", ")} (their tests did not run)`);
if (turbo.status !== 0) console.error(`turbo exited with ${turbo.status} (typecheck, lint or tests failed)`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
const ok = turbo.status === 0 && failed === 0 && passed > 0 && missing.length === 0;
process.exit(ok ? 0 : 1);
