import { type ComplexFids, writeNiftiMrs } from "@fmrs/formats";
import { MADRS_ITEMS, StudyConfig } from "@fmrs/schema";
import type { BasisSet } from "@fmrs/spectra";
import { clockOf, daysFromIso, isoFromDays } from "./dates";
import { meanResponseFraction, responseFraction } from "./glxResponse";
import { FAKE_SITE, type FakeIdentity, fakeIdentity } from "./identity";
import { formatJson } from "./json";
import { madrsItems } from "./madrsItems";
import { quantiseMantissa } from "./quantiseMantissa";
import { type Rng, streamFor } from "./rng";
import {
  acquisitionBasis,
  GLX_MEMBERS,
  type SessionSpectraTruth,
  simulateSessionSpectra,
  TNAA_MEMBERS,
} from "./simulateSessionSpectra";
import type { SimulationSpec } from "./spec";
import type { Truth, TruthBlock, TruthMrs, TruthSession } from "./truth";

/** Name and version written into headers, dataset_description.json and truth.json. */
export const SIMULATOR = { name: "@fmrs/simulate", version: "0.1.0" } as const;

/** One file of a simulated study: its path relative to the study root and its bytes. */
export interface SimulatedFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Options of {@link simulateStudy}. */
export interface SimulateOptions {
  /**
   * Store every transient as its own DIM_DYN entry (the full-size study, for benchmarks) instead
   * of averages of `timing.transients_per_dynamic`. The spectra are the same draws: each stored
   * average of the default study is the mean of the corresponding full-study transients.
   */
  readonly full?: boolean;
  /** Called after each session's spectra are done, e.g. for progress on stderr. */
  readonly onSession?: (done: number, total: number) => void;
  /**
   * The basis folder relative to the study folder (e.g. `../../testdata/reference-data/
   * fmrs_bold_dynamic_fitting/basis_3T`). When given, study.json gets the raw-route settings
   * `raw: { basis, first_transient_min, averages_per_dynamic }` (the last two repeat the timing the
   * file headers carry, as the study-wide fallback), so the pipeline can fit the spectra, and
   * `baseline_ed_per_ppm: 8` when the spectra carry baseline roll.
   */
  readonly rawBasisPath?: string;
}

/** A simulated study: every file (truth.json last) and the truth object. */
export interface SimulatedStudy {
  readonly files: SimulatedFile[];
  readonly truth: Truth;
}

type Sex = "F" | "M";

interface SubjectPlan {
  readonly id: string;
  readonly sex: Sex;
  readonly age: number;
  readonly sequence: readonly [string, string];
  readonly glxEffectPct: number;
  readonly madrsBaseline: number;
  readonly madrsDropEffect: number;
  readonly itemWeights: readonly number[];
  readonly amountFactors: Readonly<Record<string, number>>;
  readonly identity: FakeIdentity;
  readonly dobDays: number;
  readonly sessionDays: readonly [number, number];
  readonly sessionClockS: readonly [number, number];
}

const encoder = new TextEncoder();
const text = (s: string) => encoder.encode(s);
const jsonText = formatJson;
/** Rounds to 10 significant digits: stable text, far below any effect of interest. */
const sig = (x: number) => Number(x.toPrecision(10));
const mean = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
/** "Naltrexone 50 mg" → "naltrexone 50 mg", for labels inside a sentence. */
const lowerFirst = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);
const tsv = (columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]) =>
  `${[columns, ...rows].map((r) => r.map((c) => (c === null ? "n/a" : String(c))).join("\t")).join("\n")}\n`;

/** Draws from N(mean, sd) until the value lies in [min, max] (at most 1000 tries, then clamps). */
function truncatedNormal(rng: Rng, m: number, sd: number, min: number, max: number): number {
  for (let i = 0; i < 1000; i++) {
    const x = m + sd * rng.normal();
    if (x >= min && x <= max) return x;
  }
  return Math.min(max, Math.max(min, m));
}

function planSubjects(spec: SimulationSpec): SubjectPlan[] {
  const n = spec.participants.n;
  const width = Math.max(2, String(n).length);
  const ids = Array.from({ length: n }, (_, i) => `sub-${String(i + 1).padStart(width, "0")}`);
  const nFemale = spec.participants.n_female ?? Math.round((n * 14) / 26);
  const sexes = streamFor(spec.seed, "sex").shuffle<Sex>([
    ...new Array<Sex>(nFemale).fill("F"),
    ...new Array<Sex>(n - nFemale).fill("M"),
  ]);
  const nRefFirst = spec.participants.n_reference_first ?? Math.ceil(n / 2);
  const refFirst = streamFor(spec.seed, "sequence").shuffle([
    ...new Array<boolean>(nRefFirst).fill(true),
    ...new Array<boolean>(n - nRefFirst).fill(false),
  ]);
  const ref = spec.conditions.reference.id;
  const test = spec.conditions.test.id;
  const firstDay = daysFromIso(spec.dates.first_session);
  return ids.map((id, index) => {
    const rng = streamFor(spec.seed, "subject", id);
    const sex = sexes[index] ?? "F";
    const a = spec.participants.age;
    const age = Math.round(truncatedNormal(rng, a.mean, a.sd, a.min, a.max));
    const m = spec.madrs;
    const madrsBaseline = truncatedNormal(
      rng,
      m.baseline.mean,
      m.baseline.sd,
      m.baseline.min,
      m.baseline.max,
    );
    const madrsDropEffect = m.subject_drop_sd * rng.normal();
    const glxEffectPct = spec.glx.subject_sd_pct * rng.normal();
    const itemWeights = m.item_weights.map((w) => w * Math.exp(0.25 * rng.normal()));
    const amountFactors: Record<string, number> = {};
    for (const name of Object.keys(spec.spectra.concentrations).sort()) {
      amountFactors[name] = Math.max(0.05, 1 + spec.spectra.between_subject_cv * rng.normal());
    }
    const identity = fakeIdentity(sex, rng);
    const d = spec.dates.session_interval_days;
    const start = firstDay + index * spec.dates.enrolment_interval_days + rng.int(0, 3);
    const interval = Math.round(truncatedNormal(rng, d.mean, d.sd, d.min, d.max));
    const dobDays = start - Math.floor(age * 365.25) - rng.int(0, 364);
    const clock = (): number => 60 * (8 * 60 + 30 + rng.int(0, 180)) + 15 * rng.int(0, 3);
    return {
      id,
      sex,
      age,
      sequence: refFirst[index] ? ([ref, test] as const) : ([test, ref] as const),
      glxEffectPct,
      madrsBaseline,
      madrsDropEffect,
      itemWeights,
      amountFactors,
      identity,
      dobDays,
      sessionDays: [start, start + interval] as const,
      sessionClockS: [clock(), clock()] as const,
    };
  });
}

/** Picks `count` distinct (subject, period) pairs, avoiding the ones in `avoid` while others remain. */
function pickSessions(
  rng: Rng,
  subjects: readonly SubjectPlan[],
  count: number,
  avoid: ReadonlySet<string>,
): Set<string> {
  const all = subjects.flatMap((s) => [`${s.id}/ses-1`, `${s.id}/ses-2`]);
  const avoidSubjects = new Set([...avoid].map((k) => k.split("/")[0]));
  const preferred = rng.shuffle(all.filter((k) => !avoidSubjects.has(k.split("/")[0])));
  const rest = rng.shuffle(all.filter((k) => avoidSubjects.has(k.split("/")[0])));
  return new Set([...preferred, ...rest].slice(0, count));
}

function blockTruth(
  spec: SimulationSpec,
  baseline: number,
  peakPct: number,
  motion: SessionSpectraTruth["motion"],
  corrupted: SessionSpectraTruth["corrupted"],
): TruthBlock[] {
  const tm = spec.timing;
  const tr = tm.repetition_time_s;
  const nTransients = Math.round(((tm.baseline_min + tm.infusion_min + tm.post_min) * 60) / tr);
  const onsetS = tm.baseline_min * 60;
  const blockS = tm.block_length_min * 60;
  const shape = {
    infusionMin: tm.infusion_min,
    riseTauMin: spec.glx.rise_tau_min,
    decayTauMin: spec.glx.decay_tau_min,
  };
  const nBlocks = Math.floor((nTransients * tr + 1e-9) / blockS);
  const blocks: TruthBlock[] = [];
  for (let b = 0; b < nBlocks; b++) {
    let sum = 0;
    let count = 0;
    let moving = false;
    let bad = 0;
    for (let j = 0; j < nTransients; j++) {
      const t = j * tr;
      if (t < b * blockS - 1e-9 || t >= (b + 1) * blockS - 1e-9) continue;
      sum += 1 + (peakPct / 100) * responseFraction((t - onsetS) / 60, shape);
      count++;
      if (motion.some((m) => j >= m.startTransient && j < m.endTransient)) moving = true;
      if (corrupted.some((c) => c.transient === j)) bad++;
    }
    const ratio = baseline * (sum / Math.max(1, count));
    blocks.push({
      block: b + 1,
      t_start_s: sig(b * blockS - onsetS),
      t_end_s: sig((b + 1) * blockS - onsetS),
      glx_tnaa: sig(ratio),
      pct_change: sig((100 * (ratio - baseline)) / baseline),
      motion: moving,
      corrupted_transients: bad,
    });
  }
  return blocks;
}

/** 100·(mean of blocks starting in [startMin, endMin) − baseline)/baseline, as the outcomes stage computes it. */
function windowPct(
  blocks: readonly TruthBlock[],
  baselineMin: number,
  startMin: number,
  endMin: number,
  keep: (b: TruthBlock) => boolean = () => true,
): number | null {
  const inWindow = (b: TruthBlock, lo: number, hi: number) => b.t_start_s >= lo * 60 && b.t_start_s < hi * 60;
  const base = mean(blocks.filter((b) => keep(b) && inWindow(b, -baselineMin, 0)).map((b) => b.glx_tnaa));
  const resp = mean(blocks.filter((b) => keep(b) && inWindow(b, startMin, endMin)).map((b) => b.glx_tnaa));
  return base === null || resp === null ? null : sig((100 * (resp - base)) / base);
}

function studyJson(
  spec: SimulationSpec,
  rawBasisPath: string | undefined,
  group: number,
): Record<string, unknown> {
  const tm = spec.timing;
  const { reference, test } = spec.conditions;
  return {
    name: spec.name,
    description:
      `Simulated by ${SIMULATOR.name} ${SIMULATOR.version} (seed ${spec.seed}): ketamine 0.5 mg/kg over ${tm.infusion_min} min ` +
      `after oral ${lowerFirst(test.label)} or ${lowerFirst(reference.label)}; ACC Glx/tNAA from dynamic NIfTI-MRS; MADRS before and 24 h after. ` +
      "No person was scanned; identifying header fields are fake.",
    conditions: [reference, test],
    reference_condition: reference.id,
    pretreatment: {
      label: `oral ${lowerFirst(test.label)} or ${lowerFirst(reference.label)}`,
      time_min: tm.pretreatment_min,
    },
    infusion: {
      label: `ketamine 0.5 mg/kg IV over ${tm.infusion_min} min`,
      onset_min: 0,
      duration_min: tm.infusion_min,
    },
    baseline_window: { start_min: -tm.baseline_min, end_min: 0 },
    response_window: tm.response_window_min,
    ...(tm.post_min > 0
      ? { post_window: { start_min: tm.infusion_min, end_min: tm.infusion_min + tm.post_min } }
      : {}),
    block_length_min: tm.block_length_min,
    outcome: { metabolite: "Glx", reference: "tNAA" },
    qc: { max_crlb_pct: 20, max_fwhm_hz: 12, min_snr: 5 },
    madrs: { prorate: false, max_missing_items: 1 },
    ...(rawBasisPath === undefined
      ? {}
      : {
          raw: {
            basis: rawBasisPath,
            first_transient_min: -tm.baseline_min,
            averages_per_dynamic: group,
            // Broad baseline roll (humps 1.2–3.3 ppm wide) needs a more flexible baseline than the
            // fit's default 2 per ppm, which pushed the humps into Glx: baseline Glx/tNAA MAE 3.5 %
            // against the truth on data-samples with 2, 2.1 % with 8 (issue 11). An analyst sets the
            // same for real data with strong roll (as LCModel's DKNTMN, spant's bl_ed_pppm).
            ...(spec.spectra.baseline_roll.components > 0 ? { baseline_ed_per_ppm: 8 } : {}),
          },
        }),
    seed: spec.seed,
  };
}

interface HeaderContext {
  readonly spec: SimulationSpec;
  readonly subject: SubjectPlan;
  readonly period: number;
  readonly centreMHz: number;
  readonly dwellS: number;
}

function commonHeader(ctx: HeaderContext, waterSuppressed: boolean): Record<string, unknown> {
  const { spec, subject, period } = ctx;
  const day = subject.sessionDays[period - 1] ?? 0;
  const clock = (subject.sessionClockS[period - 1] ?? 0) + 75 * 60;
  const date = isoFromDays(day);
  const tag = `${subject.id.replace("sub-", "")}${period}`;
  return {
    SpectrometerFrequency: [ctx.centreMHz],
    ResonantNucleus: ["1H"],
    EchoTime: spec.acquisition.echo_time_s,
    RepetitionTime: spec.timing.repetition_time_s,
    WaterSuppressed: waterSuppressed,
    ...(waterSuppressed ? { WaterSuppressionType: "VAPOR" } : {}),
    Manufacturer: "Siemens",
    ManufacturersModelName: "Prisma",
    SoftwareVersions: "syngo MR XA30",
    TxCoil: "Body",
    RxCoil: "HeadNeck_32",
    SequenceName: "svs_slaser",
    ProtocolName: waterSuppressed ? "fMRS_ACC_ketamine" : "fMRS_ACC_water_reference",
    PatientPosition: "HFS",
    ConversionMethod: `${SIMULATOR.name} ${SIMULATOR.version}`,
    ConversionTime: `${date}T${clockOf(clock)}.000`,
    OriginalFile: [`meas_MID${tag}_FID${tag}${waterSuppressed ? "1" : "2"}_svs_slaser.dat`],
    PatientName: subject.identity.name,
    PatientID: subject.identity.patientId,
    PatientDoB: isoFromDays(subject.dobDays).replaceAll("-", ""),
    PatientSex: subject.sex,
    PatientWeight: subject.identity.weightKg,
    ...FAKE_SITE,
    private_ScannerNotes: {
      Value: `session ${period} of ${subject.identity.patientId}`,
      Description: "Operator note (fake); private_ keys are removed on anonymisation.",
    },
    fmrs_Simulated: {
      Value: true,
      Description: `Synthetic data from ${SIMULATOR.name} (seed ${spec.seed}); no person was scanned and every identifying field is invented.`,
    },
  };
}

function dimTags(
  coils: number,
  dynamicKey: Record<string, unknown> | null,
  info: string,
): Record<string, unknown> {
  const dyn = coils > 0 ? 6 : 5;
  return {
    ...(coils > 0 ? { dim_5: "DIM_COIL", dim_5_info: "Uncombined receive coils" } : {}),
    [`dim_${dyn}`]: "DIM_DYN",
    [`dim_${dyn}_info`]: info,
    ...(dynamicKey === null ? {} : { [`dim_${dyn}_header`]: dynamicKey }),
  };
}

function niftiBytes(fids: ComplexFids, json: Record<string, unknown>, ctx: HeaderContext): Uint8Array {
  const data = quantiseMantissa(fids.data, ctx.spec.acquisition.mantissa_bits);
  return writeNiftiMrs(
    {
      fids: { ...fids, data },
      dwellS: ctx.dwellS,
      json,
      voxelSizeMm: ctx.spec.acquisition.voxel_mm,
      voxelCentreMm: [2, 38, 12],
    },
    { gzip: true, gzipLevel: 6 },
  );
}

/** The legacy BIDS validator's (npm bids-validator 1.x) settings file, written at the study root. */
export const BIDS_VALIDATOR_CONFIG = ".bids-validator-config.json";

/**
 * Settings for the legacy BIDS validator: code 51 (PHENOTYPE_SUBJECTS_MISSING) becomes a warning.
 * That check wants each phenotype file to list every subject exactly once; phenotype/madrs.tsv is
 * a long table with one row per participant, session and timepoint (`session_id`, `timepoint`),
 * the layout BEP036 proposes for repeated assessments, so each subject appears four times.
 */
export const BIDS_VALIDATOR_SETTINGS = { warn: [51] } as const;

/** .bidsignore: the files BIDS does not define (truth, the pipeline's study.json, the basis folder). */
function bidsIgnore(rawBasisPath: string | undefined): string {
  const lines = [
    "# Not BIDS: the pipeline's settings and the simulation's truth.",
    "truth.json",
    "study.json",
    "# BIDS-MRS files (BIDS 1.8+): the legacy validator (npm bids-validator 1.x) predates them. Their",
    "# names follow BIDS-MRS and their headers the NIfTI-MRS standard (checked by fmrs-crossover's tests).",
    "*_svs.nii.gz",
    "*_svs.json",
    "*_mrsref.nii.gz",
    "*_mrsref.json",
  ];
  if (rawBasisPath !== undefined && !rawBasisPath.startsWith("..") && !rawBasisPath.startsWith("/"))
    lines.push("# The basis set the spectra were simulated from.", `${rawBasisPath.replace(/\/+$/, "")}/`);
  return `${lines.join("\n")}\n`;
}

function readmeText(spec: SimulationSpec): string {
  const { reference, test } = spec.conditions;
  return `# ${spec.name}

Synthetic crossover functional MRS study made by ${SIMULATOR.name} ${SIMULATOR.version} (seed ${spec.seed}). No person
was scanned: every value is simulated and every identifying header field is invented.

Each of ${spec.participants.n} participants had two sessions, one after ${lowerFirst(test.label)} (${test.id}) and one
after ${lowerFirst(reference.label)} (${reference.id}), in randomised order, each with a ketamine infusion during dynamic
¹H-MRS (sub-<label>/ses-<label>/mrs/*_svs.nii.gz, NIfTI-MRS, with a water reference *_mrsref.nii.gz) and MADRS
ratings before and 24 h after (phenotype/madrs.tsv).

Not BIDS (listed in .bidsignore): study.json (design and analysis settings for the fmrs-crossover pipeline),
truth.json (every simulated true value) and the basis set folder.
`;
}

/**
 * Simulates a complete crossover fMRS study folder in the DESIGN.md layout and hands each file to
 * `onFile` as soon as it is ready, in a fixed order: dataset_description.json, .bidsignore
 * (truth.json, study.json, the basis folder, and the BIDS-MRS files the legacy validator does not
 * know), the BIDS validator settings, README.md, CHANGES, study.json, participants.tsv/.json; per subject, per session `mrs/*_svs.nii.gz`, `*_svs.json`,
 * `*_mrsref.nii.gz`, `*_mrsref.json`, then the subject's sessions.tsv and sessions.json; phenotype/madrs.tsv/.json;
 * truth.json last.
 * Returns the truth. Use this for large (`full`) studies so files can be written one at a time;
 * {@link simulateStudy} collects them.
 *
 * `basis` is the FSL-MRS basis set as read (e.g. the real 3 T set), resampled here to the spec's
 * acquisition. Throws RangeError when a spec concentration names a member the basis lacks, or
 * when the basis has no Glu, Gln or NAA.
 */
export function simulateStudyStream(
  spec: SimulationSpec,
  basis: BasisSet,
  options: SimulateOptions,
  onFile: (file: SimulatedFile) => void,
): Truth {
  for (const name of Object.keys(spec.spectra.concentrations)) {
    if (!basis.names.includes(name)) {
      throw new RangeError(
        `simulateStudy(): concentration for ${name}, which is not in the basis (${basis.names.join(", ")})`,
      );
    }
  }
  for (const name of [...GLX_MEMBERS, "NAA"]) {
    if (!basis.names.includes(name)) throw new RangeError(`simulateStudy(): the basis has no ${name}`);
  }
  const full = options.full ?? false;
  const tm = spec.timing;
  const acq = spec.acquisition;
  const group = full ? 1 : tm.transients_per_dynamic;
  const nTransients = Math.round(
    ((tm.baseline_min + tm.infusion_min + tm.post_min) * 60) / tm.repetition_time_s,
  );
  const onsetS = tm.baseline_min * 60;
  const prepared = acquisitionBasis(basis, acq);
  const centreMHz = prepared.basis.centreMHz;
  const dwellS = prepared.basis.dwellS;
  const { reference, test } = spec.conditions;
  const subjects = planSubjects(spec);

  const missingRng = streamFor(spec.seed, "missing");
  const missingMrs = pickSessions(missingRng, subjects, spec.missing.mrs_sessions, new Set());
  const missingMadrs = pickSessions(missingRng, subjects, spec.missing.madrs_24h, missingMrs);

  const config = studyJson(spec, options.rawBasisPath, group);
  StudyConfig.parse(config);
  onFile({
    path: "dataset_description.json",
    bytes: text(
      jsonText({
        Name: spec.name,
        BIDSVersion: "1.10.0",
        DatasetType: "raw",
        License: "CC0",
        Authors: ["fmrs-crossover (simulated data)"],
        GeneratedBy: [
          {
            Name: SIMULATOR.name,
            Version: SIMULATOR.version,
            Description: `Synthetic crossover fMRS study, seed ${spec.seed}; truth.json holds every true value.`,
          },
        ],
      }),
    ),
  });
  onFile({ path: ".bidsignore", bytes: text(bidsIgnore(options.rawBasisPath)) });
  onFile({ path: BIDS_VALIDATOR_CONFIG, bytes: text(jsonText(BIDS_VALIDATOR_SETTINGS)) });
  onFile({ path: "README.md", bytes: text(readmeText(spec)) });
  onFile({
    path: "CHANGES",
    bytes: text(
      `${SIMULATOR.version} ${spec.dates.first_session}\n  - Simulated by ${SIMULATOR.name} ${SIMULATOR.version}, seed ${spec.seed}.\n`,
    ),
  });
  onFile({ path: "study.json", bytes: text(jsonText(config)) });
  onFile({
    path: "participants.tsv",
    bytes: text(
      tsv(
        ["participant_id", "sex", "age", "sequence"],
        subjects.map((s) => [s.id, s.sex, s.age, s.sequence.join("-")]),
      ),
    ),
  });
  onFile({
    path: "participants.json",
    bytes: text(
      jsonText({
        sex: { Description: "Sex of the participant", Levels: { F: "female", M: "male" } },
        age: { Description: "Age at the first session", Units: "year" },
        sequence: {
          Description: "Crossover sequence: condition in period 1, then period 2",
          Levels: {
            [`${reference.id}-${test.id}`]: `${reference.label} first`,
            [`${test.id}-${reference.id}`]: `${test.label} first`,
          },
        },
      }),
    ),
  });

  // The sessions files' data dictionary (one per subject: the legacy BIDS validator does not take a
  // root-level sessions.json).
  const sessionsJson = text(
    jsonText({
      condition: {
        Description: "Pretreatment condition of the session (the crossover treatment)",
        Levels: { [reference.id]: reference.label, [test.id]: test.label },
      },
      acq_time: {
        Description:
          "Date and time of the session's first MRS acquisition (invented; never copied to derivatives)",
      },
    }),
  );

  // Sessions: MADRS, Glx truth, spectra.
  const madrsRows: (string | number | null)[][] = [];
  const sessions: TruthSession[] = [];
  const total = subjects.length * 2 - missingMrs.size;
  let done = 0;
  const shape = {
    infusionMin: tm.infusion_min,
    riseTauMin: spec.glx.rise_tau_min,
    decayTauMin: spec.glx.decay_tau_min,
  };
  for (const subject of subjects) {
    const sessionRows: (string | number | null)[][] = [];
    subject.sequence.forEach((condition, p) => {
      const period = p + 1;
      const ses = `ses-${period}`;
      const key = `${subject.id}/${ses}`;
      const rng = streamFor(spec.seed, "session", subject.id, ses);
      const isTest = condition === test.id;

      // MADRS.
      const m = spec.madrs;
      const pre = Math.max(
        0,
        Math.min(60, Math.round(subject.madrsBaseline + m.pre_session_sd * rng.normal())),
      );
      const drop =
        (m.reference_drop + subject.madrsDropEffect) * (isTest ? 1 - m.attenuation[subject.sex] : 1);
      const h24Latent = Math.max(
        0,
        Math.min(
          60,
          Math.round(pre - drop + (period === 2 ? m.period2_points : 0) + m.session_sd * rng.normal()),
        ),
      );
      const preItems = madrsItems(pre, subject.itemWeights, rng);
      const h24Items = madrsItems(h24Latent, subject.itemWeights, rng);
      const madrsMissing = missingMadrs.has(key);
      madrsRows.push([subject.id, ses, "pre", ...preItems]);
      madrsRows.push([subject.id, ses, "24h", ...(madrsMissing ? new Array(10).fill(null) : h24Items)]);

      // Glx truth.
      const peakPct =
        (isTest ? spec.glx.test_peak_pct[subject.sex] : spec.glx.reference_peak_pct) +
        subject.glxEffectPct +
        spec.glx.session_sd_pct * rng.normal() +
        (period === 2 ? spec.glx.period2_pct : 0);
      const amounts: Record<string, number> = {};
      for (const name of Object.keys(spec.spectra.concentrations).sort()) {
        const base = spec.spectra.concentrations[name] ?? 0;
        const factor =
          (subject.amountFactors[name] ?? 1) * (1 + spec.spectra.between_session_cv * rng.normal());
        amounts[name] = base * Math.max(0.05, factor);
      }
      const sum = (names: readonly string[]) => names.reduce((s, n) => s + (amounts[n] ?? 0), 0);
      const baseline = sum(GLX_MEMBERS) / sum(TNAA_MEMBERS);

      const day = subject.sessionDays[p] ?? 0;
      const clock = subject.sessionClockS[p] ?? 0;
      sessionRows.push([ses, condition, `${isoFromDays(day)}T${clockOf(clock)}`]);

      let mrs: TruthMrs | null = null;
      let motion: SessionSpectraTruth["motion"] = [];
      let corrupted: SessionSpectraTruth["corrupted"] = [];
      if (!missingMrs.has(key)) {
        const sim = simulateSessionSpectra({
          basis: prepared,
          concentrations: amounts,
          peakPct,
          spec,
          transientsPerDynamic: group,
          rng: streamFor(spec.seed, "mrs", subject.id, ses),
        });
        motion = sim.truth.motion;
        corrupted = sim.truth.corrupted;
        const ctx: HeaderContext = { spec, subject, period, centreMHz, dwellS };
        const dir = `${subject.id}/${ses}/mrs/${subject.id}_${ses}`;
        const nDyn = nTransients / group;
        const svsJson = {
          ...commonHeader(ctx, true),
          ...dimTags(
            acq.coils,
            {
              fmrs_DynamicStart: {
                Value: { start: 0, increment: group * tm.repetition_time_s },
                Description: `Start of each stored dynamic, s from the start of the first transient; each dynamic is the average of ${group} consecutive transients (TR ${tm.repetition_time_s} s).`,
              },
            },
            group === 1
              ? "Transients in acquisition order"
              : `Averages of ${group} consecutive transients, in acquisition order`,
          ),
          fmrs_InfusionOnset: {
            Value: onsetS,
            Description:
              "InfusionOnsetSeconds: seconds from the start of the first transient to the start of the ketamine infusion.",
          },
          fmrs_InfusionDuration: { Value: tm.infusion_min * 60, Description: "Infusion length, s." },
          fmrs_TransientsPerDynamic: {
            Value: group,
            Description: `Transients averaged into each DIM_DYN entry; ${nTransients} transients were acquired at TR ${tm.repetition_time_s} s.`,
          },
        };
        onFile({ path: `${dir}_svs.nii.gz`, bytes: niftiBytes(sim.svs, svsJson, ctx) });
        // BIDS sidecar fields shared by the spectra and the water reference (same key order in both).
        const sidecarCommon = {
          Manufacturer: "Siemens",
          ManufacturersModelName: "Prisma",
          MagneticFieldStrength: 3,
          PulseSequenceType: "semi-LASER",
          EchoTime: acq.echo_time_s,
          RepetitionTime: tm.repetition_time_s,
          ResonantNucleus: "1H",
          SpectrometerFrequency: centreMHz,
          SpectralWidth: 1 / dwellS,
          NumberOfSpectralPoints: acq.points,
        };
        const sidecar = {
          ...sidecarCommon,
          NumberOfTransients: nTransients,
          WaterSuppression: "VAPOR",
          InfusionOnsetSeconds: onsetS,
          InfusionDurationSeconds: tm.infusion_min * 60,
          TransientsPerDynamic: group,
          DynamicDurationSeconds: group * tm.repetition_time_s,
          NumberOfDynamics: nDyn,
          Simulated: true,
        };
        onFile({ path: `${dir}_svs.json`, bytes: text(jsonText(sidecar)) });
        if (sim.ref !== null) {
          const refJson = {
            ...commonHeader(ctx, false),
            ...dimTags(acq.coils, null, "Water reference transients"),
          };
          onFile({ path: `${dir}_mrsref.nii.gz`, bytes: niftiBytes(sim.ref, refJson, ctx) });
          onFile({
            path: `${dir}_mrsref.json`,
            bytes: text(
              jsonText({
                ...sidecarCommon,
                NumberOfTransients: acq.water_reference_transients,
                WaterSuppression: "none",
                Simulated: true,
              }),
            ),
          });
        }
        const t = sim.truth;
        const badDynamics = new Set<number>();
        for (const e of t.motion)
          for (let j = e.startTransient; j < e.endTransient; j++) badDynamics.add(Math.floor(j / group));
        for (const c of t.corrupted) badDynamics.add(Math.floor(c.transient / group));
        mrs = {
          file: `${dir}_svs.nii.gz`,
          reference_file: sim.ref === null ? null : `${dir}_mrsref.nii.gz`,
          sidecar_file: `${dir}_svs.json`,
          concentrations: Object.fromEntries(Object.entries(amounts).map(([k, v]) => [k, sig(v)])),
          naa_fwhm_hz: sig(t.naaFwhmHz),
          lorentz_fwhm_hz: sig(t.lorentzFwhmHz),
          gauss_fwhm_hz: sig(t.gaussFwhmHz),
          snr_per_transient: sig(t.snrPerTransient),
          snr_per_dynamic: sig(t.snrPerTransient * Math.sqrt(group)),
          noise_sd_time: sig(t.noiseSdTime),
          noise_sd_spectrum_dynamic: sig(t.noiseSdTime * Math.sqrt(acq.points / group)),
          naa_peak_height: sig(t.naaPeakHeight),
          frequency_offset_hz: sig(t.frequencyOffsetHz),
          drift_hz_per_min: sig(t.driftHzPerMin),
          phase_offset_rad: sig(t.phaseOffsetRad),
          residual_water_height_vs_naa: sig(t.residualWaterHeightVsNaa),
          residual_water_offset_hz: sig(t.residualWaterOffsetHz),
          residual_water_phase_rad: sig(t.residualWaterPhaseRad),
          lipid_height_vs_naa: sig(t.lipidHeightVsNaa),
          lipid_fwhm_hz: sig(t.lipidFwhmHz),
          baseline_roll: t.baselineRoll.map((h) => ({
            ppm: sig(h.ppm),
            fwhm_hz: sig(h.fwhmHz),
            height_vs_naa: sig(h.heightVsNaa),
            phase_rad: sig(h.phaseRad),
          })),
          motion_episodes: t.motion.map((e) => ({
            start_s: sig(e.startTransient * tm.repetition_time_s - onsetS),
            end_s: sig(e.endTransient * tm.repetition_time_s - onsetS),
            broadening_hz: sig(e.broadeningHz),
          })),
          corrupted_transients: t.corrupted.map((c) => ({
            transient: c.transient,
            t_s: sig(c.transient * tm.repetition_time_s - onsetS),
            dynamic: Math.floor(c.transient / group),
          })),
          bad_dynamics: [...badDynamics].sort((a, b) => a - b),
          dynamic_shift_hz: t.dynamicShiftHz.map((x) => Number(x.toFixed(4))),
          dynamic_phase_rad: t.dynamicPhaseRad.map((x) => Number(x.toFixed(5))),
          coils: t.coils.map((c) => ({ magnitude: sig(c.magnitude), phase_rad: sig(c.phaseRad) })),
        };
        done++;
        options.onSession?.(done, total);
      }

      const blocks = blockTruth(spec, baseline, peakPct, motion, corrupted);
      const rw = tm.response_window_min;
      sessions.push({
        participant_id: subject.id,
        session_id: ses,
        period,
        condition,
        date: isoFromDays(day),
        glx: {
          peak_pct: sig(peakPct),
          glx_tnaa_baseline: sig(baseline),
          response_pct: windowPct(blocks, tm.baseline_min, rw.start_min, rw.end_min) ?? 0,
          response_pct_without_motion_blocks: windowPct(
            blocks,
            tm.baseline_min,
            rw.start_min,
            rw.end_min,
            (b) => !b.motion,
          ),
          post_pct:
            tm.post_min > 0
              ? windowPct(blocks, tm.baseline_min, tm.infusion_min, tm.infusion_min + tm.post_min)
              : null,
          blocks,
        },
        mrs,
        madrs: {
          pre_total: pre,
          pre_items: preItems,
          h24_total: madrsMissing ? null : h24Latent,
          h24_items: madrsMissing ? null : h24Items,
          h24_total_latent: h24Latent,
          change: madrsMissing ? null : h24Latent - pre,
          missing_24h: madrsMissing,
        },
      });
    });
    onFile({
      path: `${subject.id}/${subject.id}_sessions.tsv`,
      bytes: text(tsv(["session_id", "condition", "acq_time"], sessionRows)),
    });
    onFile({ path: `${subject.id}/${subject.id}_sessions.json`, bytes: sessionsJson });
  }

  onFile({
    path: "phenotype/madrs.tsv",
    bytes: text(tsv(["participant_id", "session_id", "timepoint", ...MADRS_ITEMS], madrsRows)),
  });
  onFile({
    path: "phenotype/madrs.json",
    bytes: text(
      jsonText({
        MeasurementToolMetadata: {
          Description: "Montgomery–Åsberg Depression Rating Scale (MADRS), 10 items scored 0–6",
        },
        session_id: {
          Description: "Session (crossover period) the rating belongs to, as in sub-<label>_sessions.tsv",
        },
        timepoint: {
          Description: "pre: before the infusion; 24h: about 24 h after it",
          Levels: { pre: "before", "24h": "24 h after" },
        },
        ...Object.fromEntries(
          [
            "apparent sadness",
            "reported sadness",
            "inner tension",
            "reduced sleep",
            "reduced appetite",
            "concentration difficulties",
            "lassitude",
            "inability to feel",
            "pessimistic thoughts",
            "suicidal thoughts",
          ].map((d, i) => [MADRS_ITEMS[i], { Description: `MADRS item ${i + 1}: ${d} (0–6)` }]),
        ),
      }),
    ),
  });

  const truth = buildTruth(
    spec,
    basis,
    prepared.basis,
    subjects,
    sessions,
    missingMrs,
    missingMadrs,
    full,
    shape,
  );
  onFile({ path: "truth.json", bytes: text(jsonText(truth)) });
  return truth;
}

function buildTruth(
  spec: SimulationSpec,
  basis: BasisSet,
  acquired: BasisSet,
  subjects: readonly SubjectPlan[],
  sessions: readonly TruthSession[],
  missingMrs: ReadonlySet<string>,
  missingMadrs: ReadonlySet<string>,
  full: boolean,
  shape: { infusionMin: number; riseTauMin: number; decayTauMin: number },
): Truth {
  const tm = spec.timing;
  const acq = spec.acquisition;
  const { reference, test } = spec.conditions;
  const group = full ? 1 : tm.transients_per_dynamic;
  const nTransients = Math.round(
    ((tm.baseline_min + tm.infusion_min + tm.post_min) * 60) / tm.repetition_time_s,
  );
  const fraction = meanResponseFraction(
    tm.response_window_min.start_min,
    tm.response_window_min.end_min,
    shape,
  );
  const nF = subjects.filter((s) => s.sex === "F").length;
  const nM = subjects.length - nF;
  const wF = subjects.length === 0 ? 0.5 : nF / subjects.length;
  const g = spec.glx;
  const mm = spec.madrs;
  // Half the sessions are in period 2 (balanced design), so the period effect averages to half.
  const refResp = (g.reference_peak_pct + g.period2_pct / 2) * fraction;
  const testResp = {
    F: (g.test_peak_pct.F + g.period2_pct / 2) * fraction,
    M: (g.test_peak_pct.M + g.period2_pct / 2) * fraction,
  };
  const overallAtt = nF + nM === 0 ? 0 : wF * mm.attenuation.F + (1 - wF) * mm.attenuation.M;

  const sexOf = new Map(subjects.map((s) => [s.id, s.sex]));
  const withMrs = sessions.filter((s) => s.mrs !== null);
  const resp = (cond: string, sex?: Sex) =>
    mean(
      withMrs
        .filter((s) => s.condition === cond && (sex === undefined || sexOf.get(s.participant_id) === sex))
        .map((s) => s.glx.response_pct),
    );
  const respRef = resp(reference.id);
  const respTest = resp(test.id);
  const nullableSig = (x: number | null) => (x === null ? null : sig(x));

  const pairs = subjects.flatMap((s) => {
    const r = sessions.find((x) => x.participant_id === s.id && x.condition === reference.id)?.madrs.change;
    const t = sessions.find((x) => x.participant_id === s.id && x.condition === test.id)?.madrs.change;
    return r === null || r === undefined || t === null || t === undefined ? [] : [{ sex: s.sex, r, t }];
  });
  const attenuation = (subset: typeof pairs) => {
    const mr = mean(subset.map((p) => p.r));
    const mt = mean(subset.map((p) => p.t));
    return mr === null || mt === null || mr === 0 ? null : sig(1 - mt / mr);
  };
  const ref = (key: string) => {
    const [participant_id = "", session_id = ""] = key.split("/");
    return { participant_id, session_id };
  };
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

  return {
    format: "fmrs-simulate-truth/1",
    generator: { ...SIMULATOR },
    seed: spec.seed,
    full,
    spec,
    basis: {
      names: [...basis.names],
      centre_mhz: basis.centreMHz,
      dwell_s: basis.dwellS,
      points: basis.points,
    },
    acquisition: {
      points: acq.points,
      spectral_width_hz: acq.spectral_width_hz,
      dwell_s: acquired.dwellS,
      centre_mhz: acquired.centreMHz,
      echo_time_s: acq.echo_time_s,
      repetition_time_s: tm.repetition_time_s,
      transients_per_session: nTransients,
      transients_per_dynamic: group,
      dynamics_per_session: nTransients / group,
      dynamic_duration_s: group * tm.repetition_time_s,
      infusion_onset_s: tm.baseline_min * 60,
      coils: acq.coils,
      mantissa_bits: acq.mantissa_bits,
    },
    population: {
      glx: {
        response_fraction: sig(fraction),
        reference_peak_pct: g.reference_peak_pct,
        test_peak_pct: { ...g.test_peak_pct },
        reference_response_pct: sig(refResp),
        test_response_pct: { F: sig(testResp.F), M: sig(testResp.M) },
        difference_response_pct: sig(wF * testResp.F + (1 - wF) * testResp.M - refResp),
      },
      madrs: {
        baseline_mean: mm.baseline.mean,
        reference_drop: mm.reference_drop,
        test_drop: {
          F: sig(mm.reference_drop * (1 - mm.attenuation.F)),
          M: sig(mm.reference_drop * (1 - mm.attenuation.M)),
        },
        attenuation: { F: mm.attenuation.F, M: mm.attenuation.M, overall: sig(overallAtt) },
      },
    },
    sample: {
      glx: {
        n_sessions: {
          reference: withMrs.filter((s) => s.condition === reference.id).length,
          test: withMrs.filter((s) => s.condition === test.id).length,
        },
        mean_response_pct: { reference: nullableSig(respRef), test: nullableSig(respTest) },
        difference_pct: respRef === null || respTest === null ? null : sig(respTest - respRef),
        by_sex: {
          F: { reference: nullableSig(resp(reference.id, "F")), test: nullableSig(resp(test.id, "F")) },
          M: { reference: nullableSig(resp(reference.id, "M")), test: nullableSig(resp(test.id, "M")) },
        },
      },
      madrs: {
        n_complete: pairs.length,
        mean_change: {
          reference: nullableSig(mean(pairs.map((p) => p.r))),
          test: nullableSig(mean(pairs.map((p) => p.t))),
        },
        attenuation: attenuation(pairs),
        attenuation_by_sex: {
          F: attenuation(pairs.filter((p) => p.sex === "F")),
          M: attenuation(pairs.filter((p) => p.sex === "M")),
        },
      },
    },
    participants: subjects.map((s) => ({
      participant_id: s.id,
      sex: s.sex,
      age: s.age,
      sequence: s.sequence.join("-"),
      glx_subject_effect_pct: sig(s.glxEffectPct),
      madrs_baseline: sig(s.madrsBaseline),
      madrs_drop_effect: sig(s.madrsDropEffect),
    })),
    sessions: [...sessions],
    missing: {
      mrs: [...missingMrs].sort(order).map(ref),
      madrs_24h: [...missingMadrs].sort(order).map(ref),
    },
  };
}

/**
 * Returns a complete simulated crossover fMRS study (see {@link simulateStudyStream} for the
 * files and their order) and its truth. Same spec (seed included) and basis ⇒ byte-identical
 * files; another seed ⇒ another study. Pure: no filesystem, clock or global random state.
 */
export function simulateStudy(
  spec: SimulationSpec,
  basis: BasisSet,
  options: SimulateOptions = {},
): SimulatedStudy {
  const files: SimulatedFile[] = [];
  const truth = simulateStudyStream(spec, basis, options, (f) => files.push(f));
  return { files, truth };
}
