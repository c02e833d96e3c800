import { describe, expect, it } from "vitest";
import { ppmToHz } from "./axes";
import { complexEigenvalues } from "./complexEigen";
import { hsvd, removeResidualWater, synthesiseComponents } from "./hlsvd";
import { gaussianSource, seededRandom } from "./random";

describe("complexEigenvalues", () => {
  it("complexEigenvalues(triangular complex matrix) returns its diagonal", () => {
    const a = new Float64Array([1, 1, 2, 0, 0, 3, 0, 0, 3, -1, 1, 1, 0, 0, 0, 0, -2, 0.5]);
    const ev = Array.from(complexEigenvalues(a, 3)).map((v) => Math.round(v * 1e9) / 1e9);
    const pairs = [0, 1, 2].map((i) => `${ev[2 * i]},${ev[2 * i + 1]}`).sort();
    expect(pairs).toEqual(["-2,0.5", "1,1", "3,-1"]);
  });

  it("complexEigenvalues(S·diag(λ)·S⁻¹) recovers λ for a dense random similarity", () => {
    // 2×2: [[a, b], [c, d]] has eigenvalues (a+d)/2 ± √(((a−d)/2)² + bc); take a real case with known roots 5 and −1.
    const m = new Float64Array([2, 0, 3, 0, 3, 0, 2, 0]);
    const ev = Array.from(complexEigenvalues(m, 2));
    expect([ev[0], ev[2]].map((v) => Math.round(v ?? 0)).sort((x, y) => x - y)).toEqual([-1, 5]);
    expect(Math.abs(ev[1] ?? 1) + Math.abs(ev[3] ?? 1)).toBeLessThan(1e-10);
  });
});

describe("hsvd and removeResidualWater", () => {
  const n = 1024;
  const dt = 5e-4;
  const truth = [
    { frequencyHz: 100, dampingPerS: 20, amplitudeRe: 5, amplitudeIm: 1 },
    { frequencyHz: -300, dampingPerS: 10, amplitudeRe: 1, amplitudeIm: 0.5 },
    { frequencyHz: 50, dampingPerS: 40, amplitudeRe: 0.3, amplitudeIm: -2 },
  ];

  it("hsvd(sum of 3 damped exponentials) recovers their frequencies, dampings and amplitudes", () => {
    const fid = synthesiseComponents(truth, n, dt);
    const found = hsvd(fid, dt, { components: 10 }).filter(
      (c) => Math.hypot(c.amplitudeRe, c.amplitudeIm) > 1e-6,
    );
    for (const t of truth) {
      const c = found.find((f) => Math.abs(f.frequencyHz - t.frequencyHz) < 0.01);
      expect(c).toBeDefined();
      expect(c?.dampingPerS).toBeCloseTo(t.dampingPerS, 4);
      expect(c?.amplitudeRe).toBeCloseTo(t.amplitudeRe, 4);
      expect(c?.amplitudeIm).toBeCloseTo(t.amplitudeIm, 4);
    }
  });

  it("removeResidualWater(fid) subtracts a water line 50× a metabolite line and keeps the metabolite line", () => {
    const f0 = 123.2;
    const water = { frequencyHz: ppmToHz(4.68, f0), dampingPerS: 30, amplitudeRe: 30, amplitudeIm: 40 };
    const naa = { frequencyHz: ppmToHz(2.01, f0), dampingPerS: 15, amplitudeRe: 1, amplitudeIm: 0 };
    const g = gaussianSource(seededRandom(3));
    const fid = synthesiseComponents([water, naa], n, dt).map((v) => v + 0.002 * g());
    const out = removeResidualWater(fid, dt, f0);
    expect(out.settings).toMatchObject({ method: "HLSVD", bandPpm: [4.2, 5.2], components: 25 });
    expect(out.removed.length).toBeGreaterThan(0);
    const rest = out.fid;
    const naaOnly = synthesiseComponents([naa], n, dt);
    let err = 0;
    let ref = 0;
    for (let k = 0; k < 2 * n; k++) {
      err += ((rest[k] ?? 0) - (naaOnly[k] ?? 0)) ** 2;
      ref += (naaOnly[k] ?? 0) ** 2;
    }
    expect(Math.sqrt(err / ref)).toBeLessThan(0.05);
    expect(removeResidualWater(fid, dt, f0, { enabled: false }).fid).toEqual(Float64Array.from(fid));
  });
});
