import { describe, expect, it } from "vitest";
import { brainTruth, readBasis3T } from "../test/referenceBasis";
import { ppmAxis, ppmRangeIndices } from "./axes";
import { baselineLambdaFor, FitModel } from "./fitModel";
import { simulateFid } from "./simulate";

describe("FitModel", () => {
  const basis = readBasis3T();
  const members = ["NAA", "Cr", "Glu", "MM09"].map((m) => basis.fids[basis.names.indexOf(m)] as Float64Array);
  const fid = simulateFid(basis, brainTruth(basis)).fid;
  const cfg = (lambda: number) => ({
    ppmRange: [0.2, 4.2] as const,
    baselineOrder: 8,
    baselineLambda: lambda,
    members,
    groupOf: [0, 0, 0, 1],
    groups: 2,
    freePhase: [false, false, false, false],
    fitPhi1: true,
    decimate: false,
    dwellS: basis.dwellS,
    centreMHz: basis.centreMHz,
  });

  it("baselineLambdaFor(ppm, range, 8, ED) gives a baseline whose effective dimension is ED per part", () => {
    const ppm = ppmAxis(basis.points, basis.dwellS, basis.centreMHz);
    const w = ppmRangeIndices(ppm, [0.2, 4.2]);
    const lambda = baselineLambdaFor(ppm.subarray(w.start, w.end), [0.2, 4.2], 8, 5);
    expect(lambda).toBeGreaterThan(0);
    expect(new FitModel(fid, cfg(lambda)).baselineEd).toBeCloseTo(10, 3);
    expect(new FitModel(fid, cfg(0)).baselineEd).toBeCloseTo(18, 6);
  });

  it("FitModel.derivatives(ev) match finite differences of the model columns", () => {
    const model = new FitModel(fid, cfg(0));
    const th = {
      gamma: Float64Array.from([10, 20]),
      s: Float64Array.from([100, 200]),
      eps: 1.5,
      phi0: 0.3,
      phi1: 2e-5,
    };
    const ev = model.evaluate(th);
    const ds = model.derivatives(ev);
    const at = (t: typeof th) => model.modelOf({ ...ev, theta: t, a: model.columnsAt(t).a });
    const steps: [keyof typeof th, number, number][] = [
      ["gamma", 0, 1e-4],
      ["s", 1, 1e-3],
      ["eps", -1, 1e-6],
      ["phi0", -1, 1e-7],
      ["phi1", -1, 1e-10],
    ];
    const index = { gamma: 0, s: 2, eps: 4, phi0: 5, phi1: 6 };
    for (const [key, g, h] of steps) {
      const plus = { ...th, gamma: Float64Array.from(th.gamma), s: Float64Array.from(th.s) };
      const minus = { ...th, gamma: Float64Array.from(th.gamma), s: Float64Array.from(th.s) };
      if (g >= 0) {
        (plus[key] as Float64Array)[g] = ((th[key] as Float64Array)[g] ?? 0) + h;
        (minus[key] as Float64Array)[g] = ((th[key] as Float64Array)[g] ?? 0) - h;
      } else {
        (plus as Record<string, unknown>)[key] = (th[key] as number) + h;
        (minus as Record<string, unknown>)[key] = (th[key] as number) - h;
      }
      const a = at(plus);
      const b = at(minus);
      const d = ds[index[key] + Math.max(g, 0)] as Float64Array;
      let num = 0;
      let den = 0;
      for (let j = 0; j < model.rows; j++) {
        const fd = ((a[j] ?? 0) - (b[j] ?? 0)) / (2 * h);
        num += (fd - (d[j] ?? 0)) ** 2;
        den += fd * fd;
      }
      expect(Math.sqrt(num / den), key).toBeLessThan(1e-4);
    }
  });
});
