import { describe, expect, it } from "vitest";
import { all, parseSvg, pathSubpaths } from "../test/svgTestKit";
import { spectrumBands } from "./spectrumBands";

const ppm = Array.from({ length: 200 }, (_, i) => 4.2 - (i * 3.7) / 199);
const mean = ppm.map((p) => 1 / (1 + ((p - 2.01) / 0.02) ** 2));
const conditions = [
  { id: "PBO", label: "Placebo" },
  { id: "NTX", label: "Naltrexone" },
];
const options = { width: 680, height: 300, title: "Mean spectra", description: "Mean ± SD." };

describe("spectrumBands", () => {
  it("spectrumBands(bands) draws per condition a mean line inside its ± SD band", () => {
    const svg = spectrumBands(
      {
        conditions,
        ppm,
        bands: [
          { condition: "PBO", mean, sd: mean.map(() => 0.05) },
          { condition: "NTX", mean: mean.map((v) => v * 0.9), sd: mean.map(() => 0.1) },
        ],
      },
      options,
    );
    const root = parseSvg(svg);
    expect(all(root, "path", "mean-line").map((p) => p.getAttribute("data-condition"))).toEqual([
      "PBO",
      "NTX",
    ]);
    const band = pathSubpaths(all(root, "path", "sd-band")[0]?.getAttribute("d") ?? "").flat();
    const line = pathSubpaths(all(root, "path", "mean-line")[0]?.getAttribute("d") ?? "").flat();
    const ys = band.map((p) => p[1]);
    for (const [, y] of line) {
      expect(y).toBeGreaterThanOrEqual(Math.min(...ys) - 0.01);
      expect(y).toBeLessThanOrEqual(Math.max(...ys) + 0.01);
    }
  });

  it("spectrumBands(peaks) drops a peak label that would collide with its neighbour", () => {
    const svg = spectrumBands(
      {
        ppm,
        bands: [{ condition: "PBO", mean, sd: mean.map(() => 0.05) }],
        peaks: [
          { ppm: 3.03, label: "tCr" },
          { ppm: 3.02, label: "PCr" },
          { ppm: 2.01, label: "NAA" },
        ],
      },
      options,
    );
    expect(all(parseSvg(svg), "g", "peak-label").map((g) => g.textContent)).toEqual(["tCr", "NAA"]);
  });

  it("spectrumBands() without a finite mean gives an explanatory empty chart", () => {
    expect(
      spectrumBands({ ppm, bands: [{ condition: "PBO", mean: ppm.map(() => null), sd: [] }] }, options),
    ).toContain("No mean spectrum to plot.");
  });
});
