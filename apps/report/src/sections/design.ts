import { designTimeline } from "@fmrs/charts";
import type { ReportContext } from "../context";
import { CHART_WIDTH, figure } from "../figure";
import { type Cell, cell, escapeHtml, fmt, param, resultCell } from "../html";

function studyCell(path: string, value: number): Cell {
  const text = fmt(value, Number.isInteger(value) ? 0 : 1);
  return { text, raw: value, html: param(path, value, text) };
}

/** The extent of MRS acquisition in minutes from the per-session time series (null when none). */
function mrsExtent(ctx: ReportContext): { start_min: number; end_min: number } | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of ctx.timeseries) {
    for (const b of s.rows) {
      lo = Math.min(lo, b.t_start_s / 60);
      hi = Math.max(hi, b.t_end_s / 60);
    }
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? { start_min: lo, end_min: hi } : null;
}

/** Design timeline of one session: pretreatment, baseline, infusion, MRS blocks, post window. */
export function designSection(ctx: ReportContext): string {
  const s = ctx.results.study;
  const st = ctx.study;
  const onset = s.infusion_onset_min;
  const mrs = mrsExtent(ctx);
  const post = st.post_window ?? null;
  const svg = designTimeline(
    {
      pretreatment: { at_min: st.pretreatment.time_min, label: st.pretreatment.label },
      infusion: { start_min: onset, end_min: onset + s.infusion_duration_min, label: st.infusion.label },
      mrs: mrs === null ? null : { ...mrs, label: "dynamic MRS" },
      baseline: { start_min: s.baseline_window_min[0], end_min: s.baseline_window_min[1], label: "baseline" },
      post: post === null ? null : { start_min: post.start_min, end_min: post.end_min, label: "post" },
      block_min: s.block_length_min,
      xLabel: "Minutes from infusion onset",
    },
    {
      width: CHART_WIDTH,
      height: 230,
      title: "Design timeline of one session",
      description: `Pretreatment at ${st.pretreatment.time_min} min, infusion from ${onset} to ${onset + s.infusion_duration_min} min, baseline window ${s.baseline_window_min[0]} to ${s.baseline_window_min[1]} min, MRS blocks of ${s.block_length_min} min.`,
      idPrefix: "fig-design",
    },
  );
  const rows: (readonly Cell[])[] = [
    [
      cell("pretreatment"),
      cell(st.pretreatment.label),
      studyCell("pretreatment.time_min", st.pretreatment.time_min),
      cell("–", null),
      cell("study.json"),
    ],
    [
      cell("infusion"),
      cell(st.infusion.label),
      resultCell("study.infusion_onset_min", onset, (v) => fmt(v, 0)),
      resultCell("study.infusion_duration_min", s.infusion_duration_min, (v) => fmt(v, 0)),
      cell("results.json (onset, duration)"),
    ],
    [
      cell("baseline window"),
      cell("percent change reference"),
      resultCell("study.baseline_window_min.0", s.baseline_window_min[0], (v) => fmt(v, 0)),
      resultCell("study.baseline_window_min.1", s.baseline_window_min[1], (v) => fmt(v, 0)),
      cell("results.json"),
    ],
    [
      cell("response window"),
      cell("session response (mean % change)"),
      resultCell("study.response_window_min.0", s.response_window_min[0], (v) => fmt(v, 0)),
      resultCell("study.response_window_min.1", s.response_window_min[1], (v) => fmt(v, 0)),
      cell("results.json"),
    ],
  ];
  if (post !== null)
    rows.push([
      cell("post window"),
      cell("post-infusion summary"),
      studyCell("post_window.start_min", post.start_min),
      studyCell("post_window.end_min", post.end_min),
      cell("study.json"),
    ]);
  if (mrs !== null)
    rows.push([
      cell("MRS acquisition"),
      cell("first block start to last block end"),
      { text: fmt(mrs.start_min, 1), raw: mrs.start_min },
      { text: fmt(mrs.end_min, 1), raw: mrs.end_min },
      cell("time series tables"),
    ]);
  rows.push([
    cell("block length"),
    cell("one MRS block (averaged transients)"),
    resultCell("study.block_length_min", s.block_length_min, (v) => fmt(v, 1)),
    cell("–", null),
    cell("results.json (minutes)"),
  ]);
  return figure(ctx, {
    id: "fig-design",
    svg,
    caption: `Timeline of one session in minutes from infusion onset: ${escapeHtml(st.pretreatment.label)}, then ${escapeHtml(st.infusion.label)}; the hatched MRS baseline (${fmt(s.baseline_window_min[0], 0)} to ${fmt(s.baseline_window_min[1], 0)} min) is the reference of the percent change, the response window is ${fmt(s.response_window_min[0], 0)} to ${fmt(s.response_window_min[1], 0)} min, ticks mark MRS blocks of ${escapeHtml(fmt(s.block_length_min, 1))} min. MADRS was rated before the infusion and 24 h after it (off this scale).`,
    table: {
      id: "data-design",
      caption: "session timeline (minutes from infusion onset; for the infusion, onset and duration)",
      columns: ["element", "what", "start / value (min)", "end / duration (min)", "source"],
      rows,
    },
  });
}
