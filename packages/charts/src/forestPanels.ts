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
  svgRoot,
  textEl,
  textWidth,
} from "./svg";
import { wrapText } from "./wrapText";

/** One effect of a forest panel: estimate, CI and its p as printed. */
export interface ForestPanelRow {
  readonly label: string;
  readonly estimate: number | null;
  readonly ci_low: number | null;
  readonly ci_high: number | null;
  /** The p value as it should be printed (e.g. "0.029", "< 0.001"), or null. */
  readonly p: string | null;
  /** A summary row (diamond, bold label). */
  readonly summary?: boolean;
}

/** One estimand: its own x axis, rows and an optional note (e.g. the sex interaction p). */
export interface ForestPanel {
  readonly title: string;
  readonly xLabel: string;
  readonly rows: readonly ForestPanelRow[];
  readonly note?: string;
  readonly favoursLeft?: string;
  readonly favoursRight?: string;
}

export interface ForestPanelsData {
  readonly panels: readonly ForestPanel[];
  /** d3-format of estimates and limits (default ".2f"). */
  readonly valueFormat?: string;
}

const kind = "forest-panels";
const LINE = 13;

/**
 * Forest plots with one estimand per panel, stacked: each panel has its title, its own x axis
 * and reference line at 0, and per row the full label (wrapped, never cut), a square and CI
 * whisker (a diamond for summary rows), and the estimate, CI and p printed on the right. A panel
 * note (e.g. "condition × sex interaction p = 0.04") sits under its title. The height grows with
 * the rows and wrapped lines; `options.height` is the minimum.
 */
export function forestPanels(data: ForestPanelsData, options: ChartOptions): string {
  if (data.panels.length === 0) return emptyChart(options, kind, "No effects to plot.");
  const { width } = chartSize(options, kind);
  const fmt = format(data.valueFormat ?? ".2f");
  const labelW = Math.min(260, width * 0.32);
  const texts = data.panels.flatMap((p) =>
    p.rows.map((r) => {
      const est = finite(r.estimate);
      const lo = finite(r.ci_low);
      const hi = finite(r.ci_high);
      const ci =
        est === null
          ? "not estimable"
          : lo === null || hi === null
            ? fmt(est)
            : `${fmt(est)} [${fmt(lo)}, ${fmt(hi)}]`;
      return `${ci}${r.p === null ? "" : `  p ${r.p.startsWith("<") ? "" : "= "}${r.p}`}`;
    }),
  );
  const textW = Math.min(
    width * 0.34,
    Math.max(textWidth("Estimate [95 % CI]  p"), ...texts.map((t) => textWidth(t))) + 10,
  );
  const left = 8 + labelW + 8;
  const right = width - 8 - textW;
  let y = 0;
  let body = "";
  let k = 0;
  data.panels.forEach((panel, pi) => {
    const titleLines = wrapText(panel.title, width - 16, 12);
    const noteLines = panel.note === undefined ? [] : wrapText(panel.note, width - 16);
    y += 6;
    titleLines.forEach((l) => {
      y += LINE + 2;
      body += textEl({ class: "panel-title", x: 8, y, "font-weight": "bold", "font-size": 12 }, l);
    });
    noteLines.forEach((l) => {
      y += LINE;
      body += textEl({ class: "panel-note", x: 8, y, fill: "#333333" }, l);
    });
    y += LINE;
    body += textEl(
      { class: "column-heading", x: width - 8, y, "text-anchor": "end", "font-weight": "bold" },
      "Estimate [95 % CI]  p",
    );
    y += 6;
    const rows = panel.rows.map((r, ri) => {
      const lines = wrapText(r.label, labelW);
      return { r, lines, h: Math.max(22, lines.length * LINE + 8), text: texts[k + ri] ?? "" };
    });
    k += panel.rows.length;
    const top = y;
    const plotH = rows.reduce((s, r) => s + r.h, 0);
    const ext = finiteExtent(panel.rows.flatMap((r) => [r.estimate, r.ci_low, r.ci_high]));
    const x = linearScale(includeIn(ext ?? [0, 0], 0), [left, right]);
    const inside = (v: number) => Math.min(Math.max(x(v), left), right);
    let g = el("line", {
      class: "reference-line",
      x1: x(0),
      x2: x(0),
      y1: top,
      y2: top + plotH,
      stroke: "#555555",
      "stroke-dasharray": "4 3",
    });
    let cy0 = top;
    rows.forEach(({ r, lines, h, text }, ri) => {
      const cy = cy0 + h / 2;
      const first = cy - ((lines.length - 1) * LINE) / 2;
      let row = lines
        .map((l, li) =>
          textEl(
            {
              class: "row-label",
              x: 8,
              y: first + li * LINE,
              "dominant-baseline": "middle",
              "font-weight": r.summary ? "bold" : undefined,
            },
            l,
          ),
        )
        .join("");
      row += textEl(
        { class: "row-text", x: width - 8, y: cy, "dominant-baseline": "middle", "text-anchor": "end" },
        text,
      );
      const est = finite(r.estimate);
      const lo = finite(r.ci_low);
      const hi = finite(r.ci_high);
      if (est !== null) {
        if (lo !== null && hi !== null) {
          if (r.summary) {
            row += el("path", {
              class: "estimate summary",
              d: `M${fmtNum(inside(lo))},${fmtNum(cy)}L${fmtNum(inside(est))},${fmtNum(cy - 6)}L${fmtNum(inside(hi))},${fmtNum(cy)}L${fmtNum(inside(est))},${fmtNum(cy + 6)}Z`,
              fill: okabeIto.black,
            });
          } else {
            row += el("line", {
              class: "ci",
              x1: inside(lo),
              x2: inside(hi),
              y1: cy,
              y2: cy,
              stroke: okabeIto.black,
              "stroke-width": 1.5,
            });
          }
        }
        if (!r.summary || lo === null || hi === null)
          row += marker("square", inside(est), cy, {
            class: "estimate",
            size: 80,
            fill: okabeIto.blue,
            stroke: okabeIto.black,
          });
      }
      g += el(
        "g",
        {
          class: "row",
          "data-panel": pi,
          "data-row": ri,
          "data-estimate": est === null ? undefined : fmtNum(est, 3),
          "data-ci-low": lo === null ? undefined : fmtNum(lo, 3),
          "data-ci-high": hi === null ? undefined : fmtNum(hi, 3),
        },
        row,
      );
      cy0 += h;
    });
    y = top + plotH;
    g += axisBottom(x, y, { label: panel.xLabel, grid: plotH, tickCount: 5 });
    y += 38;
    // The direction captions under the axis ends: side by side when both fit the plot's width
    // with a gap, else stacked (left one under the left end, right one under the right end on
    // the next line), each wrapped to the plot's width so that none overlaps or leaves the chart.
    const leftText = panel.favoursLeft ? `← ${panel.favoursLeft}` : "";
    const rightText = panel.favoursRight ? `${panel.favoursRight} →` : "";
    if (leftText !== "" || rightText !== "") {
      const plotW = right - left;
      const sideBySide = textWidth(leftText) + textWidth(rightText) + 16 <= plotW;
      const leftLines = leftText === "" ? [] : wrapText(leftText, plotW);
      const rightLines = rightText === "" ? [] : wrapText(rightText, plotW);
      leftLines.forEach((l, li) => {
        g += textEl({ class: "favours", x: left, y: y + 12 + li * LINE, fill: "#555555" }, l);
      });
      const rightTop = sideBySide ? y : y + leftLines.length * LINE;
      rightLines.forEach((l, li) => {
        g += textEl(
          { class: "favours", x: right, y: rightTop + 12 + li * LINE, "text-anchor": "end", fill: "#555555" },
          l,
        );
      });
      const lines = sideBySide
        ? Math.max(leftLines.length, rightLines.length)
        : leftLines.length + rightLines.length;
      y += 12 + (lines - 1) * LINE;
    }
    body += el("g", { class: "panel", "data-panel": pi }, g);
    y += 10;
  });
  const height = Math.max(options.height, Math.ceil(y + 4));
  return svgRoot({ ...options, height }, kind, body);
}
