import { type ModelDiagnosticsRow, modelDiagnosticsGrid, qqPoints } from "@fmrs/charts";
import type { LmmResult } from "@fmrs/schema";
import type { ReportContext } from "../context";
import { CHART_WIDTH, figure } from "../figure";
import { type Cell, cell, escapeHtml, fmt } from "../html";
import { MODEL_KEYS, MODEL_NAMES, type ModelKey } from "../resultText";

const UNITS: Readonly<Record<ModelKey, string>> = {
  glutamate_phase: "percentage points",
  glutamate_block: "percentage points",
  glutamate_sex: "percentage points",
  madrs_raw: "MADRS points",
  madrs_change: "MADRS points",
  madrs_change_sex: "MADRS points",
};

/** The data-table rows of one model: its residuals at the QQ plot's ends and every random effect. */
function diagnosticsRows(key: ModelKey, m: LmmResult): (readonly Cell[])[] {
  const d = m.diagnostics;
  const re = d.random_effects.find((g) => g.group === "subject") ?? d.random_effects[0] ?? null;
  const qqRes = qqPoints(d.residuals);
  // The residuals at the QQ plot's ends (the points a reader checks) with their plot positions,
  // and the random effects in full; every residual is in results.json.
  const ends = d.residuals.length <= 20 ? qqRes : [...qqRes.slice(0, 5), ...qqRes.slice(-5)];
  const model = cell(MODEL_NAMES[key], key);
  return [
    ...ends.map((p): readonly Cell[] => [
      model,
      cell("residual"),
      cell("–", null),
      { text: fmt(p.x, 3), raw: p.x, numeric: true },
      { text: fmt(p.y, 3), raw: p.y, numeric: true },
      cell(UNITS[key]),
    ]),
    ...(re === null
      ? []
      : qqPoints(re.values).map((p): readonly Cell[] => {
          const level = re.levels[re.values.indexOf(p.y)] ?? "";
          return [
            model,
            cell(`${re.group} random effect`),
            cell(level),
            { text: fmt(p.x, 3), raw: p.x, numeric: true },
            { text: fmt(p.y, 3), raw: p.y, numeric: true },
            cell(UNITS[key]),
          ];
        })),
  ];
}

/** One figure of small multiples: a row of three panels per model of one outcome. */
function diagnosticsFigure(
  ctx: ReportContext,
  id: string,
  outcome: string,
  models: readonly { key: ModelKey; m: LmmResult }[],
): string {
  const rows: ModelDiagnosticsRow[] = models.map(({ key, m }) => {
    const d = m.diagnostics;
    const re = d.random_effects.find((g) => g.group === "subject") ?? d.random_effects[0] ?? null;
    return {
      key,
      title: `${MODEL_NAMES[key]} (${d.residuals.length} rows, residual SD ${fmt(residualSd(d.residuals), 2)} ${UNITS[key]})`,
      fitted: d.fitted,
      residuals: d.residuals,
      randomEffects: re,
      unit: UNITS[key],
    };
  });
  const svg = modelDiagnosticsGrid(rows, {
    width: CHART_WIDTH,
    height: 200,
    title: `Residual diagnostics of the mixed models of ${outcome}`,
    description: `For each of the ${models.length} mixed models of ${outcome}, one row: residuals against fitted values, a normal QQ plot of the residuals and one of the random effects.`,
    idPrefix: id,
  });
  return figure(ctx, {
    id,
    svg,
    caption: `Diagnostics of the mixed models of ${escapeHtml(outcome)}, one row per model (formulas in Mixed models). Left, conditional residuals against fitted values (look for a funnel or a curve); middle, normal QQ plot of the residuals; right, normal QQ plot of the subject random-effect modes. The line passes through the quartiles (as R's qqline). Points far off the line are heavy tails or outliers the Gaussian model does not expect. From results.json <code>models.*.diagnostics</code>.`,
    table: {
      id: `data-${id}`,
      caption: `Per model of ${outcome}: every residual (or, for more than 20, the 5 smallest and 5 largest) and every random effect with its normal plot position (all residuals and fitted values are in results.json)`,
      columns: ["model", "quantity", "level", "normal quantile", "value", "unit"],
      rows: models.flatMap(({ key, m }) => diagnosticsRows(key, m)),
    },
  });
}

/**
 * Residuals vs fitted, QQ of residuals and QQ of random effects for every mixed model, as small
 * multiples: one figure per outcome (glutamate, MADRS), a row of three panels per model.
 */
export function diagnosticsSection(ctx: ReportContext): string {
  const models = MODEL_KEYS.flatMap((k) => {
    const m = ctx.results.models[k];
    return m === null ? [] : [{ key: k, m }];
  });
  if (models.length === 0)
    return `<p class="note">results.json holds no mixed model, so there are no model diagnostics.</p>`;
  const glx = models.filter(({ key }) => key.startsWith("glutamate"));
  const madrs = models.filter(({ key }) => !key.startsWith("glutamate"));
  const figs = [
    glx.length === 0
      ? ""
      : diagnosticsFigure(
          ctx,
          "fig-diagnostics-glutamate",
          `the ${ctx.results.study.outcome_label} response`,
          glx,
        ),
    madrs.length === 0 ? "" : diagnosticsFigure(ctx, "fig-diagnostics-madrs", "MADRS", madrs),
  ].filter((f) => f !== "");
  return `<p>Each mixed model assumes Gaussian residuals with constant variance and Gaussian random intercepts. The panels show how far the data bear that out; the sensitivity analyses below do without the assumption.</p>\n${figs.join("\n")}`;
}

function residualSd(residuals: readonly number[]): number {
  return Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / Math.max(1, residuals.length - 1));
}
