import { lstatSync, readFileSync, readlinkSync, type Stats, statSync } from "node:fs";
import { DEFAULT_READ_LIMITS, formatBytes, type ReadLimits } from "@fmrs/formats";
import { InputError } from "@fmrs/schema";

/** What a filesystem error code means to a user, and what to do about it. */
const FS_CODES: Record<string, { what: string; todo: string }> = {
  ENOENT: { what: "not found", todo: "check the path (a moved or deleted file, or a dangling link)" },
  EISDIR: { what: "is a folder where a file is expected", todo: "point to the file, not its folder" },
  ENOTDIR: {
    what: "a part of this path is a file where a folder is expected",
    todo: "check the path; --out must name a folder",
  },
  EACCES: { what: "permission denied", todo: "check the file permissions, or choose another --out" },
  EPERM: { what: "operation not permitted", todo: "check the file permissions, or choose another --out" },
  EROFS: { what: "is on a read-only file system", todo: "choose a writable --out folder" },
  ENOSPC: {
    what: "no space left on the device",
    todo: "free some space and run again (files already written were replaced whole or not at all)",
  },
  EDQUOT: { what: "disk quota exceeded", todo: "free some space or raise the quota, then run again" },
  EEXIST: { what: "already exists", todo: "remove it or choose another path" },
  ELOOP: { what: "has too many levels of symbolic links", todo: "fix the symbolic link loop" },
  ENAMETOOLONG: { what: "the path is too long", todo: "use a shorter path" },
  EMFILE: { what: "too many open files", todo: "raise the open-file limit (ulimit -n) and run again" },
  ENFILE: { what: "too many open files on the system", todo: "close other programs and run again" },
  EBUSY: { what: "is busy", todo: "close the program holding it and run again" },
  ETXTBSY: { what: "is busy", todo: "close the program holding it and run again" },
  EIO: { what: "input/output error", todo: "check the disk or network share" },
  EFBIG: { what: "the file is too large", todo: "check the disk's file-size limit" },
  EXDEV: { what: "crosses file systems", todo: "put --out on one file system" },
};

/** A Node.js filesystem error (`code` like ENOENT, and usually `path`). */
export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === "string" &&
    (error as NodeJS.ErrnoException).code! in FS_CODES
  );
}

/**
 * A filesystem error (ENOENT, EISDIR, EACCES, ENOTDIR, ENOSPC, EROFS, …) as an InputError naming
 * the path, what went wrong and what to do, so the CLI exits 2 with a message instead of 1 with a
 * stack trace; null for anything else (a bug stays a bug). `path` overrides the error's own.
 */
export function fsErrorAsInputError(error: unknown, path?: string): InputError | null {
  if (!isFsError(error)) return null;
  const code = error.code!;
  const { what, todo } = FS_CODES[code]!;
  const where = path ?? error.path ?? "(unknown path)";
  const op = error.syscall === undefined ? "" : ` (${error.syscall})`;
  return new InputError({ file: where }, `${what} [${code}${op}]; ${todo}`);
}

const kindOf = (s: Stats): string =>
  s.isDirectory()
    ? "a folder"
    : s.isFIFO()
      ? "a FIFO (named pipe)"
      : s.isSocket()
        ? "a socket"
        : s.isCharacterDevice() || s.isBlockDevice()
          ? "a device"
          : "not a regular file";

/**
 * Checks that `path` is a regular file (following symbolic links) without opening it: a FIFO in
 * place of a TSV would block a read forever, a folder or a dangling link would throw EISDIR or
 * ENOENT. Returns its stats; throws InputError naming `shown` (default `path`).
 */
export function statInputFile(path: string, shown: string = path): Stats {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (error) {
    throw fsErrorAsInputError(error, shown) ?? error;
  }
  let target = link;
  if (link.isSymbolicLink()) {
    try {
      target = statSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        let to = "";
        try {
          to = ` to ${readlinkSync(path)}`;
        } catch {
          // unreadable link: say nothing more
        }
        throw new InputError(
          { file: shown },
          `is a dangling symbolic link${to}`,
          "a link to an existing file, or the file itself",
        );
      }
      throw fsErrorAsInputError(error, shown) ?? error;
    }
  }
  if (!target.isFile()) {
    throw new InputError({ file: shown }, `is ${kindOf(target)}, not a regular file`, "a regular file");
  }
  return target;
}

/**
 * Reads an input file whole, after {@link statInputFile} (never opens a FIFO or a device) and a
 * size check against the memory budget (`limits.maxDecodedBytes`). Any filesystem error becomes
 * an InputError naming `shown` (default `path`).
 */
export function readInputFile(path: string, options: { shown?: string; limits?: ReadLimits } = {}): Buffer {
  const shown = options.shown ?? path;
  const limits = options.limits ?? DEFAULT_READ_LIMITS;
  const stats = statInputFile(path, shown);
  if (stats.size > limits.maxDecodedBytes) {
    throw new InputError(
      { file: shown },
      `is ${formatBytes(stats.size)}, over the ${formatBytes(limits.maxDecodedBytes)} budget for one input file`,
      "a smaller file; for a genuinely larger one raise FMRS_MAX_INPUT_MB",
    );
  }
  try {
    return readFileSync(path);
  } catch (error) {
    throw fsErrorAsInputError(error, shown) ?? error;
  }
}

/** {@link readInputFile} decoded as UTF-8 (or Latin-1). */
export function readInputText(
  path: string,
  options: { shown?: string; limits?: ReadLimits; encoding?: "utf8" | "latin1" } = {},
): string {
  return readInputFile(path, options).toString(options.encoding ?? "utf8");
}

/**
 * The read limits from the environment: `FMRS_MAX_INPUT_MB` (memory budget for one input file's
 * decoded content, default 2048) and `FMRS_MAX_JSON_DEPTH` (default 64). A value that is not a
 * positive whole number is an InputError naming the variable.
 */
export function readLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ReadLimits {
  const whole = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") return fallback;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new InputError(
        { file: `${name} (environment variable)` },
        `is "${raw}"`,
        "a positive whole number",
      );
    }
    return n;
  };
  return {
    maxDecodedBytes: whole("FMRS_MAX_INPUT_MB", DEFAULT_READ_LIMITS.maxDecodedBytes / 1024 ** 2) * 1024 ** 2,
    maxJsonDepth: whole("FMRS_MAX_JSON_DEPTH", DEFAULT_READ_LIMITS.maxJsonDepth),
  };
}
