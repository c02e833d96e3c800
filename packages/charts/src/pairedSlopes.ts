import { axisLeft } from "./marks";
import { type Condition, okabeIto, styledConditions } from "./palette";
import { finiteExtent, includeIn, linearScale } from "./scales";
import { type ChartOptions, chartSize, el, emptyChart, finite, fmtNum, svgRoot, textEl } from "./svg";
import { wrapText } from "./wrapText";

/** One subject's value under the reference and the test condition. */
export interface SubjectPairPoint {
  readonly id: string;
  readonly reference: number | null;
  readonly test: number | null;
}

export interface PairedSlopesPanel {
  readonly title: string;
  readonly pairs: readonly SubjectPairPoint[];
}

export interface PairedSlopesData {
  /** Reference then test condition (the left and right columns, styled as in every chart). */
  readonly conditions: readonly [Condition, Condition];
  readonly panels: readonly PairedSlopesPanel[];
  readonly yLabel: string;
}

const kind = "paired-slopes";

/**
 * Paired slopegraphs: in each panel every subject is one thin grey line from the value under the
 * reference condition (left) to the value under the test condition (right), so the pairing of the
 * crossover is visible; subjects with one value keep a lone point. The mean over complete pairs is
 * a thick black line with the conditions' markers. Panels share the y axis (e.g. all, then each sex).
 */
export function pairedSlopes(data: PairedSlopesData, options: ChartOptions): string {
  const all = data.panels.flatMap((p) => p.pairs.flatMap((q) => [q.reference, q.test]));
  const ext = finiteExtent(all);
  if (ext === null) return emptyChart(options, kind, "No subject has a value.");
  const { width, height } = chartSize(options, kind);
  const styled = styledConditions(data.conditions, []);
  const n = data.panels.length;
  const left = 62;
  const gap = 28;
  const panelW = (width - left - 12 - gap * (n - 1)) / n;
  // Column labels (the conditions' words) wrap to the space between a panel's two columns, so
  // long labels stack under their column instead of running into each other; titles wrap too.
  const labelW = panelW * 0.6 - 8;
  const columnLines = styled.map((c) => wrapText(c.label, labelW));
  const labelLines = Math.max(...columnLines.map((l) => l.length));
  const titleLines = Math.max(...data.panels.map((p) => wrapText(p.title, panelW).length));
  const top = 30 + 13 * titleLines;
  const bottom = 20 + 13 * labelLines;
  const y = linearScale(includeIn(ext, 0), [height - bottom, top]);
  let body = axisLeft(y, left - 6, { label: data.yLabel, grid: width - left - 12, tickCount: 6 });
  data.panels.forEach((panel, pi) => {
    const x0 = left + pi * (panelW + gap) + panelW * 0.2;
    const x1 = left + pi * (panelW + gap) + panelW * 0.8;
    let g = wrapText(panel.title, panelW)
      .map((l, i) =>
        textEl(
          {
            class: "panel-title",
            x: (x0 + x1) / 2,
            y: 14 + i * 13,
            "text-anchor": "middle",
            "font-weight": "bold",
          },
          l,
        ),
      )
      .join("");
    columnLines.forEach((lines, i) => {
      lines.forEach((l, li) => {
        g += textEl(
          {
            class: "column-label",
            x: i === 0 ? x0 : x1,
            y: height - bottom + 18 + li * 13,
            "text-anchor": "middle",
          },
          l,
        );
      });
    });
    const complete: [number, number][] = [];
    for (const p of panel.pairs) {
      const a = finite(p.reference);
      const b = finite(p.test);
      if (a !== null && b !== null) {
        complete.push([a, b]);
        g += el("line", {
          class: "subject",
          "data-subject": p.id,
          x1: x0,
          x2: x1,
          y1: y(a),
          y2: y(b),
          stroke: "#8c8c8c",
          "stroke-width": 1,
        });
      } else {
        const v = a ?? b;
        if (v !== null)
          g += el("circle", {
            class: "lone",
            "data-subject": p.id,
            cx: a !== null ? x0 : x1,
            cy: y(v),
            r: 2.5,
            fill: "#8c8c8c",
          });
      }
    }
    if (complete.length > 0) {
      const ma = complete.reduce((s, c) => s + c[0], 0) / complete.length;
      const mb = complete.reduce((s, c) => s + c[1], 0) / complete.length;
      g += el("line", {
        class: "mean",
        x1: x0,
        x2: x1,
        y1: y(ma),
        y2: y(mb),
        stroke: okabeIto.black,
        "stroke-width": 3,
        "data-mean-reference": fmtNum(ma, 3),
        "data-mean-test": fmtNum(mb, 3),
      });
      styled.forEach((c, i) => {
        const cx = i === 0 ? x0 : x1;
        const cy = y(i === 0 ? ma : mb);
        g += el("circle", { cx, cy, r: 5, fill: c.style.color, stroke: okabeIto.black });
      });
    }
    g += textEl(
      {
        class: "panel-n",
        x: (x0 + x1) / 2,
        y: 14 + 13 * wrapText(panel.title, panelW).length,
        "text-anchor": "middle",
        fill: "#333333",
      },
      `${complete.length} pairs`,
    );
    body += el("g", { class: "panel", "data-panel": pi }, g);
  });
  return svgRoot(options, kind, body);
}
