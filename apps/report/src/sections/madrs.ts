import { slopegraph } from "@fmrs/charts";
import type { ReportContext } from "../context";
import { CHART_WIDTH, figure } from "../figure";
import { cell, valueCell } from "../html";
import { conditionSummaryTable } from "./glutamate";

/** MADRS before and 24 h after the infusion: slopegraphs per condition (outcomes.arrow) and summaries. */
export function madrsSection(ctx: ReportContext): string {
  const rows = ctx.outcomes;
  const slope = figure(ctx, {
    id: "fig-madrs",
    legend: ctx.conditions,
    svg: slopegraph(
      {
        conditions: ctx.conditions,
        rows: rows.map((r) => ({
          subject: r.participant_id,
          condition: r.condition,
          pre: r.madrs_pre,
          post: r.madrs_24h,
        })),
        // The condition means from results.json (summaries.madrs_paired): the page computes nothing.
        means: ctx.results.summaries.madrs_paired.flatMap((m) =>
          m.pre_mean === null || m.h24_mean === null
            ? []
            : [{ condition: m.condition, pre: m.pre_mean, post: m.h24_mean, n: m.n }],
        ),
        preLabel: "Pre-infusion",
        postLabel: "24 h",
        yLabel: "MADRS total",
      },
      {
        width: CHART_WIDTH,
        height: 330,
        layout: "panels",
        title: "MADRS total before and 24 h after the infusion, per subject and condition",
        description:
          "One panel per condition; a thin line per subject joins the pre-infusion and 24 h MADRS totals, the thick line is the mean over subjects with both scores.",
        idPrefix: "fig-madrs",
      },
    ),
    caption:
      "MADRS total before the infusion and 24 h after it, one line per subject, one panel per condition (<code>outcomes.arrow</code>); the thick line joins the means over subjects with both ratings (a subject missing one rating keeps a lone marker). Lower is better.",
    table: {
      id: "data-madrs",
      caption: "MADRS totals per subject and session (outcomes.arrow)",
      columns: [
        "participant",
        "session",
        "period",
        "condition",
        "sequence",
        "sex",
        "MADRS pre",
        "MADRS 24 h",
        "change",
      ],
      rows: rows.map((r) => [
        cell(r.participant_id),
        cell(r.session_id),
        cell(String(r.period), r.period),
        cell(r.condition),
        cell(r.sequence),
        cell(r.sex),
        valueCell(r.madrs_pre, 0),
        valueCell(r.madrs_24h, 0),
        valueCell(r.madrs_change, 0),
      ]),
      empty: "outcomes.arrow has no rows.",
    },
  });
  const s = ctx.results.summaries;
  return [
    slope,
    conditionSummaryTable(
      ctx,
      "summary-madrs-pre",
      "MADRS before infusion by condition",
      s.madrs_pre,
      "summaries.madrs_pre",
    ),
    conditionSummaryTable(
      ctx,
      "summary-madrs-24h",
      "MADRS 24 h after infusion by condition",
      s.madrs_24h,
      "summaries.madrs_24h",
    ),
    conditionSummaryTable(
      ctx,
      "summary-madrs-change",
      "MADRS change (24 h − pre) by condition",
      s.madrs_change,
      "summaries.madrs_change",
    ),
  ].join("\n");
}
