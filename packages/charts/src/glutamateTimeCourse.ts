import { axisBottom, axisLeft, legend, marker, meanAndBand } from "./marks";
import { type Condition, styledConditions } from "./palette";
import { finiteExtent, includeIn, linearScale } from "./scales";
import { type ChartOptions, chartSize, el, emptyChart, finite, svgRoot, textEl } from "./svg";

/** One time block of one condition: group mean and its 95 % CI, in % change from baseline. */
export interface TimeCoursePoint {
  /** Block mid-time in minutes relative to infusion onset (negative = before). */
  readonly t_mid_min: number | null;
  /** Mean percent change from the pre-infusion baseline. */
  readonly mean: number | null;
  /** Lower and upper 95 % CI limits (same units as `mean`); either null leaves a gap in the band. */
  readonly ci_low: number | null;
  readonly ci_high: number | null;
}

export interface TimeCourseSeries {
  /** Condition id (looked up in `conditions` for the label and style). */
  readonly condition: string;
  readonly points: readonly TimeCoursePoint[];
}

/** A time window in minutes relative to infusion onset. */
export interface TimeWindow {
  readonly start_min: number;
  readonly end_min: number;
  readonly label?: string;
}

export interface GlutamateTimeCourseData {
  /** Conditions in style order (same list in every chart gives the same colours). */
  readonly conditions?: readonly Condition[];
  readonly series: readonly TimeCourseSeries[];
  /** Shaded infusion period; null or absent draws none. */
  readonly infusion?: TimeWindow | null;
  readonly xLabel?: string;
  readonly yLabel?: string;
}

const kind = "glutamate-time-course";

/**
 * Group glutamate time courses: per condition a translucent 95 % CI band, the mean line (dash
 * pattern per condition) and a marker per block (shape per condition), over the shaded infusion
 * period and a zero line. Missing means or CI limits leave gaps; points without a time are dropped.
 * Empty or all-missing data gives an explanatory empty chart.
 */
export function glutamateTimeCourse(data: GlutamateTimeCourseData, options: ChartOptions): string {
  const series = data.series.map((s) => ({
    condition: s.condition,
    points: s.points
      .flatMap((p) => {
        const t = finite(p.t_mid_min);
        if (t === null) return [];
        const a = finite(p.ci_low);
        const b = finite(p.ci_high);
        const lo = a !== null && b !== null ? Math.min(a, b) : null;
        const hi = a !== null && b !== null ? Math.max(a, b) : null;
        return [{ t, mean: finite(p.mean), lo, hi }];
      })
      .sort((p, q) => p.t - q.t),
  }));
  const xs = series.flatMap((s) => s.points.filter((p) => p.mean !== null || p.lo !== null).map((p) => p.t));
  const ys = series.flatMap((s) => s.points.flatMap((p) => [p.mean, p.lo, p.hi]));
  const xExt = finiteExtent(xs);
  const yExt = finiteExtent(ys);
  if (xExt === null || yExt === null) {
    return emptyChart(options, kind, "No glutamate time-course data to plot.");
  }
  const { width, height } = chartSize(options, kind);
  const styled = styledConditions(
    data.conditions,
    series.map((s) => s.condition),
  );
  const styleOf = new Map(styled.map((c) => [c.id, c]));
  const used = styled.filter((c) => series.some((s) => s.condition === c.id));

  const left = 60;
  const right = 16;
  const leg = legend(
    used.map((c) => ({ label: c.label, style: c.style, band: true })),
    left,
    8,
    width - left - right,
  );
  const top = 8 + leg.height + 14;
  const bottom = 46;
  const plotW = Math.max(1, width - left - right);
  const plotH = Math.max(1, height - top - bottom);

  const infusion = data.infusion;
  const infStart = finite(infusion?.start_min);
  const infEnd = finite(infusion?.end_min);
  const hasInfusion = infStart !== null && infEnd !== null;
  const x = linearScale(hasInfusion ? includeIn(xExt, infStart, infEnd) : xExt, [left, left + plotW]);
  const y = linearScale(includeIn(yExt, 0), [top + plotH, top]);

  let body = leg.svg;
  if (hasInfusion) {
    const x0 = x(Math.min(infStart, infEnd));
    const x1 = x(Math.max(infStart, infEnd));
    body += el(
      "g",
      { class: "infusion" },
      el("rect", { x: x0, y: top, width: x1 - x0, height: plotH, fill: "#000000", "fill-opacity": 0.07 }) +
        textEl(
          { x: (x0 + x1) / 2, y: top + 12, "text-anchor": "middle", fill: "#444444" },
          infusion?.label ?? "Infusion",
        ),
    );
  }
  body += axisLeft(y, left, { label: data.yLabel ?? "Glx/tNAA change from baseline (%)", grid: plotW });
  body += axisBottom(x, top + plotH, { label: data.xLabel ?? "Time from infusion onset (min)" });
  body += el("line", {
    class: "zero-line",
    x1: left,
    x2: left + plotW,
    y1: y(0),
    y2: y(0),
    stroke: "#666666",
    "stroke-width": 1,
  });

  type P = (typeof series)[number]["points"][number];
  const { band, mean: meanLine } = meanAndBand<P>(x, y, 2);

  let bands = "";
  let lines = "";
  for (const s of series) {
    const c = styleOf.get(s.condition);
    if (c === undefined) continue;
    const st = c.style;
    const attrs = { "data-condition": c.id, "data-series": st.index };
    if (s.points.some((p) => p.lo !== null)) {
      bands += el("path", {
        class: "ci-band",
        ...attrs,
        d: band(s.points) ?? "",
        fill: st.color,
        "fill-opacity": 0.18,
      });
    }
    if (s.points.some((p) => p.mean !== null)) {
      lines += el("path", {
        class: "mean-line",
        ...attrs,
        d: meanLine(s.points) ?? "",
        fill: "none",
        stroke: st.color,
        "stroke-width": 2,
        "stroke-dasharray": st.dash || undefined,
      });
    }
    for (const p of s.points) {
      if (p.mean === null) continue;
      lines += marker(st.marker, x(p.t), y(p.mean), {
        class: "marker",
        ...attrs,
        size: 40,
        fill: st.color,
        stroke: "#ffffff",
        "stroke-width": 0.75,
      });
    }
  }
  body += el("g", { class: "bands" }, bands) + el("g", { class: "lines" }, lines);
  return svgRoot(options, kind, el("g", { class: "plot" }, body));
}
