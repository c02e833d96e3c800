// Test and bench support (not part of the report): builds a derivatives folder by running the
// pipeline's real stage graph (@fmrs/pipeline: ingest → fit → outcomes → analyse → report) on a
// copy of a study folder, by default the repository's fitted-route sample (data-samples/fitted-route/,
// fast to process), with options that edit the study's input before the run (hostile ids,
// labels, names) or the derivatives after it (no models, acquisition summaries, fitted spectra).
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { canonicalJson, readArrowFile, readStudyConfig, tableSpecFromSchema, writeArrowFile } from "@fmrs/io";
import { type Executor, outputPath, runPipeline, stageGraph } from "@fmrs/pipeline";
import {
  type AcquisitionRecord,
  BlockOutcomeRow,
  FitSpectrumRow,
  Results,
  SessionRecord,
  StudyConfig,
  TransientRow,
} from "@fmrs/schema";
import { buildReport } from "../buildReport";

/** The repository's sample study (12 synthetic subjects, fitted route). */
export const DATA_SAMPLES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../data-samples/fitted-route",
);

/** The repository's main sample study (26 synthetic subjects, raw route: dynamic NIfTI-MRS fitted by the pipeline). */
export const MAIN_SAMPLE = resolve(DATA_SAMPLES, "..");

export interface SampleOptions {
  /** Participant ids to rename (old → new) in the study's input, e.g. to a hostile id. */
  readonly renameParticipants?: Readonly<Record<string, string>>;
  /** Condition labels to replace (id → label) in study.json. */
  readonly conditionLabels?: Readonly<Record<string, string>>;
  readonly studyName?: string;
  /** "none" sets every model of results.json to null after the run. */
  readonly models?: "none";
  /**
   * The sessions' acquisition summaries: as the fit wrote them (default, "fitted" on the
   * fitted-route sample), removed ("none"), or replaced by raw-route records with values ("raw").
   */
  readonly acquisition?: "none" | "fitted" | "raw";
  /**
   * Write synthetic fitted spectra: `true` for the first two sessions with MRS; "all" for every
   * block of every session with MRS, with synthetic transient decisions (a few rejected, with
   * reasons) as the raw route writes them.
   */
  readonly spectra?: boolean | "all";
  /** Runs the fit's units (default: one after another in this thread); e.g. threadExecutor(). */
  readonly executor?: Executor;
}

/** Renames a participant throughout a copied study folder: TSV cells, its folder and file names. */
export function renameParticipant(study: string, from: string, to: string): void {
  const swap = (path: string) => {
    const text = readFileSync(path, "utf8");
    writeFileSync(
      path,
      text
        .split("\n")
        .map((l) =>
          l
            .split("\t")
            .map((c) => (c === from ? to : c))
            .join("\t"),
        )
        .join("\n"),
    );
  };
  swap(join(study, "participants.tsv"));
  swap(join(study, "phenotype", "madrs.tsv"));
  const renameTree = (dir: string) => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, name.name);
      if (name.isDirectory()) renameTree(path);
      if (name.name.startsWith(from)) renameSync(path, join(dir, to + name.name.slice(from.length)));
    }
  };
  renameTree(join(study, from));
  renameSync(join(study, from), join(study, to));
}

function acquisitionRecord(p: string, s: string, route: "raw" | "fitted"): AcquisitionRecord {
  const raw = route === "raw";
  return {
    participant_id: p,
    session_id: s,
    route,
    format: raw ? "NIfTI-MRS" : "tidy TSV",
    nucleus: raw ? "1H" : null,
    f0_mhz: raw ? 123.2 : null,
    field_t: raw ? 2.894 : null,
    te_s: raw ? 0.03 : null,
    tr_s: raw ? 2 : null,
    points: raw ? 2048 : null,
    dwell_s: raw ? 0.0004 : null,
    spectral_width_hz: raw ? 2500 : null,
    higher_dims: raw ? "DIM_COIL=32, DIM_DYN=640" : "",
    voxel_mm: raw ? [20, 20, 20] : null,
    manufacturer: raw ? "Siemens" : null,
    model: raw ? "Prisma" : null,
    software: raw ? "syngo MR XA30" : null,
    sequence: raw ? "svs_slaser" : null,
    water_suppressed: raw ? true : null,
    identifying_keys_dropped: [],
  };
}

/** A synthetic fitted spectrum of one block: Lorentzian peaks on a smooth baseline, with ripple as noise. */
function syntheticSpectrum(block: number): FitSpectrumRow[] {
  const peaks = [
    { ppm: 2.01, a: 10, w: 0.03 },
    { ppm: 3.03, a: 7, w: 0.03 },
    { ppm: 3.21, a: 5.5, w: 0.03 },
    { ppm: 3.56, a: 2.5, w: 0.05 },
    { ppm: 3.75, a: 1.8 + 0.02 * block, w: 0.05 },
    { ppm: 2.35, a: 1.6, w: 0.06 },
  ];
  const rows: FitSpectrumRow[] = [];
  for (let i = 0; i < 300; i++) {
    const ppm = 4.4 - (i * 4.2) / 299;
    const baseline = 0.6 + 0.25 * Math.sin(ppm * 1.3);
    const model = peaks.reduce(
      (sum, pk) => sum + (pk.a * pk.w * pk.w) / ((ppm - pk.ppm) ** 2 + pk.w * pk.w),
      0,
    );
    const fit = baseline + model;
    rows.push({
      block,
      ppm,
      data: fit + 0.12 * Math.sin(i * 2.7 + block) * Math.cos(i * 0.9),
      fit,
      baseline,
    });
  }
  return rows;
}

/**
 * Writes a derivatives folder into `outDir` by running the pipeline's stage graph on a copy of the
 * study folder `studyDir` (default the fitted-route sample), with `options` applied, and returns
 * the parsed results.json and study.json.
 */
export async function writeSampleDerivatives(
  outDir: string,
  options: SampleOptions = {},
  studyDir: string = DATA_SAMPLES,
): Promise<{ dir: string; results: Results; study: StudyConfig }> {
  const study = join(mkdtempSync(join(tmpdir(), "fmrs-sample-study-")), "study");
  cpSync(studyDir, study, { recursive: true, filter: (src) => !src.includes("/derivatives") });
  const configPath = join(study, "study.json");
  const config = JSON.parse(readFileSync(configPath, "utf8"));
  if (options.studyName !== undefined) config.name = options.studyName;
  for (const c of config.conditions as { id: string; label: string }[])
    c.label = options.conditionLabels?.[c.id] ?? c.label;
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  for (const [from, to] of Object.entries(options.renameParticipants ?? {}))
    renameParticipant(study, from, to);

  await runPipeline({
    studyDir: study,
    root: outDir,
    study: readStudyConfig(study),
    graph: stageGraph({ buildReport }),
    version: "sample",
    generatedBy: [{ Name: "fmrs-crossover", Version: "0.1.0" }],
    ...(options.executor === undefined ? {} : { executor: options.executor }),
  });

  const resultsPath = outputPath(outDir, "results");
  if (options.models === "none") {
    const results = JSON.parse(readFileSync(resultsPath, "utf8"));
    for (const k of Object.keys(results.models)) results.models[k] = null;
    writeFileSync(resultsPath, canonicalJson(results));
  }
  const mrsSessions = readArrowFile(outputPath(outDir, "sessions"), SessionRecord).filter(
    (s) => s.mrs_adapter !== null,
  );
  for (const s of mrsSessions) {
    const path = outputPath(outDir, "acquisition", s);
    if (options.acquisition === "none") rmSync(path, { force: true });
    else if (options.acquisition === "raw")
      writeFileSync(path, canonicalJson(acquisitionRecord(s.participant_id, s.session_id, "raw")));
  }
  if (options.spectra === true) {
    for (const s of mrsSessions.slice(0, 2)) {
      const rows = [1, 2, 3, 4, 5, 6].flatMap((b) => syntheticSpectrum(b));
      writeArrowFile(outputPath(outDir, "fitSpectra", s), tableSpecFromSchema(FitSpectrumRow), rows, {});
    }
  }
  if (options.spectra === "all") {
    const blocks = readArrowFile(outputPath(outDir, "outcomeBlocks"), BlockOutcomeRow);
    mrsSessions.forEach((s, k) => {
      const numbers = [
        ...new Set(
          blocks
            .filter((b) => b.participant_id === s.participant_id && b.session_id === s.session_id)
            .map((b) => b.block),
        ),
      ];
      if (numbers.length === 0) return;
      const rows = numbers.flatMap((b) => syntheticSpectrum(b));
      writeArrowFile(outputPath(outDir, "fitSpectra", s), tableSpecFromSchema(FitSpectrumRow), rows, {});
      // Ten transients a block; every seventh (offset by session) rejected, alternating reasons.
      const transients = Array.from({ length: numbers.length * 10 }, (_, i) => {
        const rejected = (i + k) % 7 === 0;
        return {
          transient: i,
          kept: !rejected,
          reason: !rejected
            ? ""
            : i % 2 === 0
              ? `spectral deviation z = ${(3.2 + (i % 5) / 10).toFixed(1)} > 3`
              : `frequency shift ${(5.5 + (i % 3)).toFixed(1)} Hz from the median (limit 5 Hz)`,
          shift_hz: Math.sin(i + k) * 1.5,
          phase_rad: Math.cos(i) * 0.05,
        };
      });
      writeArrowFile(outputPath(outDir, "transients", s), tableSpecFromSchema(TransientRow), transients, {});
    });
  }
  return {
    dir: outDir,
    results: Results.parse(JSON.parse(readFileSync(resultsPath, "utf8"))),
    study: StudyConfig.parse(JSON.parse(readFileSync(outputPath(outDir, "study"), "utf8"))),
  };
}
