import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@fmrs/config";
import { describe, expect, it } from "vitest";
import { formatInputProblem, InputError } from "./inputError";
import { StudyConfig, testCondition } from "./study";
import { MadrsTsvRow, ParticipantTsvRow } from "./tsvRows";
import { inputErrorsFromZod } from "./zodProblems";

const sampleStudy = () =>
  JSON.parse(readFileSync(join(repoRoot(), "data-samples", "study.json"), "utf8")) as Record<string, unknown>;

describe("StudyConfig", () => {
  it("StudyConfig.parse(sample study.json) fills defaults and names the test condition", () => {
    const study = StudyConfig.parse(sampleStudy());
    expect(study.reference_condition).toBe("PBO");
    expect(testCondition(study)).toBe("NTX");
    expect(study.qc.max_crlb_pct).toBe(20);
  });

  it("StudyConfig.safeParse(study) rejects a reference condition that is not a condition", () => {
    const result = StudyConfig.safeParse({ ...sampleStudy(), reference_condition: "XYZ" });
    expect(result.success).toBe(false);
    if (!result.success) {
      const [problem] = inputErrorsFromZod({ file: "study.json" }, result.error);
      expect(problem?.message).toBe(
        "study.json: reference_condition: must be one of the condition ids (PBO, NTX)",
      );
    }
  });

  it("StudyConfig.safeParse(study) rejects unknown keys and an inverted window", () => {
    const result = StudyConfig.safeParse({
      ...sampleStudy(),
      colour: "red",
      baseline_window: { start_min: 0, end_min: -10 },
    });
    expect(result.success).toBe(false);
    if (!result.success) {
      const messages = inputErrorsFromZod({ file: "study.json" }, result.error).map((p) => p.message);
      expect(messages.some((m) => m.includes("colour"))).toBe(true);
      expect(messages).toContain("study.json: baseline_window: end_min must be greater than start_min");
    }
  });
});

describe("TSV row schemas", () => {
  it("ParticipantTsvRow.parse(cells) parses age and splits the sequence, n/a age is null", () => {
    expect(
      ParticipantTsvRow.parse({ participant_id: "sub-1", sex: "M", age: null, sequence: "NTX-PBO" }),
    ).toEqual({
      participant_id: "sub-1",
      sex: "M",
      age: null,
      sequence: ["NTX", "PBO"],
    });
  });

  it("MadrsTsvRow.safeParse(cells) rejects an item score of 7 and a total of 61", () => {
    const base = { participant_id: "sub-1", session_id: "ses-1", timepoint: "pre" };
    const item = MadrsTsvRow.safeParse({ ...base, madrs_03: "7" });
    expect(item.success).toBe(false);
    if (!item.success) expect(item.error.issues[0]?.message).toBe("an integer item score 0-6");
    const total = MadrsTsvRow.safeParse({ ...base, madrs_total: "61" });
    expect(total.success).toBe(false);
    expect(MadrsTsvRow.parse({ ...base, madrs_total: "30" }).madrs_total).toBe(30);
  });
});

describe("InputError", () => {
  it("formatInputProblem(location, message, expected) gives file:line: field: message (expected …)", () => {
    expect(formatInputProblem({ file: "a.tsv", line: 3, field: "sex" }, "bad", "F or M")).toBe(
      "a.tsv:3: sex: bad (expected F or M)",
    );
    expect(new InputError({ file: "b.json" }, "missing").message).toBe("b.json: missing");
  });
});
