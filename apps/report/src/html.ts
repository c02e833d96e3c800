import { isolateBidi } from "@fmrs/charts";
/**
 * Escapes text for HTML element content and attribute values (& < > " '). Text holding bidi
 * embeddings, overrides or isolates (U+202A–U+202E, U+2066–U+2069) is isolated from its
 * surroundings (FSI … PDI, the character form of `<bdi>`; see isolateBidi in @fmrs/charts), so a
 * U+202E in a label cannot reverse the numbers beside it.
 */
export function escapeHtml(value: unknown): string {
  return isolateBidi(String(value))
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The minus sign used for display (U+2212), never in CSV or data-value. */
export const MINUS = "\u2212";

/** Fixed-decimal number for display with a real minus sign (never toLocaleString); "–" for null. */
export function fmt(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const s = value.toFixed(digits);
  if (s === `-${(0).toFixed(digits)}`) return (0).toFixed(digits);
  return s.startsWith("-") ? `${MINUS}${s.slice(1)}` : s;
}

/** A p value as reviewers read it: 2 significant digits, "< 0.001" below that. */
export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "–";
  if (p < 0.001) return "< 0.001";
  return p.toPrecision(2);
}

/** "p = 0.012" or "p < 0.001", the value tagged with its results.json path. */
export function pText(path: string, p: number | null | undefined): string {
  const text = fmtP(p);
  return `p ${text.startsWith("<") ? "" : "= "}${num(path, p, text)}`;
}

/** Degrees of freedom: whole numbers as integers, Satterthwaite-type df with one decimal. */
export function fmtDf(df: number | null | undefined): string {
  if (df === null || df === undefined || !Number.isFinite(df)) return "–";
  return Number.isInteger(df) ? String(df) : df.toFixed(1);
}

/**
 * A displayed number tied to its source in results.json: the text is rounded for reading, and
 * `data-result` (path in results.json) plus `data-value` (the full value) let a test, or a
 * reviewer, check it. Only numbers read from results.json are tagged this way.
 */
export function num(path: string, value: number | null | undefined, text: string): string {
  const v = value === null || value === undefined ? "null" : String(value);
  return `<span class="num" data-result="${escapeHtml(path)}" data-value="${escapeHtml(v)}">${escapeHtml(text)}</span>`;
}

/**
 * A displayed analysis parameter read from the derivatives' study.json (`data-study` is its path
 * there), for the Methods text and the checklist.
 */
export function param(
  path: string,
  value: number | string | boolean | null,
  text: string = String(value),
): string {
  const v = value === null ? "null" : String(value);
  return `<span class="param" data-study="${escapeHtml(path)}" data-value="${escapeHtml(v)}">${escapeHtml(text)}</span>`;
}

/** A table cell: its display text, its raw value for CSV, and optional trusted HTML (tagged numbers). */
export interface Cell {
  readonly text: string;
  readonly raw: string | number | boolean | null;
  readonly html?: string;
  /** A number column (right-aligned), also when this cell is empty. */
  readonly numeric?: boolean;
}

/** A data table with caption; rendered as HTML and downloadable as CSV. */
export interface DataTable {
  readonly id: string;
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** Text shown instead of an empty table body. */
  readonly empty?: string;
}

/** A plain text cell (CSV gets `raw`, default the text). */
export function cell(text: string, raw: string | number | boolean | null = text): Cell {
  return { text, raw };
}

/** A cell holding a number from a derivative table (not results.json): rounded for display, full in CSV. */
export function valueCell(value: number | null | undefined, digits = 2): Cell {
  const v = value === undefined || value === null || !Number.isFinite(value) ? null : value;
  return { text: fmt(v, digits), raw: v, numeric: true };
}

/** A cell holding a number from results.json at `path`, tagged (see `num`). */
export function resultCell(
  path: string,
  value: number | null | undefined,
  format: (v: number | null) => string = (v) => fmt(v, 2),
): Cell {
  const v = value === undefined ? null : value;
  const text = format(v);
  return { text, raw: v, html: num(path, v, text), numeric: true };
}

/** CSV text of a table (RFC 4180 quoting), from the raw values. */
export function tableCsv(table: DataTable): string {
  const quote = (v: string | number | boolean | null) => {
    const s = v === null ? "" : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${[table.columns.map(quote).join(","), ...table.rows.map((r) => r.map((c) => quote(c.raw)).join(","))].join("\n")}\n`;
}

/**
 * HTML of a table with its caption (numbered when `number` is given) and a CSV download link (a
 * data: URL: nothing is fetched, and it works without script).
 */
export function renderTable(table: DataTable, number?: number): string {
  const head = table.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join("");
  const content = (c: Cell) => c.html ?? escapeHtml(c.text);
  // Columns of checksums are marked, so print can shorten them (the full values stay in the HTML and CSV).
  const hashColumn = table.columns.map((c) => c === "sha256");
  const tdClass = (c: Cell, i: number) => {
    const classes = [
      ...(c.numeric === true || typeof c.raw === "number" ? ["n"] : []),
      ...(hashColumn[i] ? ["hash"] : []),
    ];
    return classes.length === 0 ? "" : ` class="${classes.join(" ")}"`;
  };
  const body =
    table.rows.length === 0
      ? `<tr><td class="empty" colspan="${table.columns.length}">${escapeHtml(table.empty ?? "No rows.")}</td></tr>`
      : table.rows
          .map(
            (r) =>
              `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${content(c)}</th>` : `<td${tdClass(c, i)}>${content(c)}</td>`)).join("")}</tr>`,
          )
          .join("\n");
  const csv = `data:text/csv;charset=utf-8,${encodeURIComponent(tableCsv(table))}`;
  const label = number === undefined ? "" : `<span class="tab-no">Table ${number}.</span> `;
  return `<div class="table-wrap"><table id="${escapeHtml(table.id)}" data-table="${escapeHtml(table.id)}"${hashColumn.includes(true) ? ' class="hashes"' : ""}>
<caption>${label}${escapeHtml(table.caption)} <a class="csv" download="${escapeHtml(table.id)}.csv" href="${escapeHtml(csv)}">Download CSV</a></caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table></div>`;
}
