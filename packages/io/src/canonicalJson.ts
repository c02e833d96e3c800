/**
 * Canonical JSON: object keys sorted (recursively), 2-space indent, a final newline. Same value,
 * same bytes, so outputs hash identically across runs. Throws on values JSON cannot represent
 * faithfully (NaN, ±Infinity, undefined inside arrays, functions, bigint).
 */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value, "$"), null, 2)}\n`;
}

function sortKeys(value: unknown, path: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new TypeError(`canonicalJson(): ${path} is ${value}, which JSON cannot hold`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => sortKeys(v, `${path}[${i}]`));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v, `${path}.${key}`);
    }
    return out;
  }
  throw new TypeError(`canonicalJson(): ${path} has type ${typeof value}`);
}
