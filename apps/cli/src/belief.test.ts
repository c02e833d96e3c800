// The belief-updating study through the fmrs command: `fmrs run data-samples/belief-updating`
// (every declared output, the report, reruns), `fmrs validate` listing every problem of a broken
// copy (exit 2), `fmrs run` on it writing nothing for the failing stage, and `fmrs simulate --kind
// belief-updating` reproducing the committed sample byte for byte.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readArrowFile } from "@fmrs/io";
import { BeliefResultsFile, OUTPUTS, outputPath } from "@fmrs/pipeline";
import { BELIEF_REPORT_SECTIONS } from "@fmrs/report";
import { BeliefSessionRecord, BeliefTrialRow, LearningRateRow } from "@fmrs/schema";
import { beforeAll, describe, expect, it } from "vitest";
import { BELIEF_SAMPLE, copySample, runCli, treeHashes } from "./testing";

const derivatives = (study: string) => join(study, "derivatives", "fmrs-crossover");

describe("fmrs run data-samples/belief-updating", () => {
  let study: string;
  let first: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    study = copySample(BELIEF_SAMPLE);
    first = await runCli(["run", study, "--jobs", "1"]);
  });

  it("runs ingest → model → trials → analyse → report and writes every declared output", () => {
    expect(first.code, first.stderr).toBe(0);
    for (const stage of ["ingest", "model", "trials", "analyse", "report"])
      expect(first.stderr).toContain(`[${stage}]`);
    expect(first.stderr).not.toContain("[fit]");
    const root = derivatives(study);
    for (const [name, spec] of Object.entries(OUTPUTS)) {
      if (!(spec as { kinds?: readonly string[] }).kinds?.includes("belief-updating")) continue;
      if (spec.file.includes("{sub}")) continue;
      const path = outputPath(root, name as keyof typeof OUTPUTS);
      expect(existsSync(path), path).toBe(true);
      if (spec.kind === "table") {
        expect(existsSync(path.replace(/\.arrow$/, ".parquet")), path).toBe(true);
        expect(existsSync(path.replace(/\.arrow$/, ".json")), path).toBe(true);
      }
    }
    const sessions = readArrowFile(outputPath(root, "beliefSessions"), BeliefSessionRecord);
    expect(sessions.length).toBe(133);
    expect(new Set(sessions.map((s) => s.participant_id)).size).toBe(56);
    for (const s of sessions.filter((x) => x.beh_file !== null))
      expect(existsSync(outputPath(root, "learningRates", s)), `${s.participant_id} ${s.session_id}`).toBe(
        true,
      );
  });

  it("keeps every trial (none dropped) and the model stage's learning rates are the ones the analysis used", () => {
    const root = derivatives(study);
    const trials = readArrowFile(outputPath(root, "beliefTrials"), BeliefTrialRow);
    const sessions = readArrowFile(outputPath(root, "beliefSessions"), BeliefSessionRecord);
    const lines = sessions
      .filter((s) => s.beh_file !== null)
      .reduce(
        (n, s) =>
          n +
          readFileSync(join(study, s.beh_file as string), "utf8")
            .trim()
            .split("\n").length -
          1,
        0,
      );
    expect(trials.length).toBe(lines);
    for (const t of trials.filter((x) => x.excluded)) expect(t.exclusion_reason).not.toBeNull();
    const results = BeliefResultsFile.parse(
      JSON.parse(readFileSync(outputPath(root, "beliefResults"), "utf8")),
    );
    expect(results.sessions.length).toBe(sessions.filter((s) => s.beh_file !== null).length);
    for (const r of results.sessions) {
      const [fit] = readArrowFile(outputPath(root, "learningRates", r), LearningRateRow);
      expect(fit?.alpha_good ?? null).toBeCloseTo(r.alpha_good ?? Number.NaN, 12);
      expect(fit?.alpha_bad ?? null).toBeCloseTo(r.alpha_bad ?? Number.NaN, 12);
    }
  });

  it("writes a report from the belief-updating section list, and a second run does no work", async () => {
    const html = readFileSync(outputPath(derivatives(study), "report"), "utf8");
    for (const s of BELIEF_REPORT_SECTIONS) expect(html).toContain(`<section id="${s.id}"`);
    expect(html).not.toContain('id="glutamate"');
    const again = await runCli(["run", study, "--jobs", "1"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("all 5 stages up to date");
  });

  it("gives byte-identical results.json and report when analyse and report are redone", async () => {
    const root = derivatives(study);
    const before = treeHashes(root);
    const r = await runCli(["run", study, "--from", "analyse", "--force", "--jobs", "1"]);
    expect(r.code, r.stderr).toBe(0);
    const after = treeHashes(root);
    for (const f of ["results.json", "report/index.html", "study.json"]) expect(after[f], f).toBe(before[f]);
  });

  it("editing one task file reruns trials, that session's model unit, analyse and report only", async () => {
    const beh = join(study, "sub-02", "ses-2", "beh", "sub-02_ses-2_task-beliefupdate_beh.tsv");
    const lines = readFileSync(beh, "utf8").split("\n");
    lines[1] = (lines[1] as string).replace(/^(\d+\t\S+\t\S+\t\S+\t)\S+/, "$1n/a");
    writeFileSync(beh, lines.join("\n"));
    const r = await runCli(["run", study, "--jobs", "1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const said = (stage: string) =>
      r.stderr
        .split("\n")
        .filter((l) => l.includes(`"stage":"${stage}"`))
        .map((l) => (JSON.parse(l) as { message: string }).message)
        .join(" | ");
    expect(said("ingest")).toContain("up to date");
    expect(said("trials")).toContain("5320 trials");
    expect(said("model")).toContain("1 sessions fitted, 132 up to date");
    expect(said("analyse")).toContain("1 of 1 unit ran");
    expect(said("report")).toContain("report/index.html written");
  });

  it("fmrs participant (the model, per participant) then fmrs group give the same results.json and report as fmrs run", async () => {
    const fresh = copySample(BELIEF_SAMPLE);
    const out = join(mkdtempSync(join(tmpdir(), "fmrs-belief-levels-")), "out");
    const runOut = join(mkdtempSync(join(tmpdir(), "fmrs-belief-levels-")), "out");
    expect((await runCli(["run", fresh, "--out", runOut, "--jobs", "1", "--quiet"])).code).toBe(0);
    const refused = await runCli(["group", fresh, out, "--quiet"]);
    expect(refused.code).toBe(2);
    for (const labels of [["01", "27"], []]) {
      const r = await runCli([
        "participant",
        fresh,
        out,
        "--jobs",
        "1",
        "--quiet",
        ...labels.flatMap((l) => ["--participant-label", l]),
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(
      existsSync(
        join(out, "sub-01", "ses-1", "beh", "sub-01_ses-1_task-beliefupdate_desc-learningrates_beh.arrow"),
      ),
    ).toBe(true);
    expect(existsSync(join(out, "results.json"))).toBe(false);
    const g = await runCli(["group", fresh, out, "--quiet"]);
    expect(g.code, g.stderr).toBe(0);
    const a = treeHashes(out);
    const b = treeHashes(runOut);
    for (const f of [
      "results.json",
      "report/index.html",
      "trials.arrow",
      "sub-01/ses-1/beh/sub-01_ses-1_task-beliefupdate_desc-learningrates_beh.arrow",
    ])
      expect(a[f], f).toBe(b[f]);
  });

  it("refuses a stage the kind does not have (exit 2)", async () => {
    const r = await runCli(["run", study, "--only", "fit"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no stage fit/);
  });
});

describe("fmrs validate on a belief-updating study", () => {
  it("the sample is valid", async () => {
    const r = await runCli(["validate", copySample(BELIEF_SAMPLE)]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain("belief-updating study: 56 participants, 133 sessions, 133 task files");
  });

  it("lists every problem of a broken copy (file, line, field) and exits 2; run writes nothing for the failing stage", async () => {
    const study = copySample(BELIEF_SAMPLE);
    const beh = join(study, "sub-01", "ses-1", "beh", "sub-01_ses-1_task-beliefupdate_beh.tsv");
    const lines = readFileSync(beh, "utf8").split("\n");
    lines[3] = (lines[3] as string).replace(/^(\d+\t\S+\t)\S+/, "$1150");
    lines[5] = (lines[5] as string).replace(/^(\d+\t\S+\t\S+\t)\S+/, "$1abc");
    writeFileSync(beh, lines.join("\n"));
    const ses = join(study, "sub-30", "sub-30_sessions.tsv");
    writeFileSync(ses, readFileSync(ses, "utf8").replace("\tpre\t", "\t4h\t"));
    const madrs = join(study, "phenotype", "madrs.tsv");
    writeFileSync(madrs, `${readFileSync(madrs, "utf8")}sub-02\tses-9\t12\n`);
    const p = join(study, "participants.tsv");
    writeFileSync(p, readFileSync(p, "utf8").replace("sub-05\tpatient", "sub-05\tpatients"));

    const r = await runCli(["validate", study, "--json"]);
    expect(r.code).toBe(2);
    const problems = (
      JSON.parse(r.stdout) as { file: string; line?: number; field?: string; level: string }[]
    ).filter((x) => x.level === "error");
    const where = problems.map((x) => `${x.file.slice(study.length + 1)}:${x.line ?? ""}:${x.field ?? ""}`);
    expect(where).toEqual(
      expect.arrayContaining([
        "sub-01/ses-1/beh/sub-01_ses-1_task-beliefupdate_beh.tsv:4:first_estimate",
        "sub-01/ses-1/beh/sub-01_ses-1_task-beliefupdate_beh.tsv:6:base_rate",
        "sub-30/sub-30_sessions.tsv:2:time_point",
        "phenotype/madrs.tsv:135:session_id",
        "participants.tsv:6:group",
      ]),
    );

    const run = await runCli(["run", study, "--jobs", "1"]);
    expect(run.code).toBe(2);
    expect(existsSync(join(derivatives(study), "participants.arrow"))).toBe(false);
    expect(existsSync(join(derivatives(study), "results.json"))).toBe(false);
  });
});

describe("fmrs simulate --kind belief-updating", () => {
  it("reproduces data-samples/belief-updating byte for byte from the seed its README states", async () => {
    const readme = readFileSync(join(BELIEF_SAMPLE, "README.md"), "utf8");
    const seed = /--seed (\d+)/.exec(readme)?.[1];
    expect(seed).toBeDefined();
    const out = join(mkdtempSync(join(tmpdir(), "fmrs-belief-sim-")), "study");
    const r = await runCli([
      "simulate",
      "--kind",
      "belief-updating",
      "--seed",
      seed as string,
      "--out",
      out,
      "--quiet",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const sample = treeHashes(BELIEF_SAMPLE);
    for (const k of Object.keys(sample)) if (k.startsWith("derivatives")) delete sample[k];
    expect(treeHashes(out)).toEqual(sample);
    rmSync(out, { recursive: true, force: true });
  });

  it("refuses fMRS-only options (exit 2)", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "fmrs-belief-sim-")), "study");
    const r = await runCli(["simulate", "--kind", "belief-updating", "--subjects", "4", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--subjects");
  });
});
