import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { readArrowFile } from "@fmrs/io";
import { OutcomeRow, Results } from "@fmrs/schema";
import { beforeAll, describe, expect, it } from "vitest";
import { STAGES } from "./main";
import { baselineShape, copySample, runCli, treeHashes } from "./testing";

describe("fmrs --help", () => {
  it("main(['--help']) lists every command and the exit codes", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const command of ["run", "participant", "group", ...STAGES, "validate", "inspect"])
      expect(stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    expect(stdout).toContain("2  bad input");
  });

  it.each([...STAGES, "run", "validate"])(
    "main(['%s', '--help']) describes the command and its options",
    async (command) => {
      const { code, stdout } = await runCli([command, "--help"]);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: fmrs ${command} [options] <study>`);
      expect(stdout).toContain("Exit codes:");
    },
  );

  it.each(["participant", "group"])(
    "main(['%s', '--help']) shows the BIDS-App form <study> <out>",
    async (command) => {
      const { code, stdout } = await runCli([command, "--help"]);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: fmrs ${command} [options] <study> <out>`);
      expect(stdout).toContain("3  cluster jobs failed");
    },
  );

  it("main(['run', '--help']) offers the executors and the SLURM resources", async () => {
    const { stdout } = await runCli(["run", "--help"]);
    expect(stdout).toMatch(/--executor <name>[\s\S]*choices: "local",\s+"slurm"/);
    for (const o of ["--slurm-config", "--partition", "--time", "--mem", "--cpus-per-task", "--chunk-size"])
      expect(stdout).toContain(o);
  });

  it("main(['nonsense']) exits 2 for an unknown command", async () => {
    expect((await runCli(["nonsense"])).code).toBe(2);
  });
});

describe("fmrs run on bad input", () => {
  it("main(['run', missing]) exits 2 and names the missing study folder", async () => {
    const { code, stderr } = await runCli(["run", "/nonexistent/study"]);
    expect(code).toBe(2);
    expect(stderr).toContain("/nonexistent/study: study folder not found");
  });

  it("main(['run', study]) exits 2 naming file, line and field of a malformed TSV, and writes nothing", async () => {
    const study = copySample();
    const file = join(study, "participants.tsv");
    const lines = readFileSync(file, "utf8").split("\n");
    lines[3] = (lines[3] ?? "").replace(/\t(F|M)\t/, "\tfemale\t");
    writeFileSync(file, lines.join("\n"));
    const { code, stderr } = await runCli(["run", study]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:4: sex:`);
    expect(existsSync(join(study, "derivatives"))).toBe(false);
  });

  it("main(['run', study]) exits 2 for a row with the wrong number of fields", async () => {
    const study = copySample();
    const file = join(study, "sub-02", "ses-1", "mrs", "sub-02_ses-1_glx.tsv");
    const lines = readFileSync(file, "utf8").split("\n");
    lines[5] = (lines[5] ?? "").split("\t").slice(0, 4).join("\t");
    writeFileSync(file, lines.join("\n"));
    const { code, stderr } = await runCli(["run", study]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:6: 4 tab-separated fields (expected 13 fields`);
  });

  it("main(['validate', study]) lists every problem, not only the first", async () => {
    const study = copySample();
    const madrs = join(study, "phenotype", "madrs.tsv");
    const lines = readFileSync(madrs, "utf8").split("\n");
    lines[1] = (lines[1] ?? "").replace(/\t\d\t/, "\t9\t");
    lines[2] = (lines[2] ?? "").replace("sub-01", "sub-99");
    writeFileSync(madrs, lines.join("\n"));
    writeFileSync(
      join(study, "sub-03", "sub-03_sessions.tsv"),
      "session_id\tcondition\nses-1\tNTX\nses-2\tPBO\n",
    );
    const { code, stdout } = await runCli(["validate", study]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/madrs\.tsv:2: madrs_\d\d: an integer item score 0-6/);
    expect(stdout).toContain("sub-03_sessions.tsv:2: condition: NTX in period 1");
    expect(stdout).toContain("madrs.tsv:3: participant_id: sub-99 is not in participants.tsv");
    expect(stdout).toMatch(/: 4 problems, 1 warning\n$/);
  });

  it("main(['validate', sample]) accepts the sample study", async () => {
    const { code, stdout } = await runCli(["validate", copySample()]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "valid (12 participants, 24 sessions, 48 MADRS ratings, 23 MRS inputs, 1 warning)",
    );
  });
});

describe("fmrs run on the sample study", () => {
  const study = copySample();
  let first: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    first = await runCli(["run", study]);
  });
  const out = join(study, "derivatives", "fmrs-crossover");

  it("main(['run', study]) runs every stage and writes Arrow tables, results.json and the report", async () => {
    expect(first.code, first.stderr).toBe(0);
    for (const f of [
      "dataset_description.json",
      "participants.arrow",
      "sessions.arrow",
      "madrs.arrow",
      "outcomes.arrow",
      "outcome_blocks.arrow",
      "results.json",
      "report/index.html",
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(existsSync(join(out, "sub-01", "ses-1", "mrs", "sub-01_ses-1_desc-fit_blocks.arrow"))).toBe(true);
    const results = Results.parse(JSON.parse(readFileSync(join(out, "results.json"), "utf8")));
    expect(results.hills_armitage.madrs_change?.n).toBe(11);
    // Unchanged by the stage refactor: equal to the run at commit f4d3dff apart from the provenance
    // block, whose sources now list the tables analyse reads (outcome_blocks.arrow instead of study.json).
    // Issue 15 added keys (primary estimand, CONSORT flow by sequence, the within-subject difference
    // curve, d_z, per-sex attenuation bootstrap, model diagnostics) and turned the association to
    // test − reference: taken back out here, everything else is as before.
    const { provenance: _now, ...now } = baselineShape(results);
    const { provenance: _base, ...before } = JSON.parse(
      readFileSync(join(testdataFolder("refactor-base"), "fitted-route-results.json"), "utf8"),
    );
    expect(now).toEqual(before);
    expect(readArrowFile(join(out, "outcomes.arrow"), OutcomeRow)).toHaveLength(24);
  });

  it("main(['run', study]) a second time does no work and says so", async () => {
    const before = treeHashes(out);
    const again = await runCli(["run", study]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/all 5 stages up to date: no work done/);
    expect(treeHashes(out)).toEqual(before);
  });

  it("main(['run', study, '--out', other]) gives byte-identical derivatives (no clocks, hosts or absolute paths)", async () => {
    const other = join(study, "..", "second-run");
    expect((await runCli(["run", study, "--out", other, "--quiet"])).code).toBe(0);
    // Only the link to the source dataset depends on where the derivatives are (a relative path), and
    // so does its hash in ingest's stage record; everything else is byte for byte the same.
    const json = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), "utf8"));
    const [mine, theirs] = [json(out, "dataset_description.json"), json(other, "dataset_description.json")];
    expect([mine.DatasetLinks, theirs.DatasetLinks]).toEqual([{ raw: "../../" }, { raw: "../study/" }]);
    expect({ ...theirs, DatasetLinks: null }).toEqual({ ...mine, DatasetLinks: null });
    const record = (dir: string) => {
      const r = json(dir, "stages/ingest.json");
      delete r.outputs["dataset_description.json"];
      return r;
    };
    expect(record(other)).toEqual(record(out));
    const location = new Set(["dataset_description.json", "stages/ingest.json"]);
    const rest = (dir: string) => Object.entries(treeHashes(dir)).filter(([path]) => !location.has(path));
    expect(rest(other)).toEqual(rest(out));
    rmSync(other, { recursive: true });
  });

  it("main(['run', study]) keeps identifying fields out of every output", async () => {
    const all = Object.keys(treeHashes(out))
      .map((f) => readFileSync(join(out, f)).toString("latin1"))
      .join("\n");
    expect(all).not.toMatch(/2025-03-\d\d/);
    expect(all).not.toContain("acq_time");
    expect(all).not.toContain(study);
  });

  it("main(['run', study]) after editing phenotype/madrs.tsv reruns only outcomes, analyse and report", async () => {
    const madrs = join(study, "phenotype", "madrs.tsv");
    const lines = readFileSync(madrs, "utf8").split("\n");
    lines[2] = (lines[2] ?? "").replace(/\t(\d)\t/, (_, d: string) => `\t${d === "6" ? 5 : Number(d) + 1}\t`);
    writeFileSync(madrs, lines.join("\n"));
    const { code, stderr } = await runCli(["run", study]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("[ingest] up to date, nothing to do");
    expect(stderr).toContain("[fit] up to date, nothing to do");
    expect(stderr).toMatch(/\[outcomes\] 24 sessions/);
    expect(stderr).toMatch(/\[analyse\] MADRS change/);
    expect(stderr).toMatch(/\[report\] report\/index\.html/);
    expect(stderr).toContain("3 of 5 stages ran");
  });

  it("main(['run', study]) after adding a subject fits only that subject's sessions", async () => {
    const src = join(study, "sub-12");
    const dst = join(study, "sub-13");
    cpSync(src, dst, { recursive: true });
    for (const ses of ["ses-1", "ses-2"]) {
      const dir = join(dst, ses, "mrs");
      renameSync(join(dir, `sub-12_${ses}_glx.tsv`), join(dir, `sub-13_${ses}_glx.tsv`));
    }
    renameSync(join(dst, "sub-12_sessions.tsv"), join(dst, "sub-13_sessions.tsv"));
    const participants = join(study, "participants.tsv");
    const p12 =
      readFileSync(participants, "utf8")
        .split("\n")
        .find((l) => l.startsWith("sub-12\t")) ?? "";
    writeFileSync(participants, `${readFileSync(participants, "utf8")}${p12.replace("sub-12", "sub-13")}\n`);
    const madrs = join(study, "phenotype", "madrs.tsv");
    const m12 = readFileSync(madrs, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("sub-12\t"));
    writeFileSync(
      madrs,
      `${readFileSync(madrs, "utf8")}${m12.map((l) => l.replace("sub-12", "sub-13")).join("\n")}\n`,
    );
    const { code, stderr } = await runCli(["run", study]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("[fit] 2 sessions fitted, 23 up to date");
    expect(stderr).toContain("[ingest] 13 participants, 26 sessions");
  });

  it("main(['run', study]) removes temporary files an interrupted run left behind", async () => {
    writeFileSync(join(out, "outcomes.arrow.tmp-999-0"), "half-written");
    const { code, stderr } = await runCli(["run", study]);
    expect(code).toBe(0);
    expect(stderr).toContain("removed 1 temporary files left by an interrupted run");
    expect(existsSync(join(out, "outcomes.arrow.tmp-999-0"))).toBe(false);
  });

  it("main(['run', study]) exits 2 naming the path when the derivatives folder cannot be made (a file in the way)", async () => {
    const other = join(study, "..", "blocked-out");
    writeFileSync(other, "a file where the derivatives folder should be");
    const { code, stderr } = await runCli(["run", study, "--out", join(other, "derivatives")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\[input\] error: .*blocked-out.*ENOTDIR/);
    expect(stderr).not.toContain("internal");
  });

  it("main(['run', study, '--only', 'analyse']) reruns one stage after its input changed", async () => {
    rmSync(join(out, "results.json"));
    const { code, stderr } = await runCli(["run", study, "--only", "analyse"]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/\[analyse\] MADRS change/);
    expect(existsSync(join(out, "results.json"))).toBe(true);
  });
});

describe("fmrs inspect", () => {
  const ref = testdataFolder("reference-data");

  it("main(['inspect', metab_raw.nii.gz]) prints dims, tags and header values, never identifying values", async () => {
    const file = join(ref, "nifti_mrs_tools", "metab_raw.nii.gz");
    const { code, stdout } = await runCli(["inspect", file]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.format).toMatch(/nifti/i);
    expect(JSON.stringify(summary)).toContain("DIM_COIL");
    expect(JSON.stringify(summary)).toContain("PatientName");
    expect(stdout).not.toContain("F7T_2019_005_003");
  });

  it("main(['inspect', x.sdat]) finds the .spar beside it", async () => {
    const { code, stdout } = await runCli([
      "inspect",
      join(ref, "osprey", "philips-sdat", "sub-01_PRESS_35_act.sdat"),
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).format).toMatch(/sdat/i);
  });

  it("main(['inspect', missing]) exits 2 naming the file", async () => {
    const { code, stderr } = await runCli(["inspect", "/no/such.nii.gz"]);
    expect(code).toBe(2);
    expect(stderr).toContain("/no/such.nii.gz: not found [ENOENT");
  });
});
