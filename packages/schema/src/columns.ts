import type { z } from "zod";

/**
 * BIDS column description of one column of a tabular output (the JSON sidecar's entry for it):
 * what it holds, its unit where it has one (BIDS `Units`, SI-style symbols), and its levels where
 * it is categorical.
 */
export interface ColumnDescription {
  readonly LongName?: string;
  readonly Description: string;
  readonly Units?: string;
  readonly Levels?: Readonly<Record<string, string>>;
}

/**
 * The data dictionary of every column the pipeline's tables use (the same name means the same
 * thing in every table). Metabolite amounts are in the units the fit produced: institutional
 * units from a fit with a water reference, otherwise the fit's arbitrary scale; ratios have none.
 */
export const COLUMN_DICTIONARY: Readonly<Record<string, ColumnDescription>> = {
  participant_id: { Description: "Participant label, sub-<label>, as in the study's participants.tsv" },
  session_id: { Description: "Session label, ses-<label>, as in the study's sessions files" },
  sex: { Description: "Sex of the participant", Levels: { F: "female", M: "male" } },
  age: { Description: "Age at the first session", Units: "year" },
  sequence: {
    Description:
      "Crossover sequence: the condition in period 1, then in period 2, joined by '-' (e.g. PBO-NTX)",
  },
  period: { Description: "Crossover period of the session (1 = first session, 2 = second)" },
  condition: { Description: "Pretreatment condition of the session (condition ids of study.json)" },
  mrs_route: {
    Description: "How the session's MRS reached the pipeline",
    Levels: {
      raw: "raw NIfTI-MRS spectra, fitted by the pipeline",
      fitted: "a time series fitted elsewhere (*_glx.tsv or an LCModel manifest)",
      none: "no MRS for this session",
    },
  },
  mrs_adapter: {
    Description: "The adapter that reads the session's MRS input, chosen at ingest from its file name",
    Levels: {
      "nifti-mrs": "raw NIfTI-MRS spectra (*_svs.nii[.gz]), fitted by the pipeline",
      "tidy-tsv": "a tidy block table fitted elsewhere (*_glx.tsv)",
      lcmodel: "an LCModel manifest naming one .table per block (*_lcmodel.tsv)",
    },
  },
  mrs_file: { Description: "The session's MRS input, relative to the study folder; n/a when none" },
  timepoint: {
    Description: "When the MADRS was rated",
    Levels: { pre: "before the infusion", "24h": "about 24 h after the infusion" },
  },
  total: {
    LongName: "MADRS total",
    Description: "MADRS total score (0–60); n/a when items are missing and prorating is off or not enough",
  },
  n_items: { Description: "Number of the 10 MADRS items that were rated" },
  prorated: { Description: "Whether the total was prorated from the rated items" },
  block: { Description: "MRS block number within the session (1 = first block)" },
  t_start_s: { Description: "Block start, from the infusion onset (negative = before)", Units: "s" },
  t_end_s: { Description: "Block end, from the infusion onset", Units: "s" },
  t_mid_min: { Description: "Block midpoint, from the infusion onset", Units: "min" },
  phase: {
    Description: "Infusion phase of the block, by its start time",
    Levels: {
      baseline: "before the infusion onset",
      infusion: "during the infusion",
      post: "after the infusion",
    },
  },
  outcome: {
    Description:
      "The study's outcome measure (study.json measures.outcome, default outcome metabolite / reference, e.g. Glx / tNAA); unitless for a ratio",
  },
  outcome_crlb_pct: {
    LongName: "Cramér–Rao lower bound",
    Description:
      "CRLB of the QC measure (study.json qc.crlb_of, default the outcome's first name), as a percentage of its amount",
    Units: "%",
  },
  metabolite: {
    Description:
      "Metabolite (or sum) as the fit names it, e.g. Glu, NAA, LCModel's Glu+Gln; n/a for a block the fit gave no values",
  },
  amplitude: {
    Description:
      "Fitted amount of the metabolite, in the fit's units (institutional units or arbitrary scale)",
  },
  crlb_pct: {
    LongName: "Cramér–Rao lower bound",
    Description: "CRLB of the metabolite's amount, as a percentage of it",
    Units: "%",
  },
  problems: {
    Description:
      "Named problems of the block found by the fit or its input (e.g. every transient rejected, an LCModel error), joined by '; '; they fail QC",
  },
  residual_to_noise: {
    Description:
      "Fit quality: residual SD over the spectral noise SD (1 = noise only); n/a when fitted elsewhere",
  },
  measure: {
    Description: "A study measure, named as study.json measures names it (e.g. Glx, tNAA, outcome)",
  },
  value: {
    Description:
      "The measure's value on the block (a mathjs expression of the fitted amounts); n/a when an input is missing",
  },
  fwhm_hz: { Description: "Linewidth (full width at half maximum) of the block's spectrum", Units: "Hz" },
  snr: {
    Description: "Signal-to-noise ratio of the block's spectrum (as the fitting tool defines it); unitless",
  },
  qc_pass: {
    Description:
      "Whether the block passed QC: no fit problem, outcome present, CRLB, FWHM and SNR within the study's thresholds",
  },
  qc_reason: { Description: "Why the block failed QC, reasons joined by '; '; empty when it passed" },
  pct_change: {
    Description:
      "100·(outcome − session baseline mean)/baseline mean; n/a when the block failed QC or no baseline",
    Units: "%",
  },
  mrs_available: { Description: "Whether the session has MRS" },
  n_blocks_baseline: { Description: "QC-passed blocks in the baseline window" },
  n_blocks_response: { Description: "QC-passed blocks in the response window" },
  n_blocks_post: { Description: "QC-passed blocks in the post-infusion window" },
  n_blocks_failed_qc: { Description: "Blocks of the session that failed QC" },
  baseline_mean: { Description: "Mean outcome ratio over the baseline window; unitless" },
  response_mean: { Description: "Mean outcome ratio over the response window; unitless" },
  post_mean: { Description: "Mean outcome ratio over the post-infusion window; unitless" },
  glx_pct_change: {
    Description: "100·(response mean − baseline mean)/baseline mean of the outcome ratio",
    Units: "%",
  },
  glx_post_pct_change: {
    Description: "100·(post-infusion mean − baseline mean)/baseline mean of the outcome ratio",
    Units: "%",
  },
  madrs_pre: { Description: "MADRS total before the infusion (0–60)" },
  madrs_24h: { Description: "MADRS total about 24 h after the infusion (0–60)" },
  madrs_change: { Description: "madrs_24h − madrs_pre (negative = improvement)" },
  madrs_pct_change: { Description: "100·madrs_change/madrs_pre", Units: "%" },
  ppm: { Description: "Chemical shift of the spectral point", Units: "ppm" },
  data: { Description: "Real part of the phased, frequency-corrected block spectrum (spectrum units)" },
  fit: { Description: "Real part of the fitted model (metabolites + baseline), same units as data" },
  baseline: { Description: "Real part of the fitted baseline, same units as data" },
  transient: { Description: "Index of the stored transient (DIM_DYN entry) in acquisition order, from 0" },
  kept: { Description: "Whether the transient was kept (true) or rejected as an outlier (false)" },
  reason: { Description: "Why the transient was rejected; empty when kept" },
  shift_hz: { Description: "Frequency correction applied by spectral registration", Units: "Hz" },
  phase_rad: { Description: "Zero-order phase correction applied by spectral registration", Units: "rad" },
  group: {
    Description: "Group of the participant (belief-updating study)",
    Levels: {
      patient: "treatment-resistant depression, received ketamine",
      control: "healthy control, no ketamine",
    },
  },
  time_point: {
    Description: "Time point of the belief-updating session",
    Levels: {
      pre: "about 24 h before the first infusion (controls: first session)",
      "4h": "about 4 h after the first infusion (patients only)",
      "1wk":
        "one week after the first infusion, 4 h after the third (controls: second session, a week later)",
    },
  },
  days_from_first_infusion: {
    Description: "Days from the first infusion (controls: from their first session)",
    Units: "d",
  },
  beh_file: {
    Description: "The session's belief-update task file, relative to the study folder; n/a when none",
  },
  madrs_total: { LongName: "MADRS total", Description: "MADRS total score (0–60); n/a when not rated" },
  trial: { Description: "Trial number within the session (1 = first)" },
  event_id: { Description: "Adverse life event shown on the trial (the task's event number)" },
  first_estimate: { Description: "First estimate of one's own risk of the event", Units: "%" },
  base_rate: { Description: "Base rate of the event shown after the first estimate", Units: "%" },
  second_estimate: {
    Description: "Second estimate of one's own risk, after seeing the base rate",
    Units: "%",
  },
  estimation_error: {
    Description: "first_estimate − base_rate (positive = good news for an adverse event)",
    Units: "%",
  },
  rt_first: { Description: "Response time of the first estimate; n/a when not recorded", Units: "s" },
  rt_second: { Description: "Response time of the second estimate; n/a when not recorded", Units: "s" },
  news: {
    Description: "News of the trial for an adverse event; n/a when the estimation error is 0 or unknown",
    Levels: {
      good: "base rate lower than the first estimate",
      bad: "base rate higher than the first estimate",
    },
  },
  update: {
    Description:
      "Change of estimate towards the base rate: first − second for good news, second − first for bad news (negative = away from it)",
    Units: "%",
  },
  excluded: { Description: "Whether the trial is left out of the update measures and the learning-rate fit" },
  exclusion_reason: {
    Description: "Why the trial was excluded (the first reason that applies); n/a when used",
    Levels: {
      missing_first_estimate: "no first estimate",
      missing_base_rate: "no base rate",
      missing_second_estimate: "no second estimate",
      out_of_range: "an estimate or base rate outside the allowed range",
      no_estimation_error: "first estimate equal to the base rate: no news",
    },
  },
  n_trials: { Description: "Trials of the session (learning-rate table: trials used by the fit)" },
  n_used: { Description: "Trials of the session used in the update measures" },
  n_good: { Description: "Used good-news trials of the session" },
  n_bad: { Description: "Used bad-news trials of the session" },
  n_excluded: { Description: "Excluded trials of the session" },
  n_missing_first_estimate: { Description: "Trials excluded for a missing first estimate" },
  n_missing_base_rate: { Description: "Trials excluded for a missing base rate" },
  n_missing_second_estimate: { Description: "Trials excluded for a missing second estimate" },
  n_out_of_range: { Description: "Trials excluded for a value outside the allowed range" },
  n_no_estimation_error: { Description: "Trials excluded because the first estimate equalled the base rate" },
  mean_update_good: { Description: "Mean update after good news", Units: "%" },
  mean_update_bad: { Description: "Mean update after bad news", Units: "%" },
  mean_abs_error_good: { Description: "Mean |estimation error| of the used good-news trials", Units: "%" },
  mean_abs_error_bad: { Description: "Mean |estimation error| of the used bad-news trials", Units: "%" },
  update_bias: { Description: "mean_update_good − mean_update_bad (positive = optimistic bias)", Units: "%" },
  alpha_good: {
    LongName: "learning rate, good news",
    Description:
      "Maximum-likelihood learning rate after good news: update = α·|estimation error| + noise (Kuzmanovic & Rigoux 2017); n/a when not estimable",
  },
  alpha_bad: {
    LongName: "learning rate, bad news",
    Description: "Maximum-likelihood learning rate after bad news; n/a when not estimable",
  },
  se_good: { Description: "Standard error of alpha_good (observed information); n/a at a bound" },
  se_bad: { Description: "Standard error of alpha_bad (observed information); n/a at a bound" },
  asymmetry: { Description: "alpha_good − alpha_bad (positive = learning more from good news)" },
  se_asymmetry: { Description: "Standard error of the asymmetry" },
  sigma: { Description: "Response noise SD of the update", Units: "%" },
  se_sigma: { Description: "Standard error of sigma", Units: "%" },
  nll: { Description: "Negative log-likelihood of the session's fit at its estimate" },
  at_bound_good: { Description: "Whether alpha_good lies at a bound of the fit" },
  at_bound_bad: { Description: "Whether alpha_bad lies at a bound of the fit" },
  converged: { Description: "Whether the estimate is the likelihood's maximum within the bounds" },
  model_problems: { Description: "Problems the fit named, joined by '; '; empty when none" },
};

/**
 * The BIDS data dictionary of a table's columns, in the schema's column order. Throws a TypeError
 * naming a column that the dictionary does not describe (so no output goes out undocumented).
 */
export function columnDictionary(schema: z.ZodObject): Record<string, ColumnDescription> {
  return Object.fromEntries(
    Object.keys(schema.shape).map((name) => {
      const entry = COLUMN_DICTIONARY[name];
      if (entry === undefined) throw new TypeError(`columnDictionary(): column ${name} has no description`);
      return [name, entry];
    }),
  );
}
