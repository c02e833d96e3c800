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

  it("FitModel.evaluate(θ) gives the Gram matrix and residual of the explicitly projected columns, and a residual orthogonal to the baseline and the free columns", () => {
    const model = new FitModel(fid, { ...cfg(1e-3), baselineOrder: 12 });
    const th = {
      gamma: Float64Array.from([12, 25]),
      s: Float64Array.from([150, 300]),
      eps: -0.8,
      phi0: 0.2,
      phi1: 0,
    };
    const ev = model.evaluate(th);
    const at = ev.a.map((col) => model.projectB(col));
    const p = model.p;
    let scale = 0;
    for (let i = 0; i < p; i++) scale = Math.max(scale, Math.abs(ev.gram[i * p + i] ?? 0));
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let direct = 0;
        for (let k = 0; k < model.aug; k++) direct += (at[i]?.[k] ?? 0) * (at[j]?.[k] ?? 0);
        expect(Math.abs((ev.gram[i * p + j] ?? 0) - direct)).toBeLessThan(1e-10 * scale);
      }
    }
    // r = P⊥y − Σ c_m P⊥a_m, computed here from the explicit projections.
    const yt = model.projectB(model.y);
    const rss = ev.r.reduce((acc, v) => acc + v * v, 0);
    for (let k = 0; k < model.aug; k++) {
      let v = yt[k] ?? 0;
      for (let m = 0; m < p; m++) v -= (ev.c[m] ?? 0) * (at[m]?.[k] ?? 0);
      expect(Math.abs((ev.r[k] ?? 0) - v)).toBeLessThan(1e-9 * Math.sqrt(rss));
    }
    // Orthogonal to every baseline column and to each column with a positive amplitude (NNLS optimality).
    const norm = Math.sqrt(rss);
    for (const b of model.bcols) {
      const nb = Math.sqrt(b.reduce((acc, v) => acc + v * v, 0));
      const d = b.reduce((acc, v, k) => acc + v * (ev.r[k] ?? 0), 0);
      expect(Math.abs(d)).toBeLessThan(1e-9 * nb * norm);
    }
    for (let m = 0; m < p; m++) {
      if (!((ev.c[m] ?? 0) > 0)) continue;
      const col = ev.a[m] as Float64Array;
      const nc = Math.sqrt(col.reduce((acc, v) => acc + v * v, 0));
      const d = col.reduce((acc, v, k) => acc + v * (ev.r[k] ?? 0), 0);
      expect(Math.abs(d)).toBeLessThan(1e-8 * nc * norm);
    }
  });

  it("FitModel.envelopesOf(θ) equals e^{−γt − σ²t²}·e^{i2πεt} evaluated directly at every point", () => {
    const model = new FitModel(fid, cfg(0));
    const th = {
      gamma: Float64Array.from([31.4, 8]),
      s: Float64Array.from([400, 2500]),
      eps: 7.3,
      phi0: 0,
      phi1: 0,
    };
    const env = model.envelopesOf(th);
    const dt = (model.dt * model.n) / model.nfft;
    for (let g = 0; g < 2; g++) {
      for (let k = 0; k < model.nfft; k++) {
        const t = k * dt;
        const amp = Math.exp(-(th.gamma[g] ?? 0) * t - (th.s[g] ?? 0) * t * t);
        const ph = 2 * Math.PI * th.eps * t;
        expect(Math.abs((env[g]?.[2 * k] ?? 0) - amp * Math.cos(ph))).toBeLessThan(1e-12);
        expect(Math.abs((env[g]?.[2 * k + 1] ?? 0) - amp * Math.sin(ph))).toBeLessThan(1e-12);
      }
    }
  });
});
