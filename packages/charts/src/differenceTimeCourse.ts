import { axisBottom, axisLeft } from "./marks";
import { okabeIto } from "./palette";
import { finiteExtent, includeIn, linearScale } from "./scales";
import { type ChartOptions, chartSize, el, emptyChart, finite, fmtNum, svgRoot, textEl } from "./svg";

/** One block of the difference curve: mean within-subject difference and its CI. */
export interface DifferencePointDatum {
  readonly t_min: number;
  readonly mean: number | null;
  readonly ci_low: number | null;
  readonly ci_high: number | null;
  readonly n: number;
}

export interface DifferencePanel {
  readonly title: string;
  readonly points: readonly DifferencePointDatum[];
}

export interface DifferenceTimeCourseData {
  readonly panels: readonly DifferencePanel[];
  /** Infusion [start, end] in minutes (shaded). */
  readonly infusion: readonly [number, number];
  /** A window to mark under the axis (e.g. the response window of the primary estimand). */
  readonly window?: { readonly range: readonly [number, number]; readonly label: string };
  readonly xLabel: string;
  readonly yLabel: string;
}

const kind = "difference-time-course";

/**
 * The within-subject difference (test − reference) over time: per panel a line through the block
 * means with a shaded 95 % CI band (the paired, within-subject CI), a dashed line at 0 (no
 * difference), the infusion shaded, and an optional window bracket under the axis. Panels sit side
 * by side with one shared y scale. Blocks without a CI break the band, not the line.
 */
export function differenceTimeCourse(data: DifferenceTimeCourseData, options: ChartOptions): string {
  const values = data.panels.flatMap((p) => p.points.flatMap((q) => [q.mean, q.ci_low, q.ci_high]));
  const yExt = finiteExtent(values);
  const xExt = finiteExtent(data.panels.flatMap((p) => p.points.map((q) => q.t_min)));
  if (yExt === null || xExt === null) return emptyChart(options, kind, "No block has a paired difference.");
  const { width, height } = chartSize(options, kind);
  const n = data.panels.length;
  const left = 64;
  const gap = 22;
  const top = 26;
  const bottom = data.window === undefined ? 48 : 66;
  const panelW = (width - left - 12 - gap * (n - 1)) / n;
  const y = linearScale(includeIn(yExt, 0), [height - bottom, top]);
  let body = "";
  data.panels.forEach((panel, pi) => {
    const x0 = left + pi * (panelW + gap);
    const x = linearScale(includeIn(xExt, data.infusion[0], data.infusion[1]), [x0, x0 + panelW]);
    let g = el("rect", {
      class: "infusion",
      x: x(data.infusion[0]),
      y: top,
      width: Math.max(0, x(data.infusion[1]) - x(data.infusion[0])),
      height: height - bottom - top,
      fill: "#f0e442",
      "fill-opacity": 0.18,
    });
    g += textEl(
      { class: "panel-title", x: x0 + panelW / 2, y: 14, "text-anchor": "middle", "font-weight": "bold" },
      panel.title,
    );
    g += axisLeft(y, x0, {
      label: pi === 0 ? data.yLabel : "",
      tickLabels: pi === 0,
      grid: panelW,
      tickCount: 6,
    });
    g += axisBottom(x, height - bottom, { label: data.xLabel, tickCount: 5 });
    g += el("line", {
      class: "zero-line",
      x1: x0,
      x2: x0 + panelW,
      y1: y(0),
      y2: y(0),
      stroke: "#555555",
      "stroke-dasharray": "4 3",
    });
    const pts = panel.points
      .map((p) => ({ t: p.t_min, m: finite(p.mean), lo: finite(p.ci_low), hi: finite(p.ci_high), n: p.n }))
      .sort((a, b) => a.t - b.t);
    // Band segments over consecutive blocks with a CI.
    let seg: typeof pts = [];
    const flush = () => {
      if (seg.length > 0) {
        const upper = seg.map((p) => `${fmtNum(x(p.t))},${fmtNum(y(p.hi as number))}`);
        const lower = seg.map((p) => `${fmtNum(x(p.t))},${fmtNum(y(p.lo as number))}`).reverse();
        g += el("path", {
          class: "ci-band",
          d: `M${[...upper, ...lower].join("L")}Z`,
          fill: okabeIto.blue,
          "fill-opacity": 0.22,
          stroke: "none",
        });
      }
      seg = [];
    };
    for (const p of pts) {
      if (p.lo !== null && p.hi !== null) seg.push(p);
      else flush();
    }
    flush();
    const line = pts.filter((p) => p.m !== null).map((p) => `${fmtNum(x(p.t))},${fmtNum(y(p.m as number))}`);
    if (line.length > 1)
      g += el("path", {
        class: "mean-line",
        d: `M${line.join("L")}`,
        fill: "none",
        stroke: okabeIto.blue,
        "stroke-width": 2,
      });
    for (const p of pts)
      if (p.m !== null)
        g += el("circle", {
          class: "point",
          cx: x(p.t),
          cy: y(p.m),
          r: 2.5,
          fill: okabeIto.blue,
          "data-t": fmtNum(p.t, 2),
          "data-mean": fmtNum(p.m, 3),
          "data-n": p.n,
        });
    if (data.window !== undefined) {
      const wy = height - bottom + 44;
      const a = x(data.window.range[0]);
      const b = x(data.window.range[1]);
      g += el("path", {
        class: "window",
        d: `M${fmtNum(a)},${wy - 5}V${wy}H${fmtNum(b)}V${wy - 5}`,
        fill: "none",
        stroke: "#333333",
      });
      g += textEl(
        { class: "window-label", x: (a + b) / 2, y: wy + 13, "text-anchor": "middle" },
        data.window.label,
      );
    }
    body += el("g", { class: "panel", "data-panel": pi }, g);
  });
  return svgRoot(options, kind, body);
}
