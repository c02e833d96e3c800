// Which stages a rerun redoes after each kind of edit, and that an incremental rerun gives the
// same results as a clean run. The study: the fitted-route sample with sub-01/ses-1 replaced by
// raw NIfTI-MRS spectra from data-samples (so one session is fitted here, with a basis set).
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readArrowFile, readStudyConfig } from "@fmrs/io";
import { outputPath, runPipeline, type StageRun } from "@fmrs/pipeline";
import { BlockMeasureRow } from "@fmrs/schema";
import { beforeAll, describe, expect, it } from "vitest";
import { GENERATED_BY } from "./context";
import { GRAPH } from "./run";
import { copySample, RAW_SAMPLE } from "./testing";

const VERSION = "test";

async function run(study: string, out: string): Promise<Record<string, string[]>> {
  const runs: StageRun[] = await runPipeline({
    studyDir: study,
    root: out,
    study: readStudyConfig(study),
    graph: GRAPH,
    version: VERSION,
    generatedBy: GENERATED_BY,
  });
  return Object.fromEntries(runs.filter((r) => r.ran.length > 0).map((r) => [r.stage, [...r.ran]]));
}

function editJson(path: string, edit: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(path, "utf8"));
  edit(json);
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
}

/** The fitted-route sample with sub-01/ses-1 as raw spectra (and the raw-route settings). */
function mixedStudy(): string {
  const study = copySample();
  const mrs = join(study, "sub-01", "ses-1", "mrs");
  rmSync(join(mrs, "sub-01_ses-1_glx.tsv"));
  const rawMrs = join(RAW_SAMPLE, "sub-01", "ses-1", "mrs");
  for (const f of readdirSync(rawMrs)) cpSync(join(rawMrs, f), join(mrs, f));
  cpSync(join(RAW_SAMPLE, "basis"), join(study, "basis"), { recursive: true });
  const raw = JSON.parse(readFileSync(join(RAW_SAMPLE, "study.json"), "utf8")).raw;
  editJson(join(study, "study.json"), (j) => {
    j.raw = raw;
  });
  return study;
}

/** After a study.json edit: outcomes, analyse, and both report units (study.json copy and HTML). */
const OUTCOMES_ON = { outcomes: [""], analyse: [""], report: ["study", "html"] };
/** After a data edit (study.json unchanged): outcomes, analyse, and the report's HTML. */
const OUTCOMES_ON_DATA = { outcomes: [""], analyse: [""], report: ["html"] };

describe("stages rerun by kind of edit (the keys come from each stage's declared inputs)", () => {
  let study: string;
  let out: string;
  beforeAll(async () => {
    study = mixedStudy();
    out = join(study, "derivatives", "fmrs-crossover");
    const first = await run(study, out);
    expect(Object.keys(first)).toEqual(["ingest", "fit", "outcomes", "analyse", "report"]);
    expect(first.fit).toHaveLength(23);
  });

  it("an unchanged rerun does no work", async () => {
    expect(await run(study, out)).toEqual({});
  });

  it("a QC threshold edit reruns outcomes, analyse and report only", async () => {
    editJson(join(study, "study.json"), (j) => {
      (j.qc as Record<string, number>).min_snr = 30;
    });
    expect(await run(study, out)).toEqual(OUTCOMES_ON);
  });

  it("a window edit reruns outcomes, analyse and report only", async () => {
    editJson(join(study, "study.json"), (j) => {
      j.response_window = { start_min: 0, end_min: 20 };
    });
    expect(await run(study, out)).toEqual(OUTCOMES_ON);
  });

  it("an outcome-expression edit reruns outcomes, analyse and report only, and outputs use the study's names", async () => {
    editJson(join(study, "study.json"), (j) => {
      j.measures = { GluRatio: "Glu / tCr", outcome: "Glx / tCr" };
    });
    expect(await run(study, out)).toEqual(OUTCOMES_ON);
    const measures = readArrowFile(outputPath(out, "blockMeasures"), BlockMeasureRow);
    expect([...new Set(measures.map((m) => m.measure))]).toEqual([
      "tNAA",
      "tCr",
      "Glx",
      "tCho",
      "GluRatio",
      "outcome",
    ]);
    const results = JSON.parse(readFileSync(outputPath(out, "results"), "utf8"));
    expect(results.study.outcome_label).toBe("Glx/tCr");
  });

  it("a MADRS edit reruns outcomes, analyse and report only", async () => {
    const path = join(study, "phenotype", "madrs.tsv");
    const lines = readFileSync(path, "utf8").split("\n");
    const cells = (lines[1] as string).split("\t");
    const item = cells.findIndex((_, i) => /^madrs_01$/.test((lines[0] as string).split("\t")[i] ?? ""));
    cells[item] = String((Number(cells[item]) + 1) % 7);
    lines[1] = cells.join("\t");
    writeFileSync(path, lines.join("\n"));
    expect(await run(study, out)).toEqual(OUTCOMES_ON_DATA);
  });

  it("a data-file edit refits that session only, then outcomes, analyse and report", async () => {
    const path = join(study, "sub-02", "ses-1", "mrs", "sub-02_ses-1_glx.tsv");
    const text = readFileSync(path, "utf8").split("\n");
    const cells = (text[1] as string).split("\t");
    cells[3] = String(Number(cells[3]) * 1.01);
    text[1] = cells.join("\t");
    writeFileSync(path, text.join("\n"));
    expect(await run(study, out)).toEqual({ fit: ["sub-02_ses-1"], ...OUTCOMES_ON_DATA });
  });

  it("a raw-route setting edit refits the raw session only (not the sessions fitted elsewhere)", async () => {
    editJson(join(study, "study.json"), (j) => {
      (j.raw as Record<string, number>).outlier_threshold = 3.5;
    });
    expect(await run(study, out)).toEqual({ fit: ["sub-01_ses-1"], ...OUTCOMES_ON });
  });

  it("a basis-set edit refits the raw session only", async () => {
    const basis = join(study, "basis");
    const file = join(basis, readdirSync(basis).filter((f) => f.endsWith(".json"))[0] as string);
    writeFileSync(file, `${readFileSync(file, "utf8")}\n`);
    expect(await run(study, out)).toEqual({ fit: ["sub-01_ses-1"], ...OUTCOMES_ON_DATA });
  });
});

describe("an incremental rerun equals a clean run", () => {
  it("after QC, window and outcome-expression edits, results.json and the outcome tables are byte-identical to a clean run's", async () => {
    const study = copySample();
    const out = join(study, "derivatives", "fmrs-crossover");
    await run(study, out);
    editJson(join(study, "study.json"), (j) => {
      (j.qc as Record<string, number>).max_crlb_pct = 8;
      j.baseline_window = { start_min: -8, end_min: 0 };
      j.measures = { outcome: "Glu / tNAA" };
    });
    expect(await run(study, out)).toEqual(OUTCOMES_ON);
    const clean = join(study, "..", "clean");
    await run(study, clean);
    for (const name of ["results", "outcomes", "outcomeBlocks", "blockMeasures", "madrs"] as const) {
      expect(readFileSync(outputPath(out, name)).equals(readFileSync(outputPath(clean, name))), name).toBe(
        true,
      );
    }
    const results = JSON.parse(readFileSync(outputPath(out, "results"), "utf8"));
    expect(results.study.outcome_label).toBe("Glu/tNAA");
  });
});
