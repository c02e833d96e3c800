import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { readArrowFile } from "@fmrs/io";
import { AcquisitionFile, Results, TimeseriesRow } from "@fmrs/schema";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_BUNDLE, copySample, RAW_SAMPLE, treeHashes } from "./testing";

const ref = testdataFolder("reference-data");
const BASIS = join(ref, "fmrs_bold_dynamic_fitting", "basis_3T");

/** Runs the built CLI in a child process (worker threads need the bundle). */
function fmrs(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_BUNDLE, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function simulateMini(seed: number): string {
  const out = join(copySample(), "..", `sim-${seed}`);
  const r = fmrs([
    "simulate",
    "--out",
    out,
    "--subjects",
    "4",
    "--seed",
    String(seed),
    "--basis",
    BASIS,
    "--quiet",
  ]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

describe("fmrs simulate and the raw route", () => {
  let a: string;
  beforeAll(() => {
    a = simulateMini(11);
  }, 120_000);

  it("fmrs simulate --seed N writes a study that fmrs validate accepts", () => {
    const r = fmrs(["validate", a]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/valid \(4 participants, 8 sessions, \d+ MADRS ratings, \d MRS inputs\)/);
    expect(existsSync(join(a, "truth.json"))).toBe(true);
    expect(readdirSync(join(a, "basis")).filter((f) => f.endsWith(".json")).length).toBeGreaterThan(20);
  });

  it("fmrs simulate gives byte-identical files for the same seed and a different study for another", () => {
    const again = simulateMini(11);
    const other = simulateMini(12);
    expect(treeHashes(again)).toEqual(treeHashes(a));
    expect(treeHashes(other)["participants.tsv"]).not.toBe(treeHashes(a)["participants.tsv"]);
  });

  it("fmrs run on raw spectra fits every session and keeps identifying header values out of every output", () => {
    const r = fmrs(["run", a, "--jobs", "2"]);
    expect(r.code, r.stderr).toBe(0);
    const out = join(a, "derivatives", "fmrs-crossover");
    const rows = readArrowFile(
      join(out, "sub-01", "ses-1", "mrs", "sub-01_ses-1_desc-glx_timeseries.arrow"),
      TimeseriesRow,
    );
    expect(rows.length).toBeGreaterThan(4);
    const fitted = rows.filter((b) => b.outcome !== null && b.fwhm_hz !== null && b.snr !== null);
    expect(fitted.length).toBeGreaterThanOrEqual(rows.length - 1);
    const acquisition = AcquisitionFile.parse(
      JSON.parse(readFileSync(join(out, "acquisition.json"), "utf8")),
    );
    expect(
      acquisition.sessions.every(
        (s) => s.route === "raw" && s.identifying_keys_dropped.includes("PatientName"),
      ),
    ).toBe(true);
    // The fake identities the simulator wrote into the headers must appear nowhere downstream.
    const truth = JSON.parse(readFileSync(join(a, "truth.json"), "utf8"));
    const all = Object.keys(treeHashes(out))
      .map((f) => readFileSync(join(out, f)).toString("latin1"))
      .join("\n");
    for (const s of truth.sessions as { date: string }[]) expect(all).not.toContain(s.date);
    Results.parse(JSON.parse(readFileSync(join(out, "results.json"), "utf8")));
  }, 300_000);

  it("fmrs run takes each session's timing from its header when study.json gives none", () => {
    const study = simulateMini(14);
    const config = JSON.parse(readFileSync(join(study, "study.json"), "utf8"));
    config.raw = { basis: config.raw.basis };
    writeFileSync(join(study, "study.json"), JSON.stringify(config));
    const r = fmrs(["run", study, "--only", "ingest"]);
    expect(r.code, r.stderr).toBe(0);
    const fit = fmrs(["run", study, "--only", "fit", "--jobs", "2"]);
    expect(fit.code, fit.stderr).toBe(0);
    const rows = readArrowFile(
      join(
        study,
        "derivatives",
        "fmrs-crossover",
        "sub-01",
        "ses-1",
        "mrs",
        "sub-01_ses-1_desc-glx_timeseries.arrow",
      ),
      TimeseriesRow,
    );
    // 10 min baseline before the infusion onset, 2-min blocks of 4 stored averages of 12 transients at TR 2.5 s.
    expect(rows[0]?.t_start_s).toBe(-600);
    expect(rows[1]?.t_start_s).toBe(-480);
    expect(rows.filter((b) => b.phase === "baseline")).toHaveLength(5);
  }, 300_000);

  it("fmrs fit <file> --basis <dir> prints concentrations, CRLB, FWHM and SNR for one file (table or JSON)", () => {
    const file = join(a, "sub-02", "ses-1", "mrs", "sub-02_ses-1_svs.nii.gz");
    const basis = join(a, "basis");
    const table = fmrs(["fit", file, "--basis", basis, "--block-length", "600"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^block 1: 0–600 s, 20 transients, NAA FWHM \d+\.\d\d Hz, SNR \d+\.\d/m);
    expect(table.stdout).toMatch(/^Glx\s+\d+\.\d{4}\s+\d+\.\d\s+\d\.\d{3}\s+\d\.\d{3}$/m);
    const json = fmrs(["fit", file, "--basis", basis, "--table-json"]);
    const rows = JSON.parse(json.stdout) as { metabolite: string; crlb_pct: number; per_tnaa: number }[];
    const glx = rows.find((r) => r.metabolite === "Glx");
    expect(glx?.crlb_pct).toBeLessThan(5);
    expect(glx?.per_tnaa).toBeGreaterThan(0.8);
    const missing = fmrs(["fit", file]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--basis is required to fit a single file");
  }, 120_000);

  it("fmrs run killed with SIGKILL during fit, then run again, ends with the same bytes as an uninterrupted run", async () => {
    const killed = simulateMini(13);
    const clean = simulateMini(13);
    const recordDir = join(killed, "derivatives", "fmrs-crossover", "stages", "fit");
    const child = spawn(process.execPath, [CLI_BUNDLE, "run", killed, "--jobs", "1", "--quiet"], {
      stdio: "ignore",
    });
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const done = existsSync(recordDir) ? readdirSync(recordDir).length : 0;
        if (done >= 2) {
          clearInterval(poll);
          child.kill("SIGKILL");
          resolve();
        } else if (Date.now() - started > 120_000 || child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`the run ended or stalled before it could be killed mid-fit (records: ${done})`));
        }
      }, 20);
    });
    await new Promise((resolve) => child.once("exit", resolve));
    const fitted = readdirSync(recordDir).length;
    expect(fitted).toBeLessThan(7);
    const resumed = fmrs(["run", killed, "--jobs", "1"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(
      new RegExp(`\\[fit\\] ${7 - fitted} sessions fitted, ${fitted} up to date`),
    );
    expect(fmrs(["run", clean, "--jobs", "2", "--quiet"]).code).toBe(0);
    expect(treeHashes(join(killed, "derivatives"))).toEqual(treeHashes(join(clean, "derivatives")));
  }, 300_000);
});

describe("the pipeline on data-samples recovers truth.json", () => {
  let results: Results;
  let truth: {
    sample: {
      glx: { difference_pct: number; by_sex: Record<string, { reference: number; test: number }> };
      madrs: {
        attenuation: number;
        attenuation_by_sex: Record<string, number>;
        mean_change: { reference: number; test: number };
      };
    };
    sessions: { participant_id: string; session_id: string; glx: { glx_tnaa_baseline: number } | null }[];
  };
  let study: string;
  beforeAll(() => {
    study = copySample(RAW_SAMPLE);
    const r = fmrs(["run", study, "--jobs", "2", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    results = Results.parse(
      JSON.parse(readFileSync(join(study, "derivatives", "fmrs-crossover", "results.json"), "utf8")),
    );
    truth = JSON.parse(readFileSync(join(study, "truth.json"), "utf8"));
  }, 600_000);

  it("the glutamate condition × phase model recovers the true NTX − PBO response difference within 3 SE", () => {
    const infusion = results.models.glutamate_phase?.contrasts.find((c) => c.level === "infusion");
    expect(infusion?.level).toBe("infusion");
    const est = infusion?.estimate as number;
    expect(est).toBeLessThan(0);
    expect(Math.abs(est - truth.sample.glx.difference_pct)).toBeLessThan(3 * (infusion?.se as number));
    expect(results.models.glutamate_phase?.key_test.p).toBeLessThan(0.05);
  });

  it("the fitted baseline Glx/tNAA of each session is within 3 % of the truth on average", () => {
    const out = join(study, "derivatives", "fmrs-crossover");
    const errors: number[] = [];
    for (const s of truth.sessions) {
      if (s.glx === null) continue;
      const path = join(
        out,
        s.participant_id,
        s.session_id,
        "mrs",
        `${s.participant_id}_${s.session_id}_desc-glx_timeseries.arrow`,
      );
      if (!existsSync(path)) continue;
      const base = readArrowFile(path, TimeseriesRow).filter(
        (b) => b.phase === "baseline" && b.qc_pass && b.outcome !== null,
      );
      const mean = base.reduce((a, b) => a + (b.outcome as number), 0) / base.length;
      errors.push(mean / s.glx.glx_tnaa_baseline - 1);
    }
    expect(errors.length).toBeGreaterThan(40);
    const meanAbs = errors.reduce((a, b) => a + Math.abs(b), 0) / errors.length;
    expect(meanAbs).toBeLessThan(0.03);
  });

  it("the MADRS results equal the truth: attenuation overall and by sex (larger in males), condition effect sign", () => {
    // truth.json stores 10 significant digits.
    expect(results.attenuation.estimate).toBeCloseTo(truth.sample.madrs.attenuation, 9);
    expect(results.attenuation.by_sex.F?.estimate).toBeCloseTo(
      truth.sample.madrs.attenuation_by_sex.F as number,
      9,
    );
    expect(results.attenuation.by_sex.M?.estimate).toBeCloseTo(
      truth.sample.madrs.attenuation_by_sex.M as number,
      9,
    );
    expect(results.attenuation.by_sex.M?.estimate as number).toBeGreaterThan(
      results.attenuation.by_sex.F?.estimate as number,
    );
    const ntxEffect = results.models.madrs_change?.fixed_effects.find((c) => c.term === "conditionNTX");
    expect(ntxEffect?.estimate).toBeGreaterThan(0);
    expect(results.models.madrs_raw?.key_test.p).toBeLessThan(0.05);
    const bySex = results.models.madrs_change_sex?.contrasts;
    expect(
      (bySex?.find((c) => c.level === "M")?.estimate as number) >
        (bySex?.find((c) => c.level === "F")?.estimate as number),
    ).toBe(true);
  });

  it("the glutamate contrasts by sex are within 3 SE of the true differences", () => {
    for (const c of results.models.glutamate_sex?.contrasts ?? []) {
      const t = truth.sample.glx.by_sex[c.level];
      expect(Number.isFinite(t?.reference)).toBe(true);
      const trueDiff = (t?.test as number) - (t?.reference as number);
      expect(Math.abs(c.estimate - trueDiff)).toBeLessThan(3 * c.se);
    }
  });
});
