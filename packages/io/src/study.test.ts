import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "@fmrs/config";
import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { collectStudyInputs, readStudyInputs } from "./study";

const SAMPLE = join(repoRoot(), "data-samples", "fitted-route");

describe("readStudyInputs", () => {
  it("readStudyInputs(sample) reads every file, hashes it and finds one MRS input per session", () => {
    const inputs = readStudyInputs(SAMPLE);
    expect(inputs.config.conditions.map((c) => c.id)).toEqual(["PBO", "NTX"]);
    expect(inputs.participants).toHaveLength(12);
    expect(inputs.sessions.size).toBe(12);
    expect(inputs.madrs.rows).toHaveLength(48);
    expect(inputs.mrs).toHaveLength(23);
    expect(inputs.mrs.every((m) => m.route === "fitted")).toBe(true);
    expect(inputs.sources.map((s) => s.path)).toContain("phenotype/madrs.tsv");
    expect(inputs.sources.every((s) => /^[0-9a-f]{64}$/.test(s.sha256))).toBe(true);
    expect(inputs.droppedColumns).toEqual(["sessions.tsv:acq_time"]);
  });

  it("readStudyInputs(missing) throws InputError naming the folder", () => {
    expect(() => readStudyInputs("/no/such/study")).toThrow(InputError);
    expect(() => readStudyInputs("/no/such/study")).toThrow(/^\/no\/such\/study: study folder not found/);
  });

  it("collectStudyInputs(study) reports every missing file at once", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "fmrs-study-")), "s");
    cpSync(SAMPLE, dir, { recursive: true });
    rmSync(join(dir, "participants.tsv"));
    rmSync(join(dir, "phenotype", "madrs.tsv"));
    const { problems } = collectStudyInputs(dir);
    expect(problems.map((p) => p.message)).toEqual([
      `${join(dir, "participants.tsv")}: file not found`,
      `${join(dir, "phenotype/madrs.tsv")}: file not found`,
    ]);
  });
});
