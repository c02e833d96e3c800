import { z } from "zod";
import { ConditionId } from "./ids";

const Minutes = z.number();

/** One condition of the crossover, e.g. `{ id: "NTX", label: "Naltrexone 50 mg" }`. */
export const Condition = z.strictObject({
  id: ConditionId,
  label: z.string().min(1),
});
export type Condition = z.infer<typeof Condition>;

/** A time window in minutes relative to infusion onset: blocks whose start lies in [start, end). */
export const WindowMin = z
  .strictObject({ start_min: Minutes, end_min: Minutes })
  .refine((w) => w.end_min > w.start_min, { message: "end_min must be greater than start_min" });
export type WindowMin = z.infer<typeof WindowMin>;

/** QC thresholds applied to each MRS block; a block failing any of them is excluded, with its reason. */
export const QcThresholds = z.strictObject({
  /** Largest accepted CRLB of the outcome metabolite, percent. */
  max_crlb_pct: z.number().positive().default(20),
  /** Largest accepted linewidth (FWHM of NAA), Hz. */
  max_fwhm_hz: z.number().positive().default(12),
  /** Smallest accepted SNR. */
  min_snr: z.number().nonnegative().default(5),
  /**
   * The measure whose CRLB is checked against max_crlb_pct (a fitted metabolite or a measure the
   * fit reports directly, e.g. Glx). Default: the first name in the outcome expression.
   */
  crlb_of: z.string().min(1).optional(),
});
export type QcThresholds = z.infer<typeof QcThresholds>;

/** How incomplete MADRS item sets are scored. */
export const MadrsScoring = z.strictObject({
  /**
   * When true, a total with at most `max_missing_items` missing items is prorated:
   * round(mean of present items × 10). Otherwise any missing item gives a missing total.
   */
  prorate: z.boolean().default(false),
  max_missing_items: z.int().min(0).max(9).default(1),
});
export type MadrsScoring = z.infer<typeof MadrsScoring>;

/**
 * Settings of the raw route (NIfTI-MRS spectra fitted here). Per-session timing comes from the
 * file when it says: the JSON header extension keys `fmrs_InfusionOnset` (seconds from the start
 * of the first transient to infusion onset) and `fmrs_TransientsPerDynamic` (as `{ "Value": n }`
 * or numbers), or the BIDS sidecar `*_svs.json` keys `InfusionOnsetSeconds` and
 * `TransientsPerDynamic`; these settings are the study-wide fallback.
 */
export const RawRouteSettings = z.strictObject({
  /** The basis set relative to the study folder: a folder of FSL-MRS JSON files (one per metabolite), or an LCModel `.BASIS` file or a folder holding one. */
  basis: z.string().min(1),
  /** Start of the first stored transient relative to infusion onset, min (default for every session). */
  first_transient_min: z.number().optional(),
  /** Acquisitions averaged into each stored transient (DIM_DYN entry); default 1. */
  averages_per_dynamic: z.int().min(1).default(1),
  /** Robust z above which a transient is rejected. */
  outlier_threshold: z.number().positive().default(3),
  /** Fitted chemical-shift range, ppm. */
  fit_ppm_range: z.tuple([z.number(), z.number()]).default([0.2, 4.2]),
  /**
   * Flexibility of the fit's penalised baseline, effective parameters per ppm (default: the fit's
   * own, 2). Like LCModel's DKNTMN or spant ABfit's bl_ed_pppm: raise it for spectra with broad
   * baseline roll, which a stiff baseline pushes into Glx and NAA.
   */
  baseline_ed_per_ppm: z.number().positive().max(50).optional(),
});
export type RawRouteSettings = z.infer<typeof RawRouteSettings>;

/**
 * MRS reporting details that no file header carries (MRSinMRS, Lin et al. 2021), for the report's
 * checklist; every field optional, free text.
 */
export const ReportingDetails = z.strictObject({
  rf_coils: z.string().optional(),
  additional_hardware: z.string().optional(),
  voi_location: z.string().optional(),
  shimming: z.string().optional(),
  motion_correction: z.string().optional(),
  /** Fitting software and version, for studies fitted elsewhere (fitted route). */
  fitting_software: z.string().optional(),
  /** Processing that deviates from the reference method. */
  deviations: z.string().optional(),
  /** How the fitting tool defines SNR and linewidth (fitted route). */
  snr_linewidth_definitions: z.string().optional(),
});
export type ReportingDetails = z.infer<typeof ReportingDetails>;

/**
 * The study's primary estimand (ICH E9(R1)): which outcome, over which window, by which model.
 * It is stated first in the report's summary; every other result is secondary.
 * - glutamate · response_window · hills_armitage (default): the per-session percent change of the
 *   outcome measure over `response_window` from baseline, test − reference, by the period-adjusted
 *   crossover t test (Hills & Armitage 1979), with Cohen's d_z.
 * - glutamate · infusion_phase · mixed_model: the test − reference contrast in the infusion phase
 *   of the block-level mixed model (condition × phase + period).
 * - madrs · pre_to_24h · hills_armitage | mixed_model: the MADRS change from pre-infusion to 24 h,
 *   by the crossover t test or by the change model (condition + period + (1 | subject)).
 */
export const PrimaryEstimand = z
  .strictObject({
    outcome: z.enum(["glutamate", "madrs"]).default("glutamate"),
    window: z.enum(["response_window", "infusion_phase", "pre_to_24h"]).default("response_window"),
    model: z.enum(["hills_armitage", "mixed_model"]).default("hills_armitage"),
  })
  .superRefine((e, ctx) => {
    const allowed: Record<string, readonly string[]> = {
      glutamate: e.model === "hills_armitage" ? ["response_window"] : ["infusion_phase"],
      madrs: ["pre_to_24h"],
    };
    const ok = allowed[e.outcome] ?? [];
    if (!ok.includes(e.window)) {
      ctx.addIssue({
        code: "custom",
        path: ["window"],
        message: `the ${e.outcome} outcome analysed by ${e.model} has the window ${ok.join(" or ")}, not ${e.window}`,
      });
    }
  });
export type PrimaryEstimand = z.infer<typeof PrimaryEstimand>;

/** The default primary estimand (studies that do not declare one). */
export const DEFAULT_PRIMARY: PrimaryEstimand = {
  outcome: "glutamate",
  window: "response_window",
  model: "hills_armitage",
};

/**
 * study.json: the design and analysis settings of one crossover fMRS study. Times are in
 * minutes relative to the infusion onset (negative = before).
 */
export const StudyConfig = z
  .strictObject({
    /** The study kind (see StudyKind); this schema is the fMRS crossover's. */
    kind: z.literal("fmrs-crossover").default("fmrs-crossover"),
    name: z.string().min(1),
    description: z.string().optional(),
    conditions: z.array(Condition).length(2),
    /** The reference (control) condition; effects are reported as other − reference. */
    reference_condition: ConditionId,
    pretreatment: z
      .strictObject({ label: z.string(), time_min: Minutes })
      .default({ label: "oral pretreatment", time_min: -60 }),
    infusion: z.strictObject({
      label: z.string().default("ketamine 0.5 mg/kg IV"),
      onset_min: Minutes.default(0),
      duration_min: z.number().positive(),
    }),
    /** Blocks in this window form the per-session baseline. */
    baseline_window: WindowMin,
    /** Blocks in this window form the response (mean percent change from baseline). */
    response_window: WindowMin,
    /** Optional post-infusion window, summarised separately. */
    post_window: WindowMin.optional(),
    /** Length of one MRS block (average of transients), minutes. */
    block_length_min: z.number().positive(),
    outcome: z
      .strictObject({
        metabolite: z.string().min(1).default("Glx"),
        reference: z.string().min(1).default("tNAA"),
      })
      .default({ metabolite: "Glx", reference: "tNAA" }),
    /**
     * Measures computed per block from the fitted metabolites, name → mathjs expression, e.g.
     * `{ "Glx": "Glu + Gln", "tNAA": "NAA + NAAG", "outcome": "Glx / tNAA" }`. The key `outcome`
     * is the study's outcome measure (default `outcome.metabolite / outcome.reference`); other keys
     * add to or replace the defaults Glx = Glu + Gln, tNAA = NAA + NAAG, tCr = Cr + PCr. A measure
     * the fit reports itself (a column named like the measure, or like its expression as LCModel
     * names combinations, e.g. "Glu+Gln") is taken from the fit.
     */
    measures: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().min(1)).optional(),
    /** The primary estimand, stated first in the report (default: glutamate, response window, Hills–Armitage). */
    primary: PrimaryEstimand.default(DEFAULT_PRIMARY),
    qc: QcThresholds.default({ max_crlb_pct: 20, max_fwhm_hz: 12, min_snr: 5 }),
    madrs: MadrsScoring.default({ prorate: false, max_missing_items: 1 }),
    /** MRSinMRS items no header carries (coils, VOI location, shimming, ...), for the report. */
    reporting: ReportingDetails.optional(),
    /** Raw route settings (required when sessions bring *_svs.nii[.gz] spectra). */
    raw: RawRouteSettings.optional(),
    /** Seed for every random step (permutations, bootstrap); recorded in the provenance. */
    seed: z.int().min(0).default(20260521),
  })
  .superRefine((s, ctx) => {
    const ids = s.conditions.map((c) => c.id);
    if (ids[0] === ids[1])
      ctx.addIssue({ code: "custom", path: ["conditions"], message: "the two condition ids must differ" });
    if (!ids.includes(s.reference_condition)) {
      ctx.addIssue({
        code: "custom",
        path: ["reference_condition"],
        message: `must be one of the condition ids (${ids.join(", ")})`,
      });
    }
  });
export type StudyConfig = z.infer<typeof StudyConfig>;

/** The condition that is not the reference (the "test" condition, e.g. NTX). */
export function testCondition(study: Pick<StudyConfig, "conditions" | "reference_condition">): string {
  const other = study.conditions.find((c) => c.id !== study.reference_condition);
  if (other === undefined) throw new Error("testCondition(): study has no non-reference condition");
  return other.id;
}
