import { describe, expect, it } from "vitest";
import { all, parseSvg } from "../test/svgTestKit";
import { qcDistributions, tukeyBox } from "./qcDistributions";

const conditions = [
  { id: "PBO", label: "Placebo" },
  { id: "NTX", label: "Naltrexone" },
];
const options = { width: 680, height: 300, title: "QC", description: "Distributions." };

describe("qcDistributions", () => {
  it("tukeyBox(sorted) gives R's type-7 quartiles and whiskers within 1.5 IQR", () => {
    // R: quantile(c(1,2,3,4,5,6,7,8,100), c(.25,.5,.75)) = 3, 5, 7; fences 3 − 6 = −3 and 7 + 6 = 13.
    const box = tukeyBox([1, 2, 3, 4, 5, 6, 7, 8, 100]);
    expect(box).toEqual({ q1: 3, median: 5, q3: 7, whiskerLo: 1, whiskerHi: 8, fenceLo: -3, fenceHi: 13 });
    expect(tukeyBox([])).toBeNull();
  });

  it("qcDistributions(panels) draws a panel per measure, a box and every value per condition, outliers marked", () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 100].flatMap((v, i) => [
      { condition: "PBO", value: v, id: `s${i}/PBO` },
      { condition: "NTX", value: v / 2, id: `s${i}/NTX` },
    ]);
    const svg = qcDistributions(
      {
        conditions,
        panels: [
          { label: "FWHM (Hz)", values, threshold: { value: 12, label: "QC limit" } },
          { label: "SNR", values: values.map((v) => ({ ...v, value: null })) },
        ],
      },
      options,
    );
    const root = parseSvg(svg);
    expect(all(root, "g", "panel").map((p) => p.getAttribute("data-measure"))).toEqual(["FWHM (Hz)", "SNR"]);
    expect(all(root, "path", "value")).toHaveLength(18);
    expect(all(root, "path", "outlier").map((p) => p.getAttribute("data-id"))).toEqual(["s8/PBO", "s8/NTX"]);
    expect(all(root, "g", "box").map((b) => Number(b.getAttribute("data-median")))).toEqual([5, 2.5]);
    expect(all(root, "line", "threshold")).toHaveLength(1);
  });

  it("qcDistributions() is deterministic and empty data gives an explanatory empty chart", () => {
    const data = { panels: [{ label: "SNR", values: [{ condition: "PBO", value: 4 }] }] };
    expect(qcDistributions(data, options)).toBe(qcDistributions(data, options));
    expect(qcDistributions({ panels: [{ label: "SNR", values: [] }] }, options)).toContain(
      "No quality values",
    );
  });
});
