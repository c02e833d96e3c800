/** Escapes text for HTML element content and attribute values (& < > " '). */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Fixed-decimal number for display (never toLocaleString); "–" for null. */
export function fmt(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const s = value.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}

/** A p value as reviewers read it: 3 significant digits, "< 0.001" below that. */
export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "–";
  if (p < 0.001) return "< 0.001";
  return p.toPrecision(2);
}

/** A table cell value and, for CSV download, its raw value. */
export interface Cell {
  readonly text: string;
  readonly raw: string | number | null;
}

/** A data table with caption; rendered as HTML and downloadable as CSV. */
export interface DataTable {
  readonly id: string;
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export function cell(text: string, raw: string | number | null = text): Cell {
  return { text, raw };
}

/** CSV text of a table (RFC 4180 quoting), from the raw values. */
export function tableCsv(table: DataTable): string {
  const quote = (v: string | number | null) => {
    const s = v === null ? "" : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return (
    [table.columns.map(quote).join(","), ...table.rows.map((r) => r.map((c) => quote(c.raw)).join(","))].join(
      "\n",
    ) + "\n"
  );
}

/** HTML of a table with its caption and a CSV download link (a data: URL, nothing fetched). */
export function renderTable(table: DataTable): string {
  const head = table.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join("");
  const body = table.rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c.text)}</th>` : `<td>${escapeHtml(c.text)}</td>`)).join("")}</tr>`,
    )
    .join("\n");
  const csv = `data:text/csv;charset=utf-8,${encodeURIComponent(tableCsv(table))}`;
  return `<table id="${escapeHtml(table.id)}" data-table="${escapeHtml(table.id)}">
<caption>${escapeHtml(table.caption)} <a class="csv" download="${escapeHtml(table.id)}.csv" href="${escapeHtml(csv)}">Download CSV</a></caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}
