import { modelDiagnostics, qqPoints } from "@fmrs/charts";
import type { LmmResult } from "@fmrs/schema";
import type { ReportContext } from "../context";
import { figure } from "../figure";
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

function diagnosticsFigure(ctx: ReportContext, key: ModelKey, m: LmmResult): string {
  const d = m.diagnostics;
  const re = d.random_effects.find((g) => g.group === "subject") ?? d.random_effects[0] ?? null;
  const unit = UNITS[key];
  const svg = modelDiagnostics(
    { fitted: d.fitted, residuals: d.residuals, randomEffects: re, unit },
    {
      width: 960,
      height: 280,
      title: `Residual diagnostics of the model: ${MODEL_NAMES[key]}`,
      description: `Residuals against fitted values, a normal QQ plot of the ${d.residuals.length} residuals and one of the ${re?.values.length ?? 0} ${re?.group ?? ""} random effects.`,
      idPrefix: `fig-diag-${key}`,
    },
  );
  const sd = Math.sqrt(d.residuals.reduce((s, r) => s + r * r, 0) / Math.max(1, d.residuals.length - 1));
  const qqRes = qqPoints(d.residuals);
  // The data table: the random effects in full and the residuals at the QQ plot's ends (the
  // points a reader checks), with the plot positions; every residual is in results.json.
  const ends = d.residuals.length <= 40 ? qqRes : [...qqRes.slice(0, 10), ...qqRes.slice(-10)];
  const rows: (readonly Cell[])[] = [
    ...ends.map((p): readonly Cell[] => [
      cell("residual"),
      cell("–", null),
      { text: fmt(p.x, 3), raw: p.x, numeric: true },
      { text: fmt(p.y, 3), raw: p.y, numeric: true },
    ]),
    ...(re === null
      ? []
      : qqPoints(re.values).map((p): readonly Cell[] => {
          const level = re.levels[re.values.indexOf(p.y)] ?? "";
          return [
            cell(`${re.group} random effect`),
            cell(level),
            { text: fmt(p.x, 3), raw: p.x, numeric: true },
            { text: fmt(p.y, 3), raw: p.y, numeric: true },
          ];
        })),
  ];
  return figure(ctx, {
    id: `fig-diag-${key}`,
    svg,
    caption: `Diagnostics of the ${escapeHtml(MODEL_NAMES[key])} model (<code>${escapeHtml(m.formula)}</code>): left, conditional residuals against fitted values (${d.residuals.length} rows; look for a funnel or a curve); middle, normal QQ plot of the residuals (residual SD ${fmt(sd, 2)} ${escapeHtml(unit)}); right, normal QQ plot of the ${escapeHtml(re?.group ?? "")} random-effect modes. The line passes through the quartiles (as R's qqline). Points far off the line are heavy tails or outliers the Gaussian model does not expect. From results.json <code>models.${escapeHtml(key)}.diagnostics</code>.`,
    table: {
      id: `data-diag-${key}`,
      caption: `${MODEL_NAMES[key]}: ${d.residuals.length <= 40 ? "every residual" : "the 10 smallest and 10 largest residuals"} and every ${re?.group ?? ""} random effect with its normal plot position (all residuals and fitted values are in results.json)`,
      columns: ["quantity", "level", "normal quantile", `value (${unit})`],
      rows,
    },
  });
}

/** Residuals vs fitted, QQ of residuals and QQ of random effects for every mixed model. */
export function diagnosticsSection(ctx: ReportContext): string {
  const figs = MODEL_KEYS.flatMap((k) => {
    const m = ctx.results.models[k];
    return m === null ? [] : [diagnosticsFigure(ctx, k, m)];
  });
  return figs.length === 0
    ? `<p class="note">results.json holds no mixed model, so there are no model diagnostics.</p>`
    : `<p>Each mixed model assumes Gaussian residuals with constant variance and Gaussian random intercepts. The panels show how far the data bear that out; the sensitivity analyses below do without the assumption.</p>\n${figs.join("\n")}`;
}
