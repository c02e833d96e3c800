// Issue 13, hostile and broken inputs, text and file-system cases: each runs the built CLI in a
// child process on a copy of the fitted-route sample whose derivatives were made beforehand, and
// checks exit 2 naming the input (or success where the input is valid), within 10 s and 300 MB
// peak RSS, and that the earlier derivatives are byte for byte as they were.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  copyStudy,
  fmrsBackground,
  fmrsMeasured,
  MAX_RSS_MB,
  MAX_SECONDS,
  type Measured,
} from "./hostileKit";
import { fittedRouteRun, treeHashes } from "./testing";

const GLX = "sub-01/ses-1/mrs/sub-01_ses-1_glx.tsv";
const isRoot = process.getuid?.() === 0;

/** Exit 2, the file named, no stack trace, within the time and memory bounds. */
function expectRefused(r: Measured, names: string): void {
  const all = `${r.stdout}\n${r.stderr}`;
  expect(r.hung, all).toBe(false);
  expect(r.code, all).toBe(2);
  expect(all).toContain(names);
  expect(all).not.toMatch(/internal|TypeError|RangeError| {4}at /);
  expectBounded(r);
}

function expectBounded(r: Measured): void {
  expect(r.rssMb, "peak RSS reported").not.toBeNull();
  expect(r.rssMb as number).toBeLessThan(MAX_RSS_MB);
  expect(r.cpuSeconds, "CPU time reported").not.toBeNull();
  expect(r.cpuSeconds as number).toBeLessThan(MAX_SECONDS);
}

const derivatives = (study: string) => treeHashes(join(study, "derivatives"));

describe("fmrs on hostile text and file-system inputs (fitted route)", () => {
  /** The fitted-route sample after `fmrs run --quiet` (a shared fixture: only ever copied). */
  let base: string;
  beforeAll(async () => {
    base = await fittedRouteRun();
  });

  /** A copy of the baseline, `mutate` applied, derivatives hashed; returns both. */
  function prepared(mutate: (study: string) => void): { study: string; before: Record<string, string> } {
    const study = copyStudy(base);
    const before = derivatives(study);
    mutate(study);
    return { study, before };
  }

  it("a glx.tsv cell of 1e400 (overflows to Infinity): validate and run exit 2 naming file, line and column", () => {
    const { study, before } = prepared((s) => {
      const p = join(s, GLX);
      writeFileSync(
        p,
        readFileSync(p, "utf8").replace(/\n1\t(-?\d+)\t(-?\d+)\t[^\t]+/, "\n1\t$1\t$2\t1e400"),
      );
    });
    const v = fmrsMeasured(["validate", study]);
    expectRefused(v, `${GLX}:2: Glu: "1e400" overflows to Infinity`);
    expectRefused(fmrsMeasured(["run", study]), `${GLX}:2: Glu`);
    expect(derivatives(study)).toEqual(before);
  });

  it("fmrs run S --out S refuses before writing anything: study.json and participants.json untouched", () => {
    const study = copyStudy(base);
    writeFileSync(join(study, "participants.json"), '{"age": {"Description": "years"}}\n');
    const before = treeHashes(study);
    expectRefused(fmrsMeasured(["run", study, "--out", study]), "is the study folder itself");
    expectRefused(
      fmrsMeasured(["run", study, "--out", join(study, "sub-01")]),
      "inside the study's raw data",
    );
    expectRefused(fmrsMeasured(["run", study, "--out", join(study, "..")]), "contains the study folder");
    expect(treeHashes(study)).toEqual(before);
  });

  it("a madrs.tsv or glx.tsv with a header line only: validate and run exit 2 (not an Arrow TypeError)", () => {
    for (const rel of ["phenotype/madrs.tsv", GLX]) {
      const { study, before } = prepared((s) => {
        const p = join(s, rel);
        writeFileSync(p, `${readFileSync(p, "utf8").split("\n")[0]}\n`);
      });
      expectRefused(fmrsMeasured(["validate", study]), `${rel}:2: the file has a header but no rows`);
      expectRefused(fmrsMeasured(["run", study]), `${rel}:2: the file has a header but no rows`);
      expect(derivatives(study)).toEqual(before);
    }
  });

  it("a dangling symlink, a folder where a file belongs, and a FIFO in place of a TSV: exit 2 naming the path, no hang", () => {
    const cases: [string, (p: string) => void, string][] = [
      [GLX, (p) => symlinkSync(join(p, "..", "gone.tsv"), p), "is a dangling symbolic link"],
      ["participants.tsv", (p) => mkdirSync(p), "is a folder, not a regular file"],
      ["participants.tsv", (p) => execFileSync("mkfifo", [p]), "is a FIFO (named pipe), not a regular file"],
      [GLX, (p) => execFileSync("mkfifo", [p]), "is a FIFO (named pipe), not a regular file"],
    ];
    for (const [rel, make, says] of cases) {
      const { study, before } = prepared((s) => {
        rmSync(join(s, rel));
        make(join(s, rel));
      });
      expectRefused(fmrsMeasured(["validate", study]), `${rel}: ${says}`);
      expectRefused(fmrsMeasured(["run", study]), `${rel}: ${says}`);
      expect(derivatives(study)).toEqual(before);
    }
  });

  it("--out naming a file, and a read-only output folder: exit 2 naming the path and what to do", () => {
    const study = copyStudy(base);
    const file = join(study, "..", "out.txt");
    writeFileSync(file, "x");
    expectRefused(fmrsMeasured(["run", study, "--out", file]), "--out: is a file, not a folder");
    const ro = join(study, "..", "ro");
    mkdirSync(ro);
    if (isRoot) {
      // Root ignores permission bits: a read-only file system is the real thing.
      execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", ro]);
    } else {
      execFileSync("chmod", ["555", ro]);
    }
    try {
      const r = fmrsMeasured(["run", study, "--out", join(ro, "derivatives")]);
      expectRefused(r, join(ro, "derivatives"));
      expect(r.stderr, r.stderr).toMatch(
        isRoot ? /read-only file system \[EROFS/ : /permission denied \[EACCES/,
      );
    } finally {
      if (isRoot) execFileSync("umount", [ro]);
    }
  });

  it("a full disk: exit 2 naming the file being written; the derivatives already there stay whole", () => {
    if (!isRoot) {
      // Filling a disk needs a small file system of its own (tmpfs), which needs root; the
      // mapping of ENOSPC is also unit-tested in @fmrs/io.
      expect(isRoot).toBe(false);
      return;
    }
    const study = copyStudy(base);
    const mnt = join(study, "..", "small");
    mkdirSync(mnt);
    const out = join(mnt, "derivatives");
    // Room for the earlier derivatives and a little more, not for a second copy of the report.
    const used = Number(
      execFileSync("du", ["-sk", join(study, "derivatives")])
        .toString()
        .split("\t")[0],
    );
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${used + 48}k`, "tmpfs", mnt]);
    try {
      // The earlier derivatives are a complete run into this --out (a copy of the default folder
      // would differ in dataset_description.json's relative link back to the study).
      expect(fmrsMeasured(["run", study, "--out", out]).code).toBe(0);
      const before = treeHashes(out);
      // Filler: leave less free space than the largest output needs.
      const free = Number(execFileSync("df", ["-k", "--output=avail", mnt]).toString().split("\n")[1]);
      if (free > 8) writeFileSync(join(mnt, "filler"), Buffer.alloc((free - 8) * 1024));
      const r = fmrsMeasured(["run", study, "--out", out, "--force"]);
      expectRefused(r, "no space left on the device [ENOSPC");
      expect(treeHashes(out)).toEqual(before);
    } finally {
      execFileSync("umount", [mnt]);
    }
  });

  it("ESC/OSC sequences in an id are escaped on the terminal, never echoed raw", () => {
    const { study } = prepared((s) => {
      const p = join(s, "participants.tsv");
      writeFileSync(
        p,
        readFileSync(p, "utf8").replace("sub-02\t", "sub-\u001b]0;owned\u0007\u001b[2J\u009b31m02\t"),
      );
    });
    for (const args of [
      ["validate", study],
      ["run", study],
      ["validate", "--json", study],
    ]) {
      const r = fmrsMeasured(args);
      const all = r.stdout + r.stderr;
      expect(r.code).toBe(2);
      for (const raw of ["\u001b", "\u0007", "\u009b"]) expect(all).not.toContain(raw);
      expect(all).toMatch(/\\(x1b|u001b)\]0;owned/);
      expectBounded(r);
    }
  });

  it("a U+202E in a condition label is isolated in the report (FSI … PDI), so it cannot reverse the numbers beside it", () => {
    const { study } = prepared((s) => {
      const p = join(s, "study.json");
      writeFileSync(p, readFileSync(p, "utf8").replace('"Placebo"', '"Placebo \u202e 123"'));
    });
    const r = fmrsMeasured(["run", study, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(study, "derivatives", "fmrs-crossover", "report", "index.html"), "utf8");
    expect(html).toContain("\u2068Placebo \u202e 123\u202c\u2069");
    expect(html.replace(/\u2068[^\u2069]*\u2069/g, "")).not.toMatch(/[\u202a-\u202e\u2066-\u2068]/);
  });

  it("study.json with a UTF-8 BOM is read; a JSON syntax error is reported with line and column", () => {
    const { study } = prepared((s) => {
      const p = join(s, "study.json");
      writeFileSync(p, `\uFEFF${readFileSync(p, "utf8")}`);
    });
    const ok = fmrsMeasured(["run", study, "--quiet"]);
    expect(ok.code, ok.stderr).toBe(0);
    expectBounded(ok);
    const p = join(study, "study.json");
    const lines = readFileSync(p, "utf8").split("\n");
    lines[2] = lines[2]!.replace(/,$/, "");
    writeFileSync(p, lines.join("\n"));
    const before = derivatives(study);
    expectRefused(fmrsMeasured(["validate", study]), "study.json:4: column 3: not valid JSON");
    expectRefused(fmrsMeasured(["run", study]), "study.json:4: column 3: not valid JSON");
    expect(derivatives(study)).toEqual(before);
  });

  it("a second concurrent run refuses naming the holder; a stale lock (its process gone) is taken over", async () => {
    const study = copyStudy(base);
    const lock = join(study, "derivatives", "fmrs-crossover", ".fmrs-run.lock");
    const first = fmrsBackground(["run", study, "--force", "--quiet"]);
    while (!existsSync(lock)) await new Promise((r) => setTimeout(r, 20));
    const second = fmrsMeasured(["run", study]);
    expectRefused(second, `the study is locked by process ${first.pid} on ${hostname()}`);
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);

    const before = derivatives(study);
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(lock, JSON.stringify({ pid: gone, host: hostname(), since: "2026-01-01T00:00:00Z" }));
    const third = fmrsMeasured(["run", study, "--quiet"]);
    expect(third.code, third.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(derivatives(study)).toEqual(before);
  });

  it("a glx.tsv with no metabolite column is an error; fwhm for fwhm_hz is a warning naming the near name", () => {
    const { study, before } = prepared((s) => {
      const p = join(s, GLX);
      const rows = readFileSync(p, "utf8").trimEnd().split("\n");
      const keep = [0, 1, 2];
      writeFileSync(p, `${rows.map((r) => keep.map((i) => r.split("\t")[i]).join("\t")).join("\n")}\n`);
    });
    expectRefused(fmrsMeasured(["validate", study]), `${GLX}:1: no metabolite column`);
    expectRefused(fmrsMeasured(["run", study]), `${GLX}:1: no metabolite column`);
    expect(derivatives(study)).toEqual(before);

    const typo = copyStudy(base);
    const p = join(typo, GLX);
    writeFileSync(p, readFileSync(p, "utf8").replace("fwhm_hz", "fwhm"));
    const v = fmrsMeasured(["validate", typo]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain(
      `warning: ${join(typo, GLX)}:1: fwhm: unknown column, read as a metabolite value; did you mean fwhm_hz?`,
    );
    expectBounded(v);
  });

  it("a session whose MRS file was deleted fails validate and run, naming its mrs/ folder", () => {
    const { study, before } = prepared((s) => rmSync(join(s, GLX)));
    expectRefused(
      fmrsMeasured(["validate", study]),
      "sub-01/ses-1/mrs: no MRS input in the session's mrs/ folder",
    );
    expectRefused(fmrsMeasured(["run", study]), "sub-01/ses-1/mrs: no MRS input");
    expect(derivatives(study)).toEqual(before);
    expect(statSync(join(study, "sub-01", "ses-1", "mrs")).isDirectory()).toBe(true);
  });
});
