// Monte Carlo recovery of the belief-updating study (slow tier): 40 simulated studies at the
// defaults (26 patients, 30 controls, 40 events, missingness), seeds 1…40.
import { describe, expect, it } from "vitest";
import { analyseBeliefStudy } from "./analyseBeliefStudy";
import { simulateBeliefStudy } from "./simulateBeliefStudy";
import { learningRateRecovery } from "./testing.testHelper";

const K = 40;
const runs = Array.from({ length: K }, (_, i) => {
  const sim = simulateBeliefStudy({}, i + 1);
  const rec = learningRateRecovery(sim);
  const res = analyseBeliefStudy(sim, { seed: i + 1, bootstrapB: 200 });
  return { sim, rec, res };
});
const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: readonly number[]) => {
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
};

describe("belief-updating recovery over 40 simulated studies", () => {
  it("learning rates: correlation with the truth ≥ 0.8 at 40 trials in every study, bias within 0.05 in every study", () => {
    for (const { rec } of runs) {
      expect(rec.r).toBeGreaterThanOrEqual(0.8);
      expect(Math.abs(rec.bias)).toBeLessThanOrEqual(0.05);
    }
    expect(Math.abs(mean(runs.map((r) => r.rec.bias)))).toBeLessThan(0.01);
  });

  for (const [model, truthKey] of [
    ["update", "update_group_time_valence"],
    ["learning_rate", "alpha_group_time_valence"],
  ] as const) {
    it(`the group × time × valence effect of truth.json: the ${model} model's 95 % CI covers it in ≥ 85 % of studies, its mean estimate within 3 Monte Carlo SEs`, () => {
      const est: number[] = [];
      let covered = 0;
      for (const { sim, res } of runs) {
        const k = res.models[model].key_coefficient!;
        const truth = sim.truth.effects[truthKey];
        est.push(k.estimate!);
        if (k.ci_lower! <= truth && truth <= k.ci_upper!) covered++;
      }
      const truth = runs[0]!.sim.truth.effects[truthKey];
      expect(covered / K).toBeGreaterThanOrEqual(0.85);
      expect(Math.abs(mean(est) - truth)).toBeLessThanOrEqual((3 * sd(est)) / Math.sqrt(K));
    });
  }

  it("the mediation's indirect effect: the sign of the truth, attenuated towards 0 (regression dilution) but not lost, and its bootstrap CI excludes 0 in ≥ 80 % of studies", () => {
    const ind = runs.map((r) => r.res.mediation.indirect!);
    const truth = runs[0]!.sim.truth.mediation.indirect;
    for (const { sim } of runs) expect(Math.sign(sim.truth.mediation.indirect)).toBe(Math.sign(truth));
    expect(Math.sign(mean(ind))).toBe(Math.sign(truth));
    expect(Math.abs(mean(ind))).toBeLessThan(Math.abs(mean(runs.map((r) => r.sim.truth.mediation.indirect))));
    const excludesZero = runs.filter((r) => {
      const [lo, hi] = r.res.mediation.bootstrap!.percentile_ci;
      return truth < 0 ? hi! < 0 : lo! > 0;
    }).length;
    expect(excludesZero / K).toBeGreaterThanOrEqual(0.8);
    // a (the mean change of the bias) is not diluted: its mean estimate is within 3 Monte Carlo SEs of the truth.
    const a = runs.map((r) => r.res.mediation.a!.estimate! - r.sim.truth.mediation.a);
    expect(Math.abs(mean(a))).toBeLessThanOrEqual((3 * sd(a)) / Math.sqrt(K));
  });
});
