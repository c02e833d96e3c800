import { type ChartOptions, chartSize, el, emptyChart, svgRoot, textEl } from "./svg";
import { wrapText } from "./wrapText";

/** One period of one sequence: its box lines (attended, analysed, excluded with reasons). */
export interface ConsortPeriod {
  readonly title: string;
  readonly lines: readonly string[];
}

/** One sequence arm: allocation box, its periods in order, and the closing "analysed" box. */
export interface ConsortArm {
  readonly allocation: string;
  readonly periods: readonly ConsortPeriod[];
  readonly analysed: readonly string[];
}

export interface ConsortData {
  readonly enrolled: string;
  readonly arms: readonly ConsortArm[];
}

const kind = "consort";
const LINE = 13;
const PAD = 6;

function box(
  x: number,
  y: number,
  w: number,
  title: string,
  lines: readonly string[],
  cls: string,
): { svg: string; h: number } {
  const t = wrapText(title, w - 2 * PAD);
  const body = lines.flatMap((l) => wrapText(l, w - 2 * PAD - 8));
  const h = PAD * 2 + (t.length + body.length) * LINE;
  let svg = el("rect", {
    class: "box",
    x,
    y,
    width: w,
    height: h,
    rx: 4,
    fill: "#ffffff",
    stroke: "#333333",
  });
  let ty = y + PAD + LINE - 3;
  for (const l of t) {
    svg += textEl({ x: x + PAD, y: ty, "font-weight": "bold" }, l);
    ty += LINE;
  }
  for (const l of body) {
    svg += textEl({ x: x + PAD + 4, y: ty }, l);
    ty += LINE;
  }
  return { svg: el("g", { class: cls }, svg), h };
}

function arrow(x: number, y1: number, y2: number): string {
  return (
    el("line", { class: "arrow", x1: x, x2: x, y1, y2: y2 - 5, stroke: "#333333", "stroke-width": 1.2 }) +
    el("path", { d: `M${x - 4},${y2 - 6}L${x + 4},${y2 - 6}L${x},${y2}Z`, fill: "#333333" })
  );
}

/**
 * The CONSORT 2010 flow diagram of a two-period crossover (Dwan et al. 2019): enrolment at the
 * top, one column per sequence with its allocation box, one box per period (attended, analysed
 * and excluded per outcome, with reasons) and a closing box of the subjects analysed over both
 * periods, joined by arrows. Text wraps inside its box, never cut; the height grows with the text
 * (`options.height` is the minimum).
 */
export function consortDiagram(data: ConsortData, options: ChartOptions): string {
  if (data.arms.length === 0) return emptyChart(options, kind, "No allocation to draw.");
  const { width } = chartSize(options, kind);
  const gap = 24;
  const colW = (width - 16 - gap * (data.arms.length - 1)) / data.arms.length;
  const enrolW = Math.min(width - 16, 420);
  const enrol = box((width - enrolW) / 2, 8, enrolW, data.enrolled, [], "enrolment");
  let body = enrol.svg;
  const top = 8 + enrol.h + 18;
  let bottom = top;
  data.arms.forEach((arm, i) => {
    const x = 8 + i * (colW + gap);
    const cx = x + colW / 2;
    body += el("path", {
      class: "arrow",
      d: `M${width / 2},${8 + enrol.h}V${8 + enrol.h + 8}H${cx}V${top - 5}`,
      fill: "none",
      stroke: "#333333",
      "stroke-width": 1.2,
    });
    body += el("path", { d: `M${cx - 4},${top - 6}L${cx + 4},${top - 6}L${cx},${top}Z`, fill: "#333333" });
    let y = top;
    const alloc = box(x, y, colW, arm.allocation, [], "allocation");
    body += alloc.svg;
    y += alloc.h;
    for (const p of arm.periods) {
      body += arrow(cx, y, y + 12);
      y += 12;
      const b = box(x, y, colW, p.title, p.lines, "period");
      body += b.svg;
      y += b.h;
    }
    body += arrow(cx, y, y + 12);
    y += 12;
    const a = box(x, y, colW, "Analysed (both periods)", arm.analysed, "analysed");
    body += a.svg;
    y += a.h;
    bottom = Math.max(bottom, y);
  });
  const height = Math.max(options.height, Math.ceil(bottom + 8));
  return svgRoot({ ...options, height }, kind, body);
}
