import { okabeIto } from "./palette";
import {
  type ChartOptions,
  chartSize,
  el,
  emptyChart,
  fmtPoint,
  idPrefixOf,
  svgRoot,
  textEl,
  textWidth,
  truncate,
} from "./svg";

/** Quality-control outcome of one block of one session; null is treated as "missing". */
export type QcStatus = "pass" | "fail" | "missing";

export interface QcGridRow {
  /** Row label, e.g. "sub-01 ses-1 (PBO)". */
  readonly session: string;
  /** One status per block, in block order. */
  readonly cells: readonly (QcStatus | null)[];
}

export interface QcGridData {
  readonly rows: readonly QcGridRow[];
  /** Column labels (default 1, 2, …); long lists are thinned so labels do not overlap. */
  readonly blockLabels?: readonly string[];
  /** Title over the columns (default "Block"). */
  readonly xLabel?: string;
}

const kind = "qc-grid";

/**
 * Sessions × blocks grid of QC outcomes. Pass is a light green square; fail is a vermillion
 * square with a diagonal hatch and a white ×, so a fail reads without colour; missing is an
 * empty dashed square. Each row ends with its fail count. No rows or no blocks: an empty chart.
 */
export function qcGrid(data: QcGridData, options: ChartOptions): string {
  const nCols = Math.max(0, ...data.rows.map((r) => r.cells.length));
  if (data.rows.length === 0 || nCols === 0) return emptyChart(options, kind, "No QC results to show.");
  const { width, height } = chartSize(options, kind);
  const hatchId = `${idPrefixOf(options, kind)}-fail-hatch-0`;
  const labelChars = Math.min(28, Math.max(4, ...data.rows.map((r) => r.session.length)));
  const left = 8 + textWidth("m".repeat(labelChars), 11) + 6;
  const right = 44;
  const top = 56;
  const bottom = 8;
  const cell = Math.max(
    2,
    Math.min((width - left - right) / nCols, (height - top - bottom) / data.rows.length, 28),
  );
  const pad = Math.min(1.5, cell * 0.1);
  const labels = data.blockLabels ?? Array.from({ length: nCols }, (_, i) => String(i + 1));
  const every = Math.max(1, Math.ceil(textWidth("0000", 11) / cell));

  let body = legendRow(hatchId);
  body += textEl({ class: "axis-label", x: left, y: top - 20 }, data.xLabel ?? "Block");
  for (let c = 0; c < nCols; c += every) {
    body += textEl(
      {
        class: "block-label",
        x: left + (c + 0.5) * cell,
        y: top - 5,
        "text-anchor": "middle",
        "font-size": 11,
      },
      labels[c] ?? String(c + 1),
    );
  }
  const countX = left + nCols * cell + 8;
  body += textEl({ x: countX, y: top - 5, "font-size": 11, "font-weight": "bold" }, "Fails");
  data.rows.forEach((r, ri) => {
    const y = top + ri * cell;
    let cells = "";
    let fails = 0;
    for (let c = 0; c < nCols; c++) {
      const raw = r.cells[c];
      const status: QcStatus = raw === "pass" || raw === "fail" ? raw : "missing";
      const x = left + c * cell;
      cells += qcCell(status, x + pad, y + pad, cell - 2 * pad, hatchId, c);
      if (status === "fail") fails += 1;
    }
    body += el(
      "g",
      { class: "qc-row", "data-row": ri, "data-session": r.session, "data-fails": fails },
      textEl(
        {
          class: "row-label",
          x: left - 6,
          y: y + cell / 2,
          "text-anchor": "end",
          "dominant-baseline": "middle",
          "font-size": 11,
        },
        truncate(r.session, labelChars),
      ) +
        cells +
        textEl(
          { class: "fail-count", x: countX, y: y + cell / 2, "dominant-baseline": "middle", "font-size": 11 },
          `${fails}/${nCols}`,
        ),
    );
  });
  const defs = el(
    "pattern",
    { id: hatchId, width: 4, height: 4, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
    el("rect", { width: 4, height: 4, fill: okabeIto.vermillion }) +
      el("line", {
        x1: 0,
        y1: 0,
        x2: 0,
        y2: 4,
        stroke: "#ffffff",
        "stroke-width": 1.2,
        "stroke-opacity": 0.7,
      }),
  );
  return svgRoot(options, kind, body, { defs });
}

function qcCell(
  status: QcStatus,
  x: number,
  y: number,
  s: number,
  hatchId: string,
  col: number | null,
): string {
  const base =
    col === null
      ? { class: `legend-swatch ${status}` }
      : { class: `qc-cell ${status}`, "data-status": status, "data-block": col };
  if (status === "pass") {
    return el("rect", {
      ...base,
      x,
      y,
      width: s,
      height: s,
      fill: okabeIto.bluishGreen,
      "fill-opacity": 0.35,
    });
  }
  if (status === "missing") {
    return el("rect", {
      ...base,
      x,
      y,
      width: s,
      height: s,
      fill: "#ffffff",
      stroke: "#999999",
      "stroke-dasharray": "2 2",
    });
  }
  const i = s * 0.25;
  return el(
    "g",
    base,
    el("rect", { x, y, width: s, height: s, fill: `url(#${hatchId})`, stroke: okabeIto.vermillion }) +
      el("path", {
        class: "fail-mark",
        d: `M${fmtPoint(x + i, y + i)}L${fmtPoint(x + s - i, y + s - i)}M${fmtPoint(x + s - i, y + i)}L${fmtPoint(x + i, y + s - i)}`,
        stroke: "#ffffff",
        "stroke-width": Math.max(1, s * 0.12),
      }),
  );
}

function legendRow(hatchId: string): string {
  const items: [string, (x: number) => string][] = [
    ["pass", (x) => qcCell("pass", x, 8, 12, hatchId, null)],
    ["fail", (x) => qcCell("fail", x, 8, 12, hatchId, null)],
    ["missing", (x) => qcCell("missing", x, 8, 12, hatchId, null)],
  ];
  let out = "";
  let x = 8;
  for (const [label, draw] of items) {
    out += draw(x) + textEl({ x: x + 16, y: 14, "dominant-baseline": "middle" }, label);
    x += 16 + textWidth(label) + 18;
  }
  return el("g", { class: "legend" }, out);
}
