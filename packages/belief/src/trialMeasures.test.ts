import { describe, expect, it } from "vitest";
import { type BeliefTrial, BeliefTrialSchema } from "./schema";
import { sessionSummaries } from "./sessionSummaries";
import { trialMeasures } from "./trialMeasures";

const trial = (over: Partial<BeliefTrial>): BeliefTrial => ({
  participant_id: "sub-01",
  session_id: "ses-1",
  trial: 1,
  event_id: "e01",
  first_estimate: 40,
  base_rate: 30,
  second_estimate: 34,
  ...over,
});

describe("trialMeasures", () => {
  it("trialMeasures(trials) calls a base rate below the first estimate good news and measures the update towards it", () => {
    const [m] = trialMeasures([trial({})]);
    expect(m).toMatchObject({
      estimation_error: 10,
      news: "good",
      update: 6,
      excluded: false,
      exclusion_reason: null,
    });
  });
  it("trialMeasures(trials) calls a base rate above the first estimate bad news; the update is second − first", () => {
    const [m] = trialMeasures([trial({ first_estimate: 20, base_rate: 35, second_estimate: 23 })]);
    expect(m).toMatchObject({ estimation_error: -15, news: "bad", update: 3, excluded: false });
  });
  it("trialMeasures(trials) gives a negative update when the second estimate moves away from the base rate", () => {
    const [m] = trialMeasures([trial({ first_estimate: 40, base_rate: 30, second_estimate: 45 })]);
    expect(m!.update).toBe(-5);
  });
  it("trialMeasures(trials) excludes every unusable trial with a reason and drops none", () => {
    const rows = [
      trial({ trial: 1, first_estimate: null }),
      trial({ trial: 2, base_rate: null }),
      trial({ trial: 3, second_estimate: null }),
      trial({ trial: 4, second_estimate: 101 }),
      trial({ trial: 5, first_estimate: 30, base_rate: 30 }),
      trial({ trial: 6 }),
    ];
    const out = trialMeasures(rows);
    expect(out).toHaveLength(6);
    expect(out.map((m) => m.exclusion_reason)).toEqual([
      "missing_first_estimate",
      "missing_base_rate",
      "missing_second_estimate",
      "out_of_range",
      "no_estimation_error",
      null,
    ]);
    expect(out.map((m) => m.update)).toEqual([null, null, null, null, null, 6]);
    // a missing second estimate still has its error and news for the report
    expect(out[2]).toMatchObject({ estimation_error: 10, news: "good" });
    expect(out[4]!.news).toBeNull();
  });
  it("trialMeasures(trials, {range}) applies the task's allowed range", () => {
    const out = trialMeasures([trial({ first_estimate: 80, base_rate: 50, second_estimate: 70 })], {
      range: [3, 77],
    });
    expect(out[0]!.exclusion_reason).toBe("out_of_range");
  });
  it("BeliefTrialSchema accepts a missing estimate as null and rejects NaN and a bad id", () => {
    expect(BeliefTrialSchema.safeParse(trial({ second_estimate: null })).success).toBe(true);
    expect(BeliefTrialSchema.safeParse(trial({ second_estimate: Number.NaN })).success).toBe(false);
    expect(BeliefTrialSchema.safeParse(trial({ participant_id: "01" })).success).toBe(false);
  });
});

describe("sessionSummaries", () => {
  it("sessionSummaries(measures) gives good/bad mean updates, the bias and counts per session, sorted", () => {
    const rows = [
      trial({ session_id: "ses-2", trial: 1 }),
      trial({ trial: 1, first_estimate: 40, base_rate: 30, second_estimate: 34 }), // good, 6
      trial({ trial: 2, first_estimate: 50, base_rate: 30, second_estimate: 40 }), // good, 10
      trial({ trial: 3, first_estimate: 20, base_rate: 40, second_estimate: 24 }), // bad, 4
      trial({ trial: 4, second_estimate: null }),
    ];
    const s = sessionSummaries(trialMeasures(rows));
    expect(s.map((r) => r.session_id)).toEqual(["ses-1", "ses-2"]);
    expect(s[0]).toMatchObject({
      n_trials: 4,
      n_used: 3,
      n_good: 2,
      n_bad: 1,
      n_excluded: 1,
      mean_update_good: 8,
      mean_update_bad: 4,
      update_bias: 4,
      mean_abs_error_good: 15,
      mean_abs_error_bad: 20,
    });
    expect(s[0]!.excluded_by_reason.missing_second_estimate).toBe(1);
    expect(s[1]).toMatchObject({ n_used: 1, n_bad: 0, mean_update_bad: null, update_bias: null });
  });
});
