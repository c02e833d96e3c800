import { type QcStatus, qcGrid, spectrumFit } from "@fmrs/charts";
import { OUTPUTS } from "@fmrs/pipeline";
import type { BlockOutcomeRow, FitSpectrumRow } from "@fmrs/schema";
import { describeQc, qcRules, studyMeasures } from "@fmrs/trial";
import type { ReportContext } from "../context";
import type { SessionTable } from "../derivatives";
import { figure, numberedTable } from "../figure";
import { type Cell, cell, escapeHtml, param, valueCell } from "../html";

/** How many example spectra the report shows at most. */
const MAX_SPECTRA = 2;
const PPM_RANGE: readonly [number, number] = [4.2, 0.5];

function conditionOf(ctx: ReportContext, participant: string, session: string): string {
  return (
    ctx.outcomes.find((o) => o.participant_id === participant && o.session_id === session)?.condition ?? "–"
  );
}

/** Failure reasons of a session's blocks with their counts, e.g. "CRLB 23% > 20% (1); SNR 4 < 5 (2)". */
function reasonCounts(rows: readonly BlockOutcomeRow[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) {
    if (r.qc_pass) continue;
    for (const reason of (r.qc_reason || "failed").split("; ")) {
      const kind = reason.replace(/[\d.]+/g, "#");
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => `${k.replaceAll("#", "x")} (${n})`)
    .join("; ");
}

function qcFigure(ctx: ReportContext): string {
  const series = ctx.timeseries;
  const maxBlock = Math.max(0, ...series.flatMap((s) => s.rows.map((r) => r.block)));
  const rows = series.map((s) => {
    const cells: (QcStatus | null)[] = Array.from({ length: maxBlock }, () => "missing");
    for (const r of s.rows) cells[r.block - 1] = r.qc_pass ? "pass" : "fail";
    return {
      session: `${s.participant_id} ${s.session_id} ${conditionOf(ctx, s.participant_id, s.session_id)}`,
      cells,
    };
  });
  const svg = qcGrid(
    { rows, blockLabels: Array.from({ length: maxBlock }, (_, i) => String(i + 1)), xLabel: "MRS block" },
    {
      width: 960,
      height: 80 + Math.max(rows.length, 1) * 18,
      title: "QC verdict of every MRS block, one row per session",
      description:
        "Passed blocks are green squares; failed blocks are hatched vermillion squares with a cross; missing blocks are dashed outlines. Each row ends with its count of failed blocks.",
      idPrefix: "fig-qc",
    },
  );
  const tableRows = series.map((s): readonly Cell[] => {
    const failed = s.rows.filter((r) => !r.qc_pass).length;
    return [
      cell(s.participant_id),
      cell(s.session_id),
      cell(conditionOf(ctx, s.participant_id, s.session_id)),
      cell(String(s.rows.length), s.rows.length),
      cell(String(s.rows.length - failed), s.rows.length - failed),
      cell(String(failed), failed),
      cell(reasonCounts(s.rows) || "–", reasonCounts(s.rows)),
      cell(s.file),
    ];
  });
  return figure(ctx, {
    id: "fig-qc",
    svg,
    caption: `QC of every MRS block of every session, from the outcomes stage (<code>${OUTPUTS.outcomeBlocks.file}</code>): passed (green), failed (hatched with a cross; excluded from every analysis) and missing (dashed). The thresholds are listed above; the table gives blocks passed and failed per session with the reasons.`,
    table: {
      id: "data-qc",
      caption: "blocks passed and failed per session, with the failure reasons (count of blocks)",
      columns: [
        "participant",
        "session",
        "condition",
        "blocks",
        "passed",
        "failed",
        "failure reasons",
        "file",
      ],
      rows: tableRows,
      empty: "The derivatives hold no per-session time series.",
    },
  });
}

function failedBlocksTable(ctx: ReportContext): string {
  const rows = ctx.timeseries.flatMap((s) =>
    s.rows
      .filter((r) => !r.qc_pass)
      .map((r): readonly Cell[] => [
        cell(s.participant_id),
        cell(s.session_id),
        cell(String(r.block), r.block),
        valueCell(r.t_start_s, 0),
        cell(r.phase),
        valueCell(r.outcome_crlb_pct, 1),
        valueCell(r.fwhm_hz, 2),
        valueCell(r.snr, 1),
        cell(r.qc_reason || "–", r.qc_reason),
      ]),
  );
  return numberedTable(ctx, {
    id: "qc-failed-blocks",
    caption: "Every MRS block that failed QC, with its quality measures and reason",
    columns: [
      "participant",
      "session",
      "block",
      "start (s)",
      "phase",
      "CRLB (%)",
      "FWHM (Hz)",
      "SNR",
      "reason",
    ],
    rows,
    empty: "No block failed QC.",
  });
}

function sessionsTable(ctx: ReportContext): string {
  return numberedTable(ctx, {
    id: "sessions",
    caption: "Per-session outcomes (outcomes.arrow)",
    columns: [
      "participant",
      "session",
      "period",
      "condition",
      "sex",
      "baseline blocks",
      "response blocks",
      "blocks failing QC",
      "baseline mean",
      "Glx % change",
      "MADRS pre",
      "MADRS 24 h",
      "MADRS change",
    ],
    rows: ctx.outcomes.map((r) => [
      cell(r.participant_id),
      cell(r.session_id),
      cell(String(r.period), r.period),
      cell(r.condition),
      cell(r.sex),
      cell(String(r.n_blocks_baseline), r.n_blocks_baseline),
      cell(String(r.n_blocks_response), r.n_blocks_response),
      cell(String(r.n_blocks_failed_qc), r.n_blocks_failed_qc),
      valueCell(r.baseline_mean, 4),
      valueCell(r.glx_pct_change, 2),
      valueCell(r.madrs_pre, 0),
      valueCell(r.madrs_24h, 0),
      valueCell(r.madrs_change, 0),
    ]),
  });
}

/** The block shown for a session: its first infusion-phase block when the time series says, else its first block. */
function exampleBlock(ctx: ReportContext, s: SessionTable<FitSpectrumRow>): number | null {
  const blocks = [...new Set(s.rows.map((r) => r.block))].sort((a, b) => a - b);
  const series = ctx.timeseries.find(
    (t) => t.participant_id === s.participant_id && t.session_id === s.session_id,
  );
  const infusion = series?.rows.find((r) => r.phase === "infusion" && r.qc_pass && blocks.includes(r.block));
  return infusion?.block ?? blocks[0] ?? null;
}

function spectraSubsection(ctx: ReportContext): string {
  const head = `<h3 id="spectra-h">Example spectra with fit</h3>`;
  if (ctx.spectra.length === 0) {
    return `${head}
<p class="absent" data-absent="spectra">No fitted spectra in the derivatives: there is no <code>${escapeHtml(OUTPUTS.fitSpectra.file)}</code> file. The pipeline writes them when it fits raw spectra itself (raw route); sessions that came as a fitted time series (fitted route, fitted outside the pipeline) bring no spectra, so the spectra, the fit, its baseline and residual cannot be shown here. Ask the site for example spectra with their fits.</p>`;
  }
  const figs = ctx.spectra.slice(0, MAX_SPECTRA).flatMap((s) => {
    const block = exampleBlock(ctx, s);
    if (block === null) return [];
    const points = s.rows.filter((r) => r.block === block).sort((a, b) => b.ppm - a.ppm);
    const inRange = points.filter((r) => r.ppm <= PPM_RANGE[0] && r.ppm >= PPM_RANGE[1]);
    const residual = (r: FitSpectrumRow) => r.data - r.fit;
    const id = `fig-spectrum-${ctx.numbering.figure + 1}`;
    return [
      figure(ctx, {
        id,
        svg: spectrumFit(
          {
            ppm: points.map((r) => r.ppm),
            data: points.map((r) => r.data),
            fit: points.map((r) => r.fit),
            baseline: points.map((r) => r.baseline),
            residual: points.map(residual),
            peaks: [
              { ppm: 2.01, label: "NAA" },
              { ppm: 3.03, label: "Cr" },
              { ppm: 3.75, label: "Glx" },
            ],
          },
          {
            width: 960,
            height: 360,
            ppmRange: PPM_RANGE,
            title: `Spectrum, fit, baseline and residual: ${s.participant_id} ${s.session_id}, block ${block}`,
            description: `Real part of the block-averaged spectrum (grey), the linear-combination fit (dashed), its baseline (dotted) and the residual (below), ${PPM_RANGE[0]} to ${PPM_RANGE[1]} ppm.`,
            idPrefix: id,
          },
        ),
        caption: `Spectrum of ${escapeHtml(s.participant_id)} ${escapeHtml(s.session_id)}, block ${escapeHtml(String(block))} (${escapeHtml(s.file)}): data (grey), fit (vermillion, dashed), baseline (blue, dotted) and residual (black, offset below), ${PPM_RANGE[0]}–${PPM_RANGE[1]} ppm.`,
        table: {
          id: `data-${id}`,
          caption: `spectrum points of ${s.participant_id} ${s.session_id} block ${block} (${PPM_RANGE[0]}–${PPM_RANGE[1]} ppm)`,
          columns: ["ppm", "data", "fit", "baseline", "residual"],
          rows: inRange.map((r) => [
            valueCell(r.ppm, 4),
            valueCell(r.data, 4),
            valueCell(r.fit, 4),
            valueCell(r.baseline, 4),
            valueCell(residual(r), 4),
          ]),
        },
      }),
    ];
  });
  return `${head}\n<p>${escapeHtml(String(ctx.spectra.length))} sessions have fitted spectra; the first ${escapeHtml(String(figs.length))} are shown.</p>\n${figs.join("\n")}`;
}

/** Data quality per session: QC thresholds, QC grid and table, failed blocks, per-session outcomes, example spectra. */
export function qualitySection(ctx: ReportContext): string {
  const rules = qcRules(ctx.study.qc, escapeHtml(studyMeasures(ctx.study).crlbOf));
  const thresholds = `<p>A block fails QC, and is left out of every analysis, when ${describeQc(rules, (setting, value) => param(setting, value))} (thresholds from study.json; the outcomes stage applies this same rule). CRLB-based exclusion can bias low concentrations, so the counts below are reported per session.</p>`;
  const missing = ctx.outcomes.filter(
    (o) =>
      o.mrs_available &&
      !ctx.timeseries.some((t) => t.participant_id === o.participant_id && t.session_id === o.session_id),
  );
  if (missing.length > 0) {
    ctx.notes.push(
      `${missing.length} sessions with MRS have no blocks in the derivatives (${missing.map((o) => `${o.participant_id}/${o.session_id}`).join(", ")}); their QC is not shown`,
    );
  }
  return [thresholds, qcFigure(ctx), failedBlocksTable(ctx), sessionsTable(ctx), spectraSubsection(ctx)].join(
    "\n",
  );
}
