import { line } from "d3";
import type { TimeWindow } from "./glutamateTimeCourse";
import { axisBottom, axisLeft, legend, marker } from "./marks";
import { type Condition, styledConditions } from "./palette";
import { finiteExtent, includeIn, linearScale } from "./scales";
import {
  type ChartOptions,
  chartSize,
  el,
  emptyChart,
  finite,
  svgRoot,
  textEl,
  textWidth,
  truncate,
} from "./svg";

/** One observation of one subject's session: a block's value at a time. */
export interface SubjectPoint {
  /** Block mid-time in minutes relative to infusion onset. */
  readonly t_min: number | null;
  /** The plotted value, e.g. Glx/tNAA % change from baseline; null leaves a gap. */
  readonly value: number | null;
}

/** One subject's panel: one series per condition (session). */
export interface SubjectPanel {
  readonly subject: string;
  readonly series: readonly { readonly condition: string; readonly points: readonly SubjectPoint[] }[];
}

export interface SmallMultiplesData {
  readonly conditions?: readonly Condition[];
  /** Panels in the order drawn (row by row). */
  readonly subjects: readonly SubjectPanel[];
  readonly infusion?: TimeWindow | null;
  readonly xLabel?: string;
  readonly yLabel?: string;
}

export interface SmallMultiplesOptions extends ChartOptions {
  /** Panels per row; default chosen so panels are roughly as wide as tall. */
  readonly columns?: number;
}

const kind = "small-multiples";

/**
 * Per-subject time courses in a grid, one panel per subject with every condition in it (colour,
 * dash and marker shape per condition). All panels share the x and y scales, so panels compare
 * directly; tick labels appear on the outer panels only. Gaps for missing values; a subject with
 * no plottable point keeps its panel with "no data". No subjects: an explanatory empty chart.
 */
export function smallMultiples(data: SmallMultiplesData, options: SmallMultiplesOptions): string {
  const subjects = data.subjects.map((s) => ({
    subject: s.subject,
    series: s.series.map((ser) => ({
      condition: ser.condition,
      points: ser.points
        .flatMap((p) => {
          const t = finite(p.t_min);
          return t === null ? [] : [{ t, v: finite(p.value) }];
        })
        .sort((a, b) => a.t - b.t),
    })),
  }));
  const plotted = subjects.flatMap((s) => s.series.flatMap((ser) => ser.points.filter((p) => p.v !== null)));
  const xExt = finiteExtent(plotted.map((p) => p.t));
  const yExt = finiteExtent(plotted.map((p) => p.v));
  if (subjects.length === 0 || xExt === null || yExt === null) {
    return emptyChart(options, kind, "No per-subject time courses to plot.");
  }
  const { width, height } = chartSize(options, kind);
  const styled = styledConditions(
    data.conditions,
    subjects.flatMap((s) => s.series.map((ser) => ser.condition)),
  );
  const styleOf = new Map(styled.map((c) => [c.id, c]));
  const used = styled.filter((c) => subjects.some((s) => s.series.some((ser) => ser.condition === c.id)));

  const n = subjects.length;
  const outerLeft = 58;
  const outerRight = 10;
  const leg = legend(
    used.map((c) => ({ label: c.label, style: c.style })),
    outerLeft,
    6,
    width - outerLeft - outerRight,
  );
  const outerTop = 6 + leg.height + 8;
  const outerBottom = 44;
  const gridW = Math.max(1, width - outerLeft - outerRight);
  const gridH = Math.max(1, height - outerTop - outerBottom);
  const requested =
    options.columns !== undefined && Number.isFinite(options.columns) ? Math.floor(options.columns) : 0;
  const cols = Math.min(
    n,
    requested >= 1 ? requested : Math.max(1, Math.round(Math.sqrt((n * gridW) / gridH))),
  );
  const rows = Math.ceil(n / cols);
  const gapX = 20;
  const gapY = 22;
  const panelW = Math.max(1, (gridW - gapX * (cols - 1)) / cols);
  const panelH = Math.max(1, (gridH - gapY * rows) / rows);

  const infStart = finite(data.infusion?.start_min);
  const infEnd = finite(data.infusion?.end_min);
  const hasInfusion = infStart !== null && infEnd !== null;
  const xDomain = linearScale(hasInfusion ? includeIn(xExt, infStart, infEnd) : xExt, [0, 1]).domain();
  const yDomain = linearScale(includeIn(yExt, 0), [0, 1]).domain();
  const [x0 = 0, x1 = 1] = xDomain;
  const [y0 = 0, y1 = 1] = yDomain;
  const maxChars = Math.max(3, Math.floor(panelW / textWidth("m", 11)));

  let panels = "";
  subjects.forEach((s, i) => {
    const col = i % cols;
    const row = Math.floor(i / cols);
    const px = outerLeft + col * (panelW + gapX);
    const py = outerTop + gapY + row * (panelH + gapY);
    const x = linearScale([x0, x1], [px, px + panelW], false);
    const y = linearScale([y0, y1], [py + panelH, py], false);
    const isBottom = i + cols >= n;
    let p = el("rect", { x: px, y: py, width: panelW, height: panelH, fill: "#ffffff", stroke: "#cccccc" });
    if (hasInfusion) {
      const a = x(Math.min(infStart, infEnd));
      const b = x(Math.max(infStart, infEnd));
      p += el("rect", {
        class: "infusion",
        x: a,
        y: py,
        width: b - a,
        height: panelH,
        fill: "#000000",
        "fill-opacity": 0.07,
      });
    }
    p += el("line", { class: "zero-line", x1: px, x2: px + panelW, y1: y(0), y2: y(0), stroke: "#888888" });
    p += textEl(
      { class: "panel-title", x: px + 2, y: py - 5, "font-size": 11 },
      truncate(s.subject, maxChars),
    );
    p += axisLeft(y, px, { tickCount: 3, tickLabels: col === 0 });
    p += axisBottom(x, py + panelH, { tickCount: 4, tickLabels: isBottom });
    let marks = "";
    let any = false;
    for (const ser of s.series) {
      const c = styleOf.get(ser.condition);
      if (c === undefined) continue;
      const st = c.style;
      const attrs = { "data-condition": c.id, "data-series": st.index };
      if (!ser.points.some((q) => q.v !== null)) continue;
      any = true;
      const path = line<{ t: number; v: number | null }>()
        .digits(2)
        .defined((q) => q.v !== null)
        .x((q) => x(q.t))
        .y((q) => y(q.v ?? 0));
      marks += el("path", {
        class: "subject-line",
        ...attrs,
        d: path(ser.points) ?? "",
        fill: "none",
        stroke: st.color,
        "stroke-width": 1.5,
        "stroke-dasharray": st.dash || undefined,
      });
      for (const q of ser.points) {
        if (q.v === null) continue;
        marks += marker(st.marker, x(q.t), y(q.v), { class: "marker", ...attrs, size: 18, fill: st.color });
      }
    }
    if (!any) {
      marks += textEl(
        {
          class: "panel-empty",
          x: px + panelW / 2,
          y: py + panelH / 2,
          "text-anchor": "middle",
          fill: "#777777",
        },
        "no data",
      );
    }
    panels += el("g", { class: "panel", "data-subject": s.subject }, p + marks);
  });
  const gridBottom = outerTop + gapY + rows * (panelH + gapY) - gapY;
  const labels =
    textEl(
      { class: "axis-label", x: outerLeft + gridW / 2, y: gridBottom + 34, "text-anchor": "middle" },
      data.xLabel ?? "Time from infusion onset (min)",
    ) +
    textEl(
      {
        class: "axis-label",
        x: 14,
        y: outerTop + gridH / 2,
        "text-anchor": "middle",
        transform: `rotate(-90 14 ${Math.round((outerTop + gridH / 2) * 100) / 100})`,
      },
      data.yLabel ?? "Glx/tNAA change (%)",
    );
  return svgRoot(options, kind, leg.svg + panels + labels);
}
