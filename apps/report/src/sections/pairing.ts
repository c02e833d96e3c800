import { differenceTimeCourse, pairedSlopes, type SubjectPairPoint } from "@fmrs/charts";
import type { OutcomeRow } from "@fmrs/schema";
import { compareLabels } from "@fmrs/trial";
import { conditionLabel, type ReportContext } from "../context";
import { CHART_WIDTH, figure } from "../figure";
import { type Cell, cell, escapeHtml, fmt, resultCell, valueCell } from "../html";
import { sexTitle, sexWord } from "../words";

type Outcome = "madrs_change" | "glx_pct_change";

interface SubjectPairRow extends SubjectPairPoint {
  readonly sex: string;
}

function subjectPairs(ctx: ReportContext, outcome: Outcome): SubjectPairRow[] {
  const ids = [...new Set(ctx.outcomes.map((r) => r.participant_id))].sort(compareLabels);
  return ids.map((id) => {
    const mine = ctx.outcomes.filter((r) => r.participant_id === id);
    const value = (c: string) => mine.find((r: OutcomeRow) => r.condition === c)?.[outcome] ?? null;
    return { id, sex: mine[0]?.sex ?? "", reference: value(ctx.reference), test: value(ctx.test) };
  });
}

function slopesFigure(
  ctx: ReportContext,
  outcome: Outcome,
  id: string,
  what: string,
  unit: string,
  axis: string,
): string {
  const pairs = subjectPairs(ctx, outcome);
  const sexes = [...new Set(pairs.map((p) => p.sex))].sort();
  const ref = { id: ctx.reference, label: conditionLabel(ctx, ctx.reference) };
  const test = { id: ctx.test, label: conditionLabel(ctx, ctx.test) };
  const svg = pairedSlopes(
    {
      conditions: [ref, test],
      yLabel: axis,
      panels: [
        { title: "All subjects", pairs },
        ...sexes.map((s) => ({ title: sexTitle(s), pairs: pairs.filter((p) => p.sex === s) })),
      ],
    },
    {
      width: CHART_WIDTH,
      height: 320,
      title: `${what} under each condition, joined per subject`,
      description: `One line per subject from the ${ref.label} session (left) to the ${test.label} session (right); the thick line joins the means over subjects with both sessions; panels: all subjects, then each sex.`,
      idPrefix: id,
    },
  );
  const complete = pairs.filter((p) => p.reference !== null && p.test !== null).length;
  return figure(ctx, {
    id,
    svg,
    caption: `${escapeHtml(what)} (${escapeHtml(unit)}) of each subject under ${escapeHtml(ref.label)} and ${escapeHtml(test.label)}, joined by a line so that the crossover's pairing shows: a line rising to the right means a larger value under ${escapeHtml(test.label)}. Thick line: mean over the ${complete} subjects with both sessions; a lone point is a subject with one session. Panels: all subjects, then ${sexes.map((s) => escapeHtml(sexWord(s))).join(" and ")} subjects. From <code>outcomes.arrow</code>.`,
    table: {
      id: `data-${id}`,
      caption: `${what} per subject and condition, and the difference ${ctx.test} − ${ctx.reference} (outcomes.arrow)`,
      columns: ["participant", "sex", ctx.reference, ctx.test, `${ctx.test} − ${ctx.reference}`],
      rows: pairs.map((p): readonly Cell[] => [
        cell(p.id),
        cell(sexWord(p.sex), p.sex),
        valueCell(p.reference, 2),
        valueCell(p.test, 2),
        valueCell(p.reference === null || p.test === null ? null : p.test - p.reference, 2),
      ]),
      empty: "outcomes.arrow has no subject.",
    },
  });
}

function differenceFigure(ctx: ReportContext): string {
  const r = ctx.results;
  const d = r.timecourse_difference;
  const groups = [...new Set(d.map((p) => p.group))];
  const label = r.study.outcome_label;
  const rw = r.study.response_window_min;
  const svg = differenceTimeCourse(
    {
      panels: groups.map((g) => ({
        title: g === "all" ? "All subjects" : sexTitle(g),
        points: d
          .filter((p) => p.group === g)
          .map((p) => ({
            t_min: p.t_mid_min,
            mean: p.mean,
            ci_low: p.ci95?.[0] ?? null,
            ci_high: p.ci95?.[1] ?? null,
            n: p.n,
          })),
      })),
      infusion: [r.study.infusion_onset_min, r.study.infusion_onset_min + r.study.infusion_duration_min],
      window: { range: rw, label: "response window" },
      xLabel: "Minutes from infusion onset",
      yLabel: `${ctx.test} − ${ctx.reference} (percentage points)`,
    },
    {
      width: CHART_WIDTH,
      height: 300,
      title: `Within-subject ${ctx.test} − ${ctx.reference} difference in ${label} percent change, block by block`,
      description: `Mean within-subject difference per block with its 95 % CI band, overall and by sex; dashed line: no difference; infusion shaded; the response window is marked under the axis.`,
      idPrefix: "fig-difference",
    },
  );
  return figure(ctx, {
    id: "fig-difference",
    svg,
    caption: `Difference between conditions within subjects, ${escapeHtml(ctx.test)} − ${escapeHtml(ctx.reference)}, in ${escapeHtml(label)} percent change from baseline per block: the line is the mean over subjects with that block in both sessions, the band its 95 % CI (paired t, so between-subject variation does not widen it). Dashed: no difference; shaded: infusion; bracket: the response window (${fmt(rw[0], 0)} to ${fmt(rw[1], 0)} min). Panels: all subjects, then each sex. The CIs are pointwise and unadjusted for the number of blocks: the curve shows the time course, the tests are in the summary. From results.json <code>timecourse_difference</code>.`,
    table: {
      id: "data-difference",
      caption: `${ctx.test} − ${ctx.reference} within-subject difference per block (results.json timecourse_difference)`,
      columns: ["group", "block", "t mid (min)", "n", "mean difference", "95 % CI low", "95 % CI high"],
      rows: d.map((p, i): readonly Cell[] => [
        cell(p.group === "all" ? "all subjects" : sexWord(p.group), p.group),
        resultCell(`timecourse_difference.${i}.block`, p.block, (v) => fmt(v, 0)),
        resultCell(`timecourse_difference.${i}.t_mid_min`, p.t_mid_min, (v) => fmt(v, 1)),
        resultCell(`timecourse_difference.${i}.n`, p.n, (v) => fmt(v, 0)),
        resultCell(`timecourse_difference.${i}.mean`, p.mean),
        p.ci95 === null ? cell("–", null) : resultCell(`timecourse_difference.${i}.ci95.0`, p.ci95[0]),
        p.ci95 === null ? cell("–", null) : resultCell(`timecourse_difference.${i}.ci95.1`, p.ci95[1]),
      ]),
      empty: "No block has a paired difference.",
    },
  });
}

/**
 * The crossover drawn as a crossover: each subject's two sessions joined (MADRS change and the
 * glutamate response, overall and by sex), and the block-by-block within-subject difference with
 * its paired 95 % CI band.
 */
export function pairingSection(ctx: ReportContext): string {
  const label = ctx.results.study.outcome_label;
  return [
    `<p>Each subject had both conditions, so each subject's two sessions are drawn joined: the within-subject difference is what the crossover estimates.</p>`,
    slopesFigure(
      ctx,
      "madrs_change",
      "fig-pairs-madrs",
      "MADRS change from pre-infusion to 24 h",
      "points; negative = improvement",
      "MADRS change (points)",
    ),
    slopesFigure(
      ctx,
      "glx_pct_change",
      "fig-pairs-glx",
      `${label} response over the response window`,
      "percent change from baseline",
      `${label} response (%)`,
    ),
    differenceFigure(ctx),
  ].join("\n");
}
