import { describe, expect, it } from "vitest";
import { analyseBeliefStudy } from "./analyseBeliefStudy";
import { BeliefMadrsSchema, BeliefParticipantSchema, BeliefSessionSchema, BeliefTrialSchema } from "./schema";
import { simulateBeliefStudy } from "./simulateBeliefStudy";
import { learningRateRecovery } from "./testing.testHelper";
import { trialMeasures } from "./trialMeasures";

const sim = simulateBeliefStudy();

describe("simulateBeliefStudy", () => {
  it("simulateBeliefStudy() follows the study facts: 26 patients (pre/4h/1wk), 30 controls (two sessions), 40 events, listed missing sessions", () => {
    expect(sim.participants.filter((p) => p.group === "patient")).toHaveLength(26);
    expect(sim.participants.filter((p) => p.group === "control")).toHaveLength(30);
    const count = (group: string, tp: string) =>
      sim.sessions.filter(
        (s) =>
          s.time_point === tp &&
          sim.participants.find((p) => p.participant_id === s.participant_id)!.group === group,
      ).length;
    expect([count("patient", "pre"), count("patient", "4h"), count("patient", "1wk")]).toEqual([26, 25, 24]);
    expect([count("control", "pre"), count("control", "4h"), count("control", "1wk")]).toEqual([30, 0, 28]);
    expect(sim.trials).toHaveLength(sim.sessions.length * 40);
    for (const s of sim.sessions.slice(0, 5)) {
      const ev = sim.trials.filter(
        (t) => t.participant_id === s.participant_id && t.session_id === s.session_id,
      );
      expect(new Set(ev.map((t) => t.event_id)).size).toBe(40);
    }
    // every row is valid input
    for (const p of sim.participants) BeliefParticipantSchema.parse(p);
    for (const s of sim.sessions) BeliefSessionSchema.parse(s);
    for (const m of sim.madrs) BeliefMadrsSchema.parse(m);
    for (const t of sim.trials.slice(0, 200)) BeliefTrialSchema.parse(t);
  });

  it("simulateBeliefStudy() has realistic missingness: a few missing responses, one missing MADRS, none out of range", () => {
    const reasons = trialMeasures(sim.trials).map((m) => m.exclusion_reason);
    const missing = reasons.filter((r) => r !== null).length / reasons.length;
    expect(missing).toBeGreaterThan(0.01);
    expect(missing).toBeLessThan(0.06);
    expect(reasons).not.toContain("out_of_range");
    expect(sim.madrs.filter((m) => m.madrs_total === null)).toHaveLength(1);
  });

  it("simulateBeliefStudy(spec, seed) is deterministic in the seed", () => {
    expect(JSON.stringify(simulateBeliefStudy({}, 20221128))).toBe(JSON.stringify(sim));
    expect(simulateBeliefStudy({}, 7).trials[0]).not.toEqual(sim.trials[0]);
  });

  it("simulateBeliefStudy() gives good and bad news the same |estimation error| distribution (so the truth in update units is α × E|EE|)", () => {
    const used = trialMeasures(sim.trials).filter((m) => !m.excluded);
    const meanAbs = (v: string) => {
      const x = used.filter((m) => m.news === v).map((m) => Math.abs(m.estimation_error!));
      return x.reduce((a, b) => a + b, 0) / x.length;
    };
    expect(Math.abs(meanAbs("good") - sim.truth.mean_abs_error)).toBeLessThan(0.6);
    expect(Math.abs(meanAbs("bad") - sim.truth.mean_abs_error)).toBeLessThan(0.6);
    expect(sim.truth.effects.update_group_time_valence).toBeCloseTo(
      sim.truth.effects.alpha_group_time_valence * sim.truth.mean_abs_error,
      12,
    );
  });

  it("parameter recovery (one study, the fast check): learning rates correlate ≥ 0.8 with the truth at 40 trials, bias within 0.05", () => {
    const rec = learningRateRecovery(sim);
    expect(rec.fitted.length).toBeGreaterThan(250);
    expect(rec.r).toBeGreaterThanOrEqual(0.8);
    expect(Math.abs(rec.bias)).toBeLessThanOrEqual(0.05);
  });

  it("the group × time × valence effect of truth.json lies within the 95 % CIs of the update and learning-rate models (this seed)", () => {
    const r = analyseBeliefStudy(sim, { seed: 1, bootstrapB: 2 });
    const u = r.models.update.key_coefficient!;
    const a = r.models.learning_rate.key_coefficient!;
    expect(u.term).toBe("grouppatient:timepost:valencegood");
    expect(u.ci_lower!).toBeLessThanOrEqual(sim.truth.effects.update_group_time_valence);
    expect(u.ci_upper!).toBeGreaterThanOrEqual(sim.truth.effects.update_group_time_valence);
    expect(a.ci_lower!).toBeLessThanOrEqual(sim.truth.effects.alpha_group_time_valence);
    expect(a.ci_upper!).toBeGreaterThanOrEqual(sim.truth.effects.alpha_group_time_valence);
  });
});
