import { type Condition, markerPathData, okabeIto, styledConditions } from "@fmrs/charts";
import type { ReportContext } from "./context";
import { type DataTable, escapeHtml, renderTable } from "./html";

/**
 * The width every chart is laid out at (px, its viewBox width). An A4 page with 12 mm margins
 * prints 186 mm = 703 CSS px, so a chart this wide prints at 703/680 of its size: its 11-px text
 * at 11.4 px = 8.5 pt (the print minimum is 8 pt). On screen it is widened to the column.
 */
export const CHART_WIDTH = 680;

/** What a figure shows: the chart's SVG, its caption (trusted HTML) and its data table. */
export interface FigureSpec {
  readonly id: string;
  readonly svg: string;
  /** Caption HTML after "Figure N." (escape every input string in it). */
  readonly caption: string;
  readonly table: DataTable;
  /** Conditions to describe in the caption's key (same styles as the chart). */
  readonly legend?: readonly Condition[];
}

const COLOUR_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(okabeIto).map(([name, hex]) => [
    hex.toLowerCase(),
    name.replace(/([A-Z])/g, " $1").toLowerCase(),
  ]),
);
const DASH_NAMES: Readonly<Record<string, string>> = {
  "": "solid",
  "6 3": "dashed",
  "2 2": "dotted",
  "8 3 2 3": "dash-dot",
};

/**
 * The key of conditions as the charts draw them (colour, dash pattern and marker shape from the
 * charts' exported palette, in the same order), for the caption: a small swatch and words, so it
 * reads in greyscale and to a screen reader.
 */
export function conditionKey(conditions: readonly Condition[]): string {
  const items = styledConditions(conditions, []).map((c) => {
    const swatch = `<svg class="swatch" width="30" height="12" viewBox="0 0 30 12" aria-hidden="true" focusable="false"><line x1="1" x2="29" y1="6" y2="6" stroke="${c.style.color}" stroke-width="2.5"${c.style.dash ? ` stroke-dasharray="${c.style.dash}"` : ""}/><path d="${markerPathData(c.style.marker, 36)}" transform="translate(15 6)" fill="${c.style.color}" stroke="#fff"/></svg>`;
    const words = `${COLOUR_NAMES[c.style.color.toLowerCase()] ?? c.style.color}, ${DASH_NAMES[c.style.dash] ?? "patterned"} line, ${c.style.marker} markers`;
    return `<span class="key-item" data-condition="${escapeHtml(c.id)}">${swatch}${escapeHtml(c.label)} (${escapeHtml(words)})</span>`;
  });
  return `<span class="key">Key: ${items.join("; ")}.</span>`;
}

/**
 * A numbered figure: `<figure>` with the chart (role="img", aria-label from the chart), an HTML key,
 * a numbered `<figcaption>` and, after it, a `<details>` holding the data table (CSV download).
 */
export function figure(ctx: ReportContext, spec: FigureSpec): string {
  ctx.numbering.figure += 1;
  const n = ctx.numbering.figure;
  const key = spec.legend === undefined ? "" : ` ${conditionKey(spec.legend)}`;
  const table = renderTable({ ...spec.table, caption: `Data of Figure ${n}: ${spec.table.caption}` });
  return `<figure id="${escapeHtml(spec.id)}" class="chart" data-figure="${n}" aria-labelledby="${escapeHtml(spec.id)}-cap">
<div class="svg-wrap">${spec.svg}</div>
<figcaption id="${escapeHtml(spec.id)}-cap"><span class="fig-no">Figure ${n}.</span> ${spec.caption}${key}</figcaption>
<details class="data"><summary>Data table of Figure ${n} (${spec.table.rows.length} rows, CSV download)</summary>
${table}
</details>
</figure>`;
}

/** A numbered table (Table N) with its CSV download; `numbered: false` for tables tucked into a <details>. */
export function numberedTable(ctx: ReportContext, table: DataTable, numbered = true): string {
  if (!numbered) return renderTable(table);
  ctx.numbering.table += 1;
  return renderTable(table, ctx.numbering.table);
}

/**
 * A numbered table folded into a `<details class="fold">`: on screen one click opens it; in print
 * only its summary line is printed (the table's number, caption and row count, and where to find
 * it), so long listings (checksums, per-session counts) do not fill pages a reader skims past.
 */
export function foldedTable(ctx: ReportContext, table: DataTable): string {
  ctx.numbering.table += 1;
  const n = ctx.numbering.table;
  return `<details class="fold" id="${escapeHtml(table.id)}-fold"><summary>Table ${n}: ${escapeHtml(table.caption)} (${table.rows.length} rows; folded, open it in the HTML report)</summary>
${renderTable(table, n)}
</details>`;
}

/** A section: `<section id>` with its heading. */
export function section(id: string, title: string, body: string): string {
  return `<section id="${escapeHtml(id)}" aria-labelledby="${escapeHtml(id)}-h">
<h2 id="${escapeHtml(id)}-h">${escapeHtml(title)}</h2>
${body}
</section>`;
}
