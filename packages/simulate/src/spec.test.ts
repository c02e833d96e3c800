import { describe, expect, it } from "vitest";
import { MINI_SPEC, SimulationSpec } from "./spec";

describe("SimulationSpec", () => {
  it("SimulationSpec.parse({}) gives the real study's design: 26 subjects, 40-min infusion, Glx/tNAA effects, MADRS", () => {
    const s = SimulationSpec.parse({});
    expect(s.participants).toMatchObject({ n: 26, n_female: null, n_reference_first: null });
    expect(s.timing).toMatchObject({
      baseline_min: 10,
      infusion_min: 40,
      post_min: 10,
      repetition_time_s: 2.5,
      transients_per_dynamic: 12,
    });
    expect(s.conditions.reference.id).toBe("PBO");
    expect(s.conditions.test.id).toBe("NTX");
    expect(s.glx).toMatchObject({ reference_peak_pct: 5, test_peak_pct: { F: 2.5, M: 1.4 } });
    expect(s.madrs).toMatchObject({ reference_drop: 13, attenuation: { F: 0.18, M: 0.4 } });
    expect(s.missing).toEqual({ mrs_sessions: 1, madrs_24h: 1 });
    expect(s.spectra.naa_fwhm_hz).toEqual({ min: 5, max: 8 });
  });

  it("SimulationSpec.parse(MINI_SPEC) parses and keeps the defaults it does not override", () => {
    const s = SimulationSpec.parse(MINI_SPEC);
    expect(s.participants.n).toBe(4);
    expect(s.acquisition.points).toBe(1024);
    expect(s.glx.reference_peak_pct).toBe(5);
  });

  it("SimulationSpec.parse(bad) rejects more females than subjects and windows that split a dynamic", () => {
    expect(SimulationSpec.safeParse({ participants: { n: 4, n_female: 5 } }).success).toBe(false);
    const r = SimulationSpec.safeParse({ timing: { baseline_min: 10.25 } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/whole number of stored dynamics/);
    expect(
      SimulationSpec.safeParse({
        conditions: { reference: { id: "A", label: "a" }, test: { id: "A", label: "b" } },
      }).success,
    ).toBe(false);
    expect(SimulationSpec.safeParse({ extra: 1 }).success).toBe(false);
  });
});
