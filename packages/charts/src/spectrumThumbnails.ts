import { line } from "d3";
import { axisBottom } from "./marks";
import { okabeIto } from "./palette";
import { finiteExtent, linearScale } from "./scales";
import { type ChartOptions, chartSize, el, emptyChart, finite, svgRoot, textEl, truncate } from "./svg";

/** One session's spectrum for a thumbnail: real parts on a ppm grid (any order). */
export interface ThumbnailPanel {
  /** Stable id of the panel (e.g. "sub-01/ses-1"), written as `data-panel`. */
  readonly id: string;
  /** Title drawn above the panel (shortened to fit). */
  readonly label: string;
  readonly ppm: readonly number[];
  readonly data: readonly (number | null)[];
  readonly fit: readonly (number | null)[];
  /** Drawn with a dashed vermillion frame (e.g. a QC outlier). */
  readonly flagged?: boolean;
}

export interface SpectrumThumbnailsData {
  readonly panels: readonly ThumbnailPanel[];
  /** The ppm window drawn, in either order (e.g. [4.2, 0.5]). */
  readonly ppmRange: readonly [number, number];
}

export interface SpectrumThumbnailsOptions extends ChartOptions {
  /** Panels per row (default: as many 160-px panels as fit). */
  readonly columns?: number;
  /** Most points drawn per trace of a panel (default 96): min–max decimation keeps every peak's extremes. */
  readonly maxPoints?: number;
}

const kind = "spectrum-thumbnails";
const TITLE_H = 15;
const PANEL_H = 78;
const AXIS_H = 40;
const LEGEND_H = 20;
const FONT = 11;

/** The height a thumbnail grid of `count` panels needs at `width` (same layout as the chart). */
export function spectrumThumbnailsHeight(count: number, width: number, columns?: number): number {
  const cols = columnsOf(width, columns);
  const rows = Math.max(1, Math.ceil(count / cols));
  return LEGEND_H + rows * (TITLE_H + PANEL_H + 6) + AXIS_H;
}

function columnsOf(width: number, columns: number | undefined): number {
  return Math.max(1, Math.floor(columns ?? (width - 8) / 160));
}

/**
 * Indices of `values` (already in drawing order) kept by min–max decimation: the points split into
 * `buckets` runs, and each run keeps its smallest and largest finite value in their own order, so
 * a narrow peak keeps its height however far the trace is thinned. Missing values are dropped.
 */
export function minMaxDecimate(values: readonly (number | null)[], maxPoints: number): number[] {
  const n = values.length;
  if (n <= maxPoints) return values.flatMap((v, i) => (finite(v) === null ? [] : [i]));
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets);
    const hi = Math.floor(((b + 1) * n) / buckets);
    let iMin = -1;
    let iMax = -1;
    for (let i = lo; i < hi; i++) {
      const v = finite(values[i]);
      if (v === null) continue;
      if (iMin < 0 || v < (values[iMin] as number)) iMin = i;
      if (iMax < 0 || v > (values[iMax] as number)) iMax = i;
    }
    if (iMin < 0) continue;
    if (iMin === iMax) out.push(iMin);
    else out.push(Math.min(iMin, iMax), Math.max(iMin, iMax));
  }
  return out;
}

/**
 * A grid of small spectra, one per session (Osprey/MRIQC-style overview): each panel draws the
 * data (grey), the fit (vermillion, dashed) and the residual data − fit (black) offset below, on a
 * reversed ppm axis shared by every panel (ticks under the last row), each panel on its own
 * vertical scale (arbitrary units). Every trace is thinned by min–max decimation to at most
 * `maxPoints` points so that dozens of panels stay small. Flagged panels get a dashed vermillion
 * frame. No panel with points in range: an explanatory empty chart.
 */
export function spectrumThumbnails(data: SpectrumThumbnailsData, options: SpectrumThumbnailsOptions): string {
  const lo = Math.min(...data.ppmRange);
  const hi = Math.max(...data.ppmRange);
  const panels = data.panels.flatMap((p) => {
    const n = Math.min(p.ppm.length, p.data.length, p.fit.length);
    const idx: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = finite(p.ppm[i]);
      if (x !== null && x >= lo && x <= hi) idx.push(i);
    }
    idx.sort((a, b) => (p.ppm[b] ?? 0) - (p.ppm[a] ?? 0) || a - b);
    const rows = idx.map((i) => {
      const d = finite(p.data[i]);
      const f = finite(p.fit[i]);
      return { ppm: p.ppm[i] ?? 0, data: d, fit: f, residual: d !== null && f !== null ? d - f : null };
    });
    return rows.some((r) => r.data !== null) ? [{ panel: p, rows }] : [];
  });
  if (panels.length === 0) return emptyChart(options, kind, "No spectra in the ppm range.");
  const { width } = chartSize(options, kind);
  const cols = columnsOf(width, options.columns);
  const maxPoints = Math.max(4, options.maxPoints ?? 96);
  const left = 4;
  const gapX = 8;
  const panelW = Math.max(10, (width - left * 2 - gapX * (cols - 1)) / cols);
  const x0 = linearScale([lo, hi], [panelW, 0], false);
  const maxChars = Math.max(4, Math.floor(panelW / (FONT * 0.6)));

  let body = "";
  const legendItems: [string, string, string][] = [
    ["Data", "#555555", ""],
    ["Fit", okabeIto.vermillion, "5 2"],
    ["Residual (below)", okabeIto.black, ""],
  ];
  let lx = left;
  for (const [label, color, dash] of legendItems) {
    body += el(
      "g",
      { class: "legend-item" },
      el("line", {
        x1: lx,
        x2: lx + 22,
        y1: 9,
        y2: 9,
        stroke: color,
        "stroke-width": 1.5,
        "stroke-dasharray": dash || undefined,
      }) + textEl({ x: lx + 26, y: 9, "dominant-baseline": "middle" }, label),
    );
    lx += 26 + label.length * FONT * 0.6 + 18;
  }

  type Row = (typeof panels)[number]["rows"][number];
  panels.forEach(({ panel, rows }, k) => {
    const col = k % cols;
    const row = Math.floor(k / cols);
    const px = left + col * (panelW + gapX);
    const py = LEGEND_H + row * (TITLE_H + PANEL_H + 6) + TITLE_H;
    const main = finiteExtent(rows.flatMap((r) => [r.data, r.fit]));
    const res = finiteExtent(rows.map((r) => r.residual));
    const [mLo, mHi] = main ?? [0, 1];
    const span = mHi - mLo || 1;
    const offset = res === null ? 0 : mLo - span * 0.06 - res[1];
    const yLo = res === null ? mLo : res[0] + offset;
    const y = linearScale([yLo, mHi], [py + PANEL_H - 2, py + 2], false);
    const path = (key: "data" | "fit" | "residual", off: number) => {
      const values = rows.map((r) => r[key]);
      const keep = minMaxDecimate(values, maxPoints);
      return (
        line<number>()
          .digits(1)
          .x((i) => px + x0((rows[i] as Row).ppm))
          .y((i) => y(((rows[i] as Row)[key] as number) + off))(keep) ?? ""
      );
    };
    const frame = el("rect", {
      class: panel.flagged ? "frame flagged" : "frame",
      x: px,
      y: py,
      width: panelW,
      height: PANEL_H,
      fill: "none",
      stroke: panel.flagged ? okabeIto.vermillion : "#cccccc",
      "stroke-width": panel.flagged ? 2 : 1,
      "stroke-dasharray": panel.flagged ? "4 2" : undefined,
    });
    body += el(
      "g",
      {
        class: "panel thumbnail",
        "data-panel": panel.id,
        "data-flagged": panel.flagged ? "true" : undefined,
      },
      frame +
        textEl({ class: "panel-title", x: px + 1, y: py - 4 }, truncate(panel.label, maxChars)) +
        el("path", {
          class: "trace data",
          d: path("data", 0),
          fill: "none",
          stroke: "#555555",
          "stroke-width": 1,
        }) +
        el("path", {
          class: "trace fit",
          d: path("fit", 0),
          fill: "none",
          stroke: okabeIto.vermillion,
          "stroke-width": 1.1,
          "stroke-dasharray": "5 2",
        }) +
        (res === null
          ? ""
          : el("path", {
              class: "trace residual",
              d: path("residual", offset),
              fill: "none",
              stroke: okabeIto.black,
              "stroke-width": 0.8,
            })),
    );
  });
  const rowsN = Math.ceil(panels.length / cols);
  const axisY = LEGEND_H + rowsN * (TITLE_H + PANEL_H + 6) - 6;
  for (let c = 0; c < Math.min(cols, panels.length); c++) {
    const px = left + c * (panelW + gapX);
    const xs = linearScale([lo, hi], [px + panelW, px], false);
    body += axisBottom(xs, axisY, {
      tickCount: 3,
      label: c === 0 ? "Chemical shift (ppm)" : "",
      labelOffset: 30,
    });
  }
  return svgRoot(options, kind, body);
}
