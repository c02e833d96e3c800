import { describe, expect, it } from "vitest";
import { blockMids, subjects } from "../test/fixtures/chartData";
import { all, axisDomain, expectGolden, num, parseSvg, pathSubpaths, withAttr } from "../test/svgTestKit";
import { smallMultiples } from "./smallMultiples";

const options = {
  width: 720,
  height: 420,
  title: "Per-subject Glx/tNAA",
  description: "One panel per subject.",
};

describe("smallMultiples", () => {
  it("smallMultiples(data) matches its golden SVG", () => {
    expectGolden("smallMultiples", smallMultiples(subjects, options));
  });

  it("smallMultiples(data) draws one panel per subject with one line per condition", () => {
    const root = parseSvg(smallMultiples(subjects, options));
    const panels = all(root, "g", "panel");
    expect(panels.map((p) => p.getAttribute("data-subject"))).toEqual(
      subjects.subjects.map((s) => s.subject),
    );
    for (const p of panels.slice(0, 5)) {
      expect(withAttr(p, "subject-line", "data-condition", "PBO")).toHaveLength(1);
      expect(withAttr(p, "subject-line", "data-condition", "NTX")).toHaveLength(1);
      expect(withAttr(p, "marker", "data-condition", "PBO")).toHaveLength(blockMids.length);
    }
  });

  it("smallMultiples(data with a subject without data) keeps that panel and says no data", () => {
    const root = parseSvg(smallMultiples(subjects, options));
    const last = all(root, "g", "panel")[5];
    expect(last && all(last, "path", "subject-line")).toHaveLength(0);
    expect(last && all(last, "text", "panel-empty")[0]?.textContent).toBe("no data");
  });

  it("smallMultiples(data with a missing value) breaks that subject's line", () => {
    const root = parseSvg(smallMultiples(subjects, options));
    const p3 = all(root, "g", "panel")[2];
    const ntx = p3 && withAttr(p3, "subject-line", "data-condition", "NTX")[0];
    expect(pathSubpaths(ntx?.getAttribute("d") ?? "")).toHaveLength(2);
    expect(p3 && withAttr(p3, "marker", "data-condition", "NTX")).toHaveLength(blockMids.length - 1);
  });

  it("smallMultiples(data) shares one x and one y domain across panels, containing every value", () => {
    const root = parseSvg(smallMultiples(subjects, options));
    const ys = all(root, "g", "axis-y").map((a) => `${num(a, "data-min")} ${num(a, "data-max")}`);
    const xs = all(root, "g", "axis-x").map((a) => `${num(a, "data-min")} ${num(a, "data-max")}`);
    expect(new Set(ys).size).toBe(1);
    expect(new Set(xs).size).toBe(1);
    const values = subjects.subjects.flatMap((s) =>
      s.series.flatMap((c) => c.points.map((p) => p.value ?? 0)),
    );
    const [y0, y1] = axisDomain(root, "axis-y");
    expect(y0).toBeLessThanOrEqual(Math.min(...values));
    expect(y1).toBeGreaterThanOrEqual(Math.max(...values));
  });

  it("smallMultiples(data) escapes subject ids in text and attributes", () => {
    const svg = smallMultiples(subjects, options);
    expect(svg).toContain('data-subject="sub-&lt;script&gt;&amp;04"');
    expect(svg).toContain(">sub-&lt;script&gt;&amp;04</text>");
    expect(svg).not.toContain("<script");
  });

  it("smallMultiples(data, { columns: 3 }) lays the panels out in 3 columns and 2 rows", () => {
    const root = parseSvg(smallMultiples(subjects, { ...options, columns: 3 }));
    const frames = all(root, "g", "panel").map((p) => all(p, "rect")[0]);
    expect(new Set(frames.map((r) => (r ? num(r, "x") : 0))).size).toBe(3);
    expect(new Set(frames.map((r) => (r ? num(r, "y") : 0))).size).toBe(2);
  });

  it("smallMultiples(data, { columns: 1 }) stacks the panels and labels x ticks on the last panel only", () => {
    const root = parseSvg(smallMultiples(subjects, { ...options, height: 900, columns: 1 }));
    const labelled = all(root, "g", "axis-x").map((a) => all(a, "text").length > 0);
    expect(labelled).toEqual([false, false, false, false, false, true]);
  });
});
