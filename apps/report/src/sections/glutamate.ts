import { glutamateTimeCourse, type SubjectPanel, smallMultiples } from "@fmrs/charts";
import type { ConditionSummary } from "@fmrs/schema";
import { compareLabels } from "@fmrs/trial";
import { conditionLabel, type ReportContext } from "../context";
import { CHART_WIDTH, figure, numberedTable } from "../figure";
import { type Cell, cell, escapeHtml, fmt, resultCell, valueCell } from "../html";

/** A table of results.summaries.<key> (n, mean, SD, 95 % CI per condition), tagged. */
export function conditionSummaryTable(
  ctx: ReportContext,
  id: string,
  caption: string,
  rows: readonly ConditionSummary[],
  path: string,
): string {
  return numberedTable(ctx, {
    id,
    caption,
    columns: ["condition", "n", "mean", "SD", "95 % CI low", "95 % CI high"],
    rows: rows.map((r, i) => [
      cell(conditionLabel(ctx, r.condition), r.condition),
      resultCell(`${path}.${i}.n`, r.n, (v) => fmt(v, 0)),
      resultCell(`${path}.${i}.mean`, r.mean),
      resultCell(`${path}.${i}.sd`, r.sd),
      resultCell(`${path}.${i}.ci95.0`, r.ci95?.[0] ?? null),
      resultCell(`${path}.${i}.ci95.1`, r.ci95?.[1] ?? null),
    ]),
  });
}

/**
 * Glutamate time courses: group mean ± 95 % CI per block and condition (results.timecourse),
 * infusion shaded; per-subject small multiples (outcome_blocks.arrow); the per-condition summary.
 */
export function glutamateSection(ctx: ReportContext): string {
  const s = ctx.results.study;
  const label = s.outcome_label;
  const infusion = {
    start_min: s.infusion_onset_min,
    end_min: s.infusion_onset_min + s.infusion_duration_min,
    label: "infusion",
  };
  const tc = ctx.results.timecourse;
  const ids = ctx.conditions.map((c) => c.id);
  for (const p of tc) if (!ids.includes(p.condition)) ids.push(p.condition);
  const series = ids.map((condition) => ({
    condition,
    points: tc
      .filter((p) => p.condition === condition)
      .map((p) => ({
        t_mid_min: p.t_mid_min,
        mean: p.mean,
        ci_low: p.ci95?.[0] ?? null,
        ci_high: p.ci95?.[1] ?? null,
      })),
  }));
  const yLabel = `${label} change from baseline (%)`;
  const timecourse = figure(ctx, {
    id: "fig-timecourse",
    legend: ctx.conditions,
    svg: glutamateTimeCourse(
      {
        conditions: ctx.conditions,
        series,
        infusion,
        xLabel: "Minutes from infusion onset (block mid-time)",
        yLabel,
      },
      {
        width: CHART_WIDTH,
        height: 320,
        title: `${label} percent change per block by condition, mean and 95 % CI`,
        description: `Group mean percent change of ${label} from the pre-infusion baseline per MRS block, with 95 % confidence bands, for each condition; the infusion period is shaded.`,
        idPrefix: "fig-timecourse",
      },
    ),
    caption: `${escapeHtml(label)} percent change from each session's pre-infusion baseline, per MRS block: mean (line and markers) and 95 % CI (band) over sessions of each condition, from results.json <code>timecourse</code>. The infusion (${escapeHtml(fmt(infusion.start_min, 0))} to ${escapeHtml(fmt(infusion.end_min, 0))} min) is shaded; blocks that failed QC are left out.`,
    table: {
      id: "data-timecourse",
      caption: `${label} % change per block and condition (results.json timecourse)`,
      columns: ["condition", "block", "t mid (min)", "n", "mean", "SD", "95 % CI low", "95 % CI high"],
      rows: tc.map((p, i) => [
        cell(conditionLabel(ctx, p.condition), p.condition),
        resultCell(`timecourse.${i}.block`, p.block, (v) => fmt(v, 0)),
        resultCell(`timecourse.${i}.t_mid_min`, p.t_mid_min, (v) => fmt(v, 1)),
        resultCell(`timecourse.${i}.n`, p.n, (v) => fmt(v, 0)),
        resultCell(`timecourse.${i}.mean`, p.mean),
        resultCell(`timecourse.${i}.sd`, p.sd),
        resultCell(`timecourse.${i}.ci95.0`, p.ci95?.[0] ?? null),
        resultCell(`timecourse.${i}.ci95.1`, p.ci95?.[1] ?? null),
      ]),
      empty: "results.json has no time course.",
    },
  });

  const subjects = [...new Set(ctx.blocks.map((b) => b.participant_id))].sort(compareLabels);
  const panels: SubjectPanel[] = subjects.map((subject) => ({
    subject,
    series: ids.map((condition) => ({
      condition,
      points: ctx.blocks
        .filter((b) => b.participant_id === subject && b.condition === condition)
        .map((b) => ({ t_min: b.t_mid_min, value: b.pct_change })),
    })),
  }));
  const columns = subjects.length <= 8 ? 4 : subjects.length <= 18 ? 6 : 8;
  const panelRows = Math.max(1, Math.ceil(subjects.length / columns));
  const multiples = figure(ctx, {
    id: "fig-subjects",
    legend: ctx.conditions,
    svg: smallMultiples(
      {
        conditions: ctx.conditions,
        subjects: panels,
        infusion,
        xLabel: "Minutes from infusion onset",
        yLabel: "% change",
      },
      {
        width: CHART_WIDTH,
        height: 80 + panelRows * 100,
        columns,
        title: `${label} percent change per block, one panel per subject`,
        description: `Each panel shows one subject's ${label} percent change from baseline per block in both sessions; shared axes; infusion shaded.`,
        idPrefix: "fig-subjects",
      },
    ),
    caption: `${escapeHtml(label)} percent change per block for each subject (${escapeHtml(String(subjects.length))} panels, shared axes), both sessions in each panel, from <code>outcome_blocks.arrow</code>. Gaps are blocks that failed QC or have no baseline.`,
    table: {
      id: "data-subjects",
      caption: `${label} % change per subject, session and block (outcome_blocks.arrow)`,
      columns: [
        "participant",
        "session",
        "condition",
        "block",
        "t mid (min)",
        "phase",
        "outcome",
        "% change",
        "QC",
      ],
      rows: ctx.blocks.map((b): readonly Cell[] => [
        cell(b.participant_id),
        cell(b.session_id),
        cell(b.condition),
        cell(String(b.block), b.block),
        valueCell(b.t_mid_min, 1),
        cell(b.phase),
        valueCell(b.outcome, 4),
        valueCell(b.pct_change, 2),
        cell(b.qc_pass ? "pass" : "fail", b.qc_pass),
      ]),
      empty: "outcome_blocks.arrow has no rows.",
    },
  });
  const summary = conditionSummaryTable(
    ctx,
    "summary-glx",
    `${label} percent change in the response window (${s.response_window_min.join(" to ")} min) by condition`,
    ctx.results.summaries.glx_pct_change,
    "summaries.glx_pct_change",
  );
  return `${timecourse}\n${multiples}\n${summary}`;
}
