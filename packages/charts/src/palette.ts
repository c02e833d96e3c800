/**
 * Colours, dash patterns and marker shapes for conditions and other series. Colours are the
 * Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), safe for the common colour-vision
 * deficiencies; each series also gets its own dash pattern and marker shape so that series stay
 * distinguishable in greyscale print. The report uses the same lists for its HTML legends.
 */

/** The eight Okabe–Ito colours (hex). */
export const okabeIto = {
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
} as const;

/** Series colours in order of use: dark and light alternate so neighbours differ in greyscale too. */
export const seriesColors: readonly string[] = [
  okabeIto.blue,
  okabeIto.vermillion,
  okabeIto.bluishGreen,
  okabeIto.reddishPurple,
  okabeIto.black,
  okabeIto.orange,
  okabeIto.skyBlue,
];

/** SVG `stroke-dasharray` values in order of use; "" is a solid line. */
export const dashPatterns: readonly string[] = ["", "6 3", "2 2", "8 3 2 3", "1 3", "10 4", "4 2 1 2"];

export type MarkerShape = "circle" | "square" | "triangle" | "diamond" | "cross" | "wye" | "star";

/** Marker shapes in order of use (d3-shape symbol types). */
export const markerShapes: readonly MarkerShape[] = [
  "circle",
  "square",
  "triangle",
  "diamond",
  "cross",
  "wye",
  "star",
];

/** How series `index` is drawn. */
export interface SeriesStyle {
  readonly index: number;
  /** Stroke and marker fill colour (hex). */
  readonly color: string;
  /** `stroke-dasharray`; "" means solid. */
  readonly dash: string;
  readonly marker: MarkerShape;
}

/**
 * The style of series `index` (0-based). Colours, dashes and markers cycle independently with
 * period 7, so indices 0–6 differ in all three. Negative or fractional indices are floored to ≥ 0.
 */
export function seriesStyle(index: number): SeriesStyle {
  const i = Number.isFinite(index) ? Math.max(0, Math.floor(index)) : 0;
  return {
    index: i,
    color: seriesColors[i % seriesColors.length] ?? okabeIto.black,
    dash: dashPatterns[i % dashPatterns.length] ?? "",
    marker: markerShapes[i % markerShapes.length] ?? "circle",
  };
}

/** The first seven series styles, for legends. */
export const seriesStyles: readonly SeriesStyle[] = seriesColors.map((_, i) => seriesStyle(i));

/** A condition (or other group) as the charts take it: a stable id and a display label. */
export interface Condition {
  readonly id: string;
  readonly label: string;
}

/** A condition with its resolved style. */
export interface StyledCondition extends Condition {
  readonly style: SeriesStyle;
}

/**
 * The conditions in style order: first those listed in `conditions` (in that order, duplicates
 * dropped), then any id that appears only in the data, labelled with its id, in order of
 * appearance. The same `conditions` list therefore gives the same colours in every chart.
 */
export function styledConditions(
  conditions: readonly Condition[] | undefined,
  idsInData: readonly string[],
): StyledCondition[] {
  const out: StyledCondition[] = [];
  const seen = new Set<string>();
  const add = (id: string, label: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ id, label, style: seriesStyle(out.length) });
  };
  for (const c of conditions ?? []) add(c.id, c.label);
  for (const id of idsInData) add(id, id);
  return out;
}
