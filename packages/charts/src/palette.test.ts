import { describe, expect, it } from "vitest";
import {
  dashPatterns,
  markerShapes,
  okabeIto,
  seriesColors,
  seriesStyle,
  seriesStyles,
  styledConditions,
} from "./palette";

describe("palette", () => {
  it("okabeIto holds the eight Okabe–Ito colours (Okabe & Ito 2008)", () => {
    expect(Object.values(okabeIto)).toEqual([
      "#000000",
      "#E69F00",
      "#56B4E9",
      "#009E73",
      "#F0E442",
      "#0072B2",
      "#D55E00",
      "#CC79A7",
    ]);
    for (const c of seriesColors) expect(Object.values(okabeIto)).toContain(c);
    // Yellow is too light on white for lines.
    expect(seriesColors).not.toContain(okabeIto.yellow);
  });

  it("seriesStyle(i) differs in colour, dash pattern and marker for the first seven series", () => {
    expect(new Set(seriesStyles.map((s) => s.color)).size).toBe(7);
    expect(new Set(seriesStyles.map((s) => s.dash)).size).toBe(7);
    expect(new Set(seriesStyles.map((s) => s.marker)).size).toBe(7);
    expect(dashPatterns[0]).toBe("");
    expect(markerShapes[0]).toBe("circle");
  });

  it("seriesStyle(i) cycles after seven and clamps odd indices to 0", () => {
    expect(seriesStyle(7).color).toBe(seriesStyle(0).color);
    expect(seriesStyle(-3)).toEqual(seriesStyle(0));
    expect(seriesStyle(Number.NaN)).toEqual(seriesStyle(0));
    expect(seriesStyle(1.7).index).toBe(1);
  });

  it("styledConditions(list, ids) keeps the list's order, drops duplicates and appends unlisted ids", () => {
    const out = styledConditions(
      [
        { id: "PBO", label: "Placebo" },
        { id: "NTX", label: "Naltrexone" },
        { id: "PBO", label: "again" },
      ],
      ["NTX", "X", "PBO", "X"],
    );
    expect(out.map((c) => [c.id, c.label, c.style.index])).toEqual([
      ["PBO", "Placebo", 0],
      ["NTX", "Naltrexone", 1],
      ["X", "X", 2],
    ]);
  });
});
