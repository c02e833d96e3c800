import {
  type QcPanel,
  qcDistributions,
  qcTimeCourses,
  spectrumBands,
  spectrumThumbnails,
  spectrumThumbnailsHeight,
  type TimeCoursePanel,
} from "@fmrs/charts";
import { OUTPUTS } from "@fmrs/pipeline";
import type { BlockOutcomeRow, TransientRow } from "@fmrs/schema";
import { studyMeasures } from "@fmrs/trial";
import { conditionLabel, type ReportContext } from "../context";
import { CHART_WIDTH, figure, foldedTable, numberedTable } from "../figure";
import { type Cell, cell, escapeHtml, fmt, valueCell } from "../html";
import { rejectionRangeText } from "./methodsSpectral";
import {
  blockSummaries,
  interpolateDescending,
  meanSd,
  peakHeight,
  type QualityMeasure,
  qualityOutliers,
  residualByBlock,
  residualSd,
  type SessionSpectrum,
  sessionQuality,
  sessionSpectrum,
} from "./spectralSummaries";

/** The NAA singlet window used to scale spectra (ppm). */
const NAA_WINDOW: readonly [number, number] = [1.9, 2.1];

function measures(ctx: ReportContext): QualityMeasure[] {
  const crlbOf = studyMeasures(ctx.study).crlbOf;
  return [
    { key: "fwhm_hz", label: "NAA linewidth, FWHM (Hz)", short: "FWHM (Hz)", worse: "high" },
    { key: "snr", label: "SNR (NAA)", short: "SNR", worse: "low" },
    { key: "crlb_pct", label: `CRLB of ${crlbOf} (%)`, short: `${crlbOf} CRLB (%)`, worse: "high" },
    {
      key: "residual_to_noise",
      label: "Fit quality: residual SD / noise SD",
      short: "residual / noise",
      worse: "high",
    },
  ];
}

/** The fit's own limit of residual-to-noise, from the parameters it recorded (raw route), or null. */
function residualLimit(ctx: ReportContext): number | null {
  for (const f of ctx.fitProvenance) {
    const q = (f.parameters.spectral_fit as { quality?: { maxResidualToNoise?: unknown } } | undefined)
      ?.quality?.maxResidualToNoise;
    if (typeof q === "number") return q;
  }
  return null;
}

function conditionIds(ctx: ReportContext): string[] {
  return ctx.conditions.map((c) => c.id);
}

function distributionsFigure(ctx: ReportContext): string {
  const ms = measures(ctx);
  const sessions = sessionQuality(ctx.timeseries, ctx.fitBlocks);
  const outliers = qualityOutliers(sessions, ms, conditionIds(ctx));
  const isOut = (p: string, s: string, key: string) =>
    outliers.some((o) => o.participant_id === p && o.session_id === s && o.measure.key === key);
  const qc = ctx.study.qc;
  const thresholds: Record<QualityMeasure["key"], { value: number; label: string } | null> = {
    fwhm_hz: { value: qc.max_fwhm_hz, label: "QC limit" },
    snr: { value: qc.min_snr, label: "QC limit" },
    crlb_pct: { value: qc.max_crlb_pct, label: "QC limit" },
    residual_to_noise:
      residualLimit(ctx) === null ? null : { value: residualLimit(ctx) ?? 0, label: "fit limit" },
  };
  const panels: QcPanel[] = ms
    .filter((m) => sessions.some((s) => s[m.key] !== null))
    .map((m) => ({
      label: m.short,
      threshold: thresholds[m.key],
      values: sessions.map((s) => ({
        condition: s.condition,
        value: s[m.key],
        id: `${s.participant_id}/${s.session_id}`,
      })),
    }));
  const svg = qcDistributions(
    { conditions: ctx.conditions, panels },
    {
      width: CHART_WIDTH,
      height: 300,
      title: "Spectral quality by condition: linewidth, SNR, CRLB and fit quality per session",
      description:
        "One panel per quality measure; in each, per condition a box (quartiles, median, whiskers to 1.5 IQR) and every session's median over its blocks as a marker; hollow large markers are outliers beyond the fences; the dashed line is the QC limit.",
      idPrefix: "fig-qc-distributions",
    },
  );
  const shown = ms.filter((m) => panels.some((p) => p.label === m.short));
  return figure(ctx, {
    id: "fig-qc-distributions",
    svg,
    legend: ctx.conditions,
    caption: `Spectral quality per session by condition: ${shown.map((m) => escapeHtml(m.label)).join("; ")}. Each marker is one session's median over its blocks (from <code>${escapeHtml(OUTPUTS.outcomeBlocks.file)}</code>${ctx.fitBlocks.length === 0 ? "" : ` and each session's <code>desc-fit_blocks.arrow</code>`}); boxes show quartiles and median, whiskers reach the last value within 1.5 IQR (Tukey), hollow large markers lie beyond the fences (flagged sessions, listed in the table of flagged sessions; flags exclude nothing). Dashed lines: the QC limits of study.json${thresholds.residual_to_noise === null ? "" : " and the fit's own residual limit"}. SNR is the fitted NAA peak height over the noise SD; FWHM is the NAA singlet's; fit quality is the SD of the fit residual over the SD of the noise (1 = residual is noise only).`,
    table: {
      id: "data-qc-distributions",
      caption: "per-session medians of the block quality measures, with outlier flags",
      columns: [
        "participant",
        "session",
        "condition",
        "blocks",
        "blocks failing QC",
        ...ms.map((m) => `median ${m.short}`),
        "flagged (measure)",
      ],
      rows: sessions.map((s): readonly Cell[] => [
        cell(s.participant_id),
        cell(s.session_id),
        cell(conditionLabel(ctx, s.condition)),
        cell(String(s.blocks), s.blocks),
        cell(String(s.failed), s.failed),
        valueCell(s.fwhm_hz, 2),
        valueCell(s.snr, 1),
        valueCell(s.crlb_pct, 1),
        valueCell(s.residual_to_noise, 2),
        cell(
          ms
            .filter((m) => isOut(s.participant_id, s.session_id, m.key))
            .map((m) => m.short)
            .join("; ") || "–",
        ),
      ]),
      empty: "No session has blocks in the derivatives.",
    },
  });
}

function timeCourseFigure(ctx: ReportContext): string {
  const ms = measures(ctx);
  const ids = conditionIds(ctx);
  const rtn = new Map<string, Map<number, number | null>>();
  for (const f of ctx.fitBlocks) rtn.set(`${f.participant_id}/${f.session_id}`, residualByBlock(f.rows));
  const measureOf: Record<QualityMeasure["key"], (r: BlockOutcomeRow) => number | null | undefined> = {
    fwhm_hz: (r) => r.fwhm_hz,
    snr: (r) => r.snr,
    crlb_pct: (r) => r.outcome_crlb_pct,
    residual_to_noise: (r) => rtn.get(`${r.participant_id}/${r.session_id}`)?.get(r.block),
  };
  const outcomeLabel = `${ctx.results.study.outcome_label} change from baseline (%)`;
  const rows: { label: string; key: string; summaries: ReturnType<typeof blockSummaries> }[] = [
    {
      label: outcomeLabel,
      key: "pct_change",
      summaries: blockSummaries(ctx.blocks, ids, (r) => r.pct_change),
    },
    ...ms.map((m) => ({
      label: m.label,
      key: m.key,
      summaries: blockSummaries(ctx.blocks, ids, measureOf[m.key]),
    })),
  ].filter((p) => p.summaries.some((s) => s.mean !== null));
  const panels: TimeCoursePanel[] = rows.map((p, i) => ({
    label: `${p.label}, mean ± SD`,
    zeroLine: i === 0 && p.key === "pct_change",
    series: ids.map((c) => ({
      condition: c,
      points: p.summaries
        .filter((s) => s.condition === c)
        .map((s) => ({
          t_mid_min: s.t_mid_min,
          mean: s.mean,
          ci_low: s.mean !== null && s.sd !== null ? s.mean - s.sd : null,
          ci_high: s.mean !== null && s.sd !== null ? s.mean + s.sd : null,
        })),
    })),
  }));
  const st = ctx.results.study;
  const svg = qcTimeCourses(
    {
      conditions: ctx.conditions,
      panels,
      infusion: {
        start_min: st.infusion_onset_min,
        end_min: st.infusion_onset_min + st.infusion_duration_min,
        label: "Infusion",
      },
    },
    {
      width: CHART_WIDTH,
      height: 60 + panels.length * 102,
      title: `Time courses across the infusion: ${ctx.results.study.outcome_label} change beside linewidth, SNR, CRLB and fit quality`,
      description:
        "Stacked panels on one time axis (minutes from infusion onset); per condition the mean over sessions of each QC-passing block with a ± 1 SD band; the infusion is shaded.",
      idPrefix: "fig-qc-timecourse",
    },
  );
  const tableRows = rows.flatMap((p) =>
    p.summaries.map((s): readonly Cell[] => [
      cell(p.label),
      cell(conditionLabel(ctx, s.condition)),
      cell(String(s.block), s.block),
      valueCell(s.t_mid_min, 1),
      cell(String(s.n), s.n),
      valueCell(s.mean, 3),
      valueCell(s.sd, 3),
    ]),
  );
  return figure(ctx, {
    id: "fig-qc-timecourse",
    svg,
    legend: ctx.conditions,
    caption: `Block time courses per condition across the infusion (shaded): the outcome's percent change from baseline (top) beside the NAA linewidth, SNR, CRLB and fit quality of the same blocks, on one time axis. Lines are means over sessions of the blocks that passed QC (the blocks every analysis uses), bands ± 1 SD between sessions (descriptive; the inferential glutamate time course with its CIs is in the Glutamate section). Infusion raises blood flow: a BOLD-driven narrowing of the lines (lower FWHM, higher SNR) in one condition can mimic a change in the outcome, so read the top panel against the linewidth panel below it.`,
    table: {
      id: "data-qc-timecourse",
      caption: "mean and SD over sessions of each measure per condition and block (QC-passing blocks)",
      columns: ["measure", "condition", "block", "mid-time (min)", "sessions", "mean", "SD"],
      rows: tableRows,
      empty: "No blocks in the derivatives.",
    },
  });
}

/** Session spectra (mean over QC-passing blocks), keyed by "sub/ses". */
function sessionSpectra(ctx: ReportContext): SessionSpectrum[] {
  return ctx.spectra.flatMap((t) => {
    const series = ctx.timeseries.find(
      (s) => s.participant_id === t.participant_id && s.session_id === t.session_id,
    );
    const passing =
      series === undefined ? null : new Set(series.rows.filter((r) => r.qc_pass).map((r) => r.block));
    const s = sessionSpectrum(t, passing);
    return s === null ? [] : [s];
  });
}

function conditionOfSession(ctx: ReportContext, p: string, s: string): string {
  return (
    ctx.outcomes.find((o) => o.participant_id === p && o.session_id === s)?.condition ??
    ctx.blocks.find((b) => b.participant_id === p && b.session_id === s)?.condition ??
    ""
  );
}

function meanSpectrumFigure(ctx: ReportContext, spectra: readonly SessionSpectrum[]): string {
  const grid = spectra[0]?.ppm ?? [];
  const ids = conditionIds(ctx);
  const scaled = spectra.flatMap((s) => {
    const h = peakHeight(s, NAA_WINDOW[0], NAA_WINDOW[1]);
    if (h === null || !(h > 0)) return [];
    return [
      {
        condition: conditionOfSession(ctx, s.participant_id, s.session_id),
        values: grid.map((p) => {
          const v = interpolateDescending(s.ppm, s.data, p);
          return v === null ? null : v / h;
        }),
      },
    ];
  });
  const bands = ids.map((c) => {
    const group = scaled.filter((s) => s.condition === c);
    const stats = grid.map((_, i) =>
      meanSd(group.map((g) => g.values[i]).filter((v): v is number => v !== null && v !== undefined)),
    );
    return { condition: c, n: group.length, mean: stats.map((x) => x.mean), sd: stats.map((x) => x.sd) };
  });
  const svg = spectrumBands(
    {
      conditions: ctx.conditions,
      ppm: grid,
      bands,
      peaks: [
        { ppm: 3.75, label: "Glx" },
        { ppm: 3.21, label: "tCho" },
        { ppm: 3.03, label: "tCr" },
        { ppm: 2.35, label: "Glu" },
        { ppm: 2.01, label: "NAA" },
      ],
      yLabel: "Signal / NAA height",
    },
    {
      width: CHART_WIDTH,
      height: 300,
      title: "Mean spectrum ± SD per condition",
      description:
        "Each session's spectrum (mean of its QC-passing blocks, real part) scaled to its fitted NAA peak height; per condition the mean over sessions and a ± 1 SD band, reversed ppm axis.",
      idPrefix: "fig-mean-spectrum",
    },
  );
  const rows = grid.map((p, i): readonly Cell[] => [
    valueCell(p, 4),
    ...bands.flatMap((b) => [valueCell(b.mean[i], 4), valueCell(b.sd[i], 4)]),
  ]);
  return figure(ctx, {
    id: "fig-mean-spectrum",
    svg,
    legend: ctx.conditions,
    caption: `Mean spectrum ± 1 SD per condition (${bands.map((b) => `${escapeHtml(conditionLabel(ctx, b.condition))}: ${b.n} sessions`).join("; ")}). Each session's spectrum is the mean of its QC-passing blocks' phased spectra (real part, from <code>${escapeHtml(OUTPUTS.fitSpectra.file)}</code>), scaled to the height of its fitted NAA peak (${NAA_WINDOW[0]}–${NAA_WINDOW[1]} ppm) so that sessions of different receiver gain compare; a wide band shows where sessions disagree (lipids, residual water, baseline).`,
    table: {
      id: "data-mean-spectrum",
      caption: "mean and SD per condition of the NAA-scaled session spectra",
      columns: [
        "ppm",
        ...bands.flatMap((b) => [
          `${conditionLabel(ctx, b.condition)} mean`,
          `${conditionLabel(ctx, b.condition)} SD`,
        ]),
      ],
      rows,
    },
  });
}

/** Most thumbnails in one figure: 7 rows of 4 fit one printed page. */
const THUMBNAILS_PER_FIGURE = 15;

/**
 * The fit thumbnails of every session with spectra: one figure per condition (several when a
 * condition has more sessions than fit on a printed page), each panel a session.
 */
function thumbnailsFigures(
  ctx: ReportContext,
  spectra: readonly SessionSpectrum[],
  distributionsNo: number,
): string[] {
  const outliers = qualityOutliers(
    sessionQuality(ctx.timeseries, ctx.fitBlocks),
    measures(ctx),
    conditionIds(ctx),
  );
  const flagged = (p: string, s: string) =>
    outliers.some((o) => o.participant_id === p && o.session_id === s);
  const lo = Math.min(...spectra.flatMap((s) => [s.ppm[s.ppm.length - 1] ?? 0]));
  const hi = Math.max(...spectra.flatMap((s) => [s.ppm[0] ?? 0]));
  const columns = 5;
  const known = conditionIds(ctx);
  const groups = [...known, ""].flatMap((c) => {
    const members = spectra.filter((s) => {
      const cond = conditionOfSession(ctx, s.participant_id, s.session_id);
      return c === "" ? !known.includes(cond) : cond === c;
    });
    const chunks: SessionSpectrum[][] = [];
    for (let i = 0; i < members.length; i += THUMBNAILS_PER_FIGURE)
      chunks.push(members.slice(i, i + THUMBNAILS_PER_FIGURE));
    return chunks.map((chunk, k) => ({ condition: c, chunk, part: k + 1, parts: chunks.length }));
  });
  return groups.map((g, gi) => {
    const id = gi === 0 ? "fig-fit-thumbnails" : `fig-fit-thumbnails-${gi + 1}`;
    const name = g.condition === "" ? "sessions without a condition" : conditionLabel(ctx, g.condition);
    const part = g.parts > 1 ? ` (part ${g.part} of ${g.parts})` : "";
    const panels = g.chunk.map((s) => ({
      id: `${s.participant_id}/${s.session_id}`,
      label: `${s.participant_id} ${s.session_id}`,
      ppm: s.ppm,
      data: s.data,
      fit: s.fit,
      flagged: flagged(s.participant_id, s.session_id),
    }));
    const svg = spectrumThumbnails(
      { panels, ppmRange: [hi, lo] },
      {
        width: CHART_WIDTH,
        height: spectrumThumbnailsHeight(panels.length, CHART_WIDTH, columns),
        columns,
        title: `Fit of every session with spectra: ${name}${part}, ${panels.length} sessions`,
        description:
          "One small panel per session: mean spectrum of its QC-passing blocks (grey), the mean fit (vermillion, dashed) and the residual (black, below); flagged sessions have a dashed vermillion frame.",
        idPrefix: id,
      },
    );
    return figure(ctx, {
      id,
      svg,
      caption: `Fit of every session with spectra, ${escapeHtml(name)}${escapeHtml(part)} (${panels.length} of the ${spectra.length} sessions with spectra), ${fmt(hi, 1)}–${fmt(lo, 1)} ppm: the mean over the session's QC-passing blocks of the phased data (grey), of the fit (vermillion, dashed) and of the residual data − fit (black, offset below; the mean residual is the residual of the mean), each panel on its own vertical scale. Structure left in a residual (a peak, a wave) shows what the model missed. Panels with a dashed vermillion frame are sessions flagged as outliers in Figure ${distributionsNo}. Traces are thinned to at most 96 points by min–max decimation, which keeps every peak's extremes.`,
      table: {
        id: `data-${id}`,
        caption: "per session: blocks averaged, fitted NAA height, residual SD (same units) and their ratio",
        columns: [
          "participant",
          "session",
          "condition",
          "blocks averaged",
          "QC-passing only",
          "NAA height (a.u.)",
          "residual SD (a.u.)",
          "residual SD / NAA height (%)",
          "flagged",
        ],
        rows: g.chunk.map((s): readonly Cell[] => {
          const h = peakHeight(s, NAA_WINDOW[0], NAA_WINDOW[1]);
          const r = residualSd(s);
          return [
            cell(s.participant_id),
            cell(s.session_id),
            cell(conditionLabel(ctx, conditionOfSession(ctx, s.participant_id, s.session_id))),
            cell(String(s.blocksAveraged), s.blocksAveraged),
            cell(s.passingOnly ? "yes" : "no (no block passed)", s.passingOnly),
            valueCell(h, 4),
            valueCell(r, 4),
            valueCell(h !== null && r !== null && h > 0 ? (100 * r) / h : null, 2),
            cell(flagged(s.participant_id, s.session_id) ? "yes" : "no"),
          ];
        }),
      },
    });
  });
}

/**
 * The kind of a rejection reason, its numbers dropped: "spectral deviation z = 4.1 > 3" →
 * "spectral deviation", "frequency shift 7.2 Hz from the median (limit 5 Hz)" → "frequency shift".
 */
export function reasonKind(reason: string): string {
  const words = (reason.split(/\s+(?:z\b|[-+]?\d)/)[0] ?? "").trim();
  return words === "" ? reason.trim() : words;
}

function transientsSummary(rows: readonly TransientRow[]): {
  kept: number;
  rejected: number;
  reasons: string;
} {
  const counts = new Map<string, number>();
  for (const r of rows) {
    if (r.kept) continue;
    for (const reason of (r.reason || "rejected").split("; ")) {
      const k = reasonKind(reason);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  const reasons = [...counts.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => `${k} (${n})`)
    .join("; ");
  const kept = rows.filter((r) => r.kept).length;
  return { kept, rejected: rows.length - kept, reasons };
}

function transientsTable(ctx: ReportContext): string {
  const head = `<h3 id="transients-h">Transients table: rejected transients and why</h3>`;
  if (ctx.transients.length === 0) {
    return `${head}
<p class="absent" data-absent="transients">No transient decisions in the derivatives (no <code>${escapeHtml(OUTPUTS.transients.file)}</code>): sessions that came already fitted (fitted route) bring no transients, so rejection cannot be shown.</p>`;
  }
  const threshold = (ctx.study.raw?.outlier_threshold ?? null) as number | null;
  const limits = rejectionRangeText(ctx);
  const rule = `<p>Before block averaging, every transient (each stored dynamic) of a raw-route session was aligned to the session's mean by spectral registration and then judged by one rule: its squared distance from the point-wise median spectrum ${limits.range}, as a robust z-score (median and 1.4826·MAD over the session's transients), above ${threshold === null ? "the threshold" : `<span class="param" data-study="raw.outlier_threshold" data-value="${escapeHtml(String(threshold))}">${escapeHtml(fmt(threshold, 1))}</span>`} rejects it ("spectral deviation"; motion, lipid contamination, a failed shot), as does a frequency correction ${limits.shift} from the session's median ("frequency shift"). A block whose every transient was rejected has no fit and fails QC ("every transient of the block was rejected"). Counts per session:</p>`;
  const rows = ctx.transients.map((t): readonly Cell[] => {
    const s = transientsSummary(t.rows);
    const shifts = meanSd(t.rows.map((r) => r.shift_hz));
    return [
      cell(t.participant_id),
      cell(t.session_id),
      cell(conditionLabel(ctx, conditionOfSession(ctx, t.participant_id, t.session_id))),
      cell(String(t.rows.length), t.rows.length),
      cell(String(s.rejected), s.rejected),
      valueCell(t.rows.length === 0 ? null : (100 * s.rejected) / t.rows.length, 1),
      valueCell(shifts.sd, 2),
      cell(s.reasons || "–", s.reasons),
    ];
  });
  const total = ctx.transients.reduce((a, t) => a + t.rows.length, 0);
  const rejected = ctx.transients.reduce((a, t) => a + t.rows.filter((r) => !r.kept).length, 0);
  return `${head}
${rule}
${foldedTable(ctx, {
  id: "transients",
  caption: `Transients table: transients rejected per session with the reasons (count), and the SD of the frequency corrections (shifts); ${rejected} of ${total} transients rejected in all`,
  columns: [
    "participant",
    "session",
    "condition",
    "transients",
    "rejected",
    "rejected (%)",
    "SD of shift (Hz)",
    "reasons (count)",
  ],
  rows,
})}`;
}

function outliersTable(ctx: ReportContext): string {
  const outliers = qualityOutliers(
    sessionQuality(ctx.timeseries, ctx.fitBlocks),
    measures(ctx),
    conditionIds(ctx),
  );
  return numberedTable(ctx, {
    id: "qc-outliers",
    caption:
      "Sessions flagged as quality outliers: a session median beyond its condition's Tukey fence (1.5 IQR) on the worse side (flags are for review; they exclude nothing)",
    columns: ["participant", "session", "condition", "measure", "session median", "fence"],
    rows: outliers.map((o): readonly Cell[] => [
      cell(o.participant_id),
      cell(o.session_id),
      cell(conditionLabel(ctx, o.condition)),
      cell(o.measure.label),
      valueCell(o.value, 2),
      valueCell(o.fence, 2),
    ]),
    empty: "No session lies beyond the fences.",
  });
}

/**
 * Spectral quality, in the manner of Osprey's and MRIQC's reports: the distributions by condition
 * of linewidth, SNR, CRLB and fit quality (flagging outlier sessions), their time courses across
 * the infusion beside the outcome's, the mean spectrum ± SD per condition, a fit thumbnail of every
 * session with spectra, the transients table with the rejection rule, and the flagged sessions.
 */
export function spectralQualitySection(ctx: ReportContext): string {
  const intro = `<p>Where the quality of the spectra is shown: linewidth (FWHM), SNR, CRLB and fit quality per session and condition (<a href="#fig-qc-distributions">distributions</a>) and across the infusion (<a href="#fig-qc-timecourse">time courses</a>); the <a href="#fig-mean-spectrum">mean spectrum per condition</a>; <a href="#fig-fit-thumbnails">every session's fit</a>; the <a href="#transients">transients table</a>; the <a href="#qc-outliers">flagged sessions</a>. Block-by-block QC verdicts are in Data quality.</p>`;
  const distributions = distributionsFigure(ctx);
  const distributionsNo = ctx.numbering.figure;
  const parts = [intro, distributions, timeCourseFigure(ctx)];
  const spectra = sessionSpectra(ctx);
  if (spectra.length === 0) {
    parts.push(
      `<p class="absent" data-absent="spectra">No fitted spectra in the derivatives: there is no <code>${escapeHtml(OUTPUTS.fitSpectra.file)}</code> file. The pipeline writes them when it fits raw spectra itself (raw route); sessions that came as a fitted time series (fitted outside the pipeline) bring no spectra, so the mean spectrum and the fits cannot be shown here. Ask the site for the spectra with their fits.</p>`,
    );
  } else {
    const mean = meanSpectrumFigure(ctx, spectra);
    parts.push(mean, ...thumbnailsFigures(ctx, spectra, distributionsNo));
  }
  parts.push(transientsTable(ctx), outliersTable(ctx));
  return parts.join("\n");
}
