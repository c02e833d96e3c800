import { consortDiagram } from "@fmrs/charts";
import type { Exclusion } from "@fmrs/schema";
import { compareLabels } from "@fmrs/trial";
import { conditionLabel, type ReportContext } from "../context";
import { CHART_WIDTH, figure, foldedTable } from "../figure";
import { type Cell, cell, escapeHtml, resultCell } from "../html";
import { MODEL_KEYS, MODEL_NAMES } from "../resultText";

/** An exclusion reason in words (outcome codes replaced by their names). */
function reasonWords(ctx: ReportContext, reason: string): string {
  return reason
    .replaceAll("glx_pct_change", `${ctx.results.study.outcome_label} % change`)
    .replaceAll("madrs_change", "MADRS change");
}

function consortFigure(ctx: ReportContext): string {
  const f = ctx.results.flow;
  const label = (c: string) => `${conditionLabel(ctx, c)} (${c})`;
  const arms = f.sequences.map((s) => ({
    allocation: `Allocated to sequence ${s.sequence.replaceAll("-", " then ")}: ${s.allocated} participants`,
    periods: s.periods.map((p) => ({
      title: `Period ${p.period}: ${label(p.condition)}`,
      lines: [
        `Attended: ${p.attended}${s.allocated - p.attended > 0 ? `; no session: ${s.allocated - p.attended}` : ""}`,
        `Glutamate analysed: ${p.glutamate_analysed}${p.glutamate_excluded.length === 0 ? "" : `; excluded ${p.glutamate_excluded.map((e) => `${e.n} (${e.reason})`).join(", ")}`}`,
        `MADRS analysed: ${p.madrs_analysed}${p.madrs_excluded.length === 0 ? "" : `; excluded ${p.madrs_excluded.map((e) => `${e.n} (${e.reason})`).join(", ")}`}`,
      ],
    })),
    analysed: [`Glutamate: ${s.glutamate_both_periods}; MADRS: ${s.madrs_both_periods}`],
  }));
  const svg = consortDiagram(
    { enrolled: `Enrolled and randomised: ${f.enrolled} participants`, arms },
    {
      width: CHART_WIDTH,
      height: 300,
      title: "CONSORT flow of the two-period crossover",
      description: `Enrolment, allocation to each sequence, and per period the sessions attended, analysed and excluded with reasons, for both outcomes; last, the participants with both periods.`,
      idPrefix: "fig-consort",
    },
  );
  const rows: (readonly Cell[])[] = [];
  f.sequences.forEach((s, si) => {
    s.periods.forEach((p, pi) => {
      const path = `flow.sequences.${si}.periods.${pi}`;
      const reasons = (list: readonly { reason: string; n: number }[]) =>
        list.map((e) => `${e.n} ${e.reason}`).join("; ") || "none";
      rows.push([
        cell(s.sequence),
        resultCell(`flow.sequences.${si}.allocated`, s.allocated, (v) => String(v)),
        cell(`${p.period}: ${p.condition}`, p.period),
        resultCell(`${path}.attended`, p.attended, (v) => String(v)),
        resultCell(`${path}.glutamate_analysed`, p.glutamate_analysed, (v) => String(v)),
        cell(reasons(p.glutamate_excluded)),
        resultCell(`${path}.madrs_analysed`, p.madrs_analysed, (v) => String(v)),
        cell(reasons(p.madrs_excluded)),
      ]);
    });
  });
  return figure(ctx, {
    id: "fig-consort",
    svg,
    caption: `Participant flow of the two-period crossover as CONSORT 2010 draws it (Dwan et al. 2019): allocation to each sequence (${f.sequences.map((s) => escapeHtml(s.sequence)).join(", ")}); per period the sessions attended, analysed and excluded with the reason, for the glutamate response and the MADRS change; last, the participants with both periods, who enter the paired analyses. From <code>flow.sequences</code>.`,
    table: {
      id: "data-consort",
      caption: "Participant flow by sequence and period (results.json flow.sequences)",
      columns: [
        "sequence",
        "allocated",
        "period: condition",
        "attended",
        "glutamate analysed",
        "glutamate excluded",
        "MADRS analysed",
        "MADRS excluded",
      ],
      rows,
      empty: "results.json has no allocation.",
    },
  });
}

/**
 * Participant flow: the CONSORT diagram of the crossover, then every exclusion once, with the
 * analyses it applies to (a session left out of five analyses is one row, not five).
 */
export function flowSection(ctx: ReportContext): string {
  const r = ctx.results;
  const ha = r.hills_armitage;
  const byKey = new Map<string, { e: Exclusion; analyses: string[] }>();
  const add = (analysis: string, list: readonly Exclusion[]) => {
    for (const e of list) {
      const reason = reasonWords(ctx, e.reason);
      const key = `${e.participant_id}\u0000${e.session_id ?? ""}\u0000${reason}`;
      const entry = byKey.get(key) ?? { e: { ...e, reason }, analyses: [] };
      if (!entry.analyses.includes(analysis)) entry.analyses.push(analysis);
      byKey.set(key, entry);
    }
  };
  add("session outcomes", r.flow.exclusions);
  if (ha.glx_pct_change !== null) add("glutamate, Hills–Armitage", ha.glx_pct_change.excluded);
  if (ha.madrs_change !== null) add("MADRS change, Hills–Armitage", ha.madrs_change.excluded);
  add("glutamate–MADRS association", r.association.excluded);
  for (const key of MODEL_KEYS) {
    const m = r.models[key];
    if (m !== null) add(`${MODEL_NAMES[key]} (mixed model)`, m.excluded);
  }
  const entries = [...byKey.values()].sort(
    (a, b) =>
      compareLabels(a.e.participant_id, b.e.participant_id) ||
      compareLabels(a.e.session_id ?? "", b.e.session_id ?? "") ||
      (a.e.reason < b.e.reason ? -1 : a.e.reason > b.e.reason ? 1 : 0),
  );
  const table = foldedTable(ctx, {
    id: "exclusions",
    caption: "Sessions and subjects left out, each once, with the reason and every analysis it applies to",
    columns: ["participant", "session", "reason", "analyses"],
    rows: entries.map(({ e, analyses }) => [
      cell(e.participant_id),
      cell(e.session_id ?? "whole subject", e.session_id),
      cell(e.reason),
      cell(analyses.join("; ")),
    ]),
    empty: "No session or subject was left out of any analysis.",
  });
  return `${consortFigure(ctx)}\n${table}`;
}
