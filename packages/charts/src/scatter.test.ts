import { describe, expect, it } from "vitest";
import { association } from "../test/fixtures/chartData";
import { all, axisDomain, expectGolden, num, parseSvg, translateOf, withAttr } from "../test/svgTestKit";
import { leastSquares, scatter } from "./scatter";

const options = {
  width: 520,
  height: 420,
  title: "Glutamate vs MADRS",
  description: "One point per subject.",
};

describe("scatter", () => {
  it("scatter(points) matches its golden SVG", () => {
    expectGolden("scatter", scatter(association, options));
  });

  it("scatter(points) draws one marker per complete point, shaped by group", () => {
    const root = parseSvg(scatter(association, options));
    const m = withAttr(root, "marker", "data-group", "M");
    const f = withAttr(root, "marker", "data-group", "F");
    expect(m).toHaveLength(4); // sub-07 (male) has no x
    expect(f).toHaveLength(5);
    expect(m[0]?.getAttribute("d")).not.toBe(f[0]?.getAttribute("d"));
    expect(all(root, "g", "legend-item")).toHaveLength(2);
  });

  it("scatter(points with a missing value) leaves it out and says so in <desc>", () => {
    const root = parseSvg(scatter(association, options));
    expect(all(root, "desc")[0]?.textContent).toContain("1 point with a missing value not shown.");
    expect(withAttr(root, "marker", "data-id", "sub-07")).toHaveLength(0);
  });

  it("scatter(points) has axes containing every point", () => {
    const root = parseSvg(scatter(association, options));
    const [x0, x1] = axisDomain(root, "axis-x");
    const [y0, y1] = axisDomain(root, "axis-y");
    for (const p of association.points) {
      if (p.x === null || p.y === null) continue;
      expect(p.x).toBeGreaterThanOrEqual(x0);
      expect(p.x).toBeLessThanOrEqual(x1);
      expect(p.y).toBeGreaterThanOrEqual(y0);
      expect(p.y).toBeLessThanOrEqual(y1);
    }
  });

  it("scatter(points, fit) draws the least-squares line through the points' centroid", () => {
    const root = parseSvg(scatter(association, options));
    const fit = all(root, "line", "fit-line")[0];
    expect(fit).toBeDefined();
    if (fit === undefined) return;
    const pts = all(root, "path", "marker").map(translateOf);
    const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
    const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    const [x1, y1, x2, y2] = ["x1", "y1", "x2", "y2"].map((a) => num(fit, a)) as [
      number,
      number,
      number,
      number,
    ];
    expect(y1 + ((y2 - y1) * (cx - x1)) / (x2 - x1)).toBeCloseTo(cy, 0);
    expect(all(root, "text", "annotation")[0]?.textContent).toBe("r = 0.41, n = 9");
  });

  it("scatter(points without fit) draws no line and no legend for a single group", () => {
    const root = parseSvg(
      scatter(
        { ...association, fit: false, points: association.points.map((p) => ({ ...p, group: undefined })) },
        options,
      ),
    );
    expect(all(root, "line", "fit-line")).toHaveLength(0);
    expect(all(root, "g", "legend")).toHaveLength(0);
  });

  it("leastSquares(points) recovers y = 1 + 2x exactly and is null without spread in x", () => {
    const fit = leastSquares([0, 1, 2, 3].map((x) => ({ x, y: 1 + 2 * x })));
    expect(fit?.slope).toBeCloseTo(2, 12);
    expect(fit?.intercept).toBeCloseTo(1, 12);
    expect(leastSquares([{ x: 1, y: 2 }])).toBeNull();
    expect(
      leastSquares([
        { x: 1, y: 2 },
        { x: 1, y: 3 },
      ]),
    ).toBeNull();
  });

  it("leastSquares(points) matches R's lm(y ~ x) on a small data set", () => {
    // R 4.x: x <- c(1, 2, 3, 4, 5); y <- c(2.1, 3.9, 6.2, 7.8, 10.1); coef(lm(y ~ x)) → 0.05, 1.99
    const xs = [1, 2, 3, 4, 5];
    const ys = [2.1, 3.9, 6.2, 7.8, 10.1];
    const fit = leastSquares(xs.map((x, i) => ({ x, y: ys[i] ?? 0 })));
    expect(fit?.intercept).toBeCloseTo(0.05, 10);
    expect(fit?.slope).toBeCloseTo(1.99, 10);
  });
});

describe("scatter with a given line", () => {
  it("scatter(data with fit {intercept, slope}) draws that line, not a refit", () => {
    const svg = scatter(
      {
        points: [
          { id: "a", x: 0, y: 0 },
          { id: "b", x: 1, y: 1 },
          { id: "c", x: 2, y: 2 },
        ],
        xLabel: "x",
        yLabel: "y",
        fit: { intercept: 0.5, slope: -0.25 },
      },
      { width: 400, height: 300, title: "t", description: "d" },
    );
    expect(svg).toContain('data-slope="-0.25"');
    expect(svg).toContain('data-intercept="0.5"');
  });
});
