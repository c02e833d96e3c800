import { describe, expect, it } from "vitest";
import { ppmToHz } from "./axes";
import { basisSetOf } from "./basis";
import { fitComponents } from "./fitComponents";
import { fitSpectrum } from "./fitSpectrum";
import { simulateFid } from "./simulate";

/** Undamped singlets at the given ppm (123.2 MHz, 1024 points, 0.25 ms). */
function singlets(ppms: Record<string, number>, n = 1024, dwell = 2.5e-4, centre = 123.2) {
  return basisSetOf(
    Object.entries(ppms).map(([name, ppm]) => {
      const nu = ppmToHz(ppm, centre);
      const fid = new Float64Array(2 * n);
      for (let k = 0; k < n; k++) {
        fid[2 * k] = Math.cos(2 * Math.PI * nu * k * dwell);
        fid[2 * k + 1] = Math.sin(2 * Math.PI * nu * k * dwell);
      }
      return { name, fid, dwellS: dwell, centreMHz: centre, widthHz: null, nucleus: "1H" };
    }),
  );
}

describe("fitComponents", () => {
  const basis = singlets({ NAA: 2.01, Cr: 3.03, Cho: 3.2, Glu: 2.35, Lac: 1.31 });
  const truth = {
    amplitudes: [10, 8, 3, 5, 0],
    gammaPerS: [15],
    sigmaPerS: [12],
    shiftHz: -2.2,
    phi0Rad: -0.4,
    phi1S: 1e-4,
    baseline: { ppmRange: [0.2, 4.2] as [number, number], re: [30, -10, 5], im: [4, 0, -3] },
  };
  const fit = fitSpectrum(simulateFid(basis, truth).fid, basis, {
    lineshapeGroups: [[]],
    simulateMacromolecules: false,
    decimate: false,
  });
  const parts = fitComponents(fit, basis);

  it("components + baseline add up to the fit on every bin (real parts)", () => {
    let worst = 0;
    let peak = 0;
    for (let j = 0; j < fit.ppm.length; j++) {
      const sum = parts.reduce((s, p) => s + (p.values[j] ?? 0), 0) + (fit.baselineSpectrum[2 * j] ?? 0);
      worst = Math.max(worst, Math.abs(sum - (fit.fit[2 * j] ?? 0)));
      peak = Math.max(peak, Math.abs(fit.fit[2 * j] ?? 0));
    }
    expect(worst).toBeLessThan(1e-6 * peak);
  });

  it("each component peaks at its singlet's shift (moved by the fitted shift), absorptive; a member absent from the data contributes nothing", () => {
    expect(parts.map((p) => p.name).slice(0, 4)).toEqual(["NAA", "Cr", "Cho", "Glu"]);
    const height = (name: string) =>
      Math.max(0, ...Array.from(parts.find((p) => p.name === name)?.values ?? [], Math.abs));
    expect(height("Lac")).toBeLessThan(1e-3 * height("NAA")); // true amplitude 0: absent or negligible
    const expected: Record<string, number> = { NAA: 2.01, Cr: 3.03, Cho: 3.2, Glu: 2.35 };
    for (const p of parts.slice(0, 4)) {
      let best = 0;
      for (let j = 1; j < p.values.length; j++) if ((p.values[j] ?? 0) > (p.values[best] ?? 0)) best = j;
      // Shift −2.2 Hz moves lines up by 2.2/123.2 = 0.018 ppm; one bin is 3.9 Hz = 0.032 ppm.
      expect(Math.abs((fit.ppm[best] ?? 0) - (expected[p.name] ?? 0) - 2.2 / 123.2)).toBeLessThan(0.035);
      expect(p.values[best] ?? 0).toBeGreaterThan(0);
    }
  });
});
