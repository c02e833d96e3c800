import { axisBottom, axisLeft, legend, marker } from "./marks";
import { type Condition, okabeIto, styledConditions } from "./palette";
import { finiteExtent, linearScale } from "./scales";
import { type ChartOptions, chartSize, el, emptyChart, finite, fmtNum, svgRoot, textEl } from "./svg";

/** One subject's point. */
export interface ScatterPoint {
  readonly id: string;
  readonly x: number | null;
  readonly y: number | null;
  /** Group id (e.g. sex), looked up in `groups` for label and style; default: one group. */
  readonly group?: string;
}

export interface ScatterData {
  readonly points: readonly ScatterPoint[];
  readonly xLabel: string;
  readonly yLabel: string;
  /** Groups in style order; a legend is drawn when more than one group is present. */
  readonly groups?: readonly Condition[];
  /**
   * Draw the ordinary least-squares line of y on x over the x range of the points (default false),
   * or draw the given line (e.g. from results.json, so the page computes nothing).
   */
  readonly fit?: boolean | { readonly intercept: number; readonly slope: number };
  /** Text drawn in the top-left corner, e.g. "r = 0.41 [0.02, 0.69], n = 24" (computed by the caller). */
  readonly annotation?: string;
  /** Draw dashed lines at x = 0 and y = 0 when inside the axes (default true). */
  readonly zeroLines?: boolean;
}

/** Ordinary least squares y = a + b·x; null with fewer than two points or no spread in x. */
export function leastSquares(
  points: readonly { readonly x: number; readonly y: number }[],
): { intercept: number; slope: number } | null {
  const n = points.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (const p of points) {
    mx += p.x / n;
    my += p.y / n;
  }
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

const kind = "scatter";

/**
 * x vs y per subject (marker shape and colour per group), an optional least-squares line of y on
 * x drawn across the observed x range, dashed zero lines and the caller's annotation (e.g. r).
 * Points missing x or y are left out (their count is added to `<desc>`). No complete point:
 * an explanatory empty chart.
 */
export function scatter(data: ScatterData, options: ChartOptions): string {
  const pts = data.points.flatMap((p) => {
    const x = finite(p.x);
    const y = finite(p.y);
    return x === null || y === null ? [] : [{ id: p.id, x, y, group: p.group ?? "" }];
  });
  const dropped = data.points.length - pts.length;
  const droppedNote =
    dropped > 0 ? `${dropped} point${dropped === 1 ? "" : "s"} with a missing value not shown.` : "";
  const xExt = finiteExtent(pts.map((p) => p.x));
  const fit = typeof data.fit === "object" ? data.fit : data.fit ? leastSquares(pts) : null;
  // The fitted line's ends are included so the line never leaves the axes.
  const yExt = finiteExtent([
    ...pts.map((p) => p.y),
    ...(fit !== null && xExt !== null ? xExt.map((v) => fit.intercept + fit.slope * v) : []),
  ]);
  if (xExt === null || yExt === null) return emptyChart(options, kind, "No complete x–y pairs to plot.");
  const { width, height } = chartSize(options, kind);
  const styled = styledConditions(
    data.groups,
    pts.map((p) => p.group),
  );
  const styleOf = new Map(styled.map((c) => [c.id, c]));
  const used = styled.filter((c) => pts.some((p) => p.group === c.id));

  const left = 62;
  const right = 16;
  const leg =
    used.length > 1
      ? legend(
          used.map((c) => ({ label: c.label, style: c.style, line: false })),
          left,
          6,
          width - left - right,
        )
      : { svg: "", height: 0 };
  const top = 6 + leg.height + 12;
  const bottom = 46;
  const x = linearScale(xExt, [left, Math.max(left + 1, width - right)]);
  const y = linearScale(yExt, [Math.max(top + 1, height - bottom), top]);
  const [xd0 = 0, xd1 = 0] = x.domain();
  const [yd0 = 0, yd1 = 0] = y.domain();
  const plotBottom = Math.max(top + 1, height - bottom);
  const plotRight = Math.max(left + 1, width - right);

  let body = leg.svg;
  body += axisLeft(y, left, { label: data.yLabel, grid: plotRight - left, labelOffset: 44 });
  body += axisBottom(x, plotBottom, { label: data.xLabel, grid: plotBottom - top });
  if (data.zeroLines ?? true) {
    if (xd0 < 0 && xd1 > 0) {
      body += el("line", {
        class: "zero-line",
        x1: x(0),
        x2: x(0),
        y1: top,
        y2: plotBottom,
        stroke: "#888888",
        "stroke-dasharray": "4 3",
      });
    }
    if (yd0 < 0 && yd1 > 0) {
      body += el("line", {
        class: "zero-line",
        x1: left,
        x2: plotRight,
        y1: y(0),
        y2: y(0),
        stroke: "#888888",
        "stroke-dasharray": "4 3",
      });
    }
  }
  if (fit !== null) {
    const [xa, xb] = xExt;
    body += el("line", {
      class: "fit-line",
      "data-slope": fmtNum(fit.slope, 3),
      "data-intercept": fmtNum(fit.intercept, 3),
      x1: x(xa),
      y1: y(fit.intercept + fit.slope * xa),
      x2: x(xb),
      y2: y(fit.intercept + fit.slope * xb),
      stroke: okabeIto.black,
      "stroke-width": 1.5,
    });
  }
  let marks = "";
  for (const p of pts) {
    const c = styleOf.get(p.group);
    if (c === undefined) continue;
    marks += marker(c.style.marker, x(p.x), y(p.y), {
      class: "marker",
      "data-id": p.id,
      "data-group": c.id,
      "data-series": c.style.index,
      size: 44,
      fill: c.style.color,
      "fill-opacity": 0.85,
      stroke: "#ffffff",
      "stroke-width": 0.75,
    });
  }
  body += el("g", { class: "points" }, marks);
  if (data.annotation) {
    body += textEl({ class: "annotation", x: left + 8, y: top + 14, "font-weight": "bold" }, data.annotation);
  }
  return svgRoot(options, kind, body, droppedNote ? { descSuffix: droppedNote } : {});
}
