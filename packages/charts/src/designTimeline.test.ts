import { describe, expect, it } from "vitest";
import { timeline } from "../test/fixtures/chartData";
import { all, axisDomain, expectGolden, num, parseSvg, tickAt } from "../test/svgTestKit";
import { designTimeline } from "./designTimeline";

const options = { width: 720, height: 220, title: "Session timeline", description: "One session." };

describe("designTimeline", () => {
  it("designTimeline(parameters) matches its golden SVG", () => {
    expectGolden("designTimeline", designTimeline(timeline, options));
  });

  it("designTimeline(parameters) places the infusion from its start to its end on the minute axis", () => {
    const root = parseSvg(designTimeline(timeline, options));
    const rect = all(all(root, "g", "infusion")[0] ?? root, "rect")[0];
    expect(rect && num(rect, "x")).toBeCloseTo(tickAt(root, "axis-x", "0"), 1);
    expect(rect && num(rect, "x") + num(rect, "width")).toBeCloseTo(tickAt(root, "axis-x", "40"), 1);
    const text = all(root, "g", "infusion")[0]?.textContent;
    expect(text).toBe("Ketamine 0.5 mg/kg IV (0 to 40 min)");
  });

  it("designTimeline(parameters) draws a tick at every block boundary of the acquisition", () => {
    const root = parseSvg(designTimeline(timeline, options));
    const ticks = all(root, "g", "block-ticks")[0];
    expect(ticks && all(ticks, "line")).toHaveLength((36 - -12) / 6 + 1);
  });

  it("designTimeline(parameters) has an axis containing the pretreatment, every window and event", () => {
    const root = parseSvg(designTimeline(timeline, options));
    const [x0, x1] = axisDomain(root, "axis-x");
    expect(x0).toBeLessThanOrEqual(-75);
    expect(x1).toBeGreaterThanOrEqual(40);
    expect(all(root, "g", "pretreatment")[0]?.textContent).toBe("NTX 50 mg or placebo, oral (−60 min)");
    expect(all(root, "g", "baseline")[0]?.textContent).toBe("Baseline");
    expect(all(root, "g", "event")).toHaveLength(1);
  });

  it("designTimeline(parameters) hatches the baseline with a pattern whose id comes from idPrefix", () => {
    const root = parseSvg(designTimeline(timeline, { ...options, idPrefix: "fig1" }));
    expect(all(root, "pattern")[0]?.getAttribute("id")).toBe("fig1-hatch-0");
    expect(all(all(root, "g", "baseline")[0] ?? root, "rect")[0]?.getAttribute("fill")).toBe(
      "url(#fig1-hatch-0)",
    );
  });

  it("designTimeline(parameters with a zero, NaN or tiny block length) draws no block ticks", () => {
    for (const block_min of [0, Number.NaN, -6, null, 0.01]) {
      const root = parseSvg(designTimeline({ ...timeline, block_min }, options));
      expect(all(root, "g", "block-ticks")).toHaveLength(0);
    }
  });

  it("designTimeline(parameters with only an infusion) draws it and leaves the rest out", () => {
    const root = parseSvg(designTimeline({ infusion: { start_min: 40, end_min: 0 } }, options));
    expect(all(root, "g", "infusion")).toHaveLength(1);
    expect(all(root, "g", "pretreatment")).toHaveLength(0);
    expect(all(root, "g", "mrs")).toHaveLength(0);
    expect(all(root, "g", "infusion")[0]?.getAttribute("data-start")).toBe("0");
  });

  it("designTimeline(parameters with hostile labels) escapes them", () => {
    const svg = designTimeline(
      { ...timeline, events: [{ at_min: -5, label: `<img src=x onerror="a()">&` }] },
      options,
    );
    expect(svg).toContain("&lt;img src=x onerror=&quot;a()&quot;&gt;&amp; (−5 min)");
    expect(svg).not.toContain("<img");
  });
});
