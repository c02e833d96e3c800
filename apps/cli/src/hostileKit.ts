// Test support (not exported): runs the built CLI in a child process and measures it: exit code,
// output, wall time and peak resident memory (VmHWM, written by a preloaded hook when the child
// exits; a child killed by a signal or the hang guard reports none).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_BUNDLE } from "./testing";

/** The bound every hostile case must stay within (issue 13). */
export const MAX_SECONDS = 10;
export const MAX_RSS_MB = 300;

const kitDir = mkdtempSync(join(tmpdir(), "fmrs-hostile-kit-"));
const PRELOAD = join(kitDir, "rss-hook.cjs");
// The peak is VmHWM of /proc/self/status (Linux): the high-water mark of this process's own memory,
// which starts afresh at exec. process.resourceUsage().maxRSS (the fallback elsewhere) is not: Linux
// carries it over from the parent across fork and exec, so a child of a 320 MB test worker reported
// 320 MB however little it used.
writeFileSync(
  PRELOAD,
  `process.on("exit", () => {
  const f = process.env.FMRS_TEST_RSS_FILE;
  if (!f) return;
  const fs = require("node:fs");
  let kb = process.resourceUsage().maxRSS;
  try {
    const hwm = /^VmHWM:\\s+(\\d+) kB/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (hwm) kb = Number(hwm[1]);
  } catch {}
  fs.writeFileSync(f, String(kb));
});
`,
);
let runs = 0;

/** What one measured run of the CLI did. */
export interface Measured {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident set size in MB; null when the child died before its exit hook. */
  readonly rssMb: number | null;
  readonly seconds: number;
  /** True when the hang guard (MAX_SECONDS + 5 s) had to kill the child. */
  readonly hung: boolean;
}

function argsAndEnv(args: readonly string[], env: Record<string, string>) {
  const rssFile = join(kitDir, `rss-${process.pid}-${runs++}`);
  return {
    rssFile,
    argv: ["-r", PRELOAD, CLI_BUNDLE, ...args],
    env: { ...process.env, NO_COLOR: "1", FMRS_TEST_RSS_FILE: rssFile, ...env },
  };
}

function readRss(rssFile: string): number | null {
  if (!existsSync(rssFile)) return null;
  const kb = Number(readFileSync(rssFile, "utf8"));
  rmSync(rssFile, { force: true });
  return Number.isFinite(kb) ? kb / 1024 : null;
}

/** Runs `fmrs args…` to completion; the hang guard kills it after `guardSeconds` (MAX_SECONDS + 5). */
export function fmrsMeasured(
  args: readonly string[],
  env: Record<string, string> = {},
  guardSeconds = MAX_SECONDS + 5,
): Measured {
  const { rssFile, argv, env: childEnv } = argsAndEnv(args, env);
  const started = performance.now();
  const r = spawnSync(process.execPath, argv, {
    encoding: "utf8",
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: guardSeconds * 1000,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    code: r.status,
    signal: r.signal,
    stdout: r.stdout ?? "",
    stderr: r.stderr ?? "",
    rssMb: readRss(rssFile),
    seconds,
    hung: r.signal === "SIGKILL",
  };
}

/** Starts `fmrs args…` in the background; resolves when it exits. */
export function fmrsBackground(
  args: readonly string[],
  env: Record<string, string> = {},
): { pid: number; done: Promise<Measured> } {
  const { rssFile, argv, env: childEnv } = argsAndEnv(args, env);
  const started = performance.now();
  const child = spawn(process.execPath, argv, { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += String(d);
  });
  child.stderr.on("data", (d) => {
    stderr += String(d);
  });
  const done = new Promise<Measured>((resolve) => {
    child.on("close", (code, signal) =>
      resolve({
        code,
        signal,
        stdout,
        stderr,
        rssMb: readRss(rssFile),
        seconds: (performance.now() - started) / 1000,
        hung: false,
      }),
    );
  });
  return { pid: child.pid ?? -1, done };
}

/** A copy of `study` (derivatives included) in a fresh temporary folder. */
export function copyStudy(study: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "fmrs-hostile-")), "study");
  cpSync(study, dir, { recursive: true });
  return dir;
}
