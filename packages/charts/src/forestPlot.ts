import { format } from "d3";
import { axisBottom, marker } from "./marks";
import { okabeIto } from "./palette";
import { finiteExtent, includeIn, linearScale } from "./scales";
import {
  type ChartOptions,
  chartSize,
  el,
  emptyChart,
  finite,
  fmtNum,
  fmtPoint,
  svgRoot,
  textEl,
  textWidth,
  truncate,
} from "./svg";

/** One row of a forest plot: an effect with its CI, or a heading. */
export interface ForestRow {
  readonly label: string;
  /** Point estimate; null draws the label with "not estimable". */
  readonly estimate: number | null;
  /** CI limits; either null draws the estimate without a whisker. */
  readonly ci_low: number | null;
  readonly ci_high: number | null;
  /** A summary effect (e.g. overall): drawn as a diamond spanning the CI, label in bold. */
  readonly summary?: boolean;
  /** A heading row (e.g. "By sex"): label only, no mark or text. */
  readonly heading?: boolean;
  /** Indent level of the label (0 = none). */
  readonly indent?: number;
  /** Right-column text; default `estimate [ci_low, ci_high]` formatted with `valueFormat`. */
  readonly text?: string;
}

export interface ForestPlotData {
  readonly rows: readonly ForestRow[];
  /** x-axis title, e.g. "NTX − PBO difference in MADRS change (points)". */
  readonly xLabel?: string;
  /** The no-effect reference line (default 0). */
  readonly nullValue?: number;
  /** d3-format specifier for estimates and limits (default ".2f"). */
  readonly valueFormat?: string;
  /** Captions under the axis at the left and right ends, e.g. "favours NTX" / "favours PBO". */
  readonly favoursLeft?: string;
  readonly favoursRight?: string;
  /** Heading of the right-hand text column (default "Estimate [95% CI]"). */
  readonly textHeading?: string;
}

const kind = "forest-plot";

/**
 * Forest plot: one row per effect with a square at the estimate and a whisker for its CI (a
 * diamond for summary rows), labels on the left, `estimate [low, high]` on the right, and a dashed
 * reference line at `nullValue`. The x axis always contains every CI limit and the reference.
 * Rows with no estimate keep their label and read "not estimable". No rows: an empty chart.
 */
export function forestPlot(data: ForestPlotData, options: ChartOptions): string {
  if (data.rows.length === 0) return emptyChart(options, kind, "No effects to plot.");
  const { width, height } = chartSize(options, kind);
  const nullValue = finite(data.nullValue) ?? 0;
  const fmt = format(data.valueFormat ?? ".2f");
  const rows = data.rows.map((r) => {
    const est = r.heading ? null : finite(r.estimate);
    const a = finite(r.ci_low);
    const b = finite(r.ci_high);
    const lo = est !== null && a !== null && b !== null ? Math.min(a, b) : null;
    const hi = est !== null && a !== null && b !== null ? Math.max(a, b) : null;
    const text = r.heading
      ? ""
      : (r.text ??
        (est === null
          ? "not estimable"
          : lo !== null && hi !== null
            ? `${fmt(est)} [${fmt(lo)}, ${fmt(hi)}]`
            : fmt(est)));
    return { ...r, est, lo, hi, text };
  });
  const xExt = finiteExtent(rows.flatMap((r) => [r.est, r.lo, r.hi]));
  const labelChars = Math.min(40, Math.max(6, ...rows.map((r) => r.label.length + 2 * (r.indent ?? 0))));
  const textHeading = data.textHeading ?? "Estimate [95% CI]";
  const labelW = Math.min(width * 0.35, textWidth("m".repeat(labelChars)) + 8);
  const textW = Math.min(
    width * 0.3,
    Math.max(...rows.map((r) => textWidth(r.text)), textWidth(textHeading)) + 12,
  );
  const left = 8 + labelW;
  const right = 8 + textW;
  const top = 26;
  const plotW = Math.max(1, width - left - right);
  // The two direction captions share a line unless they would meet; then the right one goes below.
  const favoursClash =
    data.favoursLeft !== undefined &&
    data.favoursRight !== undefined &&
    textWidth(`← ${data.favoursLeft}`) + textWidth(`${data.favoursRight} →`) + 12 > plotW;
  const bottom = data.favoursLeft || data.favoursRight ? (favoursClash ? 76 : 62) : 46;
  const plotH = Math.max(1, height - top - bottom);
  const rowH = plotH / rows.length;
  const x = linearScale(includeIn(xExt ?? [nullValue, nullValue], nullValue), [left, left + plotW]);
  const [d0 = 0, d1 = 0] = x.domain();
  const inside = (v: number) => Math.min(Math.max(x(v), left), left + plotW);

  let body =
    textEl({ class: "column-heading", x: 8, y: top - 10, "font-weight": "bold" }, "Effect") +
    textEl(
      { class: "column-heading", x: width - 8, y: top - 10, "text-anchor": "end", "font-weight": "bold" },
      textHeading,
    );
  body += axisBottom(x, top + plotH, { label: data.xLabel ?? "", grid: plotH });
  body += el("line", {
    class: "reference-line",
    "data-value": nullValue,
    x1: x(nullValue),
    x2: x(nullValue),
    y1: top,
    y2: top + plotH,
    stroke: "#555555",
    "stroke-dasharray": "4 3",
  });
  if (data.favoursLeft) {
    body += textEl(
      { class: "favours", x: left, y: top + plotH + 50, fill: "#555555" },
      "← " + data.favoursLeft,
    );
  }
  if (data.favoursRight) {
    body += textEl(
      {
        class: "favours",
        x: left + plotW,
        y: top + plotH + (favoursClash ? 64 : 50),
        "text-anchor": "end",
        fill: "#555555",
      },
      data.favoursRight + " →",
    );
  }
  const maxChars = Math.max(3, Math.floor((labelW - 4) / textWidth("m")));
  let rowsSvg = "";
  rows.forEach((r, i) => {
    const cy = top + rowH * (i + 0.5);
    const indent = 10 * Math.max(0, Math.floor(r.indent ?? 0));
    let g = textEl(
      {
        class: "row-label",
        x: 8 + indent,
        y: cy,
        "dominant-baseline": "middle",
        "font-weight": r.summary || r.heading ? "bold" : undefined,
        "font-style": r.heading ? "italic" : undefined,
      },
      truncate(r.label, maxChars - Math.floor(indent / 6)),
    );
    if (r.text !== "") {
      g += textEl(
        { class: "row-text", x: width - 8, y: cy, "dominant-baseline": "middle", "text-anchor": "end" },
        r.text,
      );
    }
    if (r.est !== null) {
      const size = Math.max(4, Math.min(7, rowH * 0.3));
      if (r.summary && r.lo !== null && r.hi !== null) {
        const xl = inside(r.lo);
        const xr = inside(r.hi);
        const xe = inside(r.est);
        g += el("path", {
          class: "estimate summary",
          d: `M${fmtPoint(xl, cy)}L${fmtPoint(xe, cy - size)}L${fmtPoint(xr, cy)}L${fmtPoint(xe, cy + size)}Z`,
          fill: okabeIto.black,
        });
      } else {
        if (r.lo !== null && r.hi !== null) {
          g += el("line", {
            class: "ci",
            x1: inside(r.lo),
            x2: inside(r.hi),
            y1: cy,
            y2: cy,
            stroke: okabeIto.black,
            "stroke-width": 1.5,
          });
        }
        g += marker(r.summary ? "diamond" : "square", inside(r.est), cy, {
          class: "estimate",
          size: (size * 1.6) ** 2,
          fill: okabeIto.blue,
          stroke: okabeIto.black,
        });
      }
    }
    rowsSvg += el(
      "g",
      {
        class: r.heading ? "row heading" : "row",
        "data-row": i,
        "data-estimate": r.est === null ? undefined : fmtNum(r.est, 3),
        "data-ci-low": r.lo === null ? undefined : fmtNum(r.lo, 3),
        "data-ci-high": r.hi === null ? undefined : fmtNum(r.hi, 3),
      },
      g,
    );
  });
  body += rowsSvg;
  return svgRoot(options, kind, el("g", { class: "plot", "data-min": d0, "data-max": d1 }, body));
}
