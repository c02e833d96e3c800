import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { readArrowFile } from "@fmrs/io";
import { outputPath } from "@fmrs/pipeline";
import { AcquisitionRecord, BlockOutcomeRow, FitBlockRow, Results } from "@fmrs/schema";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CLI_BUNDLE,
  copySample,
  runBundledCli,
  simulatedStudy,
  simulatedStudyRun,
  treeHashes,
} from "./testing";

const ref = testdataFolder("reference-data");
const BASIS = join(ref, "fmrs_bold_dynamic_fitting", "basis_3T");

const fmrs = runBundledCli;

/** A fresh `fmrs simulate` of the same 4-subject study simulatedStudy(seed) holds. */
function simulateMini(seed: number): string {
  const out = join(copySample(), "..", `sim-${seed}`);
  const r = fmrs([
    "simulate",
    "--subjects",
    "4",
    "--seed",
    String(seed),
    "--basis",
    BASIS,
    "--quiet",
    "--out",
    out,
  ]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

// The seed-11 study and its uninterrupted run are shared fixtures (made once per `pnpm test`, see
// testing.ts); tests that change a study work on a copy of it.
describe("fmrs simulate and the raw route", () => {
  /** The pristine seed-11 study (shared: read only). */
  let a: string;
  beforeAll(async () => {
    a = await simulatedStudy(11);
  });

  it("fmrs simulate --seed N writes a study that fmrs validate accepts", () => {
    const r = fmrs(["validate", a]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(
      /valid \(4 participants, 8 sessions, \d+ MADRS ratings, \d MRS inputs(, \d+ warnings?)?\)/,
    );
    expect(existsSync(join(a, "truth.json"))).toBe(true);
    expect(readdirSync(join(a, "basis")).filter((f) => f.endsWith(".json")).length).toBeGreaterThan(20);
  });

  it("fmrs simulate gives byte-identical files for the same seed and a different study for another", () => {
    // A second, separate simulate of seed 11 against the one that made the shared study.
    const again = simulateMini(11);
    const other = simulateMini(12);
    expect(treeHashes(again)).toEqual(treeHashes(a));
    expect(treeHashes(other)["participants.tsv"]).not.toBe(treeHashes(a)["participants.tsv"]);
  });

  it("fmrs run on raw spectra fits every session and keeps identifying header values out of every output", async () => {
    // `fmrs run --jobs 2` on the seed-11 study (the fixture throws, failing this test, unless it exits 0).
    const ran = await simulatedStudyRun(11);
    const out = join(ran, "derivatives", "fmrs-crossover");
    const rows = readArrowFile(outputPath(out, "outcomeBlocks"), BlockOutcomeRow).filter(
      (b) => b.participant_id === "sub-01" && b.session_id === "ses-1",
    );
    expect(rows.length).toBeGreaterThan(4);
    const fitted = rows.filter((b) => b.outcome !== null && b.fwhm_hz !== null && b.snr !== null);
    expect(fitted.length).toBeGreaterThanOrEqual(rows.length - 1);
    const acquisitions = readdirSync(out)
      .filter((d) => d.startsWith("sub-"))
      .flatMap((sub) =>
        ["ses-1", "ses-2"].flatMap((ses) => {
          const path = outputPath(out, "acquisition", { participant_id: sub, session_id: ses });
          return existsSync(path) ? [AcquisitionRecord.parse(JSON.parse(readFileSync(path, "utf8")))] : [];
        }),
      );
    expect(acquisitions.length).toBeGreaterThan(0);
    expect(
      acquisitions.every((s) => s.route === "raw" && s.identifying_keys_dropped.includes("PatientName")),
    ).toBe(true);
    // The fake identities the simulator wrote into the headers must appear nowhere downstream.
    const truth = JSON.parse(readFileSync(join(ran, "truth.json"), "utf8"));
    const all = Object.keys(treeHashes(out))
      .map((f) => readFileSync(join(out, f)).toString("latin1"))
      .join("\n");
    for (const s of truth.sessions as { date: string }[]) expect(all).not.toContain(s.date);
    Results.parse(JSON.parse(readFileSync(join(out, "results.json"), "utf8")));
  });

  it("fmrs run takes each session's timing from its header when study.json gives none", () => {
    const study = copySample(a);
    const config = JSON.parse(readFileSync(join(study, "study.json"), "utf8"));
    config.raw = { basis: config.raw.basis };
    writeFileSync(join(study, "study.json"), JSON.stringify(config));
    const r = fmrs(["run", study, "--only", "ingest"]);
    expect(r.code, r.stderr).toBe(0);
    const fit = fmrs(["run", study, "--only", "fit", "--jobs", "2"]);
    expect(fit.code, fit.stderr).toBe(0);
    const fitRows = readArrowFile(
      outputPath(join(study, "derivatives", "fmrs-crossover"), "fitBlocks", {
        participant_id: "sub-01",
        session_id: "ses-1",
      }),
      FitBlockRow,
    );
    const starts = [...new Set(fitRows.map((r) => r.t_start_s))];
    // 10 min baseline before the infusion onset, 2-min blocks of 4 stored averages of 12 transients at TR 2.5 s.
    expect(starts[0]).toBe(-600);
    expect(starts[1]).toBe(-480);
    expect(starts.filter((t) => t < 0)).toHaveLength(5);
  });

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
  });

  it("fmrs run killed with SIGKILL during fit, then run again, ends with the same bytes as an uninterrupted run", async () => {
    // Killed: a fresh copy of the seed-11 study; uninterrupted: the shared run of the same study
    // (`fmrs run --jobs 2 --quiet`).
    const killed = copySample(a);
    const clean = await simulatedStudyRun(11);
    const sessions = readdirSync(killed, { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith("_svs.nii.gz"),
    ).length;
    expect(sessions).toBeGreaterThan(2);
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
        } else if (Date.now() - started > 900_000 || child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`the run ended or stalled before it could be killed mid-fit (records: ${done})`));
        }
      }, 20);
    });
    await new Promise((resolve) => child.once("exit", resolve));
    const fitted = readdirSync(recordDir).length;
    expect(fitted).toBeLessThan(sessions);
    const resumed = fmrs(["run", killed, "--jobs", "1"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(
      new RegExp(`\\[fit\\] ${sessions - fitted} sessions fitted, ${fitted} up to date`),
    );
    expect(treeHashes(join(killed, "derivatives"))).toEqual(treeHashes(join(clean, "derivatives")));
  });
});
