import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { glxColumnWarnings, parseGlxTsv, parseTsv, type Tsv } from "@fmrs/formats";
import {
  canonicalJson,
  inputKey,
  isUpToDate,
  readArrowFile,
  readInputFile,
  readInputText,
  sha256,
  writeFileAtomic,
  writeStageRecord,
} from "@fmrs/io";
import {
  AcquisitionFile,
  type AcquisitionRecord,
  FitSpectrumRow,
  InputError,
  type SessionRecord,
  SessionRecord as SessionRecordSchema,
  type SourceFile,
  type StudyConfig,
  TimeseriesRow,
  TransientRow,
} from "@fmrs/schema";
import { FIT_DEFAULTS } from "@fmrs/spectra";
import { type FittedBlock, timeseriesFromBlocks } from "@fmrs/trial";
import { type StageContext, type StageOutcome, studyUri, VERSION } from "../context";
import { lcmodelBlocks, lcmodelFiles } from "../lcmodelRoute";
import { provenanceOf, writeTable } from "../outputs";
import { runPool } from "../pool";
import { createProgress } from "../progress";
import { fitRawSession, type RawFitResult, type RawFitTask, waterReferenceFile } from "../rawFit";
import { readDerivedStudy } from "./derived";

const workerFile = fileURLToPath(new URL("./fit-worker.mjs", import.meta.url));

interface Pending {
  readonly session: SessionRecord;
  readonly sources: SourceFile[];
  readonly key: string;
  readonly record: string;
}

function sessionParameters(study: StudyConfig) {
  return {
    outcome: study.outcome,
    qc: study.qc,
    infusion: study.infusion,
    block_length_min: study.block_length_min,
    raw: study.raw ?? null,
    // How raw spectra are fitted (water removal, baseline flexibility, bounds, quality thresholds),
    // for provenance and Methods; a change of method refits.
    spectral_fit: FIT_DEFAULTS,
  };
}

/**
 * fit: one glutamate time series per session with MRS, skipping sessions whose input and settings
 * are unchanged. Fitted route (`*_glx.tsv`): parse the blocks. Raw route (`*_svs.nii[.gz]`):
 * coil combination, alignment, outlier rejection, block averaging and linear-combination fitting
 * on `--jobs` worker threads, with a progress bar; also writes each session's fitted spectra and
 * transient decisions. Then outcome ratios and QC verdicts per block, and acquisition.json.
 */
export async function runFit(ctx: StageContext): Promise<StageOutcome> {
  const study = readDerivedStudy(ctx);
  const sessions = readArrowFile(ctx.out.sessions, SessionRecordSchema);
  const parameters = sessionParameters(study);
  const pending: Pending[] = [];
  let skipped = 0;
  for (const s of sessions) {
    if (s.mrs_route === "none" || s.mrs_file === null) continue;
    const sources = [
      { path: studyUri(s.mrs_file), sha256: sha256(readInputFile(join(ctx.studyDir, s.mrs_file))) },
    ];
    if (s.mrs_file.endsWith("_lcmodel.tsv")) {
      for (const table of lcmodelFiles(ctx.studyDir, s.mrs_file)) {
        const path = join(ctx.studyDir, table);
        if (!existsSync(path))
          throw new InputError(
            { file: join(ctx.studyDir, s.mrs_file), field: "table" },
            `${table} not found`,
          );
        sources.push({ path: studyUri(table), sha256: sha256(readInputFile(path)) });
      }
    }
    if (s.mrs_route === "raw") {
      if (study.raw === undefined) {
        throw new InputError(
          { file: join(ctx.studyDir, "study.json"), field: "raw" },
          `missing, but ${s.mrs_file} holds raw spectra`,
          'a "raw" section naming the basis set folder, e.g. { "basis": "basis" }',
        );
      }
      const sidecar = s.mrs_file.replace(/\.nii(\.gz)?$/, ".json");
      const water = waterReferenceFile(ctx.studyDir, s.mrs_file);
      for (const extra of [sidecar, ...(water === null ? [] : [water])]) {
        if (existsSync(join(ctx.studyDir, extra))) {
          sources.push({ path: studyUri(extra), sha256: sha256(readInputFile(join(ctx.studyDir, extra))) });
        }
      }
    }
    const key = inputKey("fit", VERSION, sources, { ...parameters, session: s });
    const record = ctx.out.stageRecord(`fit/${s.participant_id}_${s.session_id}`);
    if (!ctx.force && isUpToDate(record, ctx.out.root, key)) skipped++;
    else pending.push({ session: s, sources, key, record });
  }

  const fitted = pending.filter((p) => p.session.mrs_route === "fitted");
  for (const p of fitted) writeFittedRoute(ctx, study, p, parameters);

  const raw = pending.filter((p) => p.session.mrs_route === "raw");
  if (raw.length > 0 && study.raw !== undefined) {
    const settings = study.raw;
    const tasks: RawFitTask[] = raw.map((p) => ({
      studyDir: ctx.studyDir,
      participant_id: p.session.participant_id,
      session_id: p.session.session_id,
      file: p.session.mrs_file as string,
      settings,
      blockLengthS: study.block_length_min * 60,
    }));
    const progress = createProgress("fit", tasks.length, ctx.log, ctx.logOptions);
    try {
      await runPool(tasks, {
        jobs: ctx.jobs,
        workerUrl: existsSync(workerFile) ? new URL(`file://${workerFile}`) : null,
        inline: fitRawSession,
        // Each session is written as soon as it is fitted: a run killed half way keeps them.
        onDone: (i, result) => {
          const p = raw[i] as Pending;
          writeRawRoute(ctx, study, p, result, parameters);
          progress.tick(`${p.session.participant_id} ${p.session.session_id}`);
        },
      });
    } finally {
      progress.stop();
    }
  }
  writeAcquisition(ctx, sessions);
  const ran = pending.length;
  return {
    stage: "fit",
    ran: ran > 0,
    detail: ran > 0 ? `${ran} sessions fitted, ${skipped} up to date` : "up to date",
  };
}

/** Provenance of one session's fit outputs. */
function sessionProvenance(p: Pending, parameters: Record<string, unknown>) {
  const s = p.session;
  return provenanceOf(
    "fit",
    p.sources,
    { ...parameters, session: `${s.participant_id}/${s.session_id}` },
    p.key,
  );
}

function writeFittedRoute(
  ctx: StageContext,
  study: StudyConfig,
  p: Pending,
  parameters: Record<string, unknown>,
): void {
  const s = p.session;
  const path = join(ctx.studyDir, s.mrs_file as string);
  const blocks = path.endsWith("_lcmodel.tsv")
    ? lcmodelBlocks(ctx.studyDir, s.mrs_file as string)
    : glxBlocksWarning(ctx, parseTsv(path, readInputText(path)));
  const rows = timeseriesFromBlocks(blocks, s, study);
  const provenance = sessionProvenance(p, parameters);
  const written = writeTable(
    ctx,
    ctx.out.timeseries(s.participant_id, s.session_id),
    TimeseriesRow,
    rows,
    {
      text: `Glutamate time series (${study.outcome.metabolite}/${study.outcome.reference}) with QC per block`,
      sortedBy: ["block"],
    },
    provenance,
    false,
  );
  writeStageRecord(p.record, ctx.out.root, "fit", p.key, written);
}

function writeRawRoute(
  ctx: StageContext,
  study: StudyConfig,
  p: Pending,
  result: RawFitResult,
  parameters: Record<string, unknown>,
): void {
  const s = p.session;
  const blocks: FittedBlock[] = result.fit.blocks.map((b) => ({
    block: b.block,
    t_start_s: b.t_start_s,
    t_end_s: b.t_end_s,
    fwhm_hz: b.fwhm_hz,
    snr: b.snr,
    values: b.values,
    crlb_pct: b.crlb_pct,
    problems:
      b.n_transients === 0 ? ["every transient of the block was rejected (see the transients table)"] : [],
    fit_problems: b.problems,
    residual_to_noise: b.residual_to_noise,
  }));
  const rows = timeseriesFromBlocks(blocks, s, study);
  const provenance = sessionProvenance(p, parameters);
  const timeseriesPath = ctx.out.timeseries(s.participant_id, s.session_id);
  const base = timeseriesPath.replace(/_desc-glx_timeseries\.arrow$/, "");
  const spectra = result.fit.blocks.flatMap((b) =>
    b.plot === null
      ? []
      : Array.from(b.plot.ppm, (ppm, k) => ({
          block: b.block,
          ppm,
          data: b.plot?.data[k] ?? 0,
          fit: b.plot?.fit[k] ?? 0,
          baseline: b.plot?.baseline[k] ?? 0,
        })),
  );
  const written = [
    ...writeTable(
      ctx,
      timeseriesPath,
      TimeseriesRow,
      rows,
      {
        text: `Glutamate time series (${study.outcome.metabolite}/${study.outcome.reference}) fitted here, with QC per block`,
        sortedBy: ["block"],
      },
      provenance,
      false,
    ),
    ...writeTable(
      ctx,
      `${base}_desc-fit_spectra.arrow`,
      FitSpectrumRow,
      spectra,
      {
        text: "Phased data, fit and baseline per block on the fitted bins (real parts), for plots",
        sortedBy: ["block", "ppm descending"],
      },
      provenance,
      false,
    ),
    ...writeTable(
      ctx,
      `${base}_desc-transients.arrow`,
      TransientRow,
      result.fit.transients.map((t) => ({
        transient: t.index,
        kept: t.kept,
        reason: t.reason ?? "",
        shift_hz: t.shift_hz,
        phase_rad: t.phase_rad,
      })),
      {
        text: `Transients: kept or rejected (with the reason), frequency and phase corrections; ${result.fit.transientsPerBlock} per block`,
        sortedBy: ["transient"],
      },
      provenance,
      false,
    ),
  ];
  const acquisitionPath = `${base}_desc-acquisition.json`;
  writeFileAtomic(acquisitionPath, canonicalJson(result.acquisition));
  written.push(acquisitionPath);
  writeStageRecord(p.record, ctx.out.root, "fit", p.key, written);
}

/** acquisition.json: the per-session acquisition summaries (raw route) and fitted-route entries. */
function writeAcquisition(ctx: StageContext, sessions: readonly SessionRecord[]): void {
  const records: AcquisitionRecord[] = [];
  for (const s of sessions) {
    if (s.mrs_route === "none") continue;
    const base = ctx.out
      .timeseries(s.participant_id, s.session_id)
      .replace(/_desc-glx_timeseries\.arrow$/, "");
    const path = `${base}_desc-acquisition.json`;
    if (s.mrs_route === "raw" && existsSync(path)) {
      records.push(JSON.parse(readFileSync(path, "utf8")) as AcquisitionRecord);
      continue;
    }
    records.push({
      participant_id: s.participant_id,
      session_id: s.session_id,
      route: "fitted",
      format: "tidy time series (*_glx.tsv), fitted elsewhere",
      nucleus: null,
      f0_mhz: null,
      field_t: null,
      te_s: null,
      tr_s: null,
      points: null,
      dwell_s: null,
      spectral_width_hz: null,
      higher_dims: "",
      voxel_mm: null,
      manufacturer: null,
      model: null,
      software: null,
      sequence: null,
      water_suppressed: null,
      identifying_keys_dropped: [],
    });
  }
  writeFileAtomic(ctx.out.acquisition, canonicalJson(AcquisitionFile.parse({ sessions: records })));
}

/** The blocks of a `*_glx.tsv`, after warning about columns that look misspelt (`fwhm` for `fwhm_hz`). */
function glxBlocksWarning(ctx: StageContext, tsv: Tsv) {
  for (const w of glxColumnWarnings(tsv)) ctx.log.warn("fit", w.message);
  return parseGlxTsv(tsv);
}
