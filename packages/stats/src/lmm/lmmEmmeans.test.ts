import { describe, expect, it } from "vitest";
import type { LmmRow } from "./design";
import { fitLmm } from "./fitLmm";
import { lmmContrast, lmmFTest } from "./lmmContrast";
import { lmmEmmeans } from "./lmmEmmeans";
import { lmmRatio } from "./lmmRatio";
import { lmmType3Contrasts, zapsmall } from "./lmmType3Contrasts";

/** A small unbalanced design: subjects × condition (A/B) × phase (p1..p3), covariate x. */
function data(): LmmRow[] {
  const rows: LmmRow[] = [];
  let k = 0;
  for (let s = 0; s < 10; s++) {
    for (const condition of ["A", "B"]) {
      for (const phase of ["p1", "p2", "p3"]) {
        k++;
        if (k % 7 === 0) continue; // unbalanced
        const y = s * 0.3 + (condition === "B" ? 1 : 0) + (phase === "p2" ? 2 : 0) + Math.sin(k * 1.7);
        rows.push({ subject: `s${s}`, condition, phase, x: Math.cos(k), y });
      }
    }
  }
  return rows;
}

describe("lmmEmmeans", () => {
  const fit = fitLmm(data(), { formula: "y ~ condition * phase + x + (1 | subject)" });

  it("lmmEmmeans(fit, { specs, by }) averages the design over other factors with equal weights, x at its mean", () => {
    const { emmeans, contrasts } = lmmEmmeans(fit, { specs: "condition", by: "phase" });
    expect(emmeans.map((e) => `${e.levels.condition}/${e.levels.phase}`)).toEqual([
      "A/p1",
      "B/p1",
      "A/p2",
      "B/p2",
      "A/p3",
      "B/p3",
    ]);
    const xMean = data().reduce((s, r) => s + (r.x as number), 0) / data().length;
    // B in p2: intercept + conditionB + phasep2 + x̄·x + conditionB:phasep2.
    const names = fit.coefficientNames;
    const w = names.map((n) =>
      ["(Intercept)", "conditionB", "phasep2", "conditionB:phasep2"].includes(n) ? 1 : n === "x" ? xMean : 0,
    );
    const cell = emmeans[3]!;
    cell.weights.forEach((v, i) => {
      expect(v).toBeCloseTo(w[i]!, 12);
    });
    expect(contrasts.map((c) => `${c.contrast} | ${c.by.phase}`)).toEqual([
      "B - A | p1",
      "B - A | p2",
      "B - A | p3",
    ]);
    const direct = lmmContrast(
      fit,
      contrasts[1]!.weights.map((v) => v),
    );
    expect(contrasts[1]!.estimate).toBeCloseTo(direct.estimate, 12);
    expect(contrasts[1]!.df).toBeCloseTo(direct.df, 10);
  });

  it("lmmEmmeans(fit, { specs }) without by averages over every other factor", () => {
    const { emmeans, contrasts } = lmmEmmeans(fit, {
      specs: "phase",
      contrast: "revpairwise",
      ddf: "kenward-roger",
    });
    expect(emmeans).toHaveLength(3);
    expect(contrasts.map((c) => c.contrast)).toEqual(["p2 - p1", "p3 - p1", "p3 - p2"]);
    expect(contrasts.every((c) => c.df > 0 && c.ciLower < c.estimate && c.estimate < c.ciUpper)).toBe(true);
    expect(() => lmmEmmeans(fit, { specs: "x" })).toThrow(/not a factor/);
  });

  it("lmmFTest(fit, one row) equals the squared t test and lmmRatio's delta-method SE matches the formula", () => {
    const l = fit.coefficientNames.map((n) => (n === "conditionB" ? 1 : 0));
    const t = lmmContrast(fit, l);
    const f = lmmFTest(fit, [l]);
    expect(f.F).toBeCloseTo(t.t ** 2, 10);
    expect(f.denDf).toBeCloseTo(t.df, 10);
    const r = lmmRatio(fit, { conditionB: 1 }, { "(Intercept)": 1 });
    const b0 = fit.beta[0]!;
    const b1 = fit.beta[1]!;
    const v = fit.vcov;
    const g0 = -b1 / b0 ** 2;
    const g1 = 1 / b0;
    const se = Math.sqrt(g0 * g0 * v[0]![0]! + 2 * g0 * g1 * v[0]![1]! + g1 * g1 * v[1]![1]!);
    expect(r.estimate).toBeCloseTo(b1 / b0, 12);
    expect(r.se).toBeCloseTo(se, 12);
  });

  it("lmmType3Contrasts(fit) averages the interaction into the main effect (SAS type III, zapsmall-ed)", () => {
    const L = lmmType3Contrasts(fit);
    expect(L.map((c) => c.term)).toEqual(["condition", "phase", "x", "condition:phase"]);
    const cond = L[0]!;
    expect(cond.rows).toHaveLength(1);
    const named = Object.fromEntries(cond.columns.map((c, i) => [c, cond.rows[0]![i]]));
    expect(named).toEqual({
      "(Intercept)": 0,
      conditionB: 1,
      phasep2: 0,
      phasep3: 0,
      x: 0,
      "conditionB:phasep2": 0.3333333,
      "conditionB:phasep3": 0.3333333,
    });
    expect(Array.from(zapsmall(Float64Array.from([1 / 3, 2e-9, -2.5e-8])))).toEqual([0.3333333, 0, 0]);
  });
});
