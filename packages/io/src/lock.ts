import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { InputError } from "@fmrs/schema";

/** Name of the lock file in the derivatives folder while a run holds it. */
export const LOCK_FILE = ".fmrs-run.lock";

/** Who holds a study lock. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken (informative only; never part of an output). */
  readonly since: string;
}

/**
 * `mkdir -p`, one level at a time, so the error names the real cause: Node's recursive mkdir
 * reports ENOENT on a read-only file system where a plain mkdir reports EROFS. Returns the first
 * folder made, or undefined when `path` existed.
 */
function makeFolder(path: string): string | undefined {
  const missing: string[] = [];
  for (let at = resolve(path); !existsSync(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const dir of missing) mkdirSync(dir);
  return missing[0];
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

function readHolder(path: string): LockHolder | null {
  try {
    const v = JSON.parse(readFileSync(path, "utf8")) as Partial<LockHolder>;
    if (typeof v.pid === "number" && typeof v.host === "string") {
      return { pid: v.pid, host: v.host, since: typeof v.since === "string" ? v.since : "unknown" };
    }
  } catch {
    // unreadable or half-written: treated as unknown below
  }
  return null;
}

/**
 * Takes the study lock: creates `<outRoot>/.fmrs-run.lock` exclusively (O_EXCL) holding this
 * process's pid, host name and start time, and returns a function that releases it. A second run
 * on the same derivatives folder refuses with an InputError naming the holder. A lock left by a
 * process that is gone (same host, pid no longer running) is stale: it is removed and taken. A
 * lock from another host cannot be checked: the message says which file to remove once that run
 * is known to be over. `name` picks another lock file (e.g. one per participant for the
 * participant level, whose jobs run side by side on one derivatives folder).
 */
export function acquireStudyLock(
  outRoot: string,
  now: () => Date = () => new Date(),
  name: string = LOCK_FILE,
): () => void {
  // Folders made here are removed again on release when the run left them empty (a run that
  // failed on bad input writes nothing, not even an empty derivatives folder).
  const firstMade = makeFolder(outRoot);
  const path = join(outRoot, name);
  const me: LockHolder = { pid: process.pid, host: hostname(), since: now().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(path);
      if (holder !== null && holder.host === me.host && !alive(holder.pid)) {
        rmSync(path, { force: true });
        continue;
      }
      const who =
        holder === null
          ? "another run (the lock file cannot be read)"
          : `process ${holder.pid} on ${holder.host} since ${holder.since}`;
      throw new InputError(
        { file: path },
        `the study is locked by ${who}`,
        holder !== null && holder.host === me.host
          ? "that run to finish first"
          : `that run to finish first; if it is known to be over, remove ${path}`,
      );
    }
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const holder = readHolder(path);
      if (holder !== null && holder.pid === me.pid && holder.host === me.host) rmSync(path, { force: true });
      if (firstMade === undefined) return;
      for (let dir = resolve(outRoot); ; dir = dirname(dir)) {
        try {
          if (readdirSync(dir).length > 0) break;
          rmdirSync(dir);
        } catch {
          break;
        }
        if (dir === resolve(firstMade) || dirname(dir) === dir) break;
      }
    };
  }
  throw new InputError({ file: path }, "the study lock could not be taken", "no other run on this study");
}
