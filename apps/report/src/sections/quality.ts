import { type QcStatus, qcGrid } from "@fmrs/charts";
import { OUTPUTS } from "@fmrs/pipeline";
import type { BlockOutcomeRow } from "@fmrs/schema";
import { describeQc, qcRules, studyMeasures } from "@fmrs/trial";
import type { ReportContext } from "../context";
import { CHART_WIDTH, figure, foldedTable } from "../figure";
import { type Cell, cell, escapeHtml, param, valueCell } from "../html";

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
      width: CHART_WIDTH,
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
  return foldedTable(ctx, {
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
  return foldedTable(ctx, {
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

/** Data quality per session: QC thresholds, QC grid and table, failed blocks, per-session outcomes (spectra: Spectral quality). */
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
  return [thresholds, qcFigure(ctx), failedBlocksTable(ctx), sessionsTable(ctx)].join("\n");
}
