/**
 * Test helper (not exported from the package): a tiny reader for the reference CSVs of
 * testdata/reference-stats. Plain comma-separated text with a header row, no quoting, `NA` for a
 * missing value. Pure: the test reads the file and passes the text.
 */
export type CsvValue = string | number | null;
export type CsvRow = Readonly<Record<string, CsvValue>>;

/**
 * Parses `text` into one record per data row, keyed by the header names: `NA` or an empty field
 * becomes null, a field that is a finite decimal number becomes a number (so "1.5e-3" → 0.0015),
 * anything else stays a string. Throws on a row whose field count differs from the header's.
 */
export function parseReferenceCsv(text: string): CsvRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const header = lines[0]?.split(",");
  if (header === undefined) return [];
  return lines.slice(1).map((line, i) => {
    const fields = line.split(",");
    if (fields.length !== header.length) {
      throw new Error(`parseReferenceCsv: row ${i + 2} has ${fields.length} fields, header ${header.length}`);
    }
    const row: Record<string, CsvValue> = {};
    header.forEach((name, j) => {
      row[name] = parseField(fields[j]!);
    });
    return row;
  });
}

function parseField(field: string): CsvValue {
  if (field === "NA" || field === "") return null;
  const value = Number(field);
  return Number.isFinite(value) && /^[-+]?[\d.]/.test(field) ? value : field;
}

/** The numeric value of `row[column]`, or null when missing; throws when it is a string. */
export function numberOrNull(row: CsvRow, column: string): number | null {
  const value = row[column];
  if (value === undefined) throw new Error(`no column ${column}`);
  if (typeof value === "string") throw new Error(`column ${column} is not numeric: ${value}`);
  return value;
}

/** The string value of `row[column]`; throws when it is missing or numeric. */
export function stringOf(row: CsvRow, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw new Error(`column ${column} is not a string: ${value}`);
  return value;
}
