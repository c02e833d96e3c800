// Test support (not exported): copies the sample study to a temporary folder and runs the CLI
// there, capturing stdout and stderr.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { hashPaths, repoRoot, sharedFixture } from "@fmrs/config";
import { sha256 } from "@fmrs/io";
import type { Results } from "@fmrs/schema";
import { vi } from "vitest";
import { main } from "./main";

/** The fitted-route sample study (fast: no spectra to fit). */
export const SAMPLE = join(repoRoot(), "data-samples", "fitted-route");

/** The main sample study (26 simulated subjects, raw NIfTI-MRS spectra) and its truth.json. */
export const RAW_SAMPLE = join(repoRoot(), "data-samples");

/** The belief-updating sample study (26 patients, 30 controls; its own BIDS dataset inside data-samples). */
export const BELIEF_SAMPLE = join(repoRoot(), "data-samples", "belief-updating");

/** The built CLI (the test task depends on the build). */
export const CLI_BUNDLE = join(repoRoot(), "apps", "cli", "dist", "fmrs.mjs");

/** Runs the built CLI in a child process (worker threads need the bundle); NO_COLOR set. */
export function runBundledCli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_BUNDLE, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let bundleHash: string | undefined;
/** The content hash of the built CLI (dist/): part of the key of every fixture made with it. */
function bundleKey(): string {
  bundleHash ??= hashPaths(join(repoRoot(), "apps", "cli", "dist"));
  return bundleHash;
}

/** Runs the bundled CLI for a fixture; throws with its stderr if it failed. */
function fixtureStep(args: string[]): void {
  const r = runBundledCli(args);
  if (r.code !== 0) throw new Error(`fmrs ${args.join(" ")} exited ${r.code}:\n${r.stderr}`);
}

/**
 * Shared fixtures (sharedFixture in @fmrs/config): made once per `pnpm test` and shared by every
 * test file that asks for them. Read-only: copy one (copySample(dir)) before changing anything.
 */

/** A study written by `fmrs simulate --subjects 4 --seed <seed>` with the 3 T basis of testdata. */
export function simulatedStudy(seed: number): Promise<string> {
  const basis = join(repoRoot(), "testdata", "reference-data", "fmrs_bold_dynamic_fitting", "basis_3T");
  const args = ["simulate", "--subjects", "4", "--seed", String(seed), "--basis", basis, "--quiet"];
  return sharedFixture(`cli-simulated-${seed}`, [bundleKey(), hashPaths(basis), ...args], (dir) =>
    fixtureStep([...args, "--out", join(dir, "study")]),
  ).then((dir) => join(dir, "study"));
}

/** simulatedStudy(seed) after `fmrs run --jobs 2 --quiet` (derivatives in study/derivatives). */
export async function simulatedStudyRun(seed: number): Promise<string> {
  const pristine = await simulatedStudy(seed);
  return sharedFixture(`cli-simulated-run-${seed}`, [bundleKey(), pristine], (dir) => {
    const study = join(dir, "study");
    cpSync(pristine, study, { recursive: true });
    fixtureStep(["run", study, "--jobs", "2", "--quiet"]);
  }).then((dir) => join(dir, "study"));
}

/** The fitted-route sample after `fmrs run --quiet` (derivatives in study/derivatives). */
export function fittedRouteRun(): Promise<string> {
  return sharedFixture("cli-fitted-route-run", [bundleKey(), hashPaths(SAMPLE)], (dir) => {
    const study = join(dir, "study");
    cpSync(SAMPLE, study, { recursive: true, filter: (src) => !src.includes("/derivatives") });
    fixtureStep(["run", study, "--quiet"]);
  }).then((dir) => join(dir, "study"));
}

/** A fresh copy of a study folder (default: the fitted-route sample; without derivatives) in a temporary folder. */
export function copySample(from: string = SAMPLE): string {
  const dir = mkdtempSync(join(tmpdir(), "fmrs-cli-"));
  const study = join(dir, "study");
  cpSync(from, study, {
    recursive: true,
    filter: (src) =>
      src === from ||
      (!src.includes("/derivatives") && !src.endsWith("/fitted-route") && !src.endsWith("/belief-updating")),
  });
  return study;
}

/** Runs fmrs with argv; returns exit code and what went to stdout and stderr. */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(argv, (s) => {
      stdout += s;
    });
    return { code, stdout, stderr };
  } finally {
    spy.mockRestore();
  }
}

/** sha256 of every file under dir, keyed by relative path, sorted. */
export function treeHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = sha256(readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/**
 * A copy of the fitted-route sample cut to its first `n` participants (their folders, their
 * participants.tsv and phenotype/madrs.tsv rows): a small study whose participant level is quick.
 */
export function smallFittedStudy(n: number): string {
  const study = copySample();
  const keep = (id: string) => Number(id.replace(/^sub-/, "")) <= n;
  for (const name of readdirSync(study))
    if (/^sub-\d+$/.test(name) && !keep(name)) rmSync(join(study, name), { recursive: true });
  for (const file of ["participants.tsv", join("phenotype", "madrs.tsv")]) {
    const lines = readFileSync(join(study, file), "utf8").split("\n");
    const kept = lines.filter((line, i) => i === 0 || line === "" || keep(line.split("\t")[0] ?? ""));
    writeFileSync(join(study, file), kept.join("\n"));
  }
  return study;
}

/** results.json in the shape of the refactor-base baseline (before issue 15's additions). */
export function baselineShape(results: Results): Record<string, unknown> {
  type Obj = Record<string, unknown>;
  const r = structuredClone(results);
  const out = r as unknown as Obj;
  delete out.primary;
  delete out.timecourse_difference;
  delete (r.flow as unknown as Obj).sequences;
  for (const m of Object.values(r.models)) if (m !== null) delete (m as unknown as Obj).diagnostics;
  for (const group of [r.hills_armitage, ...Object.values(r.hills_armitage_by_sex)])
    for (const ha of Object.values(group)) if (ha !== null) delete (ha as unknown as Obj).standardised;
  for (const s of Object.values(r.attenuation.by_sex)) delete (s as unknown as Obj).bootstrap;
  const a = r.association;
  a.points = a.points.map((p) => ({ ...p, x: -p.x, y: -p.y }));
  a.x_definition = "glx_pct_change(PBO) − glx_pct_change(NTX)";
  a.y_definition = "madrs_change(PBO) − madrs_change(NTX)";
  if (a.fit_line !== null) a.fit_line = { ...a.fit_line, intercept: -a.fit_line.intercept };
  return out;
}
