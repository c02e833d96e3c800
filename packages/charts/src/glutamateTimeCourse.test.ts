import { describe, expect, it } from "vitest";
import { blockMids, conditions, timeCourse } from "../test/fixtures/chartData";
import {
  all,
  axisDomain,
  expectGolden,
  num,
  parseSvg,
  pathSubpaths,
  tickAt,
  translateOf,
  withAttr,
} from "../test/svgTestKit";
import { glutamateTimeCourse } from "./glutamateTimeCourse";
import { seriesStyle } from "./palette";

const options = {
  width: 640,
  height: 400,
  title: "Glx/tNAA over time",
  description: "Mean and 95% CI per block.",
};

describe("glutamateTimeCourse", () => {
  it("glutamateTimeCourse(data) matches its golden SVG", () => {
    expectGolden("glutamateTimeCourse", glutamateTimeCourse(timeCourse, options));
  });

  it("glutamateTimeCourse(data) draws a band, a mean line and one marker per non-missing block per condition", () => {
    const root = parseSvg(glutamateTimeCourse(timeCourse, options));
    for (const [id, markers] of [
      ["PBO", blockMids.length],
      ["NTX", blockMids.length - 1],
    ] as const) {
      expect(withAttr(root, "ci-band", "data-condition", id)).toHaveLength(1);
      expect(withAttr(root, "mean-line", "data-condition", id)).toHaveLength(1);
      expect(withAttr(root, "marker", "data-condition", id)).toHaveLength(markers);
    }
  });

  it("glutamateTimeCourse(data with a missing mean and missing CI limits) leaves gaps in the line and band", () => {
    const root = parseSvg(glutamateTimeCourse(timeCourse, options));
    const line = withAttr(root, "mean-line", "data-condition", "NTX")[0];
    const band = withAttr(root, "ci-band", "data-condition", "NTX")[0];
    expect(pathSubpaths(line?.getAttribute("d") ?? "")).toHaveLength(2);
    // CI missing at blocks 3 and 5: segments 0–2, 4, 6–7.
    expect(pathSubpaths(band?.getAttribute("d") ?? "")).toHaveLength(3);
    const pbo = withAttr(root, "mean-line", "data-condition", "PBO")[0];
    expect(pathSubpaths(pbo?.getAttribute("d") ?? "")).toHaveLength(1);
  });

  it("glutamateTimeCourse(data) draws each CI band around its mean", () => {
    const root = parseSvg(glutamateTimeCourse(timeCourse, options));
    let checked = 0;
    for (const c of conditions) {
      const band = withAttr(root, "ci-band", "data-condition", c.id)[0];
      const vertices = pathSubpaths(band?.getAttribute("d") ?? "").flat();
      for (const m of withAttr(root, "marker", "data-condition", c.id)) {
        const [mx, my] = translateOf(m);
        const ys = vertices.filter(([vx]) => Math.abs(vx - mx) < 0.02).map(([, vy]) => vy);
        if (ys.length === 0) continue; // a block without a CI
        expect(Math.min(...ys)).toBeLessThan(my);
        expect(Math.max(...ys)).toBeGreaterThan(my);
        checked += 1;
      }
    }
    expect(checked).toBe(14);
  });

  it("glutamateTimeCourse(data) has axes that contain every time, CI limit, zero and the infusion", () => {
    const root = parseSvg(glutamateTimeCourse(timeCourse, options));
    const [x0, x1] = axisDomain(root, "axis-x");
    const [y0, y1] = axisDomain(root, "axis-y");
    const lims = timeCourse.series.flatMap((s) => s.points.flatMap((p) => [p.ci_low, p.ci_high, p.mean]));
    const finiteLims = lims.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
    expect(x0).toBeLessThanOrEqual(Math.min(...blockMids));
    expect(x1).toBeGreaterThanOrEqual(40);
    expect(y0).toBeLessThanOrEqual(Math.min(0, ...finiteLims));
    expect(y1).toBeGreaterThanOrEqual(Math.max(...finiteLims));
  });

  it("glutamateTimeCourse(data) shades the infusion from its start to its end and draws the zero line at y = 0", () => {
    const root = parseSvg(glutamateTimeCourse(timeCourse, options));
    const rect = all(all(root, "g", "infusion")[0] ?? root, "rect")[0];
    expect(rect).toBeDefined();
    if (rect === undefined) return;
    expect(num(rect, "x")).toBeCloseTo(tickAt(root, "axis-x", "0"), 1);
    expect(num(rect, "x") + num(rect, "width")).toBeCloseTo(tickAt(root, "axis-x", "40"), 1);
    const zero = all(root, "line", "zero-line")[0];
    expect(zero && num(zero, "y1")).toBeCloseTo(tickAt(root, "axis-y", "0"), 1);
    expect(all(root, "text").some((t) => t.textContent === "Ketamine infusion")).toBe(true);
  });

  it("glutamateTimeCourse(data) tells conditions apart by colour, dash pattern and marker shape", () => {
    const root = parseSvg(glutamateTimeCourse(timeCourse, options));
    const [pbo, ntx] = conditions.map((c) => withAttr(root, "mean-line", "data-condition", c.id)[0]);
    expect(pbo?.getAttribute("stroke")).toBe(seriesStyle(0).color);
    expect(ntx?.getAttribute("stroke")).toBe(seriesStyle(1).color);
    expect(pbo?.getAttribute("stroke-dasharray")).toBeNull();
    expect(ntx?.getAttribute("stroke-dasharray")).toBe(seriesStyle(1).dash);
    const [mp, mn] = conditions.map((c) =>
      withAttr(root, "marker", "data-condition", c.id)[0]?.getAttribute("d"),
    );
    expect(mp).not.toBe(mn);
    expect(all(root, "g", "legend-item")).toHaveLength(2);
  });

  it("glutamateTimeCourse(data with series in another order) keeps each condition's style from the conditions list", () => {
    const swapped = { ...timeCourse, series: [...timeCourse.series].reverse() };
    const root = parseSvg(glutamateTimeCourse(swapped, options));
    expect(withAttr(root, "mean-line", "data-condition", "PBO")[0]?.getAttribute("data-series")).toBe("0");
    expect(withAttr(root, "mean-line", "data-condition", "NTX")[0]?.getAttribute("data-series")).toBe("1");
  });

  it("glutamateTimeCourse(data with an unlisted condition) gives it the next style and its id as label", () => {
    const extra = {
      ...timeCourse,
      series: [
        ...timeCourse.series,
        { condition: "KET<&>", points: [{ t_mid_min: 3, mean: 1, ci_low: 0, ci_high: 2 }] },
      ],
    };
    const svg = glutamateTimeCourse(extra, options);
    const root = parseSvg(svg);
    expect(withAttr(root, "mean-line", "data-condition", "KET<&>")[0]?.getAttribute("data-series")).toBe("2");
    expect(all(root, "g", "legend-item").map((g) => g.textContent)).toEqual([
      "Placebo",
      "Naltrexone",
      "KET<&>",
    ]);
    expect(svg).toContain('data-condition="KET&lt;&amp;&gt;"');
  });

  it("glutamateTimeCourse(data without infusion) draws no shading", () => {
    const root = parseSvg(glutamateTimeCourse({ ...timeCourse, infusion: null }, options));
    expect(all(root, "g", "infusion")).toHaveLength(0);
    expect(axisDomain(root, "axis-x")[1]).toBeLessThan(40);
  });

  it("glutamateTimeCourse(data with reversed CI limits) still draws the band around the mean", () => {
    const root = parseSvg(
      glutamateTimeCourse(
        {
          series: [
            {
              condition: "PBO",
              points: [0, 5, 10].map((t) => ({ t_mid_min: t, mean: 2, ci_low: 3, ci_high: 1 })),
            },
          ],
        },
        options,
      ),
    );
    const band = pathSubpaths(all(root, "path", "ci-band")[0]?.getAttribute("d") ?? "").flat();
    const [, my] = translateOf(all(root, "path", "marker")[0] ?? root);
    const ys = band.map(([, y]) => y);
    expect(Math.min(...ys)).toBeLessThan(my);
    expect(Math.max(...ys)).toBeGreaterThan(my);
  });
});
