import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { all, parseSvg } from "../test/svgTestKit";
import { forestPlot } from "./forestPlot";
import { glutamateTimeCourse } from "./glutamateTimeCourse";
import { el, emptyChart, escapeXml, fmtNum, idPrefixOf, isolateBidi, svgRoot, textEl, truncate } from "./svg";

const options = { width: 100, height: 50, title: "t", description: "d" };

describe("svg helpers", () => {
  it("escapeXml(s) escapes & < > \" ' and nothing else", () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
    );
    expect(escapeXml("Δ ppm − 2.01 …")).toBe("Δ ppm − 2.01 …");
    expect(escapeXml("&amp;")).toBe("&amp;amp;");
  });

  it("escapeXml(s with control characters) drops the ones XML 1.0 forbids and keeps tab and newline", () => {
    expect(escapeXml(`a${String.fromCharCode(0)}b${String.fromCharCode(27)}c\td\n`)).toBe("abc\td\n");
  });

  it("escapeXml(any string) survives an XML parse as the same text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const root = parseSvg(`<svg>${textEl({ "data-x": s }, s)}</svg>`);
        const text = all(root, "text")[0];
        const clean = escapeXml(s)
          .replaceAll("&lt;", "<")
          .replaceAll("&gt;", ">")
          .replaceAll("&quot;", '"')
          .replaceAll("&#39;", "'")
          .replaceAll("&amp;", "&");
        expect(text?.textContent).toBe(clean);
        expect(text?.getAttribute("data-x")).toBe(clean.replace(/[\t\n\r]/g, " "));
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });

  it("fmtNum(x) rounds to 2 decimals with no trailing zeros, no -0 and no NaN", () => {
    expect(fmtNum(1.23456)).toBe("1.23");
    expect(fmtNum(2.5)).toBe("2.5");
    expect(fmtNum(3)).toBe("3");
    expect(fmtNum(-0.001)).toBe("0");
    expect(fmtNum(0.1 + 0.2)).toBe("0.3");
    expect(fmtNum(Number.NaN)).toBe("0");
    expect(fmtNum(Number.NEGATIVE_INFINITY)).toBe("0");
    expect(fmtNum(1.23456, 3)).toBe("1.235");
  });

  it("el(name, attrs) escapes strings, rounds numbers, omits null/undefined/false and self-closes", () => {
    expect(el("rect", { x: 1.005001, y: null, class: "a<b", hidden: false, id: undefined })).toBe(
      '<rect x="1.01" class="a&lt;b"/>',
    );
    expect(el("g", {}, "<x/>")).toBe("<g><x/></g>");
  });

  it("idPrefixOf(options, kind) sanitises the prefix into a valid XML id", () => {
    expect(idPrefixOf({ ...options, idPrefix: "fig 1<&>" }, "k")).toBe("fig_1___");
    expect(idPrefixOf({ ...options, idPrefix: "1st" }, "k")).toBe("c-1st");
    expect(idPrefixOf(options, "forest-plot")).toBe("forest-plot");
  });

  it("svgRoot(options, kind, body) puts <title> and <desc> first and links them for assistive tech", () => {
    const root = parseSvg(svgRoot({ ...options, idPrefix: "p" }, "k", "<g/>"));
    expect(root.getAttribute("aria-describedby")).toBe("p-desc");
    expect(root.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    expect([...Array(root.childNodes.length).keys()].map((i) => root.childNodes.item(i)?.nodeName)).toEqual([
      "title",
      "desc",
      "g",
    ]);
  });

  it("emptyChart(options, kind, message) shows the title and the message and puts the message in <desc>", () => {
    const root = parseSvg(emptyChart({ ...options, title: "A & B" }, "k", "Nothing here."));
    expect(all(root, "text").map((t) => t.textContent)).toEqual(["A & B", "Nothing here."]);
    expect(all(root, "desc")[0]?.textContent).toBe("d Nothing here.");
  });

  it("truncate(s, max) keeps short strings and ellipsises long ones to max characters", () => {
    expect(truncate("abc", 5)).toBe("abc");
    expect(truncate("abcdefgh", 5)).toBe("abcd…");
  });

  it("charts(any labels and ids) always return well-formed SVG", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "binary-ascii" }), (label, id) => {
        parseSvg(
          glutamateTimeCourse(
            {
              conditions: [{ id, label }],
              series: [{ condition: id, points: [{ t_mid_min: 1, mean: 1, ci_low: 0, ci_high: 2 }] }],
              xLabel: label,
              infusion: { start_min: 0, end_min: 40, label },
            },
            { width: 300, height: 200, title: label, description: label, idPrefix: id },
          ),
        );
        parseSvg(
          forestPlot(
            { rows: [{ label, estimate: 1, ci_low: 0, ci_high: 2, text: id }], xLabel: label },
            {
              width: 300,
              height: 200,
              title: id,
              description: label,
            },
          ),
        );
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe("bidi isolation", () => {
  it("isolateBidi wraps text holding bidi controls in FSI … PDI, closes what it opens and drops stray closers", () => {
    expect(isolateBidi("Placebo")).toBe("Placebo");
    expect(isolateBidi("a\u202eb")).toBe("\u2068a\u202eb\u202c\u2069");
    expect(isolateBidi("x\u2069\u202e1")).toBe("\u2068x\u202e1\u202c\u2069");
    expect(isolateBidi("\u2067a\u202ab\u202c")).toBe("\u2068\u2067a\u202ab\u202c\u2069\u2069");
    expect(escapeXml("<\u202e>")).toBe("\u2068&lt;\u202e&gt;\u202c\u2069");
  });
});
