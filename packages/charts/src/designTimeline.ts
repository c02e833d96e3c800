import { format } from "d3";
import { axisBottom } from "./marks";
import { okabeIto } from "./palette";
import { finiteExtent, linearScale } from "./scales";
import {
  type ChartOptions,
  chartSize,
  el,
  emptyChart,
  finite,
  fmtPoint,
  idPrefixOf,
  keepInside,
  svgRoot,
  textEl,
} from "./svg";

/** A window of a session in minutes relative to infusion onset. */
export interface SessionWindow {
  readonly start_min: number;
  readonly end_min: number;
  readonly label?: string;
}

/** One session's timeline, all times in minutes relative to infusion onset (0). */
export interface DesignTimelineData {
  /** Oral pretreatment dose, e.g. `{ at_min: -60, label: "Naltrexone 50 mg or placebo (oral)" }`. */
  readonly pretreatment?: { readonly at_min: number; readonly label?: string } | null;
  /** The infusion, e.g. `{ start_min: 0, end_min: 40, label: "Ketamine 0.5 mg/kg IV" }`. */
  readonly infusion?: SessionWindow | null;
  /** Whole dynamic MRS acquisition, e.g. `{ start_min: -10, end_min: 40 }`. */
  readonly mrs?: SessionWindow | null;
  /** Pre-infusion baseline window inside the acquisition. */
  readonly baseline?: SessionWindow | null;
  /** Post/response window inside the acquisition. */
  readonly post?: SessionWindow | null;
  /** Block length in minutes: block boundaries are ticked along the MRS acquisition. */
  readonly block_min?: number | null;
  /** Other moments (e.g. MADRS before infusion), drawn as labelled markers on the events lane. */
  readonly events?: readonly { readonly at_min: number; readonly label: string }[];
  readonly xLabel?: string;
}

const kind = "design-timeline";
const maxBlockTicks = 400;

function window(w: SessionWindow | null | undefined): { a: number; b: number; label?: string } | null {
  const a = finite(w?.start_min);
  const b = finite(w?.end_min);
  if (w === null || w === undefined || a === null || b === null) return null;
  return { a: Math.min(a, b), b: Math.max(a, b), label: w.label };
}

/**
 * A session's timeline in lanes: "Drug" (pretreatment dose marker and the infusion bar), "MRS"
 * (the acquisition with baseline and post windows, hatched and plain, and block boundaries as
 * ticks) and "Events". Every element is labelled in text, so nothing relies on colour. Invalid
 * or missing parameters are left out; block ticks are drawn only for a positive block length and
 * at most 400 of them. Nothing valid at all: an explanatory empty chart.
 */
export function designTimeline(data: DesignTimelineData, options: ChartOptions): string {
  const pre = finite(data.pretreatment?.at_min);
  const infusion = window(data.infusion);
  const mrs = window(data.mrs);
  const baseline = window(data.baseline);
  const post = window(data.post);
  const events = (data.events ?? []).flatMap((e) => {
    const t = finite(e.at_min);
    return t === null ? [] : [{ t, label: e.label }];
  });
  const ext = finiteExtent([
    pre,
    ...[infusion, mrs, baseline, post].flatMap((w) => (w ? [w.a, w.b] : [])),
    ...events.map((e) => e.t),
  ]);
  if (ext === null) return emptyChart(options, kind, "No timeline parameters to draw.");
  const { width, height } = chartSize(options, kind);
  const left = 64;
  const right = 20;
  const top = 10;
  const bottom = 44;
  const x = linearScale(ext, [left, Math.max(left + 1, width - right)]);
  const plotBottom = Math.max(top + 3, height - bottom);
  const lanes = ["Drug", "MRS", ...(events.length > 0 ? ["Events"] : [])];
  const laneH = (plotBottom - top) / lanes.length;
  const laneY = (i: number) => top + laneH * (i + 0.5);
  const barH = Math.min(18, laneH * 0.45);
  const fmt = format(".2~f");
  const label = (lx: number, ly: number, text: string) =>
    textEl({ ...keepInside(lx, text, width), y: ly }, text);
  const hatchId = `${idPrefixOf(options, kind)}-hatch-0`;

  let body = axisBottom(x, plotBottom, {
    label: data.xLabel ?? "Time relative to infusion onset (min)",
    tickCount: 8,
    grid: plotBottom - top,
  });
  lanes.forEach((name, i) => {
    body += textEl(
      {
        class: "lane-label",
        x: left - 10,
        y: laneY(i),
        "text-anchor": "end",
        "dominant-baseline": "middle",
        "font-weight": "bold",
      },
      name,
    );
  });

  const windowBar = (
    w: { a: number; b: number; label?: string },
    cls: string,
    cy: number,
    attrs: Record<string, string | number>,
    fallback: string,
  ) =>
    el(
      "g",
      { class: cls, "data-start": w.a, "data-end": w.b },
      el("rect", { x: x(w.a), y: cy - barH / 2, width: x(w.b) - x(w.a), height: barH, ...attrs }) +
        label(
          (x(w.a) + x(w.b)) / 2,
          cy - barH / 2 - 4,
          `${w.label ?? fallback} (${fmt(w.a)} to ${fmt(w.b)} min)`,
        ),
    );

  const drugY = laneY(0);
  if (infusion) {
    body += windowBar(
      infusion,
      "infusion",
      drugY,
      { fill: okabeIto.vermillion, "fill-opacity": 0.8, stroke: okabeIto.black },
      "Infusion",
    );
  }
  if (pre !== null) {
    body += el(
      "g",
      { class: "pretreatment", "data-at": pre },
      el("path", {
        d: `M${fmtPoint(x(pre), drugY - 7)}L${fmtPoint(x(pre) + 7, drugY)}L${fmtPoint(x(pre), drugY + 7)}L${fmtPoint(x(pre) - 7, drugY)}Z`,
        fill: okabeIto.blue,
        stroke: okabeIto.black,
      }) +
        label(
          x(pre),
          drugY + barH / 2 + 14,
          `${data.pretreatment?.label ?? "Pretreatment"} (${fmt(pre)} min)`,
        ),
    );
  }
  const mrsY = laneY(1);
  if (mrs) {
    body += windowBar(mrs, "mrs", mrsY, { fill: "#ffffff", stroke: okabeIto.black }, "Dynamic MRS");
  }
  if (baseline) {
    body += el(
      "g",
      { class: "baseline", "data-start": baseline.a, "data-end": baseline.b },
      el("rect", {
        x: x(baseline.a),
        y: mrsY - barH / 2,
        width: x(baseline.b) - x(baseline.a),
        height: barH,
        fill: `url(#${hatchId})`,
        stroke: okabeIto.black,
      }) + label((x(baseline.a) + x(baseline.b)) / 2, mrsY + barH / 2 + 14, baseline.label ?? "Baseline"),
    );
  }
  if (post) {
    body += el(
      "g",
      { class: "post", "data-start": post.a, "data-end": post.b },
      el("rect", {
        x: x(post.a),
        y: mrsY - barH / 2,
        width: x(post.b) - x(post.a),
        height: barH,
        fill: okabeIto.skyBlue,
        "fill-opacity": 0.6,
        stroke: okabeIto.black,
      }) + label((x(post.a) + x(post.b)) / 2, mrsY + barH / 2 + 14, post.label ?? "Post"),
    );
  }
  const block = finite(data.block_min);
  const span =
    mrs ?? (baseline && post ? { a: Math.min(baseline.a, post.a), b: Math.max(baseline.b, post.b) } : null);
  if (block !== null && block > 0 && span !== null && (span.b - span.a) / block <= maxBlockTicks) {
    let ticks = "";
    const count = Math.floor((span.b - span.a) / block + 1e-9);
    for (let k = 0; k <= count; k++) {
      const t = x(span.a + k * block);
      ticks += el("line", {
        x1: t,
        x2: t,
        y1: mrsY - barH / 2 - 3,
        y2: mrsY + barH / 2 + 3,
        stroke: okabeIto.black,
      });
    }
    body += el("g", { class: "block-ticks", "data-block-min": block, "data-count": count }, ticks);
  }
  events.forEach((e, i) => {
    const ey = laneY(2);
    body += el(
      "g",
      { class: "event", "data-at": e.t },
      el("circle", { cx: x(e.t), cy: ey, r: 4, fill: okabeIto.black }) +
        label(x(e.t), ey + (i % 2 === 0 ? -10 : 16), `${e.label} (${fmt(e.t)} min)`),
    );
  });
  const defs = el(
    "pattern",
    { id: hatchId, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
    el("rect", { width: 6, height: 6, fill: "#ffffff" }) +
      el("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#555555", "stroke-width": 2 }),
  );
  return svgRoot(options, kind, body, { defs });
}
