// Test support (not exported): runs the built CLI in a child process and measures it: exit code,
// output, CPU time and peak resident memory (VmHWM), both written by a preloaded hook when the child
// exits (a child killed by a signal or the hang guard reports none). The bound is on the child's own
// CPU seconds, not wall time, so a busy machine cannot fail the test; the wall-clock hang guard only
// stops a child that never ends, and is generous for the same reason.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_BUNDLE } from "./testing";

/** The bound every hostile case must stay within (issue 13): CPU seconds (user + system) of the child. */
export const MAX_SECONDS = 10;
/** Wall-clock seconds after which a child is taken to hang and killed (12× the CPU bound: load-proof). */
export const HANG_GUARD_SECONDS = 12 * MAX_SECONDS;
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
  const cpu = process.cpuUsage();
  fs.writeFileSync(f, JSON.stringify({ kb, cpu: (cpu.user + cpu.system) / 1e6 }));
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
  /** CPU seconds (user + system) of the child's main process; null when it died before its exit hook. */
  readonly cpuSeconds: number | null;
  /** Wall-clock seconds (reported, never asserted). */
  readonly seconds: number;
  /** True when the hang guard (HANG_GUARD_SECONDS) had to kill the child. */
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

function readUsage(rssFile: string): { rssMb: number | null; cpuSeconds: number | null } {
  if (!existsSync(rssFile)) return { rssMb: null, cpuSeconds: null };
  const usage = JSON.parse(readFileSync(rssFile, "utf8")) as { kb: number; cpu: number };
  rmSync(rssFile, { force: true });
  return {
    rssMb: Number.isFinite(usage.kb) ? usage.kb / 1024 : null,
    cpuSeconds: Number.isFinite(usage.cpu) ? usage.cpu : null,
  };
}

/** Runs `fmrs args…` to completion; the hang guard kills it after `guardSeconds` (HANG_GUARD_SECONDS). */
export function fmrsMeasured(
  args: readonly string[],
  env: Record<string, string> = {},
  guardSeconds = HANG_GUARD_SECONDS,
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
    ...readUsage(rssFile),
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
        ...readUsage(rssFile),
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
