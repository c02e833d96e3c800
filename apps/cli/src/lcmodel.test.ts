import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { readArrowFile } from "@fmrs/io";
import { outputPath } from "@fmrs/pipeline";
import { BlockMeasureRow, BlockOutcomeRow, FitBlockRow, SessionRecord } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { copySample, runCli } from "./testing";

const ref = testdataFolder("reference-data");
const TABLE = join(ref, "suspect", "lcmodel", "svs_97.TABLE");

describe("the LCModel route (one .table per block)", () => {
  it("fmrs run reads a *_lcmodel.tsv manifest and its tables into the session's fitted blocks, and outcomes find its sums", async () => {
    const study = copySample();
    const mrs = join(study, "sub-01", "ses-1", "mrs");
    rmSync(join(mrs, "sub-01_ses-1_glx.tsv"));
    // Three blocks, each fitted by LCModel (the real svs_97 table, TE 97 ms, 3 T, F0 123.226103 MHz).
    const rows = ["block\tt_start_s\tt_end_s\ttable\tf0_mhz"];
    for (const [b, t0] of [
      [1, -120],
      [2, 0],
      [3, 120],
    ] as const) {
      copyFileSync(TABLE, join(mrs, `block-${b}.table`));
      rows.push(`${b}\t${t0}\t${t0 + 120}\tblock-${b}.table\t123.226103`);
    }
    writeFileSync(join(mrs, "sub-01_ses-1_lcmodel.tsv"), `${rows.join("\n")}\n`);
    const study2 = JSON.parse(readFileSync(join(study, "study.json"), "utf8"));
    study2.qc = { max_crlb_pct: 50, max_fwhm_hz: 12, min_snr: 5 };
    writeFileSync(join(study, "study.json"), JSON.stringify(study2));
    const { code, stderr } = await runCli(["run", study, "--only", "ingest"]);
    expect(code, stderr).toBe(0);
    const fit = await runCli(["run", study, "--from", "fit"]);
    expect(fit.code, fit.stderr).toBe(0);
    const out = join(study, "derivatives", "fmrs-crossover");
    const ids = { participant_id: "sub-01", session_id: "ses-1" };
    // The fit stage's table: LCModel's rows under LCModel's names (Glu+Gln kept as it is).
    const fitted = readArrowFile(outputPath(out, "fitBlocks", ids), FitBlockRow);
    const first = (m: string) => fitted.find((r) => r.block === 1 && r.metabolite === m);
    // The numbers printed in svs_97.TABLE: Glu 3.27E-02, Gln 2.95E-02, Glu+Gln 6.22E-02 (40 %SD),
    // NAA+NAAG 0.148, Cr+PCr 0.251; FWHM 0.043 ppm, S/N 13.
    expect(first("Glu")?.amplitude).toBe(0.0327);
    expect(first("Gln")?.amplitude).toBe(0.0295);
    expect(first("Glu+Gln")).toMatchObject({ amplitude: 0.0622, crlb_pct: 40 });
    expect(first("Glu")?.fwhm_hz).toBeCloseTo(0.043 * 123.226103, 9);
    expect(first("Glu")?.snr).toBe(13);
    // The adapter is recorded at ingest and names the format in the session's acquisition summary.
    const sessions = readArrowFile(outputPath(out, "sessions"), SessionRecord);
    expect(sessions.find((s) => s.participant_id === "sub-01" && s.session_id === "ses-1")?.mrs_adapter).toBe(
      "lcmodel",
    );
    const acquisition = JSON.parse(readFileSync(outputPath(out, "acquisition", ids), "utf8"));
    expect(acquisition.format).toBe("LCModel .table per block (*_lcmodel.tsv manifest), fitted elsewhere");
    // Outcomes: the study's measures find LCModel's sums (Glx = "Glu + Gln" is reported as Glu+Gln).
    const blocks = readArrowFile(outputPath(out, "outcomeBlocks"), BlockOutcomeRow).filter(
      (b) => b.participant_id === "sub-01" && b.session_id === "ses-1",
    );
    expect(blocks.map((b) => [b.block, b.t_start_s, b.phase])).toEqual([
      [1, -120, "baseline"],
      [2, 0, "infusion"],
      [3, 120, "infusion"],
    ]);
    const b = blocks[0] as BlockOutcomeRow;
    expect(b.outcome).toBeCloseTo(0.0622 / 0.148, 12);
    expect(b.outcome_crlb_pct).toBe(40);
    expect(b.qc_pass).toBe(true);
    const measures = readArrowFile(outputPath(out, "blockMeasures"), BlockMeasureRow).filter(
      (m) => m.participant_id === "sub-01" && m.session_id === "ses-1" && m.block === 1,
    );
    expect(Object.fromEntries(measures.map((m) => [m.measure, m.value]))).toMatchObject({
      Glx: 0.0622,
      tNAA: 0.148,
      tCr: 0.251,
    });
  });

  it("fmrs validate names the manifest line of a missing table", async () => {
    const study = copySample();
    const mrs = join(study, "sub-02", "ses-1", "mrs");
    rmSync(join(mrs, "sub-02_ses-1_glx.tsv"));
    writeFileSync(
      join(mrs, "sub-02_ses-1_lcmodel.tsv"),
      "block\tt_start_s\tt_end_s\ttable\n1\t-120\t0\tmissing.table\n",
    );
    const { code, stdout } = await runCli(["validate", study]);
    expect(code).toBe(2);
    expect(stdout).toContain(
      `${join(mrs, "sub-02_ses-1_lcmodel.tsv")}:2: table: missing.table not found beside the manifest`,
    );
  });
});
