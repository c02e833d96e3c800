import type { TimeCourseSeries, TimeWindow } from "./glutamateTimeCourse";
import { axisBottom, axisLeft, legend, marker, meanAndBand } from "./marks";
import { type Condition, styledConditions } from "./palette";
import { finiteExtent, includeIn, linearScale } from "./scales";
import { type ChartOptions, chartSize, el, emptyChart, finite, svgRoot, textEl } from "./svg";

/** One stacked panel: a measure's time course per condition (mean and band limits in `ci_low`/`ci_high`). */
export interface TimeCoursePanel {
  /** Panel title drawn above it, e.g. "NAA FWHM (Hz), mean ± SD". */
  readonly label: string;
  readonly series: readonly TimeCourseSeries[];
  /** Draw a zero line (percent changes). */
  readonly zeroLine?: boolean;
  /** A QC limit drawn as a dashed line. */
  readonly threshold?: number | null;
}

export interface QcTimeCoursesData {
  readonly conditions?: readonly Condition[];
  readonly panels: readonly TimeCoursePanel[];
  /** Shaded in every panel; labelled in the first. */
  readonly infusion?: TimeWindow | null;
  readonly xLabel?: string;
}

const kind = "qc-time-courses";
const TITLE_H = 18;

/**
 * Several measures' time courses stacked on one shared time axis (minutes from infusion onset), so
 * a change in one (the outcome) can be read against the others at the same moment (linewidth,
 * SNR, CRLB, fit quality: a BOLD-driven narrowing of the lines can mimic a metabolite change). Each
 * panel: per condition a translucent band (`ci_low`–`ci_high`), the mean line (dash per condition)
 * and markers (shape per condition), its own y scale, the infusion shaded. Panels without data
 * say so; no data at all: an explanatory empty chart.
 */
export function qcTimeCourses(data: QcTimeCoursesData, options: ChartOptions): string {
  const panels = data.panels.map((p) => ({
    ...p,
    series: p.series.map((s) => ({
      condition: s.condition,
      points: s.points
        .flatMap((q) => {
          const t = finite(q.t_mid_min);
          if (t === null) return [];
          const a = finite(q.ci_low);
          const b = finite(q.ci_high);
          return [
            {
              t,
              mean: finite(q.mean),
              lo: a !== null && b !== null ? Math.min(a, b) : null,
              hi: a !== null && b !== null ? Math.max(a, b) : null,
            },
          ];
        })
        .sort((u, v) => u.t - v.t),
    })),
  }));
  const xExt = finiteExtent(panels.flatMap((p) => p.series.flatMap((s) => s.points.map((q) => q.t))));
  if (xExt === null) return emptyChart(options, kind, "No time-course data to plot.");
  const { width, height } = chartSize(options, kind);
  const styled = styledConditions(
    data.conditions,
    panels.flatMap((p) => p.series.map((s) => s.condition)),
  );
  const used = styled.filter((c) => panels.some((p) => p.series.some((s) => s.condition === c.id)));
  const left = 56;
  const right = 12;
  const leg = legend(
    used.map((c) => ({ label: c.label, style: c.style, band: true })),
    left,
    4,
    width - left - right,
  );
  const top = 8 + leg.height;
  const bottom = 44;
  const plotW = Math.max(1, width - left - right);
  const n = Math.max(1, panels.length);
  const slot = (height - top - bottom) / n;
  const plotH = Math.max(10, slot - TITLE_H - 8);
  const infStart = finite(data.infusion?.start_min);
  const infEnd = finite(data.infusion?.end_min);
  const hasInf = infStart !== null && infEnd !== null;
  const x = linearScale(hasInf ? includeIn(xExt, infStart, infEnd) : xExt, [left, left + plotW]);
  let body = leg.svg;
  type P = (typeof panels)[number]["series"][number]["points"][number];
  panels.forEach((p, k) => {
    const pt = top + k * slot + TITLE_H;
    const pb = pt + plotH;
    let g = textEl({ class: "panel-title", x: left, y: pt - 6, "font-weight": "bold" }, p.label);
    const ys = p.series.flatMap((s) => s.points.flatMap((q) => [q.mean, q.lo, q.hi]));
    let yExt = finiteExtent(ys);
    if (yExt !== null && p.zeroLine) yExt = includeIn(yExt, 0);
    if (yExt !== null && p.threshold != null) yExt = includeIn(yExt, p.threshold);
    if (hasInf) {
      const x0 = x(Math.min(infStart, infEnd));
      const x1 = x(Math.max(infStart, infEnd));
      g += el("rect", {
        class: "infusion",
        x: x0,
        y: pt,
        width: x1 - x0,
        height: plotH,
        fill: "#000000",
        "fill-opacity": 0.07,
      });
      if (k === 0)
        g += textEl(
          { x: x1 - 4, y: pt + 12, "text-anchor": "end", fill: "#444444" },
          data.infusion?.label ?? "Infusion",
        );
    }
    if (yExt === null) {
      g += textEl(
        {
          class: "empty-message",
          x: left + plotW / 2,
          y: pt + plotH / 2,
          "text-anchor": "middle",
          fill: "#555555",
        },
        "No values.",
      );
      body += el("g", { class: "panel", "data-measure": p.label }, g);
      return;
    }
    const y = linearScale(yExt, [pb, pt]);
    g += axisLeft(y, left, { tickCount: Math.max(2, Math.min(5, Math.floor(plotH / 22))), grid: plotW });
    g += axisBottom(x, pb, {
      tickLabels: k === n - 1,
      label: k === n - 1 ? (data.xLabel ?? "Time from infusion onset (min)") : "",
    });
    if (p.zeroLine)
      g += el("line", {
        class: "zero-line",
        x1: left,
        x2: left + plotW,
        y1: y(0),
        y2: y(0),
        stroke: "#666666",
      });
    if (p.threshold != null && Number.isFinite(p.threshold))
      g += el("line", {
        class: "threshold",
        x1: left,
        x2: left + plotW,
        y1: y(p.threshold),
        y2: y(p.threshold),
        stroke: "#b33f00",
        "stroke-dasharray": "5 3",
      });
    const { band, mean } = meanAndBand<P>(x, y, 1);
    for (const s of p.series) {
      const c = styled.find((v) => v.id === s.condition);
      if (c === undefined) continue;
      const attrs = { "data-condition": c.id, "data-series": c.style.index };
      g += el("path", {
        class: "band",
        ...attrs,
        d: band(s.points) ?? "",
        fill: c.style.color,
        "fill-opacity": 0.16,
      });
      g += el("path", {
        class: "mean-line",
        ...attrs,
        d: mean(s.points) ?? "",
        fill: "none",
        stroke: c.style.color,
        "stroke-width": 1.6,
        "stroke-dasharray": c.style.dash || undefined,
      });
      for (const q of s.points) {
        if (q.mean === null) continue;
        g += marker(c.style.marker, x(q.t), y(q.mean), {
          class: "marker",
          ...attrs,
          size: 24,
          fill: c.style.color,
          stroke: "#ffffff",
          "stroke-width": 0.5,
        });
      }
    }
    body += el("g", { class: "panel", "data-measure": p.label }, g);
  });
  return svgRoot(options, kind, body);
}
