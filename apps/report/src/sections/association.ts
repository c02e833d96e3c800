import { scatter } from "@fmrs/charts";
import type { ReportContext } from "../context";
import { CHART_WIDTH, figure } from "../figure";
import { cell, escapeHtml, fmt, fmtDf, fmtP, num, pText, resultCell } from "../html";

/** Glutamate response difference vs MADRS change difference per subject, with r from results.association. */
export function associationSection(ctx: ReportContext): string {
  const a = ctx.results.association;
  const { test, reference } = ctx;
  const xWords = `${ctx.results.study.outcome_label} response, ${test} − ${reference} (percentage points of change from baseline)`;
  const yWords = `MADRS change, ${test} − ${reference} (points; negative = larger improvement under ${test})`;
  const pr = a.pearson;
  const sp = a.spearman;
  const annotation =
    pr === null || pr.r === null
      ? `n = ${a.n}; correlation not estimable`
      : `Pearson r = ${fmt(pr.r, 2)}${pr.ci95 === null ? "" : ` [${fmt(pr.ci95[0], 2)}, ${fmt(pr.ci95[1], 2)}]`}, p ${fmtP(pr.p).startsWith("<") ? "" : "= "}${fmtP(pr.p)}, n = ${a.n}`;
  const svg = scatter(
    {
      points: a.points.map((p) => ({ id: p.participant_id, x: p.x, y: p.y })),
      xLabel: `${ctx.results.study.outcome_label} response, ${test} − ${reference} (pp)`,
      yLabel: `MADRS change, ${test} − ${reference} (points)`,
      // The line from results.json (association.fit_line): the page computes nothing.
      fit: a.fit_line ?? false,
      annotation,
      zeroLines: true,
    },
    {
      width: CHART_WIDTH,
      height: 380,
      title: "Glutamate response difference against MADRS change difference, one point per subject",
      description: `x: ${xWords}; y: ${yWords}. ${annotation}. ${a.fit_line === null ? "" : ` The line is the least-squares fit y = ${fmt(a.fit_line.intercept, 2)} + ${fmt(a.fit_line.slope, 3)}·x.`}`,
      idPrefix: "fig-association",
    },
  );
  const text: string[] = [`n = ${num("association.n", a.n, String(a.n))}`];
  if (pr !== null && pr.r !== null) {
    text.push(
      `Pearson r = ${num("association.pearson.r", pr.r, fmt(pr.r, 3))}${pr.ci95 === null ? "" : ` (95 % CI ${num("association.pearson.ci95.0", pr.ci95[0], fmt(pr.ci95[0], 3))} to ${num("association.pearson.ci95.1", pr.ci95[1], fmt(pr.ci95[1], 3))})`}, t(${num("association.pearson.df", pr.df, fmtDf(pr.df))}) = ${num("association.pearson.t", pr.t, fmt(pr.t, 2))}, ${pText("association.pearson.p", pr.p)}`,
    );
  }
  if (sp !== null && sp.rho !== null) {
    text.push(
      `Spearman ρ = ${num("association.spearman.rho", sp.rho, fmt(sp.rho, 3))}, ${pText("association.spearman.p", sp.p)} (${escapeHtml(sp.method)})`,
    );
  }
  const fig = figure(ctx, {
    id: "fig-association",
    svg,
    caption: `Per subject, the difference between conditions in the glutamate response (x: ${escapeHtml(xWords)}) against the difference in the MADRS change (y: ${escapeHtml(yWords)}), both ${escapeHtml(test)} − ${escapeHtml(reference)} like every effect in this report, from results.json <code>association.points</code>; the line is the least-squares fit, the annotation the Pearson correlation from results.json. ${text.join("; ")}.`,
    table: {
      id: "data-association",
      caption: "per-subject differences (results.json association.points)",
      columns: [
        "participant",
        `${ctx.results.study.outcome_label} response ${test} − ${reference} (pp)`,
        `MADRS change ${test} − ${reference} (points)`,
      ],
      rows: a.points.map((p, i) => [
        cell(p.participant_id),
        resultCell(`association.points.${i}.x`, p.x, (v) => fmt(v, 3)),
        resultCell(`association.points.${i}.y`, p.y, (v) => fmt(v, 3)),
      ]),
      empty: "No subject has both differences.",
    },
  });
  return fig;
}
