/** Scale helpers shared by the charts (d3-scale, d3-array; no DOM). */
import { type ScaleLinear, scaleLinear } from "d3";

/**
 * The [min, max] of the finite values, or null when there are none. Values are read once, so
 * iterables of any length work.
 */
export function finiteExtent(values: Iterable<number | null | undefined>): [number, number] | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * A linear scale over `extent` mapped to `range`, widened when the extent is a single value
 * (±1, or ±10 % of its magnitude) and rounded outward to nice ticks when `nice` is true.
 */
export function linearScale(
  extent: readonly [number, number],
  range: readonly [number, number],
  nice = true,
): ScaleLinear<number, number> {
  let [lo, hi] = extent;
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const s = scaleLinear().domain([lo, hi]).range([range[0], range[1]]);
  return nice ? s.nice() : s;
}

/** `extent` widened to include every value in `also`. */
export function includeIn(extent: readonly [number, number], ...also: number[]): [number, number] {
  let [lo, hi] = extent;
  for (const v of also) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}
