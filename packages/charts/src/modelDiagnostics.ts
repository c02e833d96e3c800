import { axisBottom, axisLeft } from "./marks";
import { okabeIto } from "./palette";
import { finiteExtent, linearScale } from "./scales";
import { type ChartOptions, chartSize, el, emptyChart, fmtNum, svgRoot, textEl } from "./svg";
import { normalScores, wrapText } from "./wrapText";

export interface ModelDiagnosticsData {
  readonly fitted: readonly number[];
  readonly residuals: readonly number[];
  /** Random-effect modes of one grouping factor (e.g. subject). */
  readonly randomEffects: { readonly group: string; readonly values: readonly number[] } | null;
  readonly unit: string;
}

const kind = "model-diagnostics";
const TITLE_LINE = 14;

/** Sorted values with their normal plot positions and the line through the quartiles (R's qqline). */
export function qqPoints(values: readonly number[]): { x: number; y: number }[] {
  const sorted = [...values].sort((a, b) => a - b);
  const z = normalScores(sorted.length);
  return sorted.map((y, i) => ({ x: z[i] as number, y }));
}

function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(sorted.length - 1, lo + 1)] as number;
  return a + (h - lo) * (b - a);
}

function panel(
  x0: number,
  y0: number,
  w: number,
  height: number,
  title: string,
  xLabel: string,
  yLabel: string,
  pts: readonly { x: number; y: number }[],
  line: "zero" | "qq",
): string {
  const titleLines = wrapText(title, w - 8).slice(0, 2);
  const top = y0 + 12 + titleLines.length * TITLE_LINE;
  const bottom = 40;
  const xe = finiteExtent(pts.map((p) => p.x)) ?? [0, 1];
  const ye = finiteExtent(pts.map((p) => p.y)) ?? [0, 1];
  const x = linearScale(xe, [x0 + 52, x0 + w - 6]);
  const y = linearScale(ye, [y0 + height - bottom, top]);
  let g = titleLines
    .map((l, i) =>
      textEl(
        {
          class: "panel-title",
          x: x0 + w / 2,
          y: y0 + 12 + i * TITLE_LINE,
          "text-anchor": "middle",
          "font-weight": "bold",
        },
        l,
      ),
    )
    .join("");
  g += axisLeft(y, x0 + 52, { label: yLabel, labelOffset: 38, tickCount: 3 });
  g += axisBottom(x, y0 + height - bottom, { label: xLabel, tickCount: 3 });
  const [xa = 0, xb = 0] = x.domain();
  if (line === "zero") {
    g += el("line", {
      class: "zero-line",
      x1: x(xa),
      x2: x(xb),
      y1: y(0),
      y2: y(0),
      stroke: "#555555",
      "stroke-dasharray": "4 3",
    });
  } else if (pts.length >= 4) {
    const ys = pts.map((p) => p.y);
    const zs = pts.map((p) => p.x);
    const q1 = quantile(ys, 0.25);
    const q3 = quantile(ys, 0.75);
    const z1 = quantile(zs, 0.25);
    const z3 = quantile(zs, 0.75);
    const slope = (q3 - q1) / (z3 - z1);
    const at = (z: number) => q1 + slope * (z - z1);
    const clampY = (v: number) => Math.min(Math.max(y(v), top), y0 + height - bottom);
    g += el("line", {
      class: "qq-line",
      x1: x(xa),
      x2: x(xb),
      y1: clampY(at(xa)),
      y2: clampY(at(xb)),
      stroke: okabeIto.vermillion,
      "stroke-width": 1.5,
    });
  }
  // All points of a panel as one path of zero-length round-capped strokes (about 14 bytes a
  // point instead of 40 for a <circle>), so a model with thousands of rows stays small.
  g += el("path", {
    class: "points",
    "data-n": pts.length,
    d: pts.map((p) => `M${fmtNum(x(p.x), 1)} ${fmtNum(y(p.y), 1)}h0`).join(""),
    fill: "none",
    stroke: okabeIto.blue,
    "stroke-opacity": 0.6,
    "stroke-width": 4,
    "stroke-linecap": "round",
  });
  return el("g", { class: "panel" }, g);
}

/** The three panels of one model, side by side in `width`, from row top `y0`, `height` tall. */
function modelRow(data: ModelDiagnosticsData, y0: number, width: number, height: number): string {
  const w = width / 3;
  const rvf = data.fitted.map((f, i) => ({ x: f, y: data.residuals[i] as number }));
  let body = panel(
    0,
    y0,
    w,
    height,
    "Residuals against fitted",
    `fitted (${data.unit})`,
    "residual",
    rvf,
    "zero",
  );
  body += panel(
    w,
    y0,
    w,
    height,
    "Normal QQ: residuals",
    "normal quantile",
    "residual",
    qqPoints(data.residuals),
    "qq",
  );
  const re = data.randomEffects;
  body +=
    re === null || re.values.length === 0
      ? textEl({ x: 2 * w + w / 2, y: y0 + height / 2, "text-anchor": "middle" }, "no random effects")
      : panel(
          2 * w,
          y0,
          w,
          height,
          `Normal QQ: ${re.group} effects`,
          "normal quantile",
          "mode",
          qqPoints(re.values),
          "qq",
        );
  return body;
}

/**
 * The residual diagnostics of one mixed model, three panels: conditional residuals against fitted
 * values (dashed line at 0), a normal QQ plot of the residuals and one of the random-effect modes
 * (each with R's qqline through the quartiles), all in `unit` (named on the fitted axis). Points are
 * rounded to 0.1 px to keep the SVG small.
 */
export function modelDiagnostics(data: ModelDiagnosticsData, options: ChartOptions): string {
  if (data.residuals.length === 0) return emptyChart(options, kind, "The model has no residuals.");
  const { width, height } = chartSize(options, kind);
  return svgRoot(options, kind, modelRow(data, 0, width, height));
}

/** One model of the small multiples: its name (a row heading) and its diagnostics. */
export interface ModelDiagnosticsRow extends ModelDiagnosticsData {
  readonly key: string;
  readonly title: string;
}

/** Height of one model's row of panels in `modelDiagnosticsGrid` (px, below its heading). */
export const DIAGNOSTICS_ROW_HEIGHT = 130;

/**
 * The diagnostics of several models as small multiples: one row per model (its name as a bold
 * heading, wrapped, then the three panels of `modelDiagnostics`, `rowHeight` tall), stacked in
 * one chart so a reader compares the models at a glance. Each row is a `<g class="model"
 * data-model=key>`. Models without residuals get their heading and a note. The height grows with
 * the rows (`options.height` is the minimum).
 */
export function modelDiagnosticsGrid(
  models: readonly ModelDiagnosticsRow[],
  options: ChartOptions,
  rowHeight = DIAGNOSTICS_ROW_HEIGHT,
): string {
  if (models.length === 0) return emptyChart(options, kind, "No model to diagnose.");
  const { width } = chartSize(options, kind);
  let y = 0;
  let body = "";
  for (const m of models) {
    let g = "";
    for (const l of wrapText(m.title, width - 16, 12)) {
      y += 16;
      g += textEl({ class: "model-title", x: 8, y, "font-weight": "bold", "font-size": 12 }, l);
    }
    y += 6;
    if (m.residuals.length === 0) {
      y += 16;
      g += textEl({ x: 8, y, fill: "#333333" }, "The model has no residuals.");
      y += 6;
    } else {
      g += modelRow(m, y, width, rowHeight);
      y += rowHeight;
    }
    body += el("g", { class: "model", "data-model": m.key }, g);
    y += 4;
  }
  const height = Math.max(options.height, Math.ceil(y + 4));
  return svgRoot({ ...options, height }, kind, body);
}
