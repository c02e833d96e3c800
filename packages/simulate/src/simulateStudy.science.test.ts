// Slow tier (`pnpm test:science`): a 300-subject simulated study recovers the spec's population
// values (a model check of the simulator against its own truth spec, not a unit test).
import { describe, expect, it } from "vitest";
import { simulateStudy } from "./simulateStudy";
import { SimulationSpec, type SimulationSpecInput } from "./spec";
import { readBasis3T } from "./testing/referenceBasis";

/** The default design with cheap spectra (as in simulateStudy.test.ts): TR 30 s, 256 points, no water reference. */
const CHEAP_DEFAULT: SimulationSpecInput = {
  timing: { repetition_time_s: 30, transients_per_dynamic: 1 },
  acquisition: { points: 256, water_reference: false },
};

describe("simulateStudy on a large sample (model check)", () => {
  it("simulateStudy(300 subjects) recovers the spec's Glx responses and MADRS attenuation by sex", () => {
    const spec = SimulationSpec.parse({
      ...CHEAP_DEFAULT,
      participants: { n: 300 },
      timing: { ...CHEAP_DEFAULT.timing, baseline_min: 2, post_min: 0, block_length_min: 1 },
      missing: { mrs_sessions: 0, madrs_24h: 0 },
    });
    const { truth } = simulateStudy(spec, readBasis3T());
    const pop = truth.population;
    const by = truth.sample.glx.by_sex;
    // Block sampling at TR 30 s shifts the window mean a little from the continuous fraction.
    expect(Math.abs((by.F.reference ?? 0) - pop.glx.reference_response_pct)).toBeLessThan(0.4);
    expect(Math.abs((by.M.reference ?? 0) - pop.glx.reference_response_pct)).toBeLessThan(0.4);
    expect(Math.abs((by.F.test ?? 0) - pop.glx.test_response_pct.F)).toBeLessThan(0.4);
    expect(Math.abs((by.M.test ?? 0) - pop.glx.test_response_pct.M)).toBeLessThan(0.4);
    const att = truth.sample.madrs.attenuation_by_sex;
    expect(Math.abs((att.F ?? 0) - 0.18)).toBeLessThan(0.08);
    expect(Math.abs((att.M ?? 0) - 0.4)).toBeLessThan(0.08);
  });
});
