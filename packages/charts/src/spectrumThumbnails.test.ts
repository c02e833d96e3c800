import type { Element } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { all, parseSvg, pathSubpaths } from "../test/svgTestKit";
import { minMaxDecimate, spectrumThumbnails, spectrumThumbnailsHeight } from "./spectrumThumbnails";

const ppm = Array.from({ length: 400 }, (_, i) => 4.2 - (i * 3.7) / 399);
/** A Lorentzian of FWHM `w` ppm at `at` ppm, height 1. */
const peak = (at: number, w: number) => ppm.map((p) => 1 / (1 + ((p - at) / (w / 2)) ** 2));
const naa = peak(2.01, 0.02);
const panel = (id: string, flagged = false) => ({
  id,
  label: `${id} Placebo`,
  ppm,
  data: naa.map((v, i) => v + 0.01 * Math.sin(i)),
  fit: naa,
  flagged,
});
const options = { width: 680, height: 400, title: "Fits", description: "One panel per session." };

describe("spectrumThumbnails", () => {
  it("minMaxDecimate(values, n) keeps at most n points and the extremes of every run (a narrow peak keeps its height)", () => {
    const keep = minMaxDecimate(naa, 40);
    expect(keep.length).toBeLessThanOrEqual(40);
    expect(Math.max(...keep.map((i) => naa[i] ?? 0))).toBe(Math.max(...naa));
    expect(keep).toEqual([...keep].sort((a, b) => a - b));
    expect(minMaxDecimate([1, null, 3], 10)).toEqual([0, 2]);
  });

  it("spectrumThumbnails(panels) draws one panel per session with data, fit and residual, each thinned", () => {
    const svg = spectrumThumbnails(
      {
        panels: [panel("sub-01/ses-1"), panel("sub-01/ses-2", true), panel("sub-02/ses-1")],
        ppmRange: [4.2, 0.5],
      },
      { ...options, columns: 2, maxPoints: 60 },
    );
    const root = parseSvg(svg);
    const panels = all(root, "g", "panel");
    expect(panels.map((p) => p.getAttribute("data-panel"))).toEqual([
      "sub-01/ses-1",
      "sub-01/ses-2",
      "sub-02/ses-1",
    ]);
    for (const p of panels)
      for (const key of ["data", "fit", "residual"]) {
        const pts = pathSubpaths(all(p, "path", key)[0]?.getAttribute("d") ?? "").flat();
        expect(pts.length, key).toBeGreaterThan(10);
        expect(pts.length, key).toBeLessThanOrEqual(60);
      }
    expect(all(root, "rect", "flagged")).toHaveLength(1);
    expect(panels[1]?.getAttribute("data-flagged")).toBe("true");
  });

  it("spectrumThumbnails(panels) draws high ppm on the left and the residual below the spectrum", () => {
    const root = parseSvg(spectrumThumbnails({ panels: [panel("a")], ppmRange: [4.2, 0.5] }, options));
    const fit = pathSubpaths(all(root, "path", "fit")[0]?.getAttribute("d") ?? "").flat();
    const top = fit.reduce((best, p) => (p[1] < best[1] ? p : best));
    // The NAA peak (2.01 ppm) lies at 59 % of the way from the left edge (4.2) to the right (0.5).
    const frame = all(root, "rect", "frame")[0] as Element;
    const x0 = Number(frame.getAttribute("x"));
    const w = Number(frame.getAttribute("width"));
    expect((top[0] - x0) / w).toBeCloseTo((4.2 - 2.01) / 3.7, 1);
    const res = pathSubpaths(all(root, "path", "residual")[0]?.getAttribute("d") ?? "").flat();
    expect(Math.min(...res.map((p) => p[1]))).toBeGreaterThan(Math.max(...fit.map((p) => p[1])));
  });

  it("spectrumThumbnailsHeight(n, width, columns) grows by rows, and no panel in range gives an empty chart", () => {
    expect(spectrumThumbnailsHeight(8, 680, 4)).toBeGreaterThan(spectrumThumbnailsHeight(4, 680, 4));
    const svg = spectrumThumbnails({ panels: [panel("a")], ppmRange: [9, 8] }, options);
    expect(svg).toContain("No spectra in the ppm range.");
  });
});
