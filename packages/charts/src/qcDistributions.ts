import { quantileSorted } from "d3";
import { axisLeft, legend, marker } from "./marks";
import { type Condition, styledConditions } from "./palette";
import { finiteExtent, includeIn, linearScale } from "./scales";
import { type ChartOptions, chartSize, el, emptyChart, finite, svgRoot, textEl, truncate } from "./svg";

/** One value of a quality measure (e.g. one session's median FWHM). */
export interface QcValue {
  readonly condition: string;
  readonly value: number | null;
  /** Id written as `data-id` on its marker (e.g. "sub-01/ses-1"). */
  readonly id?: string;
}

/** One measure's panel: its values by condition and an optional threshold line. */
export interface QcPanel {
  /** Panel title, e.g. "NAA FWHM (Hz)". */
  readonly label: string;
  readonly values: readonly QcValue[];
  /** A QC limit drawn as a dashed line (e.g. max FWHM 12 Hz). */
  readonly threshold?: { readonly value: number; readonly label: string } | null;
}

export interface QcDistributionsData {
  readonly conditions?: readonly Condition[];
  readonly panels: readonly QcPanel[];
}

const kind = "qc-distributions";

/** Tukey's box statistics of sorted values: quartiles (type-7), whisker ends within 1.5 IQR, and the fences. */
export function tukeyBox(sorted: readonly number[]): {
  q1: number;
  median: number;
  q3: number;
  whiskerLo: number;
  whiskerHi: number;
  fenceLo: number;
  fenceHi: number;
} | null {
  if (sorted.length === 0) return null;
  const values = [...sorted];
  const q1 = quantileSorted(values, 0.25) ?? 0;
  const median = quantileSorted(values, 0.5) ?? 0;
  const q3 = quantileSorted(values, 0.75) ?? 0;
  const iqr = q3 - q1;
  const fenceLo = q1 - 1.5 * iqr;
  const fenceHi = q3 + 1.5 * iqr;
  const inside = sorted.filter((v) => v >= fenceLo && v <= fenceHi);
  return {
    q1,
    median,
    q3,
    whiskerLo: inside[0] ?? q1,
    whiskerHi: inside[inside.length - 1] ?? q3,
    fenceLo,
    fenceHi,
  };
}

/**
 * Distributions of quality measures by condition, one panel per measure side by side (MRIQC's
 * group view): per condition a Tukey box (quartiles, median, whiskers to the last value within
 * 1.5 IQR) and every value as a marker spread sideways by a fixed pattern (no randomness);
 * values beyond the fences are drawn larger and hollow, as outliers (`data-outlier`). Conditions
 * keep their colours, markers and order; a legend names them. A threshold is a dashed line.
 * No finite value in any panel: an explanatory empty chart.
 */
export function qcDistributions(data: QcDistributionsData, options: ChartOptions): string {
  const panels = data.panels.map((p) => ({
    ...p,
    finite: p.values.flatMap((v) => {
      const value = finite(v.value);
      return value === null ? [] : [{ ...v, value }];
    }),
  }));
  if (panels.every((p) => p.finite.length === 0))
    return emptyChart(options, kind, "No quality values to plot.");
  const { width, height } = chartSize(options, kind);
  const styled = styledConditions(
    data.conditions,
    panels.flatMap((p) => p.finite.map((v) => v.condition)),
  );
  const used = styled.filter((c) => panels.some((p) => p.finite.some((v) => v.condition === c.id)));
  const leg = legend(
    used.map((c) => ({ label: c.label, style: c.style, line: false })),
    8,
    4,
    width - 16,
  );
  const top = 8 + leg.height + 22;
  const bottom = 10;
  const axisW = 42;
  const gap = 14;
  const n = panels.length;
  const panelW = Math.max(20, (width - 8 - gap * (n - 1)) / n);
  let body = leg.svg;
  panels.forEach((p, k) => {
    const px = 4 + k * (panelW + gap);
    const plotL = px + axisW;
    const plotW = Math.max(10, panelW - axisW);
    const ext = finiteExtent(p.finite.map((v) => v.value));
    const withThreshold = ext === null ? null : p.threshold ? includeIn(ext, p.threshold.value) : ext;
    const y = linearScale(withThreshold ?? [0, 1], [height - bottom, top]);
    const title = truncate(p.label, Math.floor(panelW / (11 * 0.6)));
    let g = textEl({ class: "panel-title", x: px + 2, y: top - 12, "font-weight": "bold" }, title);
    g += axisLeft(y, plotL, { tickCount: 5 });
    g += el("rect", {
      x: plotL,
      y: top,
      width: plotW,
      height: height - bottom - top,
      fill: "none",
      stroke: "#dddddd",
    });
    if (p.threshold && Number.isFinite(p.threshold.value)) {
      const ty = y(p.threshold.value);
      g += el("line", {
        class: "threshold",
        x1: plotL,
        x2: plotL + plotW,
        y1: ty,
        y2: ty,
        stroke: "#b33f00",
        "stroke-dasharray": "5 3",
        "data-value": p.threshold.value,
      });
    }
    const colW = plotW / Math.max(1, used.length);
    used.forEach((c, ci) => {
      const vals = p.finite.filter((v) => v.condition === c.id);
      const sorted = vals.map((v) => v.value).sort((a, b) => a - b);
      const box = tukeyBox(sorted);
      const cx = plotL + colW * (ci + 0.5);
      const bw = Math.min(28, colW * 0.5);
      if (box !== null) {
        g += el(
          "g",
          { class: "box", "data-condition": c.id, "data-median": box.median },
          el("line", { x1: cx, x2: cx, y1: y(box.whiskerLo), y2: y(box.q1), stroke: c.style.color }) +
            el("line", { x1: cx, x2: cx, y1: y(box.q3), y2: y(box.whiskerHi), stroke: c.style.color }) +
            el("rect", {
              x: cx - bw / 2,
              y: y(box.q3),
              width: bw,
              height: Math.max(1, y(box.q1) - y(box.q3)),
              fill: c.style.color,
              "fill-opacity": 0.12,
              stroke: c.style.color,
            }) +
            el("line", {
              class: "median",
              x1: cx - bw / 2,
              x2: cx + bw / 2,
              y1: y(box.median),
              y2: y(box.median),
              stroke: c.style.color,
              "stroke-width": 2.5,
            }),
        );
      }
      vals.forEach((v, i) => {
        const outlier = box !== null && (v.value < box.fenceLo || v.value > box.fenceHi);
        // A fixed sideways spread (golden-ratio sequence), so equal inputs give equal pictures.
        const dx = (((i * 0.618034) % 1) - 0.5) * Math.min(colW * 0.7, 36);
        g += marker(c.style.marker, cx + dx, y(v.value), {
          class: outlier ? "value outlier" : "value",
          "data-condition": c.id,
          "data-id": v.id,
          "data-value": String(v.value),
          "data-outlier": outlier ? "true" : undefined,
          size: outlier ? 60 : 22,
          fill: outlier ? "#ffffff" : c.style.color,
          "fill-opacity": outlier ? undefined : 0.75,
          stroke: outlier ? c.style.color : "#ffffff",
          "stroke-width": outlier ? 1.6 : 0.5,
        });
      });
    });
    body += el("g", { class: "panel", "data-measure": p.label }, g);
  });
  return svgRoot(options, kind, body);
}
