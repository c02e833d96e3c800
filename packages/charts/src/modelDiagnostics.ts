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
  w: number,
  height: number,
  title: string,
  xLabel: string,
  yLabel: string,
  pts: readonly { x: number; y: number }[],
  line: "zero" | "qq",
): string {
  const top = 34;
  const bottom = 44;
  const xe = finiteExtent(pts.map((p) => p.x)) ?? [0, 1];
  const ye = finiteExtent(pts.map((p) => p.y)) ?? [0, 1];
  const x = linearScale(xe, [x0 + 52, x0 + w - 6]);
  const y = linearScale(ye, [height - bottom, top]);
  let g = wrapText(title, w - 8)
    .slice(0, 2)
    .map((l, i) =>
      textEl(
        {
          class: "panel-title",
          x: x0 + w / 2,
          y: 12 + i * 12,
          "text-anchor": "middle",
          "font-weight": "bold",
        },
        l,
      ),
    )
    .join("");
  g += axisLeft(y, x0 + 52, { label: yLabel, labelOffset: 38, tickCount: 5 });
  g += axisBottom(x, height - bottom, { label: xLabel, tickCount: 5 });
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
    const clampY = (v: number) => Math.min(Math.max(y(v), top), height - bottom);
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

/**
 * The residual diagnostics of one mixed model, three panels: conditional residuals against fitted
 * values (dashed line at 0), a normal QQ plot of the residuals and one of the random-effect modes
 * (each with R's qqline through the quartiles). Points are rounded to 0.1 px to keep the SVG small.
 */
export function modelDiagnostics(data: ModelDiagnosticsData, options: ChartOptions): string {
  if (data.residuals.length === 0) return emptyChart(options, kind, "The model has no residuals.");
  const { width, height } = chartSize(options, kind);
  const w = width / 3;
  const rvf = data.fitted.map((f, i) => ({ x: f, y: data.residuals[i] as number }));
  let body = panel(
    0,
    w,
    height,
    "Residuals against fitted values",
    `fitted (${data.unit})`,
    "residual",
    rvf,
    "zero",
  );
  body += panel(
    w,
    w,
    height,
    "Normal QQ plot of the residuals",
    "normal quantile",
    `residual (${data.unit})`,
    qqPoints(data.residuals),
    "qq",
  );
  const re = data.randomEffects;
  body +=
    re === null || re.values.length === 0
      ? textEl({ x: 2 * w + w / 2, y: height / 2, "text-anchor": "middle" }, "no random effects")
      : panel(
          2 * w,
          w,
          height,
          `Normal QQ plot of the ${re.group} random effects`,
          "normal quantile",
          `mode (${data.unit})`,
          qqPoints(re.values),
          "qq",
        );
  return svgRoot(options, kind, body);
}
