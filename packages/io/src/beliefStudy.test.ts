import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectBeliefStudyInputs, readBeliefStudyInputs } from "./beliefStudy";
import { readAnyStudyConfig } from "./study";

const BEH =
  "trial\tevent_id\tfirst_estimate\tbase_rate\tsecond_estimate\n1\te01\t40\t20\t30\n2\te02\t10\t30\t20\n";

/** A small belief-updating study folder: files given relative path → text. */
function study(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), "fmrs-belief-io-")), "study");
  const all: Record<string, string> = {
    "study.json": JSON.stringify({ kind: "belief-updating", name: "t" }),
    "participants.tsv":
      "participant_id\tgroup\tsex\tage\tname\nsub-01\tpatient\tF\t50\tJane Doe\nsub-02\tcontrol\tM\t48\tJohn Roe\n",
    "sub-01/sub-01_sessions.tsv":
      "session_id\ttime_point\tdays_from_first_infusion\nses-1\tpre\t-1\nses-2\t4h\t0\n",
    "sub-01/ses-1/beh/sub-01_ses-1_task-beliefupdate_beh.tsv": BEH,
    "sub-01/ses-2/beh/sub-01_ses-2_task-beliefupdate_beh.tsv": BEH,
    "sub-02/sub-02_sessions.tsv":
      "session_id\ttime_point\tdays_from_first_infusion\nses-1\tpre\t0\nses-2\t1wk\t7\n",
    "sub-02/ses-1/beh/sub-02_ses-1_task-beliefupdate_beh.tsv": BEH,
    "phenotype/madrs.tsv": "participant_id\tsession_id\tmadrs_total\nsub-01\tses-1\t30\nsub-02\tses-1\t2\n",
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe("collectBeliefStudyInputs", () => {
  it("reads a valid folder; unknown columns are dropped by name; a listed session without a task file is a warning", () => {
    const { inputs, problems, warnings } = collectBeliefStudyInputs(study({}));
    expect(problems.map((p) => p.message)).toEqual([]);
    expect(inputs?.participants.map((p) => p.value)).toEqual([
      { participant_id: "sub-01", group: "patient", sex: "F", age: 50 },
      { participant_id: "sub-02", group: "control", sex: "M", age: 48 },
    ]);
    expect(inputs?.droppedColumns).toEqual(["participants.tsv:name"]);
    expect(inputs?.beh.map((b) => [b.file, b.rows.length])).toEqual([
      ["sub-01/ses-1/beh/sub-01_ses-1_task-beliefupdate_beh.tsv", 2],
      ["sub-01/ses-2/beh/sub-01_ses-2_task-beliefupdate_beh.tsv", 2],
      ["sub-02/ses-1/beh/sub-02_ses-1_task-beliefupdate_beh.tsv", 2],
    ]);
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/sub-02_ses-2_task-beliefupdate_beh\.tsv.*contributes MADRS only/),
    ]);
  });

  it("collects every problem in one pass, each naming file, line and field", () => {
    const dir = study({
      "sub-01/ses-1/beh/sub-01_ses-1_task-beliefupdate_beh.tsv": `${BEH}3\te03\t101\t30\t20\n2\te04\t50\t30\t40\n`,
      "sub-02/sub-02_sessions.tsv":
        "session_id\ttime_point\tdays_from_first_infusion\nses-1\tpre\t0\nses-2\t4h\t7\n",
      "sub-03/sub-03_sessions.tsv": "session_id\ttime_point\nses-1\tpre\n",
      "phenotype/madrs.tsv":
        "participant_id\tsession_id\tmadrs_total\nsub-01\tses-7\t30\nsub-02\tses-1\t61\n",
    });
    const { problems } = collectBeliefStudyInputs(dir);
    const where = problems.map(
      (p) => `${p.location.file.slice(dir.length + 1)}:${p.location.line ?? ""}:${p.location.field ?? ""}`,
    );
    expect(where.sort()).toEqual(
      [
        "phenotype/madrs.tsv:2:session_id",
        "phenotype/madrs.tsv:3:madrs_total",
        "sub-01/ses-1/beh/sub-01_ses-1_task-beliefupdate_beh.tsv:4:first_estimate",
        "sub-01/ses-1/beh/sub-01_ses-1_task-beliefupdate_beh.tsv:5:trial",
        "sub-02/sub-02_sessions.tsv:3:time_point",
        "sub-03::",
      ].sort(),
    );
    expect(() => readBeliefStudyInputs(dir)).toThrow(/6 problems|sub-03/);
  });
});

describe("readAnyStudyConfig", () => {
  it("picks the schema by kind: absent is the fMRS crossover; an unknown kind names the kinds", () => {
    const belief = readAnyStudyConfig(study({}));
    expect(belief.kind).toBe("belief-updating");
    if (belief.kind === "belief-updating") expect(belief.events).toBe(40);
    expect(() =>
      readAnyStudyConfig(study({ "study.json": JSON.stringify({ kind: "eeg", name: "x" }) })),
    ).toThrow(/kind.*unknown study kind.*fmrs-crossover or belief-updating/);
  });
});
