// Test support shared by the Node and browser tests: resolving a results.json path, and reading a
// displayed (rounded) number back to compare it with the full value.
import { MINUS } from "../html";

/** The value at a dotted path ("models.madrs_raw.key_test.F", "timecourse.3.mean") of a JSON value. */
export function valueAt(json: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (v, k) => (v === null || typeof v !== "object" ? undefined : (v as Record<string, unknown>)[k]),
      json,
    );
}

/**
 * Whether a displayed text is the value rounded for display: "3.93" for 3.9262, "44.1 %" for
 * 0.4409 (percent of a fraction), "< 0.001" for p below that, "0.015" for a p to 2 significant
 * digits, "–" for null. The tolerance is half a unit of the last shown digit.
 */
export function shownMatches(text: string, value: unknown): boolean {
  const t = text.trim().replaceAll(MINUS, "-");
  if (value === null) return t === "–";
  if (typeof value !== "number") return t === String(value);
  if (t.startsWith("<")) return value < Number(t.slice(1).trim());
  const percent = t.endsWith("%");
  const body = percent ? t.slice(0, -1).trim() : t;
  const shown = Number(body);
  if (!Number.isFinite(shown)) return false;
  const decimals = body.includes(".") ? (body.split(".")[1]?.length ?? 0) : 0;
  const tol = 0.5 * 10 ** -decimals + 1e-12;
  const v = percent ? value * 100 : value;
  return Math.abs(shown - v) <= tol;
}
