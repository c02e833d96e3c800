import { describe, expect, it } from "vitest";
import { qc } from "../test/fixtures/chartData";
import { all, expectGolden, parseSvg } from "../test/svgTestKit";
import { qcGrid } from "./qcGrid";

const options = { width: 520, height: 240, title: "Block QC", description: "Pass or fail per block." };

describe("qcGrid", () => {
  it("qcGrid(rows) matches its golden SVG", () => {
    expectGolden("qcGrid", qcGrid(qc, options));
  });

  it("qcGrid(rows) draws one cell per session and block with its status", () => {
    const root = parseSvg(qcGrid(qc, options));
    const cells = all(root, "*", "qc-cell");
    expect(cells).toHaveLength(qc.rows.length * 8);
    const statuses = qc.rows.flatMap((r) => r.cells.map((c) => c ?? "missing"));
    expect(cells.map((c) => c.getAttribute("data-status"))).toEqual(statuses);
  });

  it("qcGrid(rows) marks each fail with a shape and a hatch, not colour alone", () => {
    const root = parseSvg(qcGrid(qc, options));
    const fails = all(root, "g", "fail").filter((g) => (g.getAttribute("class") ?? "").includes("qc-cell"));
    const expected = qc.rows.flatMap((r) => r.cells).filter((c) => c === "fail").length;
    expect(fails).toHaveLength(expected);
    for (const f of fails) {
      expect(all(f, "path", "fail-mark")).toHaveLength(1);
      expect(all(f, "rect")[0]?.getAttribute("fill")).toBe("url(#qc-grid-fail-hatch-0)");
    }
    expect(all(root, "pattern")[0]?.getAttribute("id")).toBe("qc-grid-fail-hatch-0");
  });

  it("qcGrid(rows) ends each row with its fail count", () => {
    const root = parseSvg(qcGrid(qc, options));
    const counts = all(root, "text", "fail-count").map((t) => t.textContent);
    expect(counts).toEqual(qc.rows.map((r) => `${r.cells.filter((c) => c === "fail").length}/8`));
  });

  it("qcGrid(ragged rows and unknown statuses) pads and treats them as missing", () => {
    const rows = [
      { session: "a", cells: ["pass", "fail", "pass"] as const },
      { session: "b<&>", cells: ["PASS" as unknown as "pass"] },
    ];
    const root = parseSvg(qcGrid({ rows }, options));
    const b = all(root, "g", "qc-row")[1];
    expect(b && all(b, "*", "qc-cell").map((c) => c.getAttribute("data-status"))).toEqual([
      "missing",
      "missing",
      "missing",
    ]);
    expect(b?.getAttribute("data-session")).toBe("b<&>");
  });
});
