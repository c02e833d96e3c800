import { z } from "zod";
import type { ReportContext } from "../context";
import { escapeHtml, fmt, param } from "../html";

/** The references the spectral Methods cite (appended to the Methods' reference list). */
export const SPECTRAL_REFERENCES: readonly { key: string; text: string }[] = [
  {
    key: "Hall et al. 2014",
    text: "Hall EL, Stephenson MC, Price D, Morris PG. Methodology for improved detection of low concentration metabolites in MRS: optimised combination of signals from multi-element coil arrays. NeuroImage. 2014;86:35–42.",
  },
  {
    key: "Klose 1990",
    text: "Klose U. In vivo proton spectroscopy in presence of eddy currents. Magn Reson Med. 1990;14(1):26–30.",
  },
  {
    key: "Near et al. 2015",
    text: "Near J, Edden R, Evans CJ, Paquin R, Harris A, Jezzard P. Frequency and phase drift correction of magnetic resonance spectroscopy data by spectral registration in the time domain. Magn Reson Med. 2015;73(1):44–50.",
  },
  {
    key: "Barkhuijsen et al. 1987",
    text: "Barkhuijsen H, de Beer R, van Ormondt D. Improved algorithm for noniterative time-domain model fitting to exponentially damped magnetic resonance signals. J Magn Reson. 1987;73(3):553–557.",
  },
  {
    key: "Provencher 1993",
    text: "Provencher SW. Estimation of metabolite concentrations from localized in vivo proton NMR spectra. Magn Reson Med. 1993;30(6):672–679.",
  },
  {
    key: "Clarke et al. 2021",
    text: "Clarke WT, Stagg CJ, Jbabdi S. FSL-MRS: An end-to-end spectroscopy analysis package. Magn Reson Med. 2021;85(6):2950–2964.",
  },
  {
    key: "Cavassila et al. 2001",
    text: "Cavassila S, Deval S, Huegen C, van Ormondt D, Graveron-Demilly D. Cramér–Rao bounds: an evaluation tool for quantitation. NMR Biomed. 2001;14(4):278–283.",
  },
];

/** The spectral-fit parameters the raw route records (packages/spectra FIT_DEFAULTS), as far as Methods use them. */
const SpectralFitParameters = z.looseObject({
  method: z.string().optional(),
  ppmRange: z.tuple([z.number(), z.number()]).optional(),
  baselineEdPerPpm: z.number().optional(),
  maxLinewidthHz: z.number().optional(),
  maxMacromoleculeLinewidthHz: z.number().optional(),
  maxAbsShiftPpm: z.number().optional(),
  waterRemoval: z
    .looseObject({
      mode: z.string().optional(),
      method: z.string().optional(),
      bandPpm: z.tuple([z.number(), z.number()]).optional(),
      components: z.number().optional(),
      enabled: z.boolean().optional(),
    })
    .optional(),
  quality: z.looseObject({ maxResidualToNoise: z.number().optional() }).optional(),
});

/** The rejection rule's fixed settings the raw route records (packages/spectra OUTLIER_DEFAULTS). */
const RejectionParameters = z.looseObject({
  ppmRange: z.tuple([z.number(), z.number()]).optional(),
  maxShiftDeviationHz: z.number().optional(),
});

/** The transient-rejection settings a fit recorded (absent in derivatives written before they were recorded). */
export function rejectionSettings(ctx: ReportContext): {
  ppmRange?: [number, number];
  maxShiftDeviationHz?: number;
} {
  for (const f of ctx.fitProvenance) {
    const r = RejectionParameters.safeParse(f.parameters.transient_rejection);
    if (r.success && f.parameters.transient_rejection !== undefined) return r.data;
  }
  return {};
}

/** "over 1.8–4.2 ppm … more than 5 Hz", from the recorded rule, or words without numbers when not recorded. */
export function rejectionRangeText(ctx: ReportContext): { range: string; shift: string } {
  const r = rejectionSettings(ctx);
  return {
    range:
      r.ppmRange === undefined
        ? "over the metabolite range"
        : `over ${recorded("transient_rejection.ppmRange", `${range(r.ppmRange)} ppm`)}`,
    shift:
      r.maxShiftDeviationHz === undefined
        ? "beyond the fit's limit"
        : `more than ${recorded("transient_rejection.maxShiftDeviationHz", `${fmt(r.maxShiftDeviationHz, 0)} Hz`)}`,
  };
}

const RawParameters = z.looseObject({
  basis: z.string().optional(),
  outlier_threshold: z.number().optional(),
  fit_ppm_range: z.tuple([z.number(), z.number()]).optional(),
  averages_per_dynamic: z.number().optional(),
});

/** A value the fit recorded (its sidecar's provenance), marked so a reader can trace it. */
function recorded(path: string, text: string): string {
  return `<span class="param" data-fit="${escapeHtml(path)}">${escapeHtml(text)}</span>`;
}

const range = (r: readonly [number, number]) => `${fmt(Math.min(...r), 1)}–${fmt(Math.max(...r), 1)}`;

/**
 * The spectral-processing paragraph of Methods, generated from what the fit recorded in each
 * session's fitted-blocks sidecar (parameters and sources) and the acquisition summaries: coil
 * combination, eddy-current correction, alignment, the transient-rejection rule, block
 * averaging, residual-water removal (HLSVD band), basis set, fit range, baseline and lineshape,
 * CRLB, and the fit-quality limit. Sessions fitted elsewhere are named as such. Sessions whose
 * recorded parameters differ from the first raw-route session's are counted in a warning.
 */
export function spectralMethods(ctx: ReportContext): string {
  const raw = ctx.fitProvenance.filter((f) => f.parameters.spectral_fit !== undefined);
  const routes = ctx.acquisition?.sessions ?? [];
  const fittedElsewhere = routes.filter((r) => r.route !== "raw").length;
  const head = "<strong>Spectral processing.</strong>";
  if (raw.length === 0) {
    const rep = ctx.study.reporting;
    return `<p>${head} The spectra were not processed by this pipeline: each session came as a time series fitted elsewhere (fitted route${rep?.fitting_software === undefined ? ", software not reported in study.json" : `, ${param("reporting.fitting_software", rep.fitting_software)}`}), so coil combination, alignment, transient rejection, water removal, basis set, fit range, baseline and lineshape are those of that software and are not reported by the inputs.</p>`;
  }
  const first = raw[0] as (typeof raw)[number];
  const sf = SpectralFitParameters.safeParse(first.parameters.spectral_fit);
  const rp = RawParameters.safeParse(first.parameters.raw);
  const fit = sf.success ? sf.data : {};
  const rawp = rp.success ? rp.data : {};
  const differing = raw.filter(
    (f) =>
      JSON.stringify(f.parameters.spectral_fit) !== JSON.stringify(first.parameters.spectral_fit) ||
      JSON.stringify(f.parameters.raw) !== JSON.stringify(first.parameters.raw),
  ).length;
  if (differing > 0)
    ctx.notes.push(
      `${differing} raw-route sessions were fitted with parameters that differ from ${first.participant_id} ${first.session_id}'s; the spectral Methods state the latter's`,
    );
  const withWater = raw.filter((f) => f.sources.some((s) => /_mrsref\.nii(\.gz)?$/.test(s.path))).length;
  const coils = [
    ...new Set(
      routes
        .filter((r) => r.route === "raw")
        .map((r) => /DIM_COIL=(\d+)/.exec(r.higher_dims)?.[1])
        .filter((c): c is string => c !== undefined),
    ),
  ];
  const basisDir = rawp.basis ?? ctx.study.raw?.basis ?? "";
  const members = [
    ...new Set(
      first.sources
        .map((s) => s.path.replace(/^bids::/, ""))
        .filter((p) => basisDir !== "" && p.startsWith(`${basisDir}/`))
        .map((p) => p.slice(basisDir.length + 1).replace(/\.(json|basis)$/i, "")),
    ),
  ].sort();
  const parts: string[] = [];
  parts.push(
    `${raw.length} session${raw.length === 1 ? "" : "s"} came as raw dynamic NIfTI-MRS and were processed by this pipeline${fittedElsewhere > 0 ? ` (${fittedElsewhere} others came fitted elsewhere)` : ""}.`,
  );
  parts.push(
    coils.length === 0 || coils.every((c) => c === "1")
      ? "The data had no coil dimension (already coil-combined)."
      : `The ${coils.join(" or ")} receive-coil signals were combined with weights from ${withWater === raw.length ? "the unsuppressed water reference" : withWater === 0 ? "the first transient" : `the water reference (${withWater} sessions) or the first transient (the others)`} (Hall et al. 2014).`,
  );
  if (withWater > 0)
    parts.push(
      `${withWater === raw.length ? "Every" : `In ${withWater} sessions, every`} transient was eddy-current corrected with the water reference's phase (Klose 1990).`,
    );
  parts.push(
    "Transients were aligned in frequency and phase to their mean by spectral registration in the time domain (Near et al. 2015).",
  );
  const threshold = rawp.outlier_threshold;
  const rule = rejectionRangeText(ctx);
  parts.push(
    `A transient was rejected when its squared distance from the point-wise median spectrum ${rule.range} had a robust z-score (median, 1.4826·MAD) above ${threshold === undefined ? "the default threshold" : param("raw.outlier_threshold", threshold, fmt(threshold, 1))}, or when its frequency correction lay ${rule.shift} from the session's median; each decision and its reason is in the <a href="#transients">transients table</a>.`,
  );
  parts.push(
    `The kept transients were averaged in blocks of ${param("block_length_min", ctx.study.block_length_min, fmt(ctx.study.block_length_min, 1))} min${rawp.averages_per_dynamic === undefined ? "" : ` (each stored dynamic the average of ${recorded("raw.averages_per_dynamic", String(rawp.averages_per_dynamic))} acquisitions unless the header says otherwise)`}.`,
  );
  const w = fit.waterRemoval;
  if (w !== undefined && w.enabled !== false) {
    parts.push(
      `Residual water was removed from each block before fitting by ${recorded("spectral_fit.waterRemoval.method", w.method ?? "HLSVD")} (Barkhuijsen et al. 1987): the components of a ${recorded("spectral_fit.waterRemoval.components", String(w.components ?? ""))}-component state-space model with frequencies in ${recorded("spectral_fit.waterRemoval.bandPpm", w.bandPpm === undefined ? "the water band" : `${range(w.bandPpm)} ppm`)} were subtracted${w.mode === "auto" ? ", when the water band's peak exceeded the NAA region's" : ""}.`,
    );
  } else {
    parts.push("No residual-water removal was applied.");
  }
  const fitRange = rawp.fit_ppm_range ?? fit.ppmRange;
  parts.push(
    `Each block was fitted as a linear combination of ${members.length === 0 ? "the basis spectra" : `${members.length} basis spectra (${members.map(escapeHtml).join(", ")})`} from ${param("raw.basis", basisDir)}, resampled to the data, over ${fitRange === undefined ? "the default range" : recorded("raw.fit_ppm_range", `${range(fitRange)} ppm`)} (LCModel's approach, Provencher 1993; as FSL-MRS, Clarke et al. 2021): ${escapeHtml(fit.method ?? "method not recorded")}.`,
  );
  parts.push(
    `The baseline was a complex Legendre series with a roughness penalty set to ${fit.baselineEdPerPpm === undefined ? "its default flexibility" : `${recorded("spectral_fit.baselineEdPerPpm", fmt(fit.baselineEdPerPpm, 1))} effective parameters per ppm`}; the lineshape a Voigt line per group (metabolites; macromolecules and lipids) with Lorentzian and Gaussian broadening of at most ${fit.maxLinewidthHz === undefined ? "the default" : `${recorded("spectral_fit.maxLinewidthHz", fmt(fit.maxLinewidthHz, 0))} Hz`}, a frequency shift of at most ${fit.maxAbsShiftPpm === undefined ? "the default" : `${recorded("spectral_fit.maxAbsShiftPpm", fmt(fit.maxAbsShiftPpm, 2))} ppm`}, and zero- and first-order phase.`,
  );
  const rtn = fit.quality?.maxResidualToNoise;
  parts.push(
    `Uncertainties are Cramér–Rao lower bounds from the Fisher information (Cavassila et al. 2001). SNR is the height of the fitted NAA peak (1.9–2.1 ppm) over the SD of the real part of the phased data in −2.5 to −0.5 ppm; FWHM is the fitted NAA singlet's; fit quality is the SD of the residual over the fit range over the noise SD${rtn === undefined ? "" : `, and a block above ${recorded("spectral_fit.quality.maxResidualToNoise", fmt(rtn, 1))} is named as a fit problem (and fails QC)`}. Their distributions and time courses are in <a href="#spectral-quality">Spectral quality</a>.`,
  );
  return `<p>${head} ${parts.join(" ")}</p>`;
}
