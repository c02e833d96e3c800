/**
 * Returns `value` as JSON text with 2-space indentation and a final newline, like
 * `JSON.stringify(value, null, 2)`, except that arrays of numbers, strings, booleans or nulls
 * stay on one line (`[1, 2, 3]`), which keeps long numeric series readable and small. Object key
 * order is kept as given, so the same value always gives the same text.
 */
export function formatJson(value: unknown): string {
  return `${format(value, "")}\n`;
}

const isPrimitive = (v: unknown) => v === null || ["number", "string", "boolean"].includes(typeof v);

function format(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every(isPrimitive)) return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    const inner = `${indent}  `;
    return `[\n${value.map((v) => inner + format(v, inner)).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value) ?? "null";
}
