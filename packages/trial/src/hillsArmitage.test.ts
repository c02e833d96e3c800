import { describe, expect, it } from "vitest";
import { hillsArmitage, type PeriodObservation } from "./hillsArmitage";
import {
  readReferenceCsv,
  readReferenceJson,
  referenceStats,
  refNumber,
  relDiff,
} from "./testing/referenceCsv";

const TOL = 1e-12;

function expectClose(actual: number, expected: number, tol = TOL): void {
  expect(relDiff(actual, expected), `${actual} vs ${expected}`).toBeLessThan(tol);
}

describe("hillsArmitage on crossover-reference-1 (R, section d)", () => {
  const sessions = readReferenceCsv("sessions.csv");
  const observations: PeriodObservation[] = sessions.map((r) => ({
    participant_id: String(r.subject),
    session_id: `ses-${r.period}`,
    period: Number(r.period),
    condition: String(r.treatment),
    value: r.madrs_change === null ? null : Number(r.madrs_change),
  }));
  const json = readReferenceJson();
  const ref = (path: string) => refNumber(json, `d_hills_armitage.${path}`);
  const result = hillsArmitage(observations, { outcome: "madrs_change", test: "NTX", reference: "PBO" });

  it("hillsArmitage(obs) uses the complete cases and lists the excluded subject with its reason", () => {
    expect(result.n).toBe(ref("n_complete"));
    expect(result.n_by_sequence).toEqual({
      "NTX-PBO": ref("n_seq_ntx_pbo"),
      "PBO-NTX": ref("n_seq_pbo_ntx"),
    });
    expect(result.excluded).toEqual([
      { participant_id: "S23", session_id: null, reason: "no madrs_change in period 1 (ses-1, PBO)" },
    ]);
  });

  it("hillsArmitage(obs) reproduces the sequence means, SDs and pooled variance of d", () => {
    expectClose(result.mean_d_by_sequence["NTX-PBO"] as number, ref("mean_d_seq_ntx_pbo"));
    expectClose(result.mean_d_by_sequence["PBO-NTX"] as number, ref("mean_d_seq_pbo_ntx"));
    expectClose(result.sd_d_by_sequence["NTX-PBO"] as number, ref("sd_d_seq_ntx_pbo"));
    expectClose(result.sd_d_by_sequence["PBO-NTX"] as number, ref("sd_d_seq_pbo_ntx"));
    expectClose(result.pooled_var_d, ref("pooled_var_d"));
  });

  it("hillsArmitage(obs) reproduces the treatment effect, SE, df, t, p and CI to 1e-12", () => {
    expectClose(result.treatment.estimate, ref("treatment.estimate"));
    expectClose(result.treatment.se, ref("treatment.se"));
    expect(result.treatment.df).toBe(ref("treatment.df"));
    expectClose(result.treatment.t, ref("treatment.t"));
    expectClose(result.treatment.p, ref("treatment.p"));
    expectClose(result.treatment.ci95[0], ref("treatment.ci95_lower"));
    expectClose(result.treatment.ci95[1], ref("treatment.ci95_upper"));
    expectClose(result.treatment_welch.t, ref("treatment.t_test_on_d_welch.t"));
    expectClose(result.treatment_welch.df, ref("treatment.t_test_on_d_welch.df"));
    expectClose(result.treatment_welch.p, ref("treatment.t_test_on_d_welch.p"));
    expectClose(result.treatment_welch.estimate, ref("treatment.t_test_on_d_welch.estimate_half_mean_diff"));
  });

  it("hillsArmitage(obs) gives Cohen's d_z = estimate/√pooled var(d) with the noncentral-t CI (SciPy nct inversion)", () => {
    // d_z from R's estimate and pooled variance; CI from SciPy 1.17.1: brentq on nct.cdf(t, 23, λ)
    // at 0.975 and 0.025, divided by √(4/(1/13 + 1/12)).
    const dz = result.standardised;
    expect(dz).not.toBeNull();
    expect(dz?.estimate).toBeCloseTo(3.926282051282051 / Math.sqrt(47.618450390189516), 12);
    expect(dz?.ci95[0]).toBeCloseTo(0.13869788421037993, 8);
    expect(dz?.ci95[1]).toBeCloseTo(0.9887283064702759, 8);
  });

  it("hillsArmitage(obs) reproduces the period effect and the carryover tests to 1e-12", () => {
    expectClose(result.period.estimate, ref("period.estimate"));
    expectClose(result.period.se, ref("period.se"));
    expectClose(result.period.t, ref("period.t"));
    expectClose(result.period.p, ref("period.p"));

    expectClose(
      result.carryover.mean_sum_by_sequence["NTX-PBO"] as number,
      ref("carryover.mean_sum_seq_ntx_pbo"),
    );
    expectClose(
      result.carryover.mean_sum_by_sequence["PBO-NTX"] as number,
      ref("carryover.mean_sum_seq_pbo_ntx"),
    );
    expectClose(result.carryover.difference, ref("carryover.difference"));
    expectClose(result.carryover.pooled.t, ref("carryover.pooled.t"));
    expectClose(result.carryover.pooled.p, ref("carryover.pooled.p"));
    expectClose(result.carryover.pooled.se, ref("carryover.pooled.se"));
    expect(result.carryover.pooled.df).toBe(ref("carryover.pooled.df"));
    expectClose(result.carryover.welch.t, ref("carryover.welch.t"));
    expectClose(result.carryover.welch.df, ref("carryover.welch.df"));
    expectClose(result.carryover.welch.p, ref("carryover.welch.p"));
  });
});

describe("hillsArmitage on constructed data", () => {
  const make = (rows: [string, number, string, number | null][]): PeriodObservation[] =>
    rows.map(([id, period, condition, value]) => ({
      participant_id: id,
      session_id: `ses-${period}`,
      period,
      condition,
      value,
    }));

  it("hillsArmitage(obs) recovers an exact treatment and period effect from noiseless data", () => {
    // y = 10 + 3·[B] + 1·[period 2] + subject offset
    const rows: [string, number, string, number | null][] = [];
    ["a", "b", "c"].forEach((s, i) => {
      rows.push([`sub-${s}`, 1, "A", 10 + i * 5], [`sub-${s}`, 2, "B", 14 + i * 5]);
    });
    ["d", "e", "f"].forEach((s, i) => {
      rows.push([`sub-${s}`, 1, "B", 13 + i * 7], [`sub-${s}`, 2, "A", 11 + i * 7]);
    });
    // noiseless data give s² = 0; add a symmetric perturbation that cancels in the means
    const r = hillsArmitage(make(rows), { outcome: "y", test: "B", reference: "A" });
    expect(r.treatment.estimate).toBeCloseTo(3, 12);
    expect(r.period.estimate).toBeCloseTo(1, 12);
  });

  it("hillsArmitage(obs) flips the sign when test and reference swap", () => {
    const rows = make([
      ["sub-1", 1, "A", 1],
      ["sub-1", 2, "B", 4],
      ["sub-2", 1, "A", 2],
      ["sub-2", 2, "B", 3.5],
      ["sub-3", 1, "B", 5],
      ["sub-3", 2, "A", 1],
      ["sub-4", 1, "B", 6],
      ["sub-4", 2, "A", 3],
    ]);
    const ab = hillsArmitage(rows, { outcome: "y", test: "B", reference: "A" });
    const ba = hillsArmitage(rows, { outcome: "y", test: "A", reference: "B" });
    expect(ba.treatment.estimate).toBeCloseTo(-ab.treatment.estimate, 12);
    expect(ba.treatment.p).toBeCloseTo(ab.treatment.p, 12);
    expect(ba.period.estimate).toBeCloseTo(ab.period.estimate, 12);
  });

  it("hillsArmitage(obs) throws when a sequence has fewer than 2 complete subjects", () => {
    const rows = make([
      ["sub-1", 1, "A", 1],
      ["sub-1", 2, "B", 4],
      ["sub-2", 1, "A", 2],
      ["sub-2", 2, "B", null],
      ["sub-3", 1, "B", 5],
      ["sub-3", 2, "A", 1],
      ["sub-4", 1, "B", 6],
      ["sub-4", 2, "A", 3],
    ]);
    expect(() => hillsArmitage(rows, { outcome: "y", test: "B", reference: "A" })).toThrow(/A-B: 1/);
  });
});
