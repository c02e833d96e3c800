import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { arrowFileBytes, readArrowBytes } from "./arrow";
import { fsErrorAsInputError, readInputFile, readLimitsFromEnv, statInputFile } from "./fsErrors";
import { parseJsonText } from "./jsonText";
import { acquireStudyLock, LOCK_FILE } from "./lock";
import { checkOutputLocation } from "./outputGuard";
import { tableSpecFromSchema } from "./tableSpec";

const tmp = () => mkdtempSync(join(tmpdir(), "fmrs-io-hostile-"));
const errno = (code: string, path: string, syscall = "write") =>
  Object.assign(new Error(`${code}: x`), { code, path, syscall });
const thrown = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("did not throw");
};

describe("filesystem faults as input problems", () => {
  it("fsErrorAsInputError names the path, the fault and what to do; other errors are not mapped", () => {
    expect(fsErrorAsInputError(errno("ENOSPC", "/d/x.arrow"))?.message).toBe(
      "/d/x.arrow: no space left on the device [ENOSPC (write)]; free some space and run again (files already written were replaced whole or not at all)",
    );
    expect(fsErrorAsInputError(errno("EROFS", "/ro/out", "mkdir"))?.message).toContain(
      "/ro/out: is on a read-only file system [EROFS (mkdir)]; choose a writable --out folder",
    );
    for (const code of ["ENOENT", "EISDIR", "EACCES", "ENOTDIR", "EPERM", "EDQUOT", "ELOOP"]) {
      expect(fsErrorAsInputError(errno(code, "/p"))).toBeInstanceOf(InputError);
    }
    expect(fsErrorAsInputError(new TypeError("x"))).toBeNull();
    expect(fsErrorAsInputError(Object.assign(new Error("x"), { code: "ERR_SOMETHING" }))).toBeNull();
  });

  it("statInputFile refuses a FIFO without opening it, a folder, and a dangling link (naming its target)", () => {
    const d = tmp();
    execFileSync("mkfifo", [join(d, "fifo.tsv")]);
    mkdirSync(join(d, "dir.tsv"));
    symlinkSync(join(d, "gone.tsv"), join(d, "link.tsv"));
    expect(thrown(() => readInputFile(join(d, "fifo.tsv"))).message).toContain(
      "is a FIFO (named pipe), not a regular file",
    );
    expect(thrown(() => readInputFile(join(d, "dir.tsv"))).message).toContain(
      "is a folder, not a regular file",
    );
    expect(thrown(() => statInputFile(join(d, "link.tsv"))).message).toContain(
      `is a dangling symbolic link to ${join(d, "gone.tsv")}`,
    );
    expect(thrown(() => readInputFile(join(d, "none.tsv"))).message).toContain("not found [ENOENT");
  });

  it("readInputFile refuses a file over the budget before reading it; the budget comes from FMRS_MAX_INPUT_MB", () => {
    const d = tmp();
    writeFileSync(join(d, "big.bin"), Buffer.alloc(2 * 1024 * 1024));
    const limits = readLimitsFromEnv({ FMRS_MAX_INPUT_MB: "1" });
    expect(limits.maxDecodedBytes).toBe(1024 * 1024);
    expect(thrown(() => readInputFile(join(d, "big.bin"), { limits })).message).toContain(
      "is 2.1 MB, over the 1.0 MB budget for one input file",
    );
    expect(readLimitsFromEnv({}).maxDecodedBytes).toBe(2 * 1024 ** 3);
    expect(thrown(() => readLimitsFromEnv({ FMRS_MAX_JSON_DEPTH: "-3" })).message).toContain(
      "FMRS_MAX_JSON_DEPTH",
    );
  });
});

describe("JSON inputs", () => {
  it("parseJsonText skips a UTF-8 BOM, gives line and column of a syntax error, and refuses deep nesting", () => {
    expect(parseJsonText('\uFEFF{"a": 1}', "s.json")).toEqual({ a: 1 });
    const e = thrown(() => parseJsonText('{\n  "a": 1,\n  "b": 2\n  "c": 3\n}', "s.json"));
    expect(e.location).toEqual({ file: "s.json", line: 4, field: "column 3" });
    expect(e.message).toMatch(/^s\.json:4: column 3: not valid JSON: /);
    expect(thrown(() => parseJsonText('{"a": ', "s.json")).message).toMatch(
      /s\.json:1: column 7: not valid JSON/,
    );
    expect(
      thrown(() => parseJsonText(`{"a": ${"[".repeat(50_000)}${"]".repeat(50_000)}}`, "s.json")).message,
    ).toContain("nested more than 64 levels deep");
  });
});

describe("where outputs may go", () => {
  it("checkOutputLocation refuses the study itself, a folder containing it, its raw data and a file", () => {
    const d = tmp();
    const study = join(d, "study");
    mkdirSync(join(study, "sub-01"), { recursive: true });
    writeFileSync(join(d, "f"), "x");
    expect(thrown(() => checkOutputLocation(study, study)).message).toContain("is the study folder itself");
    expect(thrown(() => checkOutputLocation(study, `${study}/`)).message).toContain(
      "is the study folder itself",
    );
    expect(thrown(() => checkOutputLocation(study, d)).message).toContain("contains the study folder");
    expect(thrown(() => checkOutputLocation(study, join(study, "sub-01", "x"))).message).toContain(
      "raw data",
    );
    expect(thrown(() => checkOutputLocation(study, join(d, "f"))).message).toContain(
      "is a file, not a folder",
    );
    symlinkSync(study, join(d, "alias"));
    expect(thrown(() => checkOutputLocation(study, join(d, "alias"))).message).toContain(
      "study folder itself",
    );
    expect(() => checkOutputLocation(study, join(study, "derivatives", "fmrs-crossover"))).not.toThrow();
    expect(() => checkOutputLocation(study, join(d, "elsewhere"))).not.toThrow();
  });
});

describe("the study lock", () => {
  it("a second holder is refused naming the first; release frees it and removes folders it made", () => {
    const d = tmp();
    const out = join(d, "derivatives", "fmrs-crossover");
    const release = acquireStudyLock(out, () => new Date("2026-12-01T00:00:00Z"));
    const lock = JSON.parse(readFileSync(join(out, LOCK_FILE), "utf8"));
    expect(lock).toEqual({ pid: process.pid, host: hostname(), since: "2026-12-01T00:00:00.000Z" });
    expect(thrown(() => acquireStudyLock(out)).message).toContain(
      `the study is locked by process ${process.pid} on ${hostname()} since 2026-12-01T00:00:00.000Z`,
    );
    release();
    expect(existsSync(join(d, "derivatives"))).toBe(false);
  });

  it("a stale lock (same host, process gone) is taken over; one from another host is not", () => {
    const out = tmp();
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(join(out, LOCK_FILE), JSON.stringify({ pid: gone, host: hostname(), since: "x" }));
    const release = acquireStudyLock(out);
    expect(JSON.parse(readFileSync(join(out, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    release();
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    writeFileSync(join(out, LOCK_FILE), JSON.stringify({ pid: gone, host: "other-host", since: "x" }));
    expect(thrown(() => acquireStudyLock(out)).message).toContain(
      `locked by process ${gone} on other-host since x (expected that run to finish first; if it is known to be over, remove`,
    );
  });
});

describe("Arrow tables with no rows", () => {
  it("arrowFileBytes writes an empty table with its schema and metadata (not apache-arrow's TypeError)", () => {
    const S = z.object({ a: z.string(), b: z.number().nullable(), c: z.number() });
    const back = readArrowBytes(arrowFileBytes(tableSpecFromSchema(S), [], { provenance: "{}" }));
    expect(back.rows).toEqual([]);
    expect(back.metadata.get("provenance")).toBe("{}");
  });
});
