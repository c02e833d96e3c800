/**
 * Shared marks: axes generated from `scale.ticks()` (d3-axis needs a DOM), marker symbols from
 * d3-shape, and an in-SVG legend. All return SVG strings.
 */
import {
  area,
  line,
  type ScaleLinear,
  type SymbolType,
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
  symbolWye,
} from "d3";
import type { MarkerShape, SeriesStyle } from "./palette";
import { type AttrValue, el, fmtNum, textEl, textWidth } from "./svg";

export const axisColor = "#444444";
export const gridColor = "#e5e5e5";

export interface AxisOptions {
  /** Approximate number of ticks (d3 `scale.ticks(count)`); default 6. */
  readonly tickCount?: number;
  /** Tick label format; default the scale's own `tickFormat(count)` (d3-format). */
  readonly tickFormat?: (value: number) => string;
  /** Axis title, drawn centred under (x) or beside (y) the axis. */
  readonly label?: string;
  /** Distance of the axis title from the axis line in px (default 32 for x, 40 for y). */
  readonly labelOffset?: number;
  /** Draw tick labels (default true); small multiples label only the outer panels. */
  readonly tickLabels?: boolean;
  /** Length of grid lines drawn across the plot at each tick, in px (default 0: none). */
  readonly grid?: number;
}

function tickFormatter(scale: ScaleLinear<number, number>, opts: AxisOptions): (v: number) => string {
  return opts.tickFormat ?? scale.tickFormat(opts.tickCount ?? 6);
}

function domainAttrs(scale: ScaleLinear<number, number>): Record<string, AttrValue> {
  const [a = 0, b = 0] = scale.domain();
  return { "data-min": Math.min(a, b), "data-max": Math.max(a, b) };
}

/**
 * A horizontal axis at pixel row `y`: domain line, ticks, labels and title. The `<g>` carries
 * `data-min`/`data-max` (the scale's domain) so tests and scripts can read the extent.
 */
export function axisBottom(scale: ScaleLinear<number, number>, y: number, opts: AxisOptions = {}): string {
  const [r0 = 0, r1 = 0] = scale.range();
  const fmt = tickFormatter(scale, opts);
  const showLabels = opts.tickLabels ?? true;
  let ticks = "";
  for (const t of scale.ticks(opts.tickCount ?? 6)) {
    const x = scale(t);
    ticks +=
      (opts.grid ? el("line", { x1: x, x2: x, y1: y, y2: y - opts.grid, stroke: gridColor }) : "") +
      el("line", { x1: x, x2: x, y1: y, y2: y + 5, stroke: axisColor }) +
      (showLabels ? textEl({ x, y: y + 16, "text-anchor": "middle", fill: "#222222" }, fmt(t)) : "");
  }
  const title =
    opts.label !== undefined && opts.label !== ""
      ? textEl(
          { class: "axis-label", x: (r0 + r1) / 2, y: y + (opts.labelOffset ?? 32), "text-anchor": "middle" },
          opts.label,
        )
      : "";
  return el(
    "g",
    { class: "axis axis-x", ...domainAttrs(scale) },
    el("line", { x1: Math.min(r0, r1), x2: Math.max(r0, r1), y1: y, y2: y, stroke: axisColor }) +
      ticks +
      title,
  );
}

/** A vertical axis at pixel column `x`, like `axisBottom`. */
export function axisLeft(scale: ScaleLinear<number, number>, x: number, opts: AxisOptions = {}): string {
  const [r0 = 0, r1 = 0] = scale.range();
  const fmt = tickFormatter(scale, opts);
  const showLabels = opts.tickLabels ?? true;
  let ticks = "";
  for (const t of scale.ticks(opts.tickCount ?? 6)) {
    const y = scale(t);
    ticks +=
      (opts.grid ? el("line", { x1: x, x2: x + opts.grid, y1: y, y2: y, stroke: gridColor }) : "") +
      el("line", { x1: x - 5, x2: x, y1: y, y2: y, stroke: axisColor }) +
      (showLabels
        ? textEl(
            { x: x - 8, y, "text-anchor": "end", "dominant-baseline": "middle", fill: "#222222" },
            fmt(t),
          )
        : "");
  }
  const ly = (r0 + r1) / 2;
  const lx = x - (opts.labelOffset ?? 40);
  const title =
    opts.label !== undefined && opts.label !== ""
      ? textEl(
          {
            class: "axis-label",
            x: lx,
            y: ly,
            "text-anchor": "middle",
            transform: `rotate(-90 ${fmtPair(lx, ly)})`,
          },
          opts.label,
        )
      : "";
  return el(
    "g",
    { class: "axis axis-y", ...domainAttrs(scale) },
    el("line", { x1: x, x2: x, y1: Math.min(r0, r1), y2: Math.max(r0, r1), stroke: axisColor }) +
      ticks +
      title,
  );
}

function fmtPair(a: number, b: number): string {
  return `${fmtNum(a)} ${fmtNum(b)}`;
}

const symbolTypes: Readonly<Record<MarkerShape, SymbolType>> = {
  circle: symbolCircle,
  square: symbolSquare,
  triangle: symbolTriangle,
  diamond: symbolDiamond,
  cross: symbolCross,
  wye: symbolWye,
  star: symbolStar,
};

/** SVG path data of a marker of `shape` centred on 0,0 with area `size` px². */
export function markerPathData(shape: MarkerShape, size: number): string {
  return symbol(symbolTypes[shape], size).digits(2)() ?? "";
}

/**
 * A marker `<path>` at (x, y). Extra attributes (class, data-*) go first so that every marker of
 * a chart reads alike.
 */
export function marker(
  shape: MarkerShape,
  x: number,
  y: number,
  attrs: Readonly<Record<string, AttrValue>> & { readonly size?: number },
): string {
  const { size = 36, ...rest } = attrs;
  return el("path", { ...rest, d: markerPathData(shape, size), transform: `translate(${fmtPair(x, y)})` });
}

export interface LegendEntry {
  readonly label: string;
  readonly style: SeriesStyle;
  /** Draw a line sample (default true). */
  readonly line?: boolean;
  /** Draw the marker (default true). */
  readonly marker?: boolean;
  /** Draw a translucent band behind the line sample (CI bands). */
  readonly band?: boolean;
}

/**
 * A horizontal legend starting at (x, y), wrapping to new rows within `maxWidth`.
 * Returns the markup and the height it takes.
 */
export function legend(
  entries: readonly LegendEntry[],
  x: number,
  y: number,
  maxWidth: number,
): { svg: string; height: number } {
  const rowHeight = 16;
  let cx = x;
  let row = 0;
  let items = "";
  for (const e of entries) {
    const w = 26 + 4 + textWidth(e.label) + 16;
    if (cx > x && cx + w > x + maxWidth) {
      row += 1;
      cx = x;
    }
    const cy = y + row * rowHeight + rowHeight / 2;
    const s = e.style;
    items += el(
      "g",
      { class: "legend-item", "data-series": s.index },
      (e.band
        ? el("rect", { x: cx, y: cy - 5, width: 26, height: 10, fill: s.color, "fill-opacity": 0.18 })
        : "") +
        ((e.line ?? true)
          ? el("line", {
              x1: cx,
              x2: cx + 26,
              y1: cy,
              y2: cy,
              stroke: s.color,
              "stroke-width": 2,
              "stroke-dasharray": s.dash || undefined,
            })
          : "") +
        ((e.marker ?? true)
          ? marker(s.marker, cx + 13, cy, { size: 36, fill: s.color, stroke: "#ffffff" })
          : "") +
        textEl({ x: cx + 30, y: cy, "dominant-baseline": "middle" }, e.label),
    );
    cx += w;
  }
  const height = entries.length === 0 ? 0 : (row + 1) * rowHeight;
  return { svg: entries.length === 0 ? "" : el("g", { class: "legend" }, items), height };
}

/** A point of a time course: its mean and the ends of its band (null where there is none). */
export interface BandPoint {
  readonly t: number;
  readonly mean: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

/**
 * The d3-shape generators of a mean line and its band on the scales x(t) and y(value), skipping
 * points without a mean (line) or without both band ends (band); coordinates to `digits` decimals.
 */
export function meanAndBand<P extends BandPoint>(
  x: (t: number) => number,
  y: (v: number) => number,
  digits: number,
): { band: (points: readonly P[]) => string | null; mean: (points: readonly P[]) => string | null } {
  const band = area<P>()
    .digits(digits)
    .defined((q) => q.lo !== null && q.hi !== null)
    .x((q) => x(q.t))
    .y0((q) => y(q.lo ?? 0))
    .y1((q) => y(q.hi ?? 0));
  const mean = line<P>()
    .digits(digits)
    .defined((q) => q.mean !== null)
    .x((q) => x(q.t))
    .y((q) => y(q.mean ?? 0));
  return { band: (points) => band(points), mean: (points) => mean(points) };
}
