import type { AcquisitionRecord } from "@fmrs/schema";
import { describeQc, outcomeLabel, qcRules, studyMeasures } from "@fmrs/trial";
import type { ReportContext } from "../context";
import { foldedTable } from "../figure";
import { type Cell, cell, fmt } from "../html";

/** What every checklist item says when neither acquisition.json nor study.json gives it. */
export const NOT_REPORTED = "not reported by the inputs";

interface Item {
  readonly group: string;
  readonly item: string;
  readonly value: string | null;
  readonly source: string;
}

/**
 * One value per session summarised: the distinct values with their session counts, and how many
 * sessions did not report it; null when no session reports it (or there is no acquisition.json).
 */
function acquired(ctx: ReportContext, pick: (r: AcquisitionRecord) => string | null): string | null {
  const sessions = ctx.acquisition?.sessions ?? [];
  const counts = new Map<string, number>();
  let missing = 0;
  for (const s of sessions) {
    const v = pick(s);
    if (v === null) missing += 1;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (counts.size === 0) return null;
  const values = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const only = values[0];
  if (values.length === 1 && missing === 0 && only !== undefined) return only[0];
  const listed = values.map(([v, n]) => `${v} (${n} of ${sessions.length} sessions)`);
  if (missing > 0) listed.push(`${NOT_REPORTED} in ${missing} of ${sessions.length} sessions`);
  return listed.join("; ");
}

const num = (v: number | null, digits: number, unit: string) =>
  v === null ? null : `${fmt(v, digits)} ${unit}`;

/**
 * The MRSinMRS checklist (Lin et al. 2021) with the kinetic (fMRS) items, filled from
 * acquisition.json (the de-identified headers; absent or null on the fitted route), study.json and
 * the time series; every item the inputs do not give says so.
 */
export function checklistSection(ctx: ReportContext): string {
  const st = ctx.study;
  const acq = "acquisition.json";
  const blocksPerSession = [...new Set(ctx.timeseries.map((t) => t.rows.length))].sort((a, b) => a - b);
  const software = ctx.results.provenance.generated_by.map((g) => `${g.Name} ${g.Version}`).join(", ");
  const routes = [...new Set((ctx.acquisition?.sessions ?? []).map((s) => s.route))].sort();
  const rep = st.reporting;
  const given = (group: string, item: string, value: string | undefined): Item =>
    value === undefined
      ? { group, item, value: null, source: "–" }
      : { group, item, value, source: "study.json (reporting)" };
  const items: Item[] = [
    {
      group: "1 Hardware",
      item: "Field strength",
      value: acquired(ctx, (r) => num(r.field_t, 2, "T")),
      source: acq,
    },
    { group: "1 Hardware", item: "Manufacturer", value: acquired(ctx, (r) => r.manufacturer), source: acq },
    { group: "1 Hardware", item: "Scanner model", value: acquired(ctx, (r) => r.model), source: acq },
    {
      group: "1 Hardware",
      item: "Scanner software version",
      value: acquired(ctx, (r) => r.software),
      source: acq,
    },
    given("1 Hardware", "RF coils", rep?.rf_coils),
    given("1 Hardware", "Additional hardware", rep?.additional_hardware),
    { group: "2 Acquisition", item: "Pulse sequence", value: acquired(ctx, (r) => r.sequence), source: acq },
    { group: "2 Acquisition", item: "Nucleus", value: acquired(ctx, (r) => r.nucleus), source: acq },
    given("2 Acquisition", "Volume of interest: location", rep?.voi_location),
    {
      group: "2 Acquisition",
      item: "Volume of interest: nominal size",
      value: acquired(ctx, (r) =>
        r.voxel_mm === null ? null : `${r.voxel_mm.map((v) => fmt(v, 1)).join(" × ")} mm`,
      ),
      source: acq,
    },
    {
      group: "2 Acquisition",
      item: "Repetition time (TR)",
      value: acquired(ctx, (r) => num(r.tr_s === null ? null : r.tr_s * 1000, 0, "ms")),
      source: acq,
    },
    {
      group: "2 Acquisition",
      item: "Echo time (TE)",
      value: acquired(ctx, (r) => num(r.te_s === null ? null : r.te_s * 1000, 1, "ms")),
      source: acq,
    },
    {
      group: "2 Acquisition",
      item: "Spectral width",
      value: acquired(ctx, (r) => num(r.spectral_width_hz, 0, "Hz")),
      source: acq,
    },
    {
      group: "2 Acquisition",
      item: "Spectral points",
      value: acquired(ctx, (r) => (r.points === null ? null : String(r.points))),
      source: acq,
    },
    {
      group: "2 Acquisition",
      item: "Number of acquisitions (higher dimensions)",
      value: acquired(ctx, (r) => r.higher_dims || null),
      source: acq,
    },
    {
      group: "2 Acquisition",
      item: "Water suppression",
      value: acquired(ctx, (r) => (r.water_suppressed === null ? null : r.water_suppressed ? "yes" : "no")),
      source: acq,
    },
    given("2 Acquisition", "Shimming method and acceptance threshold", rep?.shimming),
    given("2 Acquisition", "Motion correction / triggering", rep?.motion_correction),
    {
      group: "2 Acquisition (kinetic)",
      item: "Averaging method and time per point",
      value: `block-wise averaging, blocks of ${fmt(ctx.results.study.block_length_min, 1)} min`,
      source: "study.json",
    },
    { group: "2 Acquisition (kinetic)", item: "Number of averages per time point", value: null, source: "–" },
    {
      group: "2 Acquisition (kinetic)",
      item: "Spectra (blocks) in each session's series",
      value:
        blocksPerSession.length === 0
          ? null
          : `${blocksPerSession.length === 1 ? blocksPerSession[0] : `${blocksPerSession[0]}–${blocksPerSession[blocksPerSession.length - 1]}`} blocks per session, ${ctx.timeseries.length} sessions`,
      source: "time series",
    },
    {
      group: "2 Acquisition (kinetic)",
      item: "Task / design",
      value: `${st.pretreatment.label} at ${fmt(st.pretreatment.time_min, 0)} min; ${st.infusion.label} from ${fmt(st.infusion.onset_min, 0)} min for ${fmt(st.infusion.duration_min, 0)} min; baseline ${fmt(st.baseline_window.start_min, 0)} to ${fmt(st.baseline_window.end_min, 0)} min, response ${fmt(st.response_window.start_min, 0)} to ${fmt(st.response_window.end_min, 0)} min`,
      source: "study.json",
    },
    {
      group: "3 Analysis",
      item: "Spectral fitting software and version",
      value: routes.includes("raw")
        ? acquired(ctx, (r) => (r.route === "raw" ? `fitted by this pipeline (${software})` : null))
        : (rep?.fitting_software ?? null),
      source: routes.includes("raw")
        ? acq
        : rep?.fitting_software === undefined
          ? "–"
          : "study.json (reporting)",
    },
    {
      group: "3 Analysis",
      item: "Input route",
      value: ctx.acquisition === null ? null : acquired(ctx, (r) => `${r.route} route: ${r.format}`),
      source: acq,
    },
    {
      group: "3 Analysis",
      item: "Statistics software",
      value: software || null,
      source: "results.json",
    },
    given("3 Analysis", "Processing deviating from the reference method", rep?.deviations),
    {
      group: "3 Analysis",
      item: "Output measure",
      value: `${outcomeLabel(st)} (not water-scaled), percent change from the session baseline`,
      source: "study.json",
    },
    {
      group: "3 Analysis",
      item: "Quantification reference and assumptions",
      value: `internal reference ${studyMeasures(st).outcome.symbols.slice(1).join(", ") || "none"}; no relaxation or tissue correction applied by the pipeline`,
      source: "study.json",
    },
    {
      group: "4 Data quality",
      item: "SNR and linewidth (with definitions)",
      value: routes.includes("raw")
        ? "per block (see Spectral quality): SNR = height of the fitted NAA peak (1.9–2.1 ppm) over the SD of the real part of the phased data in −2.5 to −0.5 ppm; FWHM (Hz) of the fitted NAA singlet"
        : (rep?.snr_linewidth_definitions ??
          "per block SNR and FWHM (Hz) as the fitting tool reported them (see Spectral quality); their definitions are not reported by the inputs"),
      source: routes.includes("raw")
        ? "this pipeline's fit"
        : rep?.snr_linewidth_definitions === undefined
          ? "time series"
          : "study.json (reporting)",
    },
    {
      group: "4 Data quality",
      item: "Exclusion criteria",
      value: `block excluded when ${describeQc(qcRules(st.qc, studyMeasures(st).crlbOf))}`,
      source: "study.json",
    },
    {
      group: "4 Data quality",
      item: "Fit quality measure",
      value: `CRLB of ${studyMeasures(st).crlbOf} per block`,
      source: "time series",
    },
    {
      group: "4 Data quality",
      item: "Sample spectrum",
      value:
        ctx.spectra.length === 0
          ? null
          : `${ctx.spectra.length} sessions with fitted spectra (see Spectral quality)`,
      source: ctx.spectra.length === 0 ? "–" : "fitted spectra",
    },
  ];
  const rows = items.map((it): readonly Cell[] => [
    cell(it.group),
    cell(it.item),
    it.value === null
      ? { text: NOT_REPORTED, raw: NOT_REPORTED, html: `<span class="not-reported">${NOT_REPORTED}</span>` }
      : cell(it.value),
    cell(it.value === null ? "–" : it.source),
  ]);
  const intro =
    ctx.acquisition === null
      ? '<p class="note">The derivatives hold no acquisition.json, so no acquisition header was available: every hardware and acquisition item says it is not reported by the inputs.</p>'
      : `<p>Acquisition items come from acquisition.json (${ctx.acquisition.sessions.length} sessions, de-identified headers); on the fitted route the headers are not available and those items are not reported.</p>`;
  return `<p>Minimum reporting standards for in vivo MRS (MRSinMRS; Lin et al. 2021) with the items for kinetic (functional) MRS.</p>
${intro}
${foldedTable(ctx, {
  id: "mrsinmrs",
  caption: "MRSinMRS checklist filled from the inputs",
  columns: ["section", "item", "value", "source"],
  rows,
})}`;
}
