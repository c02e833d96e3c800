import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectGolden, parseSvg, pathSubpaths } from "./svgTestKit";

const dir = mkdtempSync(join(tmpdir(), "charts-golden-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("svgTestKit", () => {
  it("parseSvg(svg) rejects unbalanced tags, duplicate attributes, raw < in attributes and bare &", () => {
    expect(() => parseSvg("<svg><g></svg>")).toThrow();
    expect(() => parseSvg('<svg a="1" a="2"/>')).toThrow();
    expect(() => parseSvg('<svg a="<"/>')).toThrow();
    expect(() => parseSvg("<svg><text>a & b</text></svg>")).toThrow(/unescaped &/);
    expect(() => parseSvg("<g/>")).toThrow(/not <svg>/);
    expect(parseSvg("<svg><text>a &amp; b &#39; &#x41;</text></svg>").textContent).toBe("a & b ' A");
  });

  it("pathSubpaths(d) splits absolute M/L path data into subpaths", () => {
    expect(pathSubpaths("M0,1L2,3ZM4,5L6,7")).toEqual([
      [
        [0, 1],
        [2, 3],
      ],
      [
        [4, 5],
        [6, 7],
      ],
    ]);
  });

  it("expectGolden(name, svg) writes an absent golden, passes on a match and writes .changed.svg on a mismatch", () => {
    expectGolden("k", "<svg/>", { dir, update: false });
    expect(readFileSync(join(dir, "k.svg"), "utf8")).toBe("<svg/>\n");
    expectGolden("k", "<svg/>", { dir, update: false });
    expect(() => expectGolden("k", "<svg></svg>", { dir, update: false })).toThrow(/differs from its golden/);
    expect(readFileSync(join(dir, "k.changed.svg"), "utf8")).toBe("<svg></svg>\n");
    expect(readFileSync(join(dir, "k.svg"), "utf8")).toBe("<svg/>\n");
    expectGolden("k", "<svg/>", { dir, update: false });
    expect(existsSync(join(dir, "k.changed.svg"))).toBe(false);
  });

  it("expectGolden(name, svg, { update: true }) overwrites the golden on purpose (vitest -u)", () => {
    expectGolden("u", "<svg/>", { dir, update: false });
    expectGolden("u", "<svg><g/></svg>", { dir, update: true });
    expect(readFileSync(join(dir, "u.svg"), "utf8")).toBe("<svg><g/></svg>\n");
  });
});
