import { describe, expect, it } from "vitest";
import { effects } from "../test/fixtures/chartData";
import { all, expectGolden, num, parseSvg, tickAt, translateOf } from "../test/svgTestKit";
import { forestPlot } from "./forestPlot";

const options = {
  width: 760,
  height: 280,
  title: "Effects on MADRS change",
  description: "Overall and by sex.",
};

describe("forestPlot", () => {
  it("forestPlot(rows) matches its golden SVG", () => {
    expectGolden("forestPlot", forestPlot(effects, options));
  });

  it("forestPlot(rows) draws one row per effect with its CI", () => {
    const root = parseSvg(forestPlot(effects, options));
    const rows = all(root, "g", "row");
    expect(rows).toHaveLength(effects.rows.length);
    expect(all(root, "line", "ci")).toHaveLength(3);
    expect(all(root, "path", "estimate")).toHaveLength(4);
    expect(all(root, "path", "summary")).toHaveLength(1);
    const labels = rows.map((r) => all(r, "text", "row-label")[0]?.textContent ?? "");
    expect(labels).toEqual(effects.rows.map((r) => r.label));
  });

  it("forestPlot(rows, a narrow width) shortens long labels with an ellipsis", () => {
    const root = parseSvg(forestPlot(effects, { ...options, width: 400 }));
    const last = all(root, "text", "row-label")[5]?.textContent ?? "";
    expect(last).toMatch(/^Attenuation .*…$/);
    expect(last.length).toBeLessThan(effects.rows[5]?.label.length ?? 0);
  });

  it("forestPlot(rows) puts every estimate inside its CI whisker", () => {
    const root = parseSvg(forestPlot(effects, options));
    for (const row of all(root, "g", "row")) {
      const ci = all(row, "line", "ci")[0];
      const est = all(row, "path", "estimate")[0];
      if (ci === undefined || est === undefined) continue;
      const [x] = translateOf(est);
      expect(num(ci, "x1")).toBeLessThanOrEqual(x);
      expect(num(ci, "x2")).toBeGreaterThanOrEqual(x);
      expect(num(row, "data-ci-low")).toBeLessThanOrEqual(num(row, "data-estimate"));
    }
  });

  it("forestPlot(rows) writes 'estimate [low, high]' with d3-format minus signs", () => {
    const texts = all(parseSvg(forestPlot(effects, options)), "text", "row-text").map((t) => t.textContent);
    expect(texts).toEqual([
      "4.10 [0.60, 7.60]",
      "6.30 [1.90, 10.70]",
      "1.20 [−3.40, 5.80]",
      "not estimable",
      "28 % [−5 %, 55 %]",
    ]);
  });

  it("forestPlot(rows) draws the reference line at 0 and an axis containing every CI", () => {
    const root = parseSvg(forestPlot(effects, options));
    const ref = all(root, "line", "reference-line")[0];
    expect(ref && num(ref, "x1")).toBeCloseTo(tickAt(root, "axis-x", "0"), 1);
    const plot = all(root, "g", "plot")[0] ?? root;
    expect(num(plot, "data-min")).toBeLessThanOrEqual(-3.4);
    expect(num(plot, "data-max")).toBeGreaterThanOrEqual(10.7);
  });

  it("forestPlot(rows, { nullValue: 1, valueFormat: '.1f' }) moves the reference line and the format", () => {
    const root = parseSvg(
      forestPlot(
        {
          rows: [{ label: "Ratio", estimate: 1.8, ci_low: 1.3, ci_high: 2.5 }],
          nullValue: 1,
          valueFormat: ".1f",
        },
        options,
      ),
    );
    const plot = all(root, "g", "plot")[0] ?? root;
    expect(num(plot, "data-min")).toBeLessThanOrEqual(1);
    expect(all(root, "line", "reference-line")[0]?.getAttribute("data-value")).toBe("1");
    expect(all(root, "text", "row-text")[0]?.textContent).toBe("1.8 [1.3, 2.5]");
  });

  it("forestPlot(rows with a heading and a missing estimate) draws labels without marks", () => {
    const root = parseSvg(forestPlot(effects, options));
    const heading = all(root, "g", "heading")[0];
    expect(heading && all(heading, "path")).toHaveLength(0);
    expect(heading && all(heading, "text", "row-text")).toHaveLength(0);
    const missing = all(root, "g", "row")[4];
    expect(missing && all(missing, "path")).toHaveLength(0);
  });

  it("forestPlot(rows with a missing CI limit) draws the estimate without a whisker", () => {
    const root = parseSvg(
      forestPlot({ rows: [{ label: "a", estimate: 2, ci_low: 1, ci_high: null }] }, options),
    );
    expect(all(root, "line", "ci")).toHaveLength(0);
    expect(all(root, "path", "estimate")).toHaveLength(1);
    expect(all(root, "text", "row-text")[0]?.textContent).toBe("2.00");
  });

  it("forestPlot(rows with hostile labels) escapes them", () => {
    const svg = forestPlot(effects, options);
    expect(svg).toContain("Attenuation &lt;1 − Δ_NTX/Δ_PBO&gt; &amp;");
  });
});
