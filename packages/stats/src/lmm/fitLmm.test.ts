import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LmmRow } from "./design";
import { fitLmm, refitLmm } from "./fitLmm";
import { lmmAnova } from "./lmmAnova";
import { lmmFixedEffects } from "./lmmFixedEffects";

/** Deterministic pseudo-normal noise (sum of uniforms from an LCG), for synthetic test data. */
function noise(seed: number): () => number {
  let state = seed >>> 0 || 1;
  const unif = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return () => {
    let s = 0;
    for (let i = 0; i < 12; i++) s += unif();
    return s - 6;
  };
}

/** A two-period crossover: subjects × treatment (A/B) in random order, subject effect sd `sdSubj`. */
function crossover(nSubj: number, seed: number, sdSubj = 1): LmmRow[] {
  const z = noise(seed);
  const rows: LmmRow[] = [];
  for (let s = 0; s < nSubj; s++) {
    const u = sdSubj * z();
    const first = s % 2 === 0 ? "A" : "B";
    for (const period of [1, 2]) {
      const treatment = period === 1 ? first : first === "A" ? "B" : "A";
      const y = 10 + (treatment === "B" ? 2 : 0) + (period === 2 ? -0.5 : 0) + u + z();
      rows.push({ subject: `s${s}`, period, treatment, y, x: z() });
    }
  }
  return rows;
}

/** Balanced one-way layout: `a` groups of `n`, group sd `sdGroup`, residual sd 1. */
function oneWay(a: number, n: number, seed: number, sdGroup: number): LmmRow[] {
  const z = noise(seed);
  const rows: LmmRow[] = [];
  for (let g = 0; g < a; g++) {
    const u = sdGroup * z();
    for (let j = 0; j < n; j++) rows.push({ g: `g${g}`, y: 5 + u + z() });
  }
  return rows;
}

function anovaMeanSquares(rows: LmmRow[], a: number, n: number) {
  const ys = rows.map((r) => r.y as number);
  const grand = ys.reduce((s, v) => s + v, 0) / ys.length;
  let ssb = 0;
  let ssw = 0;
  for (let g = 0; g < a; g++) {
    const group = ys.slice(g * n, (g + 1) * n);
    const m = group.reduce((s, v) => s + v, 0) / n;
    ssb += n * (m - grand) ** 2;
    for (const v of group) ssw += (v - m) ** 2;
  }
  return { msb: ssb / (a - 1), msw: ssw / (a * (n - 1)), sst: ssb + ssw, grand };
}

describe("fitLmm", () => {
  it("fitLmm(balanced one-way) gives the ANOVA (REML) variance components and df a − 1", () => {
    const a = 8;
    const n = 5;
    const rows = oneWay(a, n, 7, 1.5);
    const { msb, msw, grand } = anovaMeanSquares(rows, a, n);
    expect(msb).toBeGreaterThan(msw);
    const fit = fitLmm(rows, { formula: "y ~ 1 + (1 | g)" });
    expect(fit.varianceComponents[1]!.variance).toBeCloseTo(msw, 10);
    expect(fit.varianceComponents[0]!.variance).toBeCloseTo((msb - msw) / n, 10);
    expect(fit.beta[0]).toBeCloseTo(grand, 12);
    expect(fit.se[0]).toBeCloseTo(Math.sqrt(msb / (a * n)), 10);
    const [sat] = lmmFixedEffects(fit);
    const [kr] = lmmFixedEffects(fit, { ddf: "kenward-roger" });
    expect(sat!.df).toBeCloseTo(a - 1, 8);
    expect(kr!.df).toBeCloseTo(a - 1, 8);
    expect(kr!.se).toBeCloseTo(sat!.se, 10);
  });

  it("fitLmm(one-way with MSB < MSW) is singular: θ = 0 exactly and σ² = SST/(N − 1)", () => {
    const a = 6;
    const n = 4;
    let rows: LmmRow[] = [];
    for (let seed = 1; seed < 200; seed++) {
      rows = oneWay(a, n, seed, 0);
      const ms = anovaMeanSquares(rows, a, n);
      if (ms.msb < 0.5 * ms.msw) break;
    }
    const { sst } = anovaMeanSquares(rows, a, n);
    const fit = fitLmm(rows, { response: "y", fixed: [], random: ["g"] });
    expect(fit.theta[0]).toBe(0);
    expect(fit.isSingular).toBe(true);
    expect(fit.messages.join(" ")).toMatch(/singular/);
    expect(fit.sigma ** 2).toBeCloseTo(sst / (a * n - 1), 12);
    expect(Number.isFinite(lmmFixedEffects(fit)[0]!.df)).toBe(true);
  });

  it("fitLmm(rows) and fitLmm(columns) give the same fit", () => {
    const rows = crossover(12, 3);
    const columns: Record<string, (string | number | null)[]> = {};
    for (const key of Object.keys(rows[0]!)) columns[key] = rows.map((r) => r[key] as string | number);
    const spec = { formula: "y ~ treatment + period + (1 | subject)", factors: { period: true as const } };
    const a = fitLmm(rows, spec);
    const b = fitLmm(columns, spec);
    expect(b.beta).toEqual(a.beta);
    expect(b.vcov).toEqual(a.vcov);
    expect(b.logLik).toBe(a.logLik);
  });

  it("fitLmm(rows with nulls and unknown levels) drops them and says why", () => {
    const rows = crossover(10, 5).map((r, i) => {
      if (i === 3) return { ...r, y: null };
      if (i === 6) return { ...r, period: Number.NaN };
      if (i === 8) return { ...r, treatment: "C" };
      return r;
    });
    const fit = fitLmm(rows, {
      formula: "y ~ treatment + period + (1 | subject)",
      factors: { treatment: ["A", "B"], period: true },
    });
    expect(fit.nObs).toBe(17);
    expect(fit.rowsDropped).toEqual([
      { row: 3, reason: "missing value in y" },
      { row: 6, reason: "missing value in period" },
      { row: 8, reason: "treatment = C is not among its levels" },
    ]);
    expect(fit.rowsUsed).toHaveLength(17);
  });

  it("fitLmm(data, spec) codes factors and covariates with R's names and order", () => {
    const rows = crossover(8, 11).map((r, i) => ({
      ...r,
      site: i % 4 < 2 ? "north" : "south",
      dose: [1, 2, 10][i % 3]!,
    }));
    const names = (formula: string, factors = {}) => fitLmm(rows, { formula, factors }).coefficientNames;
    expect(names("y ~ treatment * x + (1 | subject)")).toEqual([
      "(Intercept)",
      "treatmentB",
      "x",
      "treatmentB:x",
    ]);
    expect(names("y ~ treatment + treatment:x + (1 | subject)")).toEqual([
      "(Intercept)",
      "treatmentB",
      "treatmentA:x",
      "treatmentB:x",
    ]);
    expect(names("y ~ 0 + treatment + site + (1 | subject)")).toEqual([
      "treatmentA",
      "treatmentB",
      "sitesouth",
    ]);
    expect(names("y ~ dose + (1 | subject)", { dose: true })).toEqual(["(Intercept)", "dose2", "dose10"]);
    expect(names("y ~ treatment + (1 | subject)", { treatment: { reference: "B" } })).toEqual([
      "(Intercept)",
      "treatmentA",
    ]);
    expect(names("y ~ treatment * site + (1 | subject)", { site: ["south", "north"] })).toEqual([
      "(Intercept)",
      "treatmentB",
      "sitenorth",
      "treatmentB:sitenorth",
    ]);
  });

  it("fitLmm(data, spec) rejects a rank-deficient design and a grouping factor with one row per level", () => {
    const rows = crossover(8, 13).map((r) => ({ ...r, copy: r.treatment }));
    expect(() => fitLmm(rows, { formula: "y ~ treatment + copy + (1 | subject)" })).toThrow(/rank deficient/);
    const unique = rows.map((r, i) => ({ ...r, id: `r${i}` }));
    expect(() => fitLmm(unique, { formula: "y ~ treatment + (1 | id)" })).toThrow(/levels/);
    expect(() => fitLmm(rows, { formula: "y ~ treatment" })).toThrow(/random term/);
    expect(() => fitLmm(rows, { formula: "y ~ nothere + (1 | subject)" })).toThrow(/no column/);
  });

  it("fitLmm(complete 2×2 crossover) gives the paired-t treatment test (df = n − 2)", () => {
    const rows = crossover(14, 17);
    const fit = fitLmm(rows, {
      formula: "y ~ treatment + period + (1 | subject)",
      factors: { period: true },
    });
    // Hills–Armitage: d = y1 − y2 per subject, effect = (mean d[AB] − mean d[BA]) / 2 with treatment B − A.
    const d: Record<string, number[]> = { A: [], B: [] };
    for (let s = 0; s < 14; s++) {
      const [p1, p2] = rows.filter((r) => r.subject === `s${s}`);
      d[p1!.treatment as string]!.push((p1!.y as number) - (p2!.y as number));
    }
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const estimate = (mean(d.B!) - mean(d.A!)) / 2;
    const [, treat] = lmmFixedEffects(fit);
    expect(treat!.estimate).toBeCloseTo(estimate, 10);
    expect(treat!.df).toBeCloseTo(12, 6);
    const [, , kr] = lmmFixedEffects(fit, { ddf: "kenward-roger" });
    expect(kr!.df).toBeCloseTo(12, 6);
  });

  it("refitLmm(fit, { method: 'ML' }) has the higher log-likelihood scale of ML and a smaller σ", () => {
    const fit = fitLmm(crossover(16, 19), {
      formula: "y ~ treatment + period + (1 | subject)",
      factors: { period: true },
    });
    const ml = refitLmm(fit, { method: "ML" });
    expect(ml.method).toBe("ML");
    expect(ml.sigma).toBeLessThan(fit.sigma);
    expect(ml.aic).toBeCloseTo(-2 * ml.logLik + 2 * 5, 10);
    expect(ml.bic).toBeCloseTo(-2 * ml.logLik + Math.log(32) * 5, 10);
    // The ML fit is the ML maximum: fixing θ elsewhere lowers it.
    const other = refitLmm(fit, { method: "ML", theta: [ml.theta[0]! * 1.1] });
    expect(other.logLik).toBeLessThan(ml.logLik);
  });

  it("fitLmm(y + c) shifts only the intercept and fitLmm(k·y) scales estimates and SEs (property)", () => {
    const base = crossover(10, 23);
    const spec = {
      formula: "y ~ treatment + period + x + (1 | subject)",
      factors: { period: true as const },
    };
    const ref = fitLmm(base, spec);
    const refDf = lmmFixedEffects(ref).map((r) => r.df);
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 0.1, max: 20, noNaN: true }),
        (c, k) => {
          const shifted = fitLmm(
            base.map((r) => ({ ...r, y: (r.y as number) + c })),
            spec,
          );
          expect(shifted.beta[0]).toBeCloseTo(ref.beta[0]! + c, 6);
          shifted.beta.slice(1).forEach((b, i) => {
            expect(b).toBeCloseTo(ref.beta[i + 1]!, 6);
          });
          const scaled = fitLmm(
            base.map((r) => ({ ...r, y: (r.y as number) * k })),
            spec,
          );
          scaled.beta.forEach((b, i) => {
            expect(b / k).toBeCloseTo(ref.beta[i]!, 6);
          });
          scaled.se.forEach((s, i) => {
            expect(s / k).toBeCloseTo(ref.se[i]!, 6);
          });
          lmmFixedEffects(scaled).forEach((r, i) => {
            expect(r.df).toBeCloseTo(refDf[i]!, 4);
          });
        },
      ),
      { numRuns: 20, seed: 42 },
    );
  });

  it("fitLmm(data, reference swapped) flips the sign of the treatment effect and keeps its test", () => {
    const rows = crossover(12, 29);
    const a = lmmFixedEffects(
      fitLmm(rows, { formula: "y ~ treatment + period + (1 | subject)", factors: { period: true } }),
    );
    const b = lmmFixedEffects(
      fitLmm(rows, {
        formula: "y ~ treatment + period + (1 | subject)",
        factors: { period: true, treatment: ["B", "A"] },
      }),
    );
    expect(b[1]!.term).toBe("treatmentA");
    expect(b[1]!.estimate).toBeCloseTo(-a[1]!.estimate, 10);
    expect(b[1]!.se).toBeCloseTo(a[1]!.se, 10);
    expect(b[1]!.df).toBeCloseTo(a[1]!.df, 8);
  });

  it("lmmAnova(fit) of a one-term model uses lmerTest's type-I contrast and equals the t test", () => {
    const fit = fitLmm(crossover(12, 31), { formula: "y ~ treatment + (1 | subject)" });
    const [row] = lmmAnova(fit);
    const [, t] = lmmFixedEffects(fit);
    expect(row!.term).toBe("treatment");
    expect(row!.F).toBeCloseTo(t!.t ** 2, 10);
    expect(row!.denDf).toBeCloseTo(t!.df, 8);
  });
  it("fitLmm(crossed subjects × items) reaches a stationary REML maximum (every θ perturbation lowers it)", () => {
    const z = noise(37);
    const subj = Array.from({ length: 15 }, () => 1.2 * z());
    const item = Array.from({ length: 9 }, () => 0.7 * z());
    const rows: LmmRow[] = [];
    for (let s = 0; s < 15; s++) {
      for (let i = 0; i < 9; i++) {
        if ((s + i) % 5 !== 0)
          rows.push({ s: `s${s}`, i: `i${i}`, x: z(), y: 3 + subj[s]! + item[i]! + z() });
      }
    }
    const fit = fitLmm(rows, { formula: "y ~ x + (1 | s) + (1 | i)" });
    expect(fit.optimizer.converged).toBe(true);
    expect(fit.nGroups).toEqual({ s: 15, i: 9 });
    for (const [f, g] of [
      [1.001, 1],
      [0.999, 1],
      [1, 1.001],
      [1, 0.999],
    ] as const) {
      const other = refitLmm(fit, { theta: [fit.theta[0]! * f, fit.theta[1]! * g] });
      expect(other.logLik).toBeLessThan(fit.logLik);
    }
  });
});
