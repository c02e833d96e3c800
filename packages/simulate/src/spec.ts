import { Condition } from "@fmrs/schema";
import { z } from "zod";

/** The default seed of a simulated study (also written to its study.json). */
export const DEFAULT_SIMULATION_SEED = 20260529;

/**
 * Metabolite and macromolecule amounts of an adult anterior cingulate voxel, in the basis set's
 * units (≈ mM for the FSL-MRS 3 T basis). Brain values follow Bednarik et al. 2015 (Table 1) and
 * the simulation of Wilson, Finney & Clarke (`fmrs_bold_dynamic_fitting`, MM at 4), with ACC
 * Glu/NAA ratios (Glx/tNAA ≈ 1.2); members of the basis not listed are 0.
 */
export const ACC_CONCENTRATIONS: Readonly<Record<string, number>> = {
  NAA: 10,
  NAAG: 1.3,
  Cr: 4.5,
  PCr: 3.5,
  Glu: 10.5,
  Gln: 3.2,
  GABA: 1.3,
  GSH: 1.8,
  Ins: 6,
  sIns: 0.3,
  GPC: 1.2,
  PCh: 0.4,
  Tau: 1.4,
  Asp: 2.5,
  Lac: 0.7,
  Glc: 1,
  Asc: 1,
  PEth: 0.8,
  Gly: 0.4,
  MM09: 4,
  MM12: 4,
  MM14: 4,
  MM17: 4,
  MM20: 4,
  Lip13a: 0.2,
  Lip13b: 0.2,
};

/**
 * Relative MADRS item severities in a moderately depressed sample (items 1–10: apparent sadness,
 * reported sadness, inner tension, reduced sleep, reduced appetite, concentration, lassitude,
 * inability to feel, pessimistic thoughts, suicidal thoughts); suicidal thoughts lowest,
 * sadness highest, as in typical baseline item profiles.
 */
export const MADRS_ITEM_WEIGHTS: readonly number[] = [3.6, 3.9, 3.2, 3.0, 2.2, 3.3, 3.2, 3.4, 3.0, 1.6];

const Range = z
  .strictObject({ min: z.number(), max: z.number() })
  .refine((r) => r.max >= r.min, { message: "max must be ≥ min" });
const BySex = z.strictObject({ F: z.number(), M: z.number() });
const NonNegative = z.number().nonnegative();

const ParticipantsSpec = z.strictObject({
  /** Number of subjects (sub-01 …). */
  n: z.int().min(2).default(26),
  /** Number of females; null = round(n·14/26) (14 F / 12 M for 26). */
  n_female: z.int().min(0).nullable().default(null),
  /** Number on the reference-first sequence (e.g. PBO-NTX); null = ceil(n/2). */
  n_reference_first: z.int().min(0).nullable().default(null),
  /** Age, years: normal(mean, sd) rounded and kept within [min, max] by redrawing. */
  age: z
    .strictObject({ mean: z.number(), sd: NonNegative, min: z.int(), max: z.int() })
    .default({ mean: 32, sd: 9, min: 18, max: 50 }),
});

const DatesSpec = z.strictObject({
  /** Date of the first subject's first session (fake), YYYY-MM-DD. */
  first_session: z.iso.date().default("2021-10-04"),
  /** Days between successive subjects' first sessions. */
  enrolment_interval_days: z.int().min(0).default(9),
  /** Days between a subject's two sessions: normal(mean, sd) rounded, within [min, max]. */
  session_interval_days: z
    .strictObject({ mean: z.number(), sd: NonNegative, min: z.int().min(1), max: z.int().min(1) })
    .default({ mean: 21, sd: 2, min: 19, max: 28 }),
});

const TimingSpec = z.strictObject({
  /** Repetition time, s: transient i starts i·TR after the first. */
  repetition_time_s: z.number().positive().default(2.5),
  /** Acquisition before infusion onset, min. */
  baseline_min: z.number().positive().default(10),
  /** Infusion length, min (ketamine 0.5 mg/kg over 40 min). */
  infusion_min: z.number().positive().default(40),
  /** Acquisition after the infusion ends, min. */
  post_min: z.number().nonnegative().default(10),
  /** Consecutive transients averaged into one stored DIM_DYN entry (1 = every transient). */
  transients_per_dynamic: z.int().min(1).default(12),
  /** Block length written to study.json, min. */
  block_length_min: z.number().positive().default(2),
  /** Response window written to study.json, min from onset. */
  response_window_min: z
    .strictObject({ start_min: z.number(), end_min: z.number() })
    .default({ start_min: 0, end_min: 30 }),
  /** Pretreatment time written to study.json, min from onset. */
  pretreatment_min: z.number().default(-60),
});

const AcquisitionSpec = z.strictObject({
  /** Complex points per FID. */
  points: z.int().min(64).default(1024),
  /** Spectral width, Hz (dwell = 1/width). */
  spectral_width_hz: z.number().positive().default(3000),
  /** Spectrometer frequency, MHz; null = the basis set's centre frequency. */
  centre_mhz: z.number().positive().nullable().default(null),
  /** Echo time written to the header, s (the 3 T basis is a TE 28 ms semi-LASER simulation). */
  echo_time_s: z.number().positive().default(0.028),
  /** Receive coils stored as DIM_COIL; 0 = coil-combined data (no DIM_COIL). */
  coils: z.int().min(0).max(64).default(0),
  /** Write an unsuppressed water reference `*_mrsref.nii.gz` per session. */
  water_reference: z.boolean().default(true),
  /** Transients in the water reference (stored as DIM_DYN). */
  water_reference_transients: z.int().min(1).default(4),
  /** Water/NAA-singlet area ratio of the water reference (tissue water ≈ 35 M·2 H vs NAA CH3, after T2). */
  water_to_naa_area: z.number().positive().default(2500),
  /** Float32 mantissa bits kept before gzip (23 = lossless float32); see quantiseMantissa. */
  mantissa_bits: z.int().min(4).max(23).default(10),
  /** Voxel size, mm. */
  voxel_mm: z.tuple([z.number(), z.number(), z.number()]).default([20, 20, 20]),
});

const SpectraSpec = z.strictObject({
  /** Population amounts per basis member (basis units ≈ mM); unlisted members are 0. */
  concentrations: z.record(z.string(), NonNegative).default({ ...ACC_CONCENTRATIONS }),
  /** Between-subject coefficient of variation of each amount. */
  between_subject_cv: NonNegative.default(0.08),
  /** Between-session (within-subject) coefficient of variation of each amount. */
  between_session_cv: NonNegative.default(0.04),
  /** Session NAA-singlet FWHM (Voigt), Hz, uniform in [min, max]. */
  naa_fwhm_hz: Range.default({ min: 5, max: 8 }),
  /** Gaussian/Lorentzian FWHM ratio of the Voigt line. */
  gauss_to_lorentz: z.number().positive().default(1.3),
  /** Single-transient NAA SNR (peak height / spectral noise SD), normal across sessions, floored at 2. */
  snr_per_transient: z
    .strictObject({ mean: z.number().positive(), sd: NonNegative })
    .default({ mean: 12, sd: 2 }),
  /**
   * Residual water after suppression, at the sizes real spectra show (the Siemens SVS_30.rda of
   * suspect carries about 28× the NAA peak): a Lorentzian near 4.65 ppm whose peak height relative
   * to the NAA singlet's is drawn per session (uniform), with a random phase and a session
   * frequency offset (normal, SD `offset_sd_hz`) on top of the B0 offset and drift it shares with
   * the metabolites; per transient its height varies (CV `height_jitter_cv`, the suppression's
   * instability) and its phase random-walks (step SD `phase_walk_sd_rad`).
   */
  residual_water: z
    .strictObject({
      height_vs_naa: Range,
      fwhm_hz: z.number().positive(),
      offset_sd_hz: NonNegative.default(8),
      height_jitter_cv: NonNegative.default(0.05),
      phase_walk_sd_rad: NonNegative.default(0.01),
    })
    .default({
      height_vs_naa: { min: 5, max: 50 },
      fwhm_hz: 10,
      offset_sd_hz: 8,
      height_jitter_cv: 0.05,
      phase_walk_sd_rad: 0.01,
    }),
  /**
   * Lipid contamination from outside the voxel: Gaussian lines at 1.28 ppm (CH₂) and 0.89 ppm
   * (CH₃, `ratio_09_to_13` of the 1.28 ppm height), in phase with the metabolites, at the shifts of
   * the LCModel manual's lipid model (`LIPID_PPM`). The 1.28 ppm peak height relative to the NAA
   * singlet's and the FWHM as seen in the data are drawn per session (uniform). The default FWHM,
   * 14–25 Hz, is that model's intrinsic widths at 3 T (Lip13b 0.089 ppm = 11 Hz to Lip13a 0.15 ppm
   * = 18.5 Hz) broadened by the session's 5–8 Hz lineshape.
   */
  lipids: z
    .strictObject({
      height_vs_naa: Range,
      ratio_09_to_13: NonNegative.default(0.4),
      fwhm_hz: Range,
    })
    .default({ height_vs_naa: { min: 0.1, max: 1 }, ratio_09_to_13: 0.4, fwhm_hz: { min: 14, max: 25 } }),
  /**
   * Baseline roll: `components` very broad Gaussian humps per session, each with a centre (ppm),
   * FWHM, peak height relative to the NAA singlet's and a random phase (absorptive and dispersive
   * roll) drawn uniformly. Zero components turn it off.
   */
  baseline_roll: z
    .strictObject({
      components: z.int().min(0).max(20).default(3),
      height_vs_naa: Range,
      fwhm_hz: Range,
      ppm: Range,
    })
    .default({
      components: 3,
      height_vs_naa: { min: 0.05, max: 0.3 },
      fwhm_hz: { min: 150, max: 400 },
      ppm: { min: 0, max: 4.5 },
    }),
  /** Session B0 offset SD, Hz. */
  frequency_offset_sd_hz: NonNegative.default(2),
  /** Largest linear drift magnitude, Hz/min (uniform in ±). */
  drift_max_hz_per_min: NonNegative.default(0.1),
  /** Random-walk step SD per transient, Hz. */
  frequency_walk_sd_hz: NonNegative.default(0.02),
  /** Transient-to-transient frequency jitter SD, Hz. */
  frequency_jitter_sd_hz: NonNegative.default(0.3),
  /** Session zero-order phase SD, rad. */
  phase_offset_sd_rad: NonNegative.default(0.3),
  /** Transient-to-transient phase jitter SD, rad. */
  phase_jitter_sd_rad: NonNegative.default(0.05),
  /** BOLD line narrowing at full infusion response, Hz (Lorentzian; follows the Glx time course shape). */
  bold_narrowing_hz: NonNegative.default(0.1),
  /** Mean number of corrupted single transients per session (Poisson). */
  corrupted_transients_per_session: NonNegative.default(3),
  /** Mean number of motion episodes per session (Poisson). */
  motion_episodes_per_session: NonNegative.default(0.3),
  /** Motion episode length, s. */
  motion_duration_s: Range.default({ min: 60, max: 180 }),
  /** Extra Lorentzian broadening during motion, Hz. */
  motion_broadening_hz: Range.default({ min: 6, max: 10 }),
  /** Phase SD during motion, rad. */
  motion_phase_sd_rad: NonNegative.default(0.6),
});

const GlxSpec = z.strictObject({
  /** Glx plateau rise under the reference condition (placebo), percent. */
  reference_peak_pct: z.number().default(5),
  /** Glx plateau rise under the test condition (naltrexone) by sex, percent (blunted more in males). */
  test_peak_pct: BySex.default({ F: 2.5, M: 1.4 }),
  /** Rise time constant after infusion onset, min. */
  rise_tau_min: z.number().positive().default(6),
  /** Decay time constant after the infusion ends, min. */
  decay_tau_min: z.number().positive().default(15),
  /** Subject random effect on the plateau, SD percent points. */
  subject_sd_pct: NonNegative.default(1),
  /** Session residual on the plateau, SD percent points. */
  session_sd_pct: NonNegative.default(1),
  /** Period-2 effect on the plateau, percent points. */
  period2_pct: z.number().default(-0.3),
});

const MadrsSpec = z.strictObject({
  /** Subject mean pre-infusion total: normal(mean, sd), kept within [min, max] (inclusion: moderate–severe). */
  baseline: z
    .strictObject({ mean: z.number(), sd: NonNegative, min: z.number(), max: z.number() })
    .default({ mean: 30, sd: 4, min: 22, max: 45 }),
  /** Session-to-session SD of the pre-infusion total. */
  pre_session_sd: NonNegative.default(2),
  /** Mean 24 h drop under the reference condition (placebo), points. */
  reference_drop: z.number().default(13),
  /** Attenuation of the drop under the test condition by sex, 1 − drop_test/drop_reference. */
  attenuation: BySex.default({ F: 0.18, M: 0.4 }),
  /** Subject random effect on the drop, SD points. */
  subject_drop_sd: NonNegative.default(3),
  /** Session residual of the 24 h total, SD points. */
  session_sd: NonNegative.default(3.5),
  /** Period-2 effect on the 24 h total, points (positive = less improvement). */
  period2_points: z.number().default(1),
  /** Relative item severities, 10 values. */
  item_weights: z
    .array(z.number().positive())
    .length(10)
    .default([...MADRS_ITEM_WEIGHTS]),
});

const MissingSpec = z.strictObject({
  /** Sessions without an MRS file. */
  mrs_sessions: z.int().min(0).default(1),
  /** Sessions whose 24 h MADRS is missing (all items n/a). */
  madrs_24h: z.int().min(0).default(1),
});

/**
 * The truth spec of a simulated crossover fMRS study. `SimulationSpec.parse({})` gives the
 * default: 26 subjects (14 F / 12 M), 13 PBO-NTX / 13 NTX-PBO, 10 min baseline + 40 min
 * ketamine infusion + 10 min after at TR 2.5 s, Glx +5 % under placebo and +2.5 % (F) / +1.4 % (M)
 * under naltrexone, MADRS about 30 → 13 points lower at 24 h under placebo, attenuated 18 % (F) /
 * 40 % (M) under naltrexone (≈ 28 % overall), one session without MRS and one missing 24 h MADRS.
 */
export const SimulationSpec = z
  .strictObject({
    name: z.string().min(1).default("Simulated ketamine × naltrexone fMRS crossover study"),
    seed: z.int().min(0).default(DEFAULT_SIMULATION_SEED),
    conditions: z.strictObject({ reference: Condition, test: Condition }).default({
      reference: { id: "PBO", label: "Placebo" },
      test: { id: "NTX", label: "Naltrexone 50 mg" },
    }),
    participants: ParticipantsSpec.default(ParticipantsSpec.parse({})),
    dates: DatesSpec.default(DatesSpec.parse({})),
    timing: TimingSpec.default(TimingSpec.parse({})),
    acquisition: AcquisitionSpec.default(AcquisitionSpec.parse({})),
    spectra: SpectraSpec.default(SpectraSpec.parse({})),
    glx: GlxSpec.default(GlxSpec.parse({})),
    madrs: MadrsSpec.default(MadrsSpec.parse({})),
    missing: MissingSpec.default(MissingSpec.parse({})),
  })
  .superRefine((s, ctx) => {
    const n = s.participants.n;
    if (s.conditions.reference.id === s.conditions.test.id)
      ctx.addIssue({ code: "custom", path: ["conditions"], message: "the two condition ids must differ" });
    if ((s.participants.n_female ?? 0) > n)
      ctx.addIssue({ code: "custom", path: ["participants", "n_female"], message: `at most n (${n})` });
    if ((s.participants.n_reference_first ?? 0) > n) {
      ctx.addIssue({
        code: "custom",
        path: ["participants", "n_reference_first"],
        message: `at most n (${n})`,
      });
    }
    const a = s.participants.age;
    if (a.max < a.min) ctx.addIssue({ code: "custom", path: ["participants", "age"], message: "max < min" });
    const d = s.dates.session_interval_days;
    if (d.max < d.min)
      ctx.addIssue({ code: "custom", path: ["dates", "session_interval_days"], message: "max < min" });
    if (s.missing.mrs_sessions > 2 * n || s.missing.madrs_24h > 2 * n)
      ctx.addIssue({ code: "custom", path: ["missing"], message: `at most 2·n (${2 * n}) sessions` });
    const total = s.timing.baseline_min + s.timing.infusion_min + s.timing.post_min;
    const tr = s.timing.repetition_time_s;
    for (const [key, min] of [
      ["baseline_min", s.timing.baseline_min],
      ["infusion_min", s.timing.infusion_min],
      ["post_min", s.timing.post_min],
      ["block_length_min", s.timing.block_length_min],
    ] as const) {
      const count = (min * 60) / (tr * s.timing.transients_per_dynamic);
      if (Math.abs(count - Math.round(count)) > 1e-9) {
        ctx.addIssue({
          code: "custom",
          path: ["timing", key],
          message: `${min} min is not a whole number of stored dynamics (${s.timing.transients_per_dynamic} × ${tr} s)`,
        });
      }
    }
    if (s.timing.block_length_min > total)
      ctx.addIssue({
        code: "custom",
        path: ["timing", "block_length_min"],
        message: "longer than the acquisition",
      });
    const b = s.madrs.baseline;
    if (b.max < b.min) ctx.addIssue({ code: "custom", path: ["madrs", "baseline"], message: "max < min" });
  });
export type SimulationSpec = z.infer<typeof SimulationSpec>;
/** What `SimulationSpec.parse` accepts: every field optional. */
export type SimulationSpecInput = z.input<typeof SimulationSpec>;

/**
 * A small spec for fast tests and demos: 4 subjects (2 F / 2 M, 2 per sequence), 2 min
 * baseline + 4 min infusion + 2 min after at TR 2.5 s (192 transients, 16 stored dynamics of
 * 12), no missingness, no motion. Pass overrides for the rest.
 */
export const MINI_SPEC: SimulationSpecInput = {
  name: "Mini simulated fMRS crossover study",
  participants: { n: 4, n_female: 2, n_reference_first: 2 },
  timing: {
    baseline_min: 2,
    infusion_min: 4,
    post_min: 2,
    block_length_min: 1,
    response_window_min: { start_min: 0, end_min: 4 },
  },
  acquisition: { water_reference_transients: 2 },
  spectra: { motion_episodes_per_session: 0, corrupted_transients_per_session: 1 },
  glx: { rise_tau_min: 1, decay_tau_min: 2 },
  missing: { mrs_sessions: 0, madrs_24h: 0 },
};
