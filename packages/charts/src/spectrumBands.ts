import { area, line } from "d3";
import { axisBottom, legend } from "./marks";
import { type Condition, styledConditions } from "./palette";
import { finiteExtent, linearScale } from "./scales";
import { type ChartOptions, chartSize, el, emptyChart, finite, svgRoot, textEl, textWidth } from "./svg";

/** One condition's mean spectrum and its point-wise SD across sessions, on the chart's ppm grid. */
export interface SpectrumBand {
  readonly condition: string;
  readonly mean: readonly (number | null)[];
  readonly sd: readonly (number | null)[];
}

export interface SpectrumBandsData {
  readonly conditions?: readonly Condition[];
  /** The shared ppm grid (any order). */
  readonly ppm: readonly number[];
  readonly bands: readonly SpectrumBand[];
  /** Peak labels in a row above the spectra; a label that would collide with its left neighbour is dropped. */
  readonly peaks?: readonly { readonly ppm: number; readonly label: string }[];
  readonly ppmRange?: readonly [number, number];
  readonly yLabel?: string;
}

const kind = "spectrum-bands";

/**
 * Mean spectrum ± 1 SD per condition (Osprey's group overview): a translucent band and the mean
 * line (dash pattern per condition) on a reversed ppm axis, peak labels in their own row above
 * the plot so they never sit on a peak. No finite mean in range: an explanatory empty chart.
 */
export function spectrumBands(data: SpectrumBandsData, options: ChartOptions): string {
  const range = data.ppmRange ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  const lo = Math.min(...range);
  const hi = Math.max(...range);
  const idx = data.ppm
    .map((p, i) => [p, i] as const)
    .filter(([p]) => Number.isFinite(p) && p >= lo && p <= hi)
    .sort((a, b) => b[0] - a[0])
    .map(([, i]) => i);
  const series = data.bands.map((b) => ({
    condition: b.condition,
    points: idx.map((i) => {
      const m = finite(b.mean[i]);
      const s = finite(b.sd[i]);
      return {
        ppm: data.ppm[i] ?? 0,
        mean: m,
        lo: m !== null && s !== null ? m - Math.abs(s) : null,
        hi: m !== null && s !== null ? m + Math.abs(s) : null,
      };
    }),
  }));
  const yExt = finiteExtent(series.flatMap((s) => s.points.flatMap((p) => [p.mean, p.lo, p.hi])));
  const xExt = finiteExtent(series.flatMap((s) => s.points.filter((p) => p.mean !== null).map((p) => p.ppm)));
  if (yExt === null || xExt === null) return emptyChart(options, kind, "No mean spectrum to plot.");
  const { width, height } = chartSize(options, kind);
  const styled = styledConditions(
    data.conditions,
    series.map((s) => s.condition),
  );
  const used = styled.filter((c) => series.some((s) => s.condition === c.id));
  const left = 34;
  const right = 12;
  const leg = legend(
    used.map((c) => ({ label: `${c.label} (mean ± SD)`, style: c.style, band: true, marker: false })),
    left,
    4,
    width - left - right,
  );
  const peakRow = data.peaks?.length ? 18 : 0;
  const top = 8 + leg.height + peakRow + 4;
  const bottom = 44;
  const [xLo, xHi] = data.ppmRange ? [lo, hi] : xExt;
  const x = linearScale([xLo, xHi], [width - right, left], false);
  const y = linearScale(yExt, [height - bottom, top], false);
  let body = leg.svg + axisBottom(x, height - bottom, { label: "Chemical shift (ppm)", tickCount: 8 });
  const midY = (top + height - bottom) / 2;
  body += textEl(
    {
      class: "axis-label",
      x: 14,
      y: midY,
      "text-anchor": "middle",
      transform: `rotate(-90 14 ${Math.round(midY)})`,
    },
    data.yLabel ?? "Signal (a.u.)",
  );
  type P = (typeof series)[number]["points"][number];
  const band = area<P>()
    .digits(1)
    .defined((p) => p.lo !== null && p.hi !== null)
    .x((p) => x(p.ppm))
    .y0((p) => y(p.lo ?? 0))
    .y1((p) => y(p.hi ?? 0));
  const mean = line<P>()
    .digits(1)
    .defined((p) => p.mean !== null)
    .x((p) => x(p.ppm))
    .y((p) => y(p.mean ?? 0));
  let bands = "";
  let lines = "";
  for (const s of series) {
    const c = styled.find((v) => v.id === s.condition);
    if (c === undefined) continue;
    const attrs = { "data-condition": c.id, "data-series": c.style.index };
    bands += el("path", {
      class: "sd-band",
      ...attrs,
      d: band(s.points) ?? "",
      fill: c.style.color,
      "fill-opacity": 0.18,
    });
    lines += el("path", {
      class: "mean-line",
      ...attrs,
      d: mean(s.points) ?? "",
      fill: "none",
      stroke: c.style.color,
      "stroke-width": 1.4,
      "stroke-dasharray": c.style.dash || undefined,
    });
  }
  body += el("g", { class: "bands" }, bands) + el("g", { class: "lines" }, lines);
  let lastRight = Number.NEGATIVE_INFINITY;
  const peaks = [...(data.peaks ?? [])]
    .filter((p) => Number.isFinite(p.ppm) && p.ppm >= Math.min(xLo, xHi) && p.ppm <= Math.max(xLo, xHi))
    .sort((a, b) => b.ppm - a.ppm);
  for (const p of peaks) {
    const px = x(p.ppm);
    const half = textWidth(p.label) / 2;
    if (px - half < lastRight + 4 || px - half < 0 || px + half > width) continue;
    lastRight = px + half;
    body += el(
      "g",
      { class: "peak-label" },
      el("line", { x1: px, x2: px, y1: top - 3, y2: top + 3, stroke: "#777777" }) +
        textEl({ x: px, y: top - 7, "text-anchor": "middle", fill: "#333333" }, p.label),
    );
  }
  return svgRoot(options, kind, body);
}
