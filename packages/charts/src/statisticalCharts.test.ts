import { describe, expect, it } from "vitest";
import { parseSvg } from "../test/svgTestKit";
import { consortDiagram } from "./consortDiagram";
import { differenceTimeCourse } from "./differenceTimeCourse";
import { forestPanels } from "./forestPanels";
import { DIAGNOSTICS_ROW_HEIGHT, modelDiagnostics, modelDiagnosticsGrid, qqPoints } from "./modelDiagnostics";
import { pairedSlopes } from "./pairedSlopes";
import { textWidth } from "./svg";
import { normalQuantile, normalScores, wrapText } from "./wrapText";

const opts = { width: 720, height: 200, title: "A chart for a test", description: "What it shows." };
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? "");
const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;

describe("wrapText", () => {
  it("wrapText(s, w) keeps every word and fits each line in w", () => {
    const s = "Glx/tNAA percent change from baseline over the response window (0 to 30 min), NTX − PBO";
    const lines = wrapText(s, 150);
    expect(lines.join(" ")).toBe(s);
    for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(150);
  });
  it("wrapText(s, w) hyphenates a word longer than the line", () => {
    expect(wrapText("abcdefghijklmnopqrstuvwxyz", 60).join("").replaceAll("-", "")).toBe(
      "abcdefghijklmnopqrstuvwxyz",
    );
  });
});

describe("normal plot positions", () => {
  it("normalQuantile(p) equals R's qnorm to 1e-8", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874040841, 8);
    expect(normalQuantile(0.5)).toBe(0);
  });
  it("normalScores(n) equals R's qnorm(ppoints(n)) (a = 3/8 for n ≤ 10, 1/2 above)", () => {
    // SciPy 1.17.1 norm.ppf((i − 3/8)/(5 + 1/4)), the ppoints(5) formula of R
    const five = [-1.1797611176118612, -0.49720057068155404, 0, 0.49720057068155404, 1.1797611176118612];
    normalScores(5).forEach((z, i) => {
      expect(z).toBeCloseTo(five[i] as number, 8);
    });
    expect(normalScores(12)[0]).toBeCloseTo(normalQuantile(0.5 / 12), 12);
  });
  it("qqPoints(values) pairs the sorted values with increasing plot positions", () => {
    const q = qqPoints([3, -1, 2, 0]);
    expect(q.map((p) => p.y)).toEqual([-1, 0, 2, 3]);
    expect(q.every((p, i) => i === 0 || p.x > (q[i - 1]?.x ?? 0))).toBe(true);
  });
});

describe("forestPanels", () => {
  const svg = forestPanels(
    {
      panels: [
        {
          title: "MADRS change from pre-infusion to 24 h, NTX − PBO (points)",
          xLabel: "NTX − PBO (MADRS points)",
          note: "condition × sex interaction p = 0.041",
          rows: [
            {
              label: "Overall, Hills–Armitage period-adjusted crossover t test",
              estimate: 3.9,
              ci_low: 1.1,
              ci_high: 6.8,
              p: "0.0092",
              summary: true,
            },
            { label: "female", estimate: 1.2, ci_low: -2, ci_high: 4.4, p: "0.45" },
            { label: "male", estimate: 6.5, ci_low: 2.5, ci_high: 10.5, p: "< 0.001" },
          ],
        },
        {
          title: "Glx/tNAA percent change, response window",
          xLabel: "NTX − PBO (percentage points)",
          rows: [{ label: "Overall", estimate: -2.1, ci_low: -4, ci_high: -0.2, p: "0.031" }],
        },
      ],
    },
    opts,
  );
  it("forestPanels(data) draws one panel per estimand, each with its own axis and reference line", () => {
    expect(count(svg, /class="panel"/g)).toBe(2);
    expect(count(svg, /class="reference-line"/g)).toBe(2);
    expect(count(svg, /class="axis axis-x"/g)).toBe(2);
  });
  it("forestPanels(data) prints full labels (wrapped), the estimate with CI and p, and the interaction note", () => {
    const t = texts(svg).join(" ");
    expect(t.replace(/\s+/g, " ")).toContain("Overall, Hills–Armitage period-adjusted crossover t test");
    expect(t).toContain("3.90 [1.10, 6.80]  p = 0.0092");
    expect(t).toContain("6.50 [2.50, 10.50]  p &lt; 0.001");
    expect(t).toContain("condition × sex interaction p = 0.041");
    expect(t).not.toContain("…");
  });
});

describe("forestPanels direction captions", () => {
  /** The favours captions as {y, x extent} by the charts' 0.6-em text-width rule. */
  const captions = (svg: string) =>
    [
      ...svg.matchAll(
        /<text class="favours" x="([\d.]+)" y="([\d.]+)"( text-anchor="end")?[^>]*>([^<]*)<\/text>/g,
      ),
    ].map((m) => {
      const x = Number(m[1]);
      const w = textWidth((m[4] ?? "").replaceAll("&amp;", "&"));
      return { y: Number(m[2]), x0: m[3] ? x - w : x, x1: m[3] ? x : x + w, text: m[4] ?? "" };
    });
  const panel = (left: string, right: string) =>
    forestPanels(
      {
        panels: [
          {
            title: "Glx/tNAA percent change, response window",
            xLabel: "NTX − PBO (percentage points)",
            favoursLeft: left,
            favoursRight: right,
            rows: [{ label: "Overall", estimate: -2.1, ci_low: -4, ci_high: -0.2, p: "0.031" }],
          },
        ],
      },
      { ...opts, width: 680 },
    );
  it("forestPanels(data) prints short direction captions side by side under the axis ends", () => {
    const c = captions(panel("lower", "higher"));
    expect(c).toHaveLength(2);
    expect(c[0]?.y).toBe(c[1]?.y);
  });
  it("forestPanels(data) stacks and wraps long direction captions so that none overlaps another or leaves the chart", () => {
    const c = captions(
      panel(
        "larger improvement with Naltrexone 50 mg by mouth",
        "larger improvement with Placebo (identical capsule, same schedule)",
      ),
    );
    expect(c.map((x) => x.text).join(" ")).toContain("←");
    expect(c.map((x) => x.text).join(" ")).toContain("→");
    for (const a of c) {
      expect(a.x0).toBeGreaterThanOrEqual(0);
      expect(a.x1).toBeLessThanOrEqual(680);
      for (const b of c)
        if (a !== b) expect(a.y === b.y && a.x0 < b.x1 && b.x0 < a.x1, `${a.text} / ${b.text}`).toBe(false);
    }
  });
});

describe("consortDiagram", () => {
  const data = {
    enrolled: "Enrolled and randomised: 12 participants",
    arms: ["PBO-NTX", "NTX-PBO"].map((s) => ({
      allocation: `Allocated to ${s}: 6`,
      periods: [1, 2].map((p) => ({
        title: `Period ${p}`,
        lines: [
          "attended 6",
          "glutamate analysed 5; excluded 1: no QC-passing baseline block",
          "MADRS analysed 6",
        ],
      })),
      analysed: ["glutamate 5 subjects", "MADRS 6 subjects"],
    })),
  };
  const svg = consortDiagram(data, { ...opts, height: 100 });
  it("consortDiagram(data) draws enrolment, one allocation per sequence, a box per period and the analysed boxes", () => {
    expect(count(svg, /class="allocation"/g)).toBe(2);
    expect(count(svg, /class="period"/g)).toBe(4);
    expect(count(svg, /class="analysed"/g)).toBe(2);
    expect(texts(svg).join(" ").replace(/\s+/g, " ")).toContain("excluded 1: no QC-passing baseline block");
  });
  it("consortDiagram(data) grows to hold its boxes, which do not overlap", () => {
    const h = Number(/height="([\d.]+)"/.exec(svg)?.[1]);
    const rects = [
      ...svg.matchAll(/<rect class="box" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g),
    ].map((m) => m.slice(1, 5).map(Number));
    expect(rects.length).toBe(9);
    for (const [, y, , hh] of rects) expect((y ?? 0) + (hh ?? 0)).toBeLessThanOrEqual(h);
    rects.forEach((a, i) => {
      for (const b of rects.slice(i + 1)) {
        const [ax = 0, ay = 0, aw = 0, ah = 0] = a;
        const [bx = 0, by = 0, bw = 0, bh = 0] = b;
        const overlap = ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
        expect(overlap).toBe(false);
      }
    });
  });
});

describe("pairedSlopes", () => {
  const svg = pairedSlopes(
    {
      conditions: [
        { id: "PBO", label: "Placebo" },
        { id: "NTX", label: "Naltrexone" },
      ],
      yLabel: "MADRS change (points)",
      panels: [
        {
          title: "All",
          pairs: [
            { id: "sub-01", reference: -10, test: -4 },
            { id: "sub-02", reference: -12, test: -8 },
            { id: "sub-03", reference: -6, test: null },
          ],
        },
        { title: "female", pairs: [{ id: "sub-01", reference: -10, test: -4 }] },
      ],
    },
    opts,
  );
  it("pairedSlopes(data) joins each subject's two conditions by a line and keeps a lone value as a point", () => {
    expect(count(svg, /class="subject"/g)).toBe(3);
    expect(count(svg, /class="lone"/g)).toBe(1);
  });
  it("pairedSlopes(data) draws the mean over complete pairs", () => {
    expect(svg).toContain('data-mean-reference="-11" data-mean-test="-6"');
  });
});

describe("differenceTimeCourse", () => {
  const pts = [-5, 1, 3, 5].map((t, i) => ({
    t_min: t,
    mean: i - 1,
    ci_low: i === 2 ? null : i - 2,
    ci_high: i === 2 ? null : i,
    n: 10,
  }));
  const svg = differenceTimeCourse(
    {
      panels: [
        { title: "All", points: pts },
        { title: "female", points: pts },
      ],
      infusion: [0, 40],
      window: { range: [0, 30], label: "response window" },
      xLabel: "min",
      yLabel: "NTX − PBO (pp)",
    },
    opts,
  );
  it("differenceTimeCourse(data) draws per panel the mean line, the CI band broken where a block has no CI, and the zero line", () => {
    expect(count(svg, /class="mean-line"/g)).toBe(2);
    expect(count(svg, /class="ci-band"/g)).toBe(4);
    expect(count(svg, /class="zero-line"/g)).toBe(2);
    expect(count(svg, /class="point"/g)).toBe(8);
    expect(texts(svg)).toContain("response window");
  });
});

describe("modelDiagnostics", () => {
  it("modelDiagnostics(data) draws every residual twice (against fitted and in the QQ plot) and every random effect once", () => {
    const svg = modelDiagnostics(
      {
        fitted: [1, 2, 3, 4, 5],
        residuals: [0.1, -0.2, 0.3, -0.1, 0],
        randomEffects: { group: "subject", values: [0.5, -0.5, 0.2] },
        unit: "points",
      },
      { ...opts, height: 260 },
    );
    const points = [...svg.matchAll(/class="points" data-n="(\d+)" d="([^"]*)"/g)];
    expect(points.map((m) => Number(m[1]))).toEqual([5, 5, 3]);
    expect(points.map((m) => count(m[2] ?? "", /M/g))).toEqual([5, 5, 3]);
    expect(count(svg, /class="qq-line"/g)).toBe(1);
    expect(texts(svg).join(" ")).toContain("Normal QQ: subject effects");
  });
});

describe("modelDiagnosticsGrid", () => {
  it("modelDiagnosticsGrid(models) draws one row of three panels per model, named, and grows with the rows", () => {
    const m = {
      fitted: [1, 2, 3, 4, 5],
      residuals: [0.1, -0.2, 0.3, -0.1, 0],
      randomEffects: { group: "subject", values: [0.5, -0.5, 0.2] },
      unit: "points",
    };
    const svg = modelDiagnosticsGrid(
      [
        { ...m, key: "a", title: "Model A" },
        { ...m, key: "b", title: "Model B" },
        { ...m, key: "c", title: "Model C", residuals: [], fitted: [] },
      ],
      { ...opts, width: 680 },
    );
    expect([...svg.matchAll(/class="model" data-model="(\w)"/g)].map((x) => x[1])).toEqual(["a", "b", "c"]);
    expect([...svg.matchAll(/class="points" data-n="(\d+)"/g)].map((x) => Number(x[1]))).toEqual([
      5, 5, 3, 5, 5, 3,
    ]);
    expect(texts(svg)).toEqual(
      expect.arrayContaining(["Model A", "Model B", "Model C", "The model has no residuals."]),
    );
    // two rows of panels and three headings (12-px bold text, 16-px lines)
    expect(Number(svg.match(/viewBox="0 0 680 ([\d.]+)"/)?.[1])).toBeGreaterThan(
      2 * DIAGNOSTICS_ROW_HEIGHT + 3 * 16,
    );
  });
});

describe("pairedSlopes with long condition labels", () => {
  it("pairedSlopes(data) wraps each column label within its half of the panel, so the two never overlap", () => {
    const svg = pairedSlopes(
      {
        conditions: [
          { id: "PBO", label: "Placebo (identical capsule, same schedule)" },
          { id: "NTX", label: "Naltrexone 50 mg by mouth" },
        ],
        yLabel: "MADRS change (points)",
        panels: ["All", "female", "male"].map((title) => ({
          title,
          pairs: [{ id: "sub-01", reference: -10, test: -4 }],
        })),
      },
      { ...opts, width: 680, height: 380 },
    );
    const labels = [
      ...svg.matchAll(/<text class="column-label" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)<\/text>/g),
    ].map((m) => {
      const w = textWidth(m[3] ?? "");
      return { y: Number(m[2]), x0: Number(m[1]) - w / 2, x1: Number(m[1]) + w / 2, text: m[3] ?? "" };
    });
    expect(labels.filter((l) => l.y === labels[0]?.y).length).toBe(6);
    expect(labels.map((l) => l.text).join(" ")).toContain("Placebo");
    for (const a of labels) {
      expect(a.x0).toBeGreaterThanOrEqual(0);
      expect(a.x1).toBeLessThanOrEqual(680);
      for (const b of labels)
        if (a !== b) expect(a.y === b.y && a.x0 < b.x1 && b.x0 < a.x1, `${a.text} / ${b.text}`).toBe(false);
    }
  });
});

describe("the statistical charts with hostile text and no data", () => {
  const bad = `<script>alert("x")</script> & 'q'`;
  const o = { ...opts, title: `T ${bad}`, description: `D ${bad}` };
  const cond = { id: "A", label: bad };
  const drawn: [string, string][] = [
    [
      "forestPanels",
      forestPanels(
        {
          panels: [
            {
              title: bad,
              xLabel: bad,
              note: bad,
              rows: [{ label: bad, estimate: 1, ci_low: 0, ci_high: 2, p: "< 0.001" }],
            },
          ],
        },
        o,
      ),
    ],
    [
      "consortDiagram",
      consortDiagram(
        {
          enrolled: bad,
          arms: [{ allocation: bad, periods: [{ title: bad, lines: [bad] }], analysed: [bad] }],
        },
        o,
      ),
    ],
    [
      "pairedSlopes",
      pairedSlopes(
        {
          conditions: [cond, { id: "B", label: "b" }],
          yLabel: bad,
          panels: [{ title: bad, pairs: [{ id: bad, reference: 1, test: 2 }] }],
        },
        o,
      ),
    ],
    [
      "differenceTimeCourse",
      differenceTimeCourse(
        {
          panels: [
            {
              title: bad,
              points: [
                { t_min: 1, mean: 1, ci_low: 0, ci_high: 2, n: 3 },
                { t_min: 3, mean: 2, ci_low: 1, ci_high: 3, n: 3 },
              ],
            },
          ],
          infusion: [0, 4],
          window: { range: [0, 2], label: bad },
          xLabel: bad,
          yLabel: bad,
        },
        o,
      ),
    ],
    [
      "modelDiagnostics",
      modelDiagnostics(
        {
          fitted: [1, 2, 3, 4],
          residuals: [1, -1, 0.5, -0.5],
          randomEffects: { group: bad, values: [1, -1] },
          unit: bad,
        },
        o,
      ),
    ],
  ];
  it.each(drawn)("%s(...) is well-formed XML that shows hostile text as text", (_, svg) => {
    const root = parseSvg(svg);
    expect(root.getElementsByTagName("script").length).toBe(0);
    expect(svg).toContain("&lt;script&gt;");
    expect(root.getAttribute("role")).toBe("img");
  });
  it.each([
    ["forestPanels", forestPanels({ panels: [] }, o)],
    ["consortDiagram", consortDiagram({ enrolled: "x", arms: [] }, o)],
    [
      "pairedSlopes",
      pairedSlopes({ conditions: [cond, cond], yLabel: "y", panels: [{ title: "t", pairs: [] }] }, o),
    ],
    [
      "differenceTimeCourse",
      differenceTimeCourse(
        { panels: [{ title: "t", points: [] }], infusion: [0, 1], xLabel: "x", yLabel: "y" },
        o,
      ),
    ],
    ["modelDiagnostics", modelDiagnostics({ fitted: [], residuals: [], randomEffects: null, unit: "u" }, o)],
  ])("%s(...) without data draws the explained empty chart", (_, svg) => {
    expect(svg).toContain('class="empty-message"');
    parseSvg(svg);
  });
});
