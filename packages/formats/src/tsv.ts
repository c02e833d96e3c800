import { InputError } from "@fmrs/schema";

/** A parsed TSV: its header and rows, each row keeping the 1-based line it came from. */
export interface Tsv {
  readonly file: string;
  readonly columns: readonly string[];
  readonly rows: readonly TsvRow[];
}

/** One data row: the 1-based file line and the cells by column name (null for `n/a` or empty). */
export interface TsvRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, string | null>>;
}

/**
 * Parses tab-separated text as BIDS writes it: a header line, then one row per line; `n/a` and
 * empty cells become null; a UTF-8 BOM and CRLF line ends are accepted; blank lines at the end
 * are ignored. Cells are trimmed of surrounding spaces.
 * Throws InputError (file, line) for an empty file, an empty or duplicate column name, a blank
 * line between rows, or a row whose field count differs from the header's.
 */
export function parseTsv(file: string, text: string): Tsv {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lines = body.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === "") lines.pop();
  const header = lines[0];
  if (header === undefined || header.trim() === "") {
    throw new InputError(
      { file, line: 1 },
      "the file is empty",
      "a header line of tab-separated column names",
    );
  }
  const columns = header.split("\t").map((c) => c.trim());
  const seen = new Set<string>();
  columns.forEach((name, i) => {
    if (name === "") throw new InputError({ file, line: 1, field: `column ${i + 1}` }, "empty column name");
    if (seen.has(name)) throw new InputError({ file, line: 1, field: name }, "duplicate column name");
    seen.add(name);
  });
  const rows: TsvRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const line = i + 1;
    if (raw.trim() === "")
      throw new InputError({ file, line }, "blank line between rows", "one row per line");
    const fields = raw.split("\t");
    if (fields.length !== columns.length) {
      throw new InputError(
        { file, line },
        `${fields.length} tab-separated fields`,
        `${columns.length} fields as in the header (${columns.join(", ")})`,
      );
    }
    const cells: Record<string, string | null> = {};
    columns.forEach((name, j) => {
      const value = (fields[j] ?? "").trim();
      cells[name] = value === "" || value === "n/a" ? null : value;
    });
    rows.push({ line, cells });
  }
  return { file, columns, rows };
}

/**
 * Throws InputError naming the file and the missing columns unless every `required` column is
 * in the header.
 */
export function requireColumns(tsv: Tsv, required: readonly string[]): void {
  const missing = required.filter((c) => !tsv.columns.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      { file: tsv.file, line: 1, field: missing.join(", ") },
      `missing column${missing.length > 1 ? "s" : ""}`,
      `columns ${required.join(", ")}`,
    );
  }
}
