import { describe, expect, it } from "vitest";
import { madrs } from "../test/fixtures/chartData";
import { all, axisDomain, expectGolden, num, parseSvg, withAttr } from "../test/svgTestKit";
import { slopegraph } from "./slopegraph";

const options = {
  width: 640,
  height: 380,
  title: "MADRS before and 24 h after",
  description: "Per subject.",
};

describe("slopegraph", () => {
  it("slopegraph(rows) matches its golden SVG", () => {
    expectGolden("slopegraph", slopegraph(madrs, options));
  });

  it("slopegraph(rows, { layout: 'overlay' }) matches its golden SVG", () => {
    expectGolden("slopegraph-overlay", slopegraph(madrs, { ...options, width: 420, layout: "overlay" }));
  });

  it("slopegraph(rows) draws one line per complete pair and one marker per value, per condition", () => {
    const root = parseSvg(slopegraph(madrs, options));
    const count = (cls: string, id: string) =>
      withAttr(root, "subject", "data-condition", id).flatMap((g) => all(g, "*", cls)).length;
    expect(count("subject-line", "PBO")).toBe(8);
    expect(count("subject-line", "NTX")).toBe(7);
    expect(count("marker", "PBO")).toBe(16);
    expect(count("marker", "NTX")).toBe(15);
  });

  it("slopegraph(rows) draws each condition mean thicker, at the mean of the complete pairs", () => {
    const root = parseSvg(slopegraph(madrs, options));
    for (const [id, n] of [
      ["PBO", 8],
      ["NTX", 7],
    ] as const) {
      const mean = withAttr(root, "condition-mean", "data-condition", id)[0];
      expect(mean?.getAttribute("data-n")).toBe(String(n));
      const meanLine = mean && all(mean, "line")[0];
      const lines = withAttr(root, "subject", "data-condition", id).flatMap((g) =>
        all(g, "line", "subject-line"),
      );
      expect(meanLine && num(meanLine, "stroke-width")).toBeGreaterThan(
        num(lines[0] ?? root, "stroke-width") * 2,
      );
      // A linear scale maps the mean of values to the mean of pixel positions.
      const avg = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
      expect(meanLine && num(meanLine, "y1")).toBeCloseTo(avg(lines.map((l) => num(l, "y1"))), 1);
      expect(meanLine && num(meanLine, "y2")).toBeCloseTo(avg(lines.map((l) => num(l, "y2"))), 1);
    }
  });

  it("slopegraph(rows) uses one panel per condition by default and one for 'overlay'", () => {
    expect(all(parseSvg(slopegraph(madrs, options)), "g", "panel")).toHaveLength(2);
    const overlay = parseSvg(slopegraph(madrs, { ...options, layout: "overlay" }));
    expect(all(overlay, "g", "panel")).toHaveLength(1);
    expect(all(overlay, "g", "condition-mean")).toHaveLength(2);
  });

  it("slopegraph(rows) has a y axis from 0 that contains every score", () => {
    const root = parseSvg(slopegraph(madrs, options));
    const scores = madrs.rows.flatMap((r) => [r.pre ?? 0, r.post ?? 0]);
    const [y0, y1] = axisDomain(root, "axis-y");
    expect(y0).toBeLessThanOrEqual(0);
    expect(y1).toBeGreaterThanOrEqual(Math.max(...scores));
  });

  it("slopegraph(rows with one missing value) keeps the lone marker without a line", () => {
    const root = parseSvg(
      slopegraph({ rows: [{ subject: "sub-<1>", condition: "PBO", pre: 20, post: null }] }, options),
    );
    expect(all(root, "line", "subject-line")).toHaveLength(0);
    expect(all(root, "path", "marker")).toHaveLength(1);
    expect(all(root, "g", "condition-mean")).toHaveLength(0);
    expect(all(root, "g", "subject")[0]?.getAttribute("data-subject")).toBe("sub-<1>");
  });
});

describe("slopegraph with given means", () => {
  it("slopegraph(data with means) draws the given condition means and n instead of computing them", () => {
    const svg = slopegraph(
      {
        conditions: [
          { id: "PBO", label: "Placebo" },
          { id: "NTX", label: "Naltrexone" },
        ],
        rows: [
          { subject: "sub-1", condition: "PBO", pre: 30, post: 10 },
          { subject: "sub-1", condition: "NTX", pre: 30, post: 20 },
        ],
        means: [{ condition: "PBO", pre: 31.5, post: 12.25, n: 7 }],
      },
      { width: 600, height: 300, title: "t", description: "d" },
    );
    expect(svg).toContain('data-n="7"');
    expect(svg).toContain("mean, n = 7");
    expect(svg).toContain("mean, n = 1");
  });
});
