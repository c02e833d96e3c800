// The official BIDS validator (npm bids-validator 1.15.0, the legacy Node validator) on
// data-samples and on a freshly simulated study: 0 errors. The warnings that remain are listed
// (and explained) in the README; any other warning fails this test so the list stays true.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BELIEF_SAMPLE, RAW_SAMPLE, SAMPLE, simulatedStudy } from "./testing";

interface Issue {
  key: string;
  code: number;
  files: { file?: { relativePath: string } }[];
}

const validatorCli = join(
  dirname(createRequire(import.meta.url).resolve("bids-validator/package.json")),
  "bin",
  "bids-validator",
);

/** Runs the validator with the study's own settings file; returns its errors and warnings. */
function validate(study: string): { errors: Issue[]; warnings: Issue[] } {
  const r = spawnSync(
    process.execPath,
    [validatorCli, study, "--json", "--config", join(study, ".bids-validator-config.json")],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const json = JSON.parse(r.stdout) as { issues: { errors: Issue[]; warnings: Issue[] } };
  return json.issues;
}

/** The warnings the README lists, with the reason they remain. */
const KNOWN_WARNINGS = ["PHENOTYPE_SUBJECTS_MISSING", "TOO_FEW_AUTHORS"];

const describeIssues = (issues: Issue[]) =>
  issues.map((i) => `${i.key}: ${i.files.map((f) => f.file?.relativePath ?? "").join(", ")}`);

describe("bids-validator 1.15.0", () => {
  it("reports 0 errors on a copy of data-samples (basis/, fitted-route/ and truth.json in .bidsignore)", () => {
    const study = join(mkdtempSync(join(tmpdir(), "fmrs-bids-")), "data-samples");
    cpSync(RAW_SAMPLE, study, { recursive: true, filter: (src) => !src.includes("/derivatives") });
    const { errors, warnings } = validate(study);
    expect(describeIssues(errors)).toEqual([]);
    expect(warnings.map((w) => w.key).filter((k) => !KNOWN_WARNINGS.includes(k))).toEqual([]);
  });

  it("reports 0 errors on data-samples/fitted-route as a dataset of its own", () => {
    const study = join(mkdtempSync(join(tmpdir(), "fmrs-bids-")), "fitted-route");
    cpSync(SAMPLE, study, { recursive: true, filter: (src) => !src.includes("/derivatives") });
    const { errors, warnings } = validate(study);
    expect(describeIssues(errors)).toEqual([]);
    expect(warnings.map((w) => w.key).filter((k) => !KNOWN_WARNINGS.includes(k))).toEqual([]);
  });

  it("reports 0 errors on a study `fmrs simulate` has just written", async () => {
    // `fmrs simulate --subjects 4 --seed 11`, shared with raw.test.ts (it throws unless simulate exits 0).
    const study = await simulatedStudy(11);
    const { errors, warnings } = validate(study);
    expect(describeIssues(errors)).toEqual([]);
    expect(warnings.map((w) => w.key).filter((k) => !KNOWN_WARNINGS.includes(k))).toEqual([]);
  });

  it("reports 0 errors on data-samples/belief-updating as a dataset of its own (controls have no 4 h session: MISSING_SESSION)", () => {
    const study = join(mkdtempSync(join(tmpdir(), "fmrs-bids-")), "belief-updating");
    cpSync(BELIEF_SAMPLE, study, { recursive: true, filter: (src) => !src.includes("/derivatives") });
    const { errors, warnings } = validate(study);
    expect(describeIssues(errors)).toEqual([]);
    const known = [...KNOWN_WARNINGS, "MISSING_SESSION"];
    expect(warnings.map((w) => w.key).filter((k) => !known.includes(k))).toEqual([]);
  });

  it("without its .bidsignore, data-samples fails: the check is not vacuous", () => {
    const study = join(mkdtempSync(join(tmpdir(), "fmrs-bids-")), "data-samples");
    cpSync(RAW_SAMPLE, study, {
      recursive: true,
      filter: (src) => !src.includes("/derivatives") && !src.endsWith(".bidsignore"),
    });
    const keys = validate(study).errors.map((e) => e.key);
    expect(keys).toContain("NOT_INCLUDED");
  });
});
