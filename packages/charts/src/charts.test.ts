import { describe, expect, it } from "vitest";
import * as F from "../test/fixtures/chartData";
import { all, decimalsUsed, parseSvg } from "../test/svgTestKit";
import {
  type ChartOptions,
  designTimeline,
  forestPlot,
  glutamateTimeCourse,
  qcGrid,
  scatter,
  slopegraph,
  smallMultiples,
  spectrumFit,
} from "./index";

const hostile = `<script>alert("x")</script> & 'q'`;
const opts = (extra: Partial<ChartOptions> = {}): ChartOptions => ({
  width: 640,
  height: 400,
  title: `Title ${hostile}`,
  description: `Description ${hostile}`,
  ...extra,
});

/** Every chart with a normal input, an empty input and an all-missing input. */
const charts: {
  name: string;
  draw: (o: ChartOptions) => string;
  empty: (o: ChartOptions) => string;
  missing: (o: ChartOptions) => string;
  /** Whether the all-missing input also gives the empty chart (a forest plot keeps its labels). */
  missingIsEmpty?: boolean;
}[] = [
  {
    name: "designTimeline",
    draw: (o) => designTimeline(F.timeline, o),
    empty: (o) => designTimeline({}, o),
    missing: (o) =>
      designTimeline(
        {
          pretreatment: { at_min: Number.NaN },
          infusion: { start_min: Number.NaN, end_min: 40 },
          block_min: Number.NaN,
        },
        o,
      ),
  },
  {
    name: "glutamateTimeCourse",
    draw: (o) => glutamateTimeCourse(F.timeCourse, o),
    empty: (o) => glutamateTimeCourse({ series: [] }, o),
    missing: (o) =>
      glutamateTimeCourse(
        {
          series: [
            {
              condition: "PBO",
              points: [{ t_mid_min: 3, mean: Number.NaN, ci_low: null, ci_high: Number.POSITIVE_INFINITY }],
            },
          ],
        },
        o,
      ),
  },
  {
    name: "smallMultiples",
    draw: (o) => smallMultiples(F.subjects, o),
    empty: (o) => smallMultiples({ subjects: [] }, o),
    missing: (o) =>
      smallMultiples(
        {
          subjects: [
            { subject: "sub-01", series: [{ condition: "PBO", points: [{ t_min: null, value: 1 }] }] },
          ],
        },
        o,
      ),
  },
  {
    name: "slopegraph",
    draw: (o) => slopegraph(F.madrs, o),
    empty: (o) => slopegraph({ rows: [] }, o),
    missing: (o) =>
      slopegraph({ rows: [{ subject: "sub-01", condition: "PBO", pre: Number.NaN, post: null }] }, o),
  },
  {
    name: "forestPlot",
    draw: (o) => forestPlot(F.effects, o),
    empty: (o) => forestPlot({ rows: [] }, o),
    missing: (o) => forestPlot({ rows: [{ label: "x", estimate: Number.NaN, ci_low: null, ci_high: 1 }] }, o),
    missingIsEmpty: false,
  },
  {
    name: "scatter",
    draw: (o) => scatter(F.association, o),
    empty: (o) => scatter({ points: [], xLabel: "x", yLabel: "y" }, o),
    missing: (o) =>
      scatter({ points: [{ id: "a", x: Number.NaN, y: 1 }], xLabel: "x", yLabel: "y", fit: true }, o),
  },
  {
    name: "spectrumFit",
    draw: (o) => spectrumFit(F.spectrum, o),
    empty: (o) => spectrumFit({ ppm: [], data: [] }, o),
    missing: (o) => spectrumFit({ ppm: [1, 2, Number.NaN], data: [null, Number.NaN, 3] }, o),
  },
  {
    name: "qcGrid",
    draw: (o) => qcGrid(F.qc, o),
    empty: (o) => qcGrid({ rows: [] }, o),
    missing: (o) => qcGrid({ rows: [{ session: "s", cells: [] }] }, o),
  },
];

describe.each(charts)("$name", ({ name, draw, empty, missing, missingIsEmpty = true }) => {
  it(`${name}(data, options) returns well-formed XML with an <svg> root`, () => {
    for (const svg of [draw(opts()), empty(opts()), missing(opts())]) {
      expect(() => parseSvg(svg)).not.toThrow();
      expect(svg.startsWith("<svg ")).toBe(true);
      expect(svg.endsWith("</svg>")).toBe(true);
    }
  });

  it(`${name}(data, options) sets role="img", aria-label, <title> and <desc> from the options`, () => {
    const root = parseSvg(draw(opts({ idPrefix: "fig-3" })));
    expect(root.getAttribute("role")).toBe("img");
    expect(root.getAttribute("aria-label")).toBe(`Title ${hostile}`);
    expect(root.getAttribute("aria-describedby")).toBe("fig-3-desc");
    expect(root.getAttribute("width")).toBe("640");
    expect(root.getAttribute("viewBox")).toBe("0 0 640 400");
    const [title] = all(root, "title");
    const [desc] = all(root, "desc");
    expect(title?.textContent).toBe(`Title ${hostile}`);
    expect(title?.getAttribute("id")).toBe("fig-3-title");
    expect(desc?.textContent?.startsWith(`Description ${hostile}`)).toBe(true);
    expect(desc?.getAttribute("id")).toBe("fig-3-desc");
    expect(root.firstChild?.nodeName).toBe("title");
  });

  it(`${name}(data, options) escapes & < > " ' in title, description and idPrefix`, () => {
    const svg = draw(opts({ idPrefix: `a"b<c>&d` }));
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain(`"x")`);
    expect(svg).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
    const ids = all(parseSvg(svg), "*")
      .map((e) => e.getAttribute("id"))
      .filter((id): id is string => id !== null);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
  });

  it(`${name}(data, options) is deterministic: the same input gives the same bytes`, () => {
    expect(draw(opts())).toBe(draw(opts()));
  });

  it(`${name}(data, options) writes no NaN or Infinity and at most 3 decimals`, () => {
    for (const svg of [draw(opts()), empty(opts()), missing(opts())]) {
      expect(svg).not.toMatch(/NaN|Infinity|undefined|null/);
      expect(decimalsUsed(svg)).toBeLessThanOrEqual(3);
    }
  });

  it(`${name}(empty data, options) draws an explanatory empty chart`, () => {
    for (const svg of missingIsEmpty ? [empty(opts()), missing(opts())] : [empty(opts())]) {
      const root = parseSvg(svg);
      expect(root.getAttribute("class")).toContain("empty");
      const message = all(root, "text", "empty-message")[0]?.textContent ?? "";
      expect(message.length).toBeGreaterThan(5);
      expect(all(root, "desc")[0]?.textContent).toContain(message);
      expect(root.getAttribute("role")).toBe("img");
    }
  });

  it(`${name}(data, options with width 0) throws a RangeError`, () => {
    expect(() => draw(opts({ width: 0 }))).toThrow(RangeError);
    expect(() => draw(opts({ height: Number.NaN }))).toThrow(RangeError);
  });

  it(`${name}(data, a tiny size) still returns well-formed SVG`, () => {
    expect(() => parseSvg(draw(opts({ width: 20, height: 10 })))).not.toThrow();
  });
});

describe("ids", () => {
  it("charts(data, options without idPrefix) derive ids from the chart kind", () => {
    const root = parseSvg(forestPlot(F.effects, opts()));
    expect(all(root, "title")[0]?.getAttribute("id")).toBe("forest-plot-title");
  });

  it("charts(data, options with a digit-led idPrefix) prefix it so the id stays valid", () => {
    const root = parseSvg(qcGrid(F.qc, opts({ idPrefix: "3rd chart" })));
    expect(all(root, "title")[0]?.getAttribute("id")).toBe("c-3rd_chart-title");
    expect(all(root, "pattern")[0]?.getAttribute("id")).toBe("c-3rd_chart-fail-hatch-0");
  });
});
