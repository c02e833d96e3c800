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
});
