// Test and bench support (not part of the report): builds a derivatives folder by running the
// pipeline's pure stage functions (ingest's studyRecords, fit's timeseriesFromBlocks, deriveOutcomes,
// analyseTrial) on a study folder, by default the repository's fitted-route sample (data-samples/fitted-route/, fast to process).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseGlxTsv, parseTsv } from "@fmrs/formats";
import {
  canonicalJson,
  derivativesLayout,
  readStudyInputs,
  sha256File,
  tableSpecFromSchema,
  writeArrowFile,
  writeFileAtomic,
} from "@fmrs/io";
import {
  type AcquisitionFile,
  type AcquisitionRecord,
  BlockOutcomeRow,
  FitSpectrumRow,
  type LmmResult,
  MadrsRecord,
  OutcomeRow,
  ParticipantRecord,
  Results,
  SessionRecord,
  type StudyConfig,
  type TEstimate,
  TimeseriesRow,
} from "@fmrs/schema";
import { analyseTrial, deriveOutcomes, studyRecords, timeseriesFromBlocks } from "@fmrs/trial";

/** The repository's sample study (12 synthetic subjects, fitted route). */
export const DATA_SAMPLES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../data-samples/fitted-route",
);

export interface SampleOptions {
  /** Participant ids to rename (old → new), e.g. to a hostile id. */
  readonly renameParticipants?: Readonly<Record<string, string>>;
  /** Condition labels to replace (id → label). */
  readonly conditionLabels?: Readonly<Record<string, string>>;
  readonly studyName?: string;
  /**
   * results.models: the trial's own when analyseTrial gives them, else stand-ins (default);
   * "none" sets every model to null.
   */
  readonly models?: "stand-in" | "none";
  /** acquisition.json: none, fitted-route records (all nulls), or raw-route records with values. */
  readonly acquisition?: "none" | "fitted" | "raw";
  /** Write synthetic `*_desc-fit_spectra.arrow` files for the first sessions. */
  readonly spectra?: boolean;
  /** Permutation and bootstrap draws (default 2000, to keep tests quick). */
  readonly draws?: number;
}

function estimate(e: number, se: number, df: number): TEstimate {
  const t = e / se;
  const p = Math.min(1, 2 * Math.exp(-0.717 * Math.abs(t) - 0.416 * t * t));
  return { estimate: e, se, df, t, p, ci95: [e - 2.05 * se, e + 2.05 * se] };
}

/**
 * A stand-in LmmResult shaped like the analyse stage's (until analyseTrial fills results.models):
 * its numbers are derived from the Hills–Armitage estimates, not from a model fit, and only serve
 * to exercise the report's rendering of models.
 */
function standInModel(o: {
  description: string;
  formula: string;
  coding: Record<string, string[]>;
  key_term: string;
  contrast_by: string | null;
  levels: readonly { level: string; e: TEstimate }[];
  n_obs: number;
  n_subjects: number;
  terms: readonly string[];
}): LmmResult {
  const key = o.levels[0]?.e ?? estimate(1, 1, 20);
  const anova = o.terms.map((term, i) => {
    const F = term === o.key_term ? key.t * key.t : 0.5 + i * 0.7;
    return { term, num_df: 1, den_df: o.n_obs - o.terms.length - 1.37, F, p: Math.exp(-F / 2) };
  });
  const keyTest = anova.find((a) => a.term === o.key_term) ?? anova[0];
  if (keyTest === undefined) throw new Error("standInModel(): no terms");
  return {
    description: o.description,
    formula: o.formula,
    coding: o.coding,
    n_obs: o.n_obs,
    n_subjects: o.n_subjects,
    excluded: [],
    converged: true,
    singular: false,
    messages: [],
    loglik_reml: -3.1 * o.n_obs,
    aic: 6.2 * o.n_obs + 10,
    bic: 6.2 * o.n_obs + 24.5,
    variance_components: [
      { group: "subject", variance: 4.2, sd: Math.sqrt(4.2) },
      { group: "Residual", variance: 9.61, sd: 3.1 },
    ],
    fixed_effects: ["(Intercept)", ...o.terms].map((term, i) => ({
      term,
      ...estimate(1.5 - i * 0.8, 0.9, o.n_obs - 5.2),
    })),
    fixed_effects_kr: null,
    anova,
    anova_kr: null,
    key_term: o.key_term,
    key_test: keyTest,
    contrast_by: o.contrast_by,
    contrasts: o.levels.map((l) => ({ level: l.level, ...l.e })),
  };
}

function standInModels(
  trial: ReturnType<typeof analyseTrial>,
  study: StudyConfig,
  nBlocks: number,
): Results["models"] {
  const ha = trial.hills_armitage;
  const n = trial.flow.enrolled;
  const [ref, test] = [study.reference_condition, trial.study.test_condition];
  const coding = { condition: [ref, test], period: ["1", "2"] };
  const mc = ha.madrs_change?.treatment ?? estimate(4, 2, n - 2);
  const gc = ha.glx_pct_change?.treatment ?? estimate(-1.5, 0.8, n - 2);
  const sexes = Object.keys(trial.hills_armitage_by_sex).sort();
  const bySex = (k: "madrs_change" | "glx_pct_change", fallback: TEstimate) =>
    sexes.map((s) => ({ level: s, e: trial.hills_armitage_by_sex[s]?.[k]?.treatment ?? fallback }));
  return {
    glutamate_phase: standInModel({
      description: "Does the glutamate change over the infusion phases differ between conditions?",
      formula: "glx_pct ~ condition * phase + period + (1 | subject) + (1 | subject:session)",
      coding: { ...coding, phase: ["baseline", "infusion", "post"] },
      key_term: "condition:phase",
      contrast_by: "phase",
      levels: [
        { level: "infusion", e: gc },
        { level: "post", e: estimate(gc.estimate / 2, gc.se * 1.2, gc.df * 10) },
      ],
      n_obs: nBlocks,
      n_subjects: n,
      terms: ["condition", "phase", "period", "condition:phase"],
    }),
    glutamate_block: null,
    glutamate_sex: standInModel({
      description: "Does the glutamate response differ between conditions differently in each sex?",
      formula: "glx_pct_change ~ condition * sex + period + (1 | subject)",
      coding: { ...coding, sex: sexes },
      key_term: "condition:sex",
      contrast_by: "sex",
      levels: bySex("glx_pct_change", gc),
      n_obs: 2 * n,
      n_subjects: n,
      terms: ["condition", "sex", "period", "condition:sex"],
    }),
    madrs_raw: standInModel({
      description: "Does the MADRS course from pre to 24 h differ between conditions?",
      formula: "madrs ~ condition * time + (1 | subject)",
      coding: { condition: [ref, test], time: ["pre", "24h"] },
      key_term: "condition:time",
      contrast_by: "time",
      levels: [{ level: "24h", e: estimate(mc.estimate, mc.se * 1.1, 3 * n) }],
      n_obs: 4 * n,
      n_subjects: n,
      terms: ["condition", "time", "condition:time"],
    }),
    madrs_change: standInModel({
      description: "MADRS change from pre to 24 h by condition, adjusted for period.",
      formula: "madrs_change ~ condition + period + (1 | subject)",
      coding,
      key_term: "condition",
      contrast_by: null,
      levels: [{ level: "overall", e: mc }],
      n_obs: 2 * n,
      n_subjects: n,
      terms: ["condition", "period"],
    }),
    madrs_change_sex: standInModel({
      description: "Does the condition effect on the MADRS change differ by sex?",
      formula: "madrs_change ~ condition * sex + period + (1 | subject)",
      coding: { ...coding, sex: sexes },
      key_term: "condition:sex",
      contrast_by: "sex",
      levels: bySex("madrs_change", mc),
      n_obs: 2 * n,
      n_subjects: n,
      terms: ["condition", "sex", "period", "condition:sex"],
    }),
  };
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
 * Writes a derivatives folder into `outDir` from the study folder `studyDir` (default
 * data-samples) the way the pipeline's stages do, and returns the parsed results.json.
 */
export function writeSampleDerivatives(
  outDir: string,
  options: SampleOptions = {},
  studyDir: string = DATA_SAMPLES,
): { dir: string; results: Results; study: StudyConfig } {
  const out = derivativesLayout(outDir);
  const inputs = readStudyInputs(studyDir);
  const study: StudyConfig = {
    ...inputs.config,
    name: options.studyName ?? inputs.config.name,
    conditions: inputs.config.conditions.map((c) => ({
      ...c,
      label: options.conditionLabels?.[c.id] ?? c.label,
    })),
  };
  const records = studyRecords(inputs);
  const rename = (id: string) => options.renameParticipants?.[id] ?? id;
  const participants = records.participants.map((p) => ({ ...p, participant_id: rename(p.participant_id) }));
  const sessions = records.sessions.map((s) => ({ ...s, participant_id: rename(s.participant_id) }));
  const madrs = records.madrs.map((m) => ({ ...m, participant_id: rename(m.participant_id) }));
  const timeseries = new Map<string, TimeseriesRow[]>();
  for (const s of sessions) {
    if (s.mrs_route !== "fitted" || s.mrs_file === null) continue;
    const path = join(studyDir, s.mrs_file);
    const blocks = parseGlxTsv(parseTsv(path, readFileSync(path, "utf8")));
    const rows = timeseriesFromBlocks(blocks, s, study);
    timeseries.set(`${s.participant_id}/${s.session_id}`, rows);
    writeArrowFile(
      out.timeseries(s.participant_id, s.session_id),
      tableSpecFromSchema(TimeseriesRow),
      rows,
      {},
    );
  }
  const derived = deriveOutcomes(study, participants, sessions, timeseries, madrs);
  const draws = options.draws ?? 2000;
  const trial = analyseTrial(study, participants, derived.sessions, derived.blocks, {
    permutations: draws,
    bootstrap: draws,
  });

  writeFileAtomic(out.study, canonicalJson(study));
  writeFileAtomic(
    out.datasetDescription,
    canonicalJson({
      Name: `fmrs-crossover derivatives of ${study.name}`,
      BIDSVersion: "1.10.0",
      DatasetType: "derivative",
      GeneratedBy: [{ Name: "fmrs-crossover", Version: "0.1.0" }],
    }),
  );
  writeArrowFile(out.participants, tableSpecFromSchema(ParticipantRecord), participants, {});
  writeArrowFile(out.sessions, tableSpecFromSchema(SessionRecord), sessions, {});
  writeArrowFile(out.madrs, tableSpecFromSchema(MadrsRecord), madrs, {});
  writeArrowFile(out.outcomes, tableSpecFromSchema(OutcomeRow), derived.sessions, {});
  writeArrowFile(out.outcomeBlocks, tableSpecFromSchema(BlockOutcomeRow), derived.blocks, {});

  const nullModels: Results["models"] = {
    glutamate_phase: null,
    glutamate_block: null,
    glutamate_sex: null,
    madrs_raw: null,
    madrs_change: null,
    madrs_change_sex: null,
  };
  const trialModels: Results["models"] | undefined = (trial as Partial<Pick<Results, "models">>).models;
  const models =
    options.models === "none"
      ? nullModels
      : (trialModels ??
        standInModels(trial, study, derived.blocks.filter((b) => b.pct_change !== null).length));
  const source = (path: string) => ({
    path: `bids:fmrs-crossover:${path.slice(outDir.length + 1)}`,
    sha256: sha256File(path),
  });
  const results = Results.parse({
    ...trial,
    models,
    provenance: {
      generated_by: [{ Name: "fmrs-crossover", Version: "0.1.0" }],
      sources: [source(out.study), source(out.participants), source(out.outcomes), source(out.outcomeBlocks)],
      parameters: { seed: study.seed, reference_condition: study.reference_condition },
    },
  });
  writeFileAtomic(out.results, canonicalJson(results));

  const mrsSessions = sessions.filter((s) => s.mrs_route !== "none");
  if (options.acquisition === "fitted" || options.acquisition === "raw") {
    const route = options.acquisition;
    const file: AcquisitionFile = {
      sessions: mrsSessions.map((s) => acquisitionRecord(s.participant_id, s.session_id, route)),
    };
    writeFileAtomic(join(outDir, "acquisition.json"), canonicalJson(file));
  }
  if (options.spectra === true) {
    for (const s of mrsSessions.slice(0, 2)) {
      const blocks = (timeseries.get(`${s.participant_id}/${s.session_id}`) ?? []).map((b) => b.block);
      const rows = blocks.flatMap((b) => syntheticSpectrum(b));
      const path = join(
        outDir,
        s.participant_id,
        s.session_id,
        "mrs",
        `${s.participant_id}_${s.session_id}_desc-fit_spectra.arrow`,
      );
      writeArrowFile(path, tableSpecFromSchema(FitSpectrumRow), rows, {});
    }
  }
  return { dir: outDir, results, study };
}
