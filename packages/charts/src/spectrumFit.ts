import { line } from "d3";
import { axisBottom, legend } from "./marks";
import { okabeIto, type SeriesStyle, seriesColors } from "./palette";
import { finiteExtent, linearScale } from "./scales";
import { type ChartOptions, chartSize, el, emptyChart, finite, svgRoot, textEl } from "./svg";

/** A fitted spectrum: real parts on a shared ppm grid. Arrays are read up to the shortest length. */
export interface SpectrumFitData {
  /** Chemical shift of each point (ppm), in any order. */
  readonly ppm: readonly number[];
  /** The measured spectrum (real part); null/NaN leave gaps. */
  readonly data: readonly (number | null)[];
  /** The model fit (including the baseline), if any. */
  readonly fit?: readonly (number | null)[];
  /** The fitted baseline, if any. */
  readonly baseline?: readonly (number | null)[];
  /** The residual; default `data − fit` when a fit is given. Drawn offset below the spectrum. */
  readonly residual?: readonly (number | null)[];
  /** Peak labels drawn above the spectrum, e.g. `{ ppm: 2.01, label: "NAA" }`. */
  readonly peaks?: readonly { readonly ppm: number; readonly label: string }[];
  /** y-axis title (default "Signal (a.u.)"); the y axis has no ticks since the units are arbitrary. */
  readonly yLabel?: string;
  /**
   * Each fitted metabolite's own spectrum (real part, on `ppm`), drawn stacked below the residual
   * on the same vertical scale as the data, one labelled row each, in the order given.
   */
  readonly components?: readonly { readonly label: string; readonly values: readonly (number | null)[] }[];
}

export interface SpectrumFitOptions extends ChartOptions {
  /** The ppm window drawn, in either order (default: the data's range); points outside are left out. */
  readonly ppmRange?: readonly [number, number];
}

const kind = "spectrum-fit";

interface Trace {
  readonly key: "data" | "fit" | "baseline" | "residual";
  readonly label: string;
  readonly style: SeriesStyle;
  readonly width: number;
}

const traces: readonly Trace[] = [
  { key: "data", label: "Data", style: { index: 0, color: "#555555", dash: "", marker: "circle" }, width: 1 },
  {
    key: "fit",
    label: "Fit",
    style: { index: 1, color: okabeIto.vermillion, dash: "6 2", marker: "square" },
    width: 1.75,
  },
  {
    key: "baseline",
    label: "Baseline",
    style: { index: 2, color: okabeIto.blue, dash: "2 2", marker: "triangle" },
    width: 1.5,
  },
  {
    key: "residual",
    label: "Residual",
    style: { index: 3, color: okabeIto.black, dash: "", marker: "diamond" },
    width: 1,
  },
];

/**
 * A spectrum with its fit, baseline and residual on a reversed ppm axis (high ppm on the left,
 * the MRS convention). The residual is drawn below the spectrum, offset so the two never overlap,
 * with its own zero line. Only points inside `ppmRange` are drawn and set the y range. Points are
 * drawn in ppm order whatever the input order. No finite point in range: an explanatory empty chart.
 * With `components`, each fitted metabolite is drawn in its own labelled row below the residual
 * (same vertical scale as the data; give the chart about 26 px of height per component).
 */
export function spectrumFit(data: SpectrumFitData, options: SpectrumFitOptions): string {
  const n = Math.min(data.ppm.length, data.data.length);
  const rangeLo = options.ppmRange ? Math.min(...options.ppmRange) : Number.NEGATIVE_INFINITY;
  const rangeHi = options.ppmRange ? Math.max(...options.ppmRange) : Number.POSITIVE_INFINITY;
  const at = (arr: readonly (number | null)[] | undefined, i: number) =>
    arr === undefined ? null : finite(arr[i]);
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = finite(data.ppm[i]);
    if (p !== null && p >= rangeLo && p <= rangeHi) idx.push(i);
  }
  idx.sort((a, b) => (data.ppm[b] ?? 0) - (data.ppm[a] ?? 0) || a - b);
  const components = (data.components ?? []).filter((c) => idx.some((i) => at(c.values, i) !== null));
  const rows = idx.map((i) => {
    const d = at(data.data, i);
    const f = at(data.fit, i);
    const res = data.residual ? at(data.residual, i) : d !== null && f !== null ? d - f : null;
    return { ppm: data.ppm[i] ?? 0, data: d, fit: f, baseline: at(data.baseline, i), residual: res };
  });
  const mainExt = finiteExtent(rows.flatMap((r) => [r.data, r.fit, r.baseline]));
  const ppmExt = finiteExtent(rows.filter((r) => r.data !== null || r.fit !== null).map((r) => r.ppm));
  if (mainExt === null || ppmExt === null)
    return emptyChart(options, kind, "No spectrum points in the ppm range.");
  const { width, height } = chartSize(options, kind);
  const resExt = finiteExtent(rows.map((r) => r.residual));
  const present = traces.filter((t) => rows.some((r) => r[t.key] !== null));

  const left = 34;
  const right = 16;
  const leg = legend(
    present.map((t) => ({ label: t.label, style: t.style, marker: false })),
    left,
    6,
    width - left - right,
  );
  const top = 6 + leg.height + (data.peaks?.length ? 22 : 10);
  const bottom = 44;
  // Residual sits below the spectrum: its top is a gap below the spectrum's minimum.
  const span = mainExt[1] - mainExt[0] || 1;
  const gap = span * 0.08;
  const resOffset = resExt === null ? 0 : mainExt[0] - gap - resExt[1];
  const aboveComponents = resExt === null ? mainExt[0] : resExt[0] + resOffset;
  // Component rows: one step (a third of the spectrum's span) each, zero line near the row's foot.
  const step = span / 3;
  const componentZero = (c: number) => aboveComponents - gap - step * (c + 1) + step * 0.15;
  const yLo = components.length === 0 ? aboveComponents : aboveComponents - gap - step * components.length;
  const [ppmLo, ppmHi] = options.ppmRange ? [rangeLo, rangeHi] : ppmExt;
  // Reversed axis: the range runs right to left, so high ppm is drawn on the left.
  const x = linearScale([ppmLo, ppmHi], [Math.max(left + 1, width - right), left], false);
  const plotBottom = Math.max(top + 1, height - bottom);
  const y = linearScale([yLo, mainExt[1]], [plotBottom, top], false);

  let body = leg.svg + axisBottom(x, plotBottom, { label: "Chemical shift (ppm)", tickCount: 8 });
  body += textEl(
    {
      class: "axis-label",
      x: 14,
      y: (top + plotBottom) / 2,
      "text-anchor": "middle",
      transform: `rotate(-90 14 ${Math.round(((top + plotBottom) / 2) * 100) / 100})`,
    },
    data.yLabel ?? "Signal (a.u.)",
  );
  if (resExt !== null) {
    body += el("line", {
      class: "residual-zero",
      x1: left,
      x2: Math.max(left + 1, width - right),
      y1: y(resOffset),
      y2: y(resOffset),
      stroke: "#bbbbbb",
    });
  }
  type Row = (typeof rows)[number];
  for (const t of present) {
    const off = t.key === "residual" ? resOffset : 0;
    const path = line<Row>()
      .digits(2)
      .defined((r) => r[t.key] !== null)
      .x((r) => x(r.ppm))
      .y((r) => y((r[t.key] ?? 0) + off));
    body += el("path", {
      class: `trace ${t.key}`,
      d: path(rows) ?? "",
      fill: "none",
      stroke: t.style.color,
      "stroke-width": t.width,
      "stroke-dasharray": t.style.dash || undefined,
      "stroke-linejoin": "round",
    });
  }
  components.forEach((c, ci) => {
    const zero = componentZero(ci);
    const values = idx.map((i) => at(c.values, i));
    const path = line<number | null>()
      .digits(2)
      .defined((v) => v !== null)
      .x((_v, j) => x(rows[j]?.ppm ?? 0))
      .y((v) => y((v ?? 0) + zero));
    const style = seriesColors[ci % seriesColors.length] ?? "#333333";
    body += el(
      "g",
      { class: "component" },
      el("path", {
        class: "trace component-trace",
        d: path(values) ?? "",
        fill: "none",
        stroke: style,
        "stroke-width": 1,
        "stroke-linejoin": "round",
      }) +
        textEl(
          { class: "component-label", x: left + 4, y: y(zero) - 2, "text-anchor": "start", fill: "#333333" },
          c.label,
        ),
    );
  });
  for (const p of data.peaks ?? []) {
    const ppm = finite(p.ppm);
    if (ppm === null || ppm < Math.min(ppmLo, ppmHi) || ppm > Math.max(ppmLo, ppmHi)) continue;
    body += el(
      "g",
      { class: "peak-label" },
      el("line", { x1: x(ppm), x2: x(ppm), y1: top - 4, y2: top + 4, stroke: "#777777" }) +
        textEl({ x: x(ppm), y: top - 8, "text-anchor": "middle", fill: "#333333" }, p.label),
    );
  }
  return svgRoot(options, kind, body);
}
