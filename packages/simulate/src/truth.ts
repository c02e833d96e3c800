import { z } from "zod";
import { SimulationSpec } from "./spec";

const Num = z.number();
const BySex = z.strictObject({ F: Num, M: Num });
const NullableBySex = z.strictObject({ F: Num.nullable(), M: Num.nullable() });
const RefTest = z.strictObject({ reference: Num.nullable(), test: Num.nullable() });
const SessionRef = z.strictObject({ participant_id: z.string(), session_id: z.string() });

/** Truth of one time block (the study's block length), from the noiseless model. Times in s from infusion onset. */
export const TruthBlock = z.strictObject({
  block: z.int().min(1),
  t_start_s: Num,
  t_end_s: Num,
  /** Mean true Glx/tNAA of the block's transients. */
  glx_tnaa: Num,
  /** 100·(glx_tnaa − baseline)/baseline. */
  pct_change: Num,
  /** True when any transient of the block lies in a motion episode (the block should fail QC). */
  motion: z.boolean(),
  /** Corrupted single transients in the block. */
  corrupted_transients: z.int().min(0),
});
export type TruthBlock = z.infer<typeof TruthBlock>;

/** Spectral truth of one session's MRS file. Times in s from infusion onset. */
export const TruthMrs = z.strictObject({
  file: z.string(),
  reference_file: z.string().nullable(),
  sidecar_file: z.string(),
  /** Session amounts of every member used (basis units ≈ mM), before the Glx response. */
  concentrations: z.record(z.string(), Num),
  /** NAA singlet FWHM (Voigt), Hz, as `fitSpectrum` measures it (NAA alone, 8× zero-filled). */
  naa_fwhm_hz: Num,
  lorentz_fwhm_hz: Num,
  gauss_fwhm_hz: Num,
  /** NAA peak height / spectral noise SD of one transient (phase 0, noiseless height). */
  snr_per_transient: Num,
  /** The same for one stored dynamic (√transients_per_dynamic larger). */
  snr_per_dynamic: Num,
  /** Time-domain noise SD per component of one transient (coil-combined scale). */
  noise_sd_time: Num,
  /** Spectral noise SD (real part) of one stored dynamic: noise_sd_time·√(points/transients_per_dynamic). */
  noise_sd_spectrum_dynamic: Num,
  naa_peak_height: Num,
  frequency_offset_hz: Num,
  drift_hz_per_min: Num,
  phase_offset_rad: Num,
  /** Residual water: peak height relative to the NAA singlet's, offset from 4.65 ppm (Hz, before B0 offset and drift), phase (rad). */
  residual_water_height_vs_naa: Num,
  residual_water_offset_hz: Num,
  residual_water_phase_rad: Num,
  /** Lipid contamination: 1.28 ppm peak height relative to NAA's (0.89 ppm: spec ratio_09_to_13 of it), FWHM Hz. */
  lipid_height_vs_naa: Num,
  lipid_fwhm_hz: Num,
  /** Baseline roll: broad Gaussian humps (centre ppm, FWHM Hz, peak height relative to NAA's, phase rad). */
  baseline_roll: z.array(z.strictObject({ ppm: Num, fwhm_hz: Num, height_vs_naa: Num, phase_rad: Num })),
  motion_episodes: z.array(z.strictObject({ start_s: Num, end_s: Num, broadening_hz: Num })),
  corrupted_transients: z.array(z.strictObject({ transient: z.int(), t_s: Num, dynamic: z.int() })),
  /** Stored dynamics (0-based) that contain a motion or corrupted transient. */
  bad_dynamics: z.array(z.int()),
  /** Mean applied frequency offset (Hz, positive = towards lower ppm) and phase (rad) per stored dynamic. */
  dynamic_shift_hz: z.array(Num),
  dynamic_phase_rad: z.array(Num),
  coils: z.array(z.strictObject({ magnitude: Num, phase_rad: Num })),
});
export type TruthMrs = z.infer<typeof TruthMrs>;

/** Truth of one session. */
export const TruthSession = z.strictObject({
  participant_id: z.string(),
  session_id: z.string(),
  period: z.int().min(1).max(2),
  condition: z.string(),
  date: z.iso.date(),
  glx: z.strictObject({
    /** Plateau rise of this session (condition + subject + session + period), percent. */
    peak_pct: Num,
    /** True baseline (Glu+Gln)/(NAA+NAAG) from the session amounts. */
    glx_tnaa_baseline: Num,
    /** What the outcomes stage computes from noiseless blocks: 100·(mean response-window blocks − baseline)/baseline. */
    response_pct: Num,
    /** The same over blocks without motion (what QC exclusion of motion blocks leaves). */
    response_pct_without_motion_blocks: Num.nullable(),
    /** The same for the post window; null when there is none. */
    post_pct: Num.nullable(),
    blocks: z.array(TruthBlock),
  }),
  /** Null for a session without MRS. */
  mrs: TruthMrs.nullable(),
  madrs: z.strictObject({
    pre_total: z.int(),
    pre_items: z.array(z.int()),
    /** As written; null when the 24 h rating is missing. */
    h24_total: z.int().nullable(),
    h24_items: z.array(z.int()).nullable(),
    /** The value the rating would have had (also for a missing one). */
    h24_total_latent: z.int(),
    /** h24_total − pre_total; null when missing. */
    change: z.int().nullable(),
    missing_24h: z.boolean(),
  }),
});
export type TruthSession = z.infer<typeof TruthSession>;

/**
 * truth.json: every true value of a simulated study, for checking what the pipeline recovers.
 * Population values are the spec's (what an infinite sample gives); sample values are computed
 * from this study's own draws exactly as the pipeline defines them (so a perfect fit reproduces
 * them). Times are seconds from infusion onset unless named otherwise.
 */
export const Truth = z.strictObject({
  format: z.literal("fmrs-simulate-truth/1"),
  generator: z.strictObject({ name: z.string(), version: z.string() }),
  seed: z.int(),
  full: z.boolean(),
  spec: SimulationSpec,
  basis: z.strictObject({
    names: z.array(z.string()),
    centre_mhz: Num,
    dwell_s: Num,
    points: z.int(),
  }),
  acquisition: z.strictObject({
    points: z.int(),
    spectral_width_hz: Num,
    dwell_s: Num,
    centre_mhz: Num,
    echo_time_s: Num,
    repetition_time_s: Num,
    transients_per_session: z.int(),
    transients_per_dynamic: z.int(),
    dynamics_per_session: z.int(),
    dynamic_duration_s: Num,
    /** Seconds from the start of the first transient to infusion onset (InfusionOnsetSeconds). */
    infusion_onset_s: Num,
    coils: z.int(),
    mantissa_bits: z.int(),
  }),
  population: z.strictObject({
    glx: z.strictObject({
      /** Mean fraction of the plateau reached over the response window. */
      response_fraction: Num,
      reference_peak_pct: Num,
      test_peak_pct: BySex,
      /** Expected response-window percent change: (peak + period2_pct/2) × response_fraction. */
      reference_response_pct: Num,
      test_response_pct: BySex,
      /** Test − reference, sexes weighted by the spec's F/M numbers. */
      difference_response_pct: Num,
    }),
    madrs: z.strictObject({
      baseline_mean: Num,
      /** Mean 24 h drop (pre − 24 h, positive = improvement). */
      reference_drop: Num,
      test_drop: BySex,
      attenuation: z.strictObject({ F: Num, M: Num, overall: Num }),
    }),
  }),
  sample: z.strictObject({
    glx: z.strictObject({
      n_sessions: z.strictObject({ reference: z.int(), test: z.int() }),
      /** Mean of sessions' response_pct (sessions with MRS). */
      mean_response_pct: RefTest,
      difference_pct: Num.nullable(),
      /** mean_response_pct within each sex. */
      by_sex: z.strictObject({ F: RefTest, M: RefTest }),
    }),
    madrs: z.strictObject({
      /** Subjects with a 24 h change in both conditions. */
      n_complete: z.int(),
      /** Mean change (24 h − pre, negative = improvement) over complete subjects. */
      mean_change: RefTest,
      /** 1 − mean change(test)/mean change(reference), complete subjects (trial `rawAttenuation`). */
      attenuation: Num.nullable(),
      attenuation_by_sex: NullableBySex,
    }),
  }),
  participants: z.array(
    z.strictObject({
      participant_id: z.string(),
      sex: z.enum(["F", "M"]),
      age: z.int(),
      sequence: z.string(),
      glx_subject_effect_pct: Num,
      madrs_baseline: Num,
      madrs_drop_effect: Num,
    }),
  ),
  sessions: z.array(TruthSession),
  missing: z.strictObject({ mrs: z.array(SessionRef), madrs_24h: z.array(SessionRef) }),
});
export type Truth = z.infer<typeof Truth>;
