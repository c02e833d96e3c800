import { describe, expect, it } from "vitest";
import { spectrum } from "../test/fixtures/chartData";
import { all, axisDomain, expectGolden, parseSvg, pathSubpaths, tickAt } from "../test/svgTestKit";
import { spectrumFit } from "./spectrumFit";

const options = { width: 720, height: 400, title: "Spectrum and fit", description: "sub-01 ses-1 block 1." };
const ranged = { ...options, ppmRange: [4.2, 0.5] as const };

function trace(svg: string, key: string): [number, number][][] {
  return pathSubpaths(all(parseSvg(svg), "path", key)[0]?.getAttribute("d") ?? "");
}

describe("spectrumFit", () => {
  it("spectrumFit(spectrum, { ppmRange }) matches its golden SVG", () => {
    expectGolden("spectrumFit", spectrumFit(spectrum, ranged));
  });

  it("spectrumFit(spectrum) reverses the ppm axis: high ppm on the left", () => {
    const root = parseSvg(spectrumFit(spectrum, ranged));
    expect(tickAt(root, "axis-x", "4.0")).toBeLessThan(tickAt(root, "axis-x", "1.0"));
    const first = trace(spectrumFit(spectrum, ranged), "fit")[0] ?? [];
    // Points are drawn from high ppm to low ppm, i.e. left to right.
    expect(first[0]?.[0]).toBeLessThan(first[first.length - 1]?.[0] ?? 0);
  });

  it("spectrumFit(spectrum, { ppmRange: [4.2, 0.5] }) draws only points inside the range", () => {
    const svg = spectrumFit(spectrum, ranged);
    const inRange = spectrum.ppm.filter((p) => p >= 0.5 && p <= 4.2).length;
    expect(trace(svg, "fit").flat()).toHaveLength(inRange);
    expect(axisDomain(parseSvg(svg), "axis-x")).toEqual([0.5, 4.2]);
    const peaks = all(
      parseSvg(spectrumFit(spectrum, { ...options, ppmRange: [2.5, 1.5] })),
      "g",
      "peak-label",
    );
    expect(peaks.map((p) => p.textContent)).toEqual(["NAA", "Glx"]);
  });

  it("spectrumFit(spectrum) draws data, fit, baseline and residual, with a gap at the missing point", () => {
    const svg = spectrumFit(spectrum, ranged);
    for (const key of ["data", "fit", "baseline", "residual"])
      expect(trace(svg, key).length).toBeGreaterThan(0);
    expect(trace(svg, "data")).toHaveLength(2);
    expect(trace(svg, "fit")).toHaveLength(1);
    expect(all(parseSvg(svg), "g", "legend-item")).toHaveLength(4);
  });

  it("spectrumFit(spectrum) offsets the residual below the spectrum", () => {
    const svg = spectrumFit(spectrum, ranged);
    const lowestSpectrum = Math.max(
      ...["data", "fit", "baseline"].flatMap((k) =>
        trace(svg, k)
          .flat()
          .map(([, y]) => y),
      ),
    );
    const highestResidual = Math.min(
      ...trace(svg, "residual")
        .flat()
        .map(([, y]) => y),
    );
    // SVG y grows downwards: the residual's top is below the spectrum's bottom.
    expect(highestResidual).toBeGreaterThan(lowestSpectrum);
  });

  it("spectrumFit(spectrum without residual) computes data − fit; without fit draws no residual", () => {
    const given = spectrumFit(
      {
        ...spectrum,
        residual: spectrum.data.map((d, i) => (d === null ? null : d - (spectrum.fit?.[i] ?? 0))),
      },
      ranged,
    );
    expect(spectrumFit(spectrum, ranged)).toBe(given);
    const noFit = parseSvg(spectrumFit({ ppm: spectrum.ppm, data: spectrum.data }, ranged));
    expect(all(noFit, "path", "residual")).toHaveLength(0);
    expect(all(noFit, "path", "fit")).toHaveLength(0);
  });

  it("spectrumFit(spectrum in ascending ppm order) draws the same chart as descending order", () => {
    const reversed = {
      ...spectrum,
      ppm: [...spectrum.ppm].reverse(),
      data: [...spectrum.data].reverse(),
      fit: [...(spectrum.fit ?? [])].reverse(),
      baseline: [...(spectrum.baseline ?? [])].reverse(),
    };
    expect(spectrumFit(reversed, ranged)).toBe(spectrumFit(spectrum, ranged));
  });

  it("spectrumFit(spectrum with arrays of unequal length) reads up to the shortest", () => {
    const svg = spectrumFit({ ppm: [3, 2, 1, 0.5], data: [1, 2, 3] }, options);
    expect(trace(svg, "data").flat()).toHaveLength(3);
  });
  it("spectrumFit(spectrum with components) stacks one labelled row per component below the residual, labels escaped", () => {
    const bump = (centre: number) => spectrum.ppm.map((p) => Math.exp(-(((p - centre) / 0.03) ** 2)));
    const withParts = {
      ...spectrum,
      components: [
        { label: "NAA", values: bump(2.01) },
        { label: "<Cr & PCr>", values: bump(3.03) },
      ],
    };
    const svg = spectrumFit(withParts, { ...ranged, height: 520 });
    const root = parseSvg(svg);
    const rowsOf = all(root, "g", "component");
    expect(rowsOf).toHaveLength(2);
    expect(rowsOf.map((g) => g.textContent)).toEqual(["NAA", "<Cr & PCr>"]);
    expect(svg).toContain("&lt;Cr &amp; PCr&gt;");
    expect(svg).not.toContain("<Cr & PCr>");
    const ys = (g: number) =>
      pathSubpaths(all(root, "path", "component-trace")[g]?.getAttribute("d") ?? "")
        .flat()
        .map(([, yy]) => yy);
    const lowestResidual = Math.max(
      ...trace(svg, "residual")
        .flat()
        .map(([, yy]) => yy),
    );
    // Each row's zero line (its largest y: the bump is positive) lies below the residual, rows in order.
    expect(Math.max(...ys(0))).toBeGreaterThan(lowestResidual);
    expect(Math.max(...ys(1))).toBeGreaterThan(Math.max(...ys(0)));
    // Every point of every component is drawn (one per in-range ppm).
    const inRange = spectrum.ppm.filter((p) => p >= 0.5 && p <= 4.2).length;
    expect(ys(0)).toHaveLength(inRange);
    // Without components the chart is unchanged.
    expect(spectrumFit({ ...spectrum, components: [] }, ranged)).toBe(spectrumFit(spectrum, ranged));
  });
});
