import { randomMersenneTwister } from "@fmrs/stats";
import { describe, expect, it } from "vitest";
import { fitLearningRates, invertSmall } from "./fitLearningRates";
import type { BeliefTrial } from "./schema";

/** Trials from the model with known α and σ (a Box–Muller normal on R's Mersenne Twister). */
function simulated(
  alphaGood: number,
  alphaBad: number,
  sigma: number,
  n: number,
  seed: number,
): BeliefTrial[] {
  const rng = randomMersenneTwister(seed);
  const normal = () => Math.sqrt(-2 * Math.log(rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
  return Array.from({ length: n }, (_, i) => {
    const base = 10 + 50 * rng.uniform();
    const first = Math.min(95, Math.max(5, base + 25 * (rng.uniform() - 0.5)));
    const ee = first - base;
    const alpha = ee > 0 ? alphaGood : alphaBad;
    const second = first - alpha * ee + Math.sign(ee) * -sigma * normal();
    return {
      participant_id: "sub-01",
      session_id: "ses-1",
      trial: i + 1,
      event_id: `e${i + 1}`,
      first_estimate: first,
      base_rate: base,
      second_estimate: second,
    };
  });
}

/** −log L of the model, written out independently of the fitter. */
function nllOf(trials: readonly BeliefTrial[], ag: number, ab: number, s: number): number {
  let v = 0;
  for (const t of trials) {
    const ee = t.first_estimate! - t.base_rate!;
    const u = ee > 0 ? t.first_estimate! - t.second_estimate! : t.second_estimate! - t.first_estimate!;
    const r = u - (ee > 0 ? ag : ab) * Math.abs(ee);
    v += 0.5 * Math.log(2 * Math.PI * s * s) + (r * r) / (2 * s * s);
  }
  return v;
}

describe("fitLearningRates", () => {
  const trials = simulated(0.6, 0.3, 4, 40, 11);
  const fit = fitLearningRates(trials);

  it("fitLearningRates(trials) is the maximum of the likelihood: no nearby point (grid of ±1e-4 steps) is better", () => {
    expect(fit.converged).toBe(true);
    expect(fit.nll).toBeCloseTo(nllOf(trials, fit.alpha_good!, fit.alpha_bad!, fit.sigma!), 10);
    for (const dg of [-1e-4, 0, 1e-4])
      for (const db of [-1e-4, 0, 1e-4])
        for (const ds of [-1e-4, 0, 1e-4])
          expect(
            nllOf(trials, fit.alpha_good! + dg, fit.alpha_bad! + db, fit.sigma! + ds),
          ).toBeGreaterThanOrEqual(fit.nll! - 1e-12);
  });

  it("fitLearningRates(trials) SEs equal those of a finite-difference Hessian of −log L", () => {
    const p = [fit.alpha_good!, fit.alpha_bad!, fit.sigma!];
    const h = 1e-4;
    const f = (q: number[]) => nllOf(trials, q[0]!, q[1]!, q[2]!);
    const H = p.map((_, i) =>
      p.map((_, j) => {
        const at = (di: number, dj: number) => {
          const q = [...p];
          q[i]! += di;
          q[j]! += dj;
          return f(q);
        };
        return (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
      }),
    );
    const cov = invertSmall(H)!;
    expect(fit.se_good).toBeCloseTo(Math.sqrt(cov[0]![0]!), 5);
    expect(fit.se_bad).toBeCloseTo(Math.sqrt(cov[1]![1]!), 5);
    expect(fit.se_sigma).toBeCloseTo(Math.sqrt(cov[2]![2]!), 5);
    expect(fit.se_asymmetry).toBeCloseTo(Math.sqrt(cov[0]![0]! + cov[1]![1]! - 2 * cov[0]![1]!), 5);
  });

  it("fitLearningRates(trials) recovers α near the truth on a long noise-light session", () => {
    const long = fitLearningRates(simulated(0.7, 0.2, 1, 400, 3));
    expect(long.alpha_good).toBeCloseTo(0.7, 1);
    expect(long.alpha_bad).toBeCloseTo(0.2, 1);
    expect(long.sigma).toBeGreaterThan(0.8);
    expect(long.sigma).toBeLessThan(1.2);
  });

  it("fitLearningRates(trials) puts a rate beyond its bound on the bound, with no SE and a problem", () => {
    const over = fitLearningRates(simulated(1.4, 0.3, 2, 40, 5));
    expect(over.alpha_good).toBe(1);
    expect(over.at_bound.good).toBe(true);
    expect(over.se_good).toBeNull();
    expect(over.se_bad).not.toBeNull();
    expect(over.problems.join(" ")).toMatch(/upper bound/);
    // the other SEs hold α_good at the bound: the finite-difference Hessian in (α_bad, σ)
    const trials5 = simulated(1.4, 0.3, 2, 40, 5);
    const h = 1e-4;
    const p = [over.alpha_bad!, over.sigma!];
    const f = (q: number[]) => nllOf(trials5, 1, q[0]!, q[1]!);
    const H = p.map((_, i) =>
      p.map((_, j) => {
        const at = (di: number, dj: number) => {
          const q = [...p];
          q[i]! += di;
          q[j]! += dj;
          return f(q);
        };
        return (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
      }),
    );
    const cov = invertSmall(H)!;
    expect(over.se_bad).toBeCloseTo(Math.sqrt(cov[0]![0]!), 5);
    expect(over.se_sigma).toBeCloseTo(Math.sqrt(cov[1]![1]!), 5);
    expect(over.se_asymmetry).toBeNull();
  });

  it("fitLearningRates(trials) reports a valence with too few trials as not estimable and still fits the other", () => {
    const onlyGood = simulated(0.5, 0.5, 3, 60, 8).filter((t) => t.first_estimate! > t.base_rate!);
    const f = fitLearningRates([
      ...onlyGood,
      { ...onlyGood[0]!, trial: 99, first_estimate: 10, base_rate: 20, second_estimate: 12 },
    ]);
    expect(f.alpha_bad).toBeNull();
    expect(f.alpha_good).not.toBeNull();
    expect(f.n_bad).toBe(1);
    expect(f.problems.join(" ")).toMatch(/bad-news learning rate not estimable/);
  });

  it("fitLearningRates(trials) counts excluded trials and rejects trials of two sessions", () => {
    const withMissing = [...trials, { ...trials[0]!, trial: 41, second_estimate: null }];
    expect(fitLearningRates(withMissing).n_excluded).toBe(1);
    expect(() => fitLearningRates([...trials, { ...trials[0]!, session_id: "ses-2" }])).toThrow(/2 sessions/);
  });
});
