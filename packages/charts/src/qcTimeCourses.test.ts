import type { Element } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { all, parseSvg } from "../test/svgTestKit";
import { qcTimeCourses } from "./qcTimeCourses";

const conditions = [
  { id: "PBO", label: "Placebo" },
  { id: "NTX", label: "Naltrexone" },
];
const points = (f: (t: number) => number) =>
  [-9, -7, 1, 3, 5].map((t) => ({ t_mid_min: t, mean: f(t), ci_low: f(t) - 1, ci_high: f(t) + 1 }));
const options = { width: 680, height: 420, title: "Time courses", description: "Stacked." };

describe("qcTimeCourses", () => {
  it("qcTimeCourses(panels) stacks the panels top to bottom on one time axis, tick labels only under the last", () => {
    const svg = qcTimeCourses(
      {
        conditions,
        infusion: { start_min: 0, end_min: 40 },
        panels: [
          {
            label: "Glx change (%)",
            zeroLine: true,
            series: [{ condition: "PBO", points: points((t) => t) }],
          },
          {
            label: "FWHM (Hz)",
            threshold: 12,
            series: [
              { condition: "PBO", points: points(() => 7) },
              { condition: "NTX", points: points(() => 6) },
            ],
          },
        ],
      },
      options,
    );
    const root = parseSvg(svg);
    const panels = all(root, "g", "panel");
    expect(panels.map((p) => p.getAttribute("data-measure"))).toEqual(["Glx change (%)", "FWHM (Hz)"]);
    const tops = panels.map((p) => Number(all(p, "rect", "infusion")[0]?.getAttribute("y")));
    expect(tops[0]).toBeLessThan(tops[1] ?? 0);
    const xAxes = all(root, "g", "axis-x");
    expect(xAxes.map((a) => a.getAttribute("data-max"))).toEqual(["40", "40"]);
    expect(all(xAxes[0] as Element, "text").length).toBe(0);
    expect(all(xAxes[1] as Element, "text").length).toBeGreaterThan(2);
    expect(
      all(panels[1] as Element, "path", "mean-line").map((p) => p.getAttribute("data-condition")),
    ).toEqual(["PBO", "NTX"]);
    expect(all(panels[1] as Element, "line", "threshold")).toHaveLength(1);
  });

  it("qcTimeCourses() says when a panel has no values, and gives an empty chart with no data at all", () => {
    const svg = qcTimeCourses(
      {
        panels: [
          { label: "A", series: [{ condition: "PBO", points: points(() => 1) }] },
          { label: "B", series: [{ condition: "PBO", points: points(() => Number.NaN) }] },
        ],
      },
      options,
    );
    expect(all(parseSvg(svg), "text", "empty-message").map((t) => t.textContent)).toEqual(["No values."]);
    expect(qcTimeCourses({ panels: [] }, options)).toContain("No time-course data");
  });
});
