import { describe, expect, it } from "vitest";
import { analyseBeliefStudy } from "./analyseBeliefStudy";
import { BeliefResultsSchema } from "./results";
import { simulateBeliefStudy } from "./simulateBeliefStudy";

const small = simulateBeliefStudy(
  {
    n_patients: 8,
    n_controls: 8,
    n_events: 20,
    missing_sessions: [{ group: "patient", index: 2, time_point: "4h" }],
    missing_madrs: [{ index: 3, time_point: "1wk" }],
  },
  5,
);

describe("analyseBeliefStudy", () => {
  const results = analyseBeliefStudy(small, { seed: 11, bootstrapB: 200 });

  it("analyseBeliefStudy(study) is JSON-safe and valid BeliefResults, and deterministic given the seed", () => {
    const text = JSON.stringify(results);
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(BeliefResultsSchema.parse(JSON.parse(text))).toEqual(JSON.parse(text));
    expect(JSON.stringify(analyseBeliefStudy(small, { seed: 11, bootstrapB: 200 }))).toBe(text);
    expect(
      analyseBeliefStudy(small, { seed: 12, bootstrapB: 200 }).mediation.bootstrap!.percentile_ci,
    ).not.toEqual(results.mediation.bootstrap!.percentile_ci);
  });

  it("BeliefResultsSchema takes the stage's provenance and rejects an unknown key", () => {
    const provenance = {
      generated_by: [{ Name: "fmrs-crossover", Version: "0.1.0" }],
      sources: [{ path: "bids::participants.tsv", sha256: "a".repeat(64) }],
      parameters: { seed: 11 },
    };
    expect(BeliefResultsSchema.safeParse({ ...results, provenance }).success).toBe(true);
    expect(BeliefResultsSchema.safeParse({ ...results, extra: 1 }).success).toBe(false);
  });

  it("analyseBeliefStudy(study) counts every trial and session and fits every model", () => {
    expect(results.counts.participants).toEqual({ patient: 8, control: 8 });
    expect(results.counts.sessions).toEqual({
      "control:1wk": 8,
      "control:pre": 8,
      "patient:1wk": 8,
      "patient:4h": 7,
      "patient:pre": 8,
    });
    const reasons = Object.values(results.counts.trials_excluded).reduce((a, b) => a + b, 0);
    expect(results.counts.trials_used + reasons).toBe(results.counts.trials);
    expect(results.counts.trials_good + results.counts.trials_bad).toBe(results.counts.trials_used);
    for (const m of Object.values(results.models)) expect(m.status, m.name).toBe("fitted");
    expect(results.models.update.formula).toBe("update ~ group * time * valence + (1 | participant_id)");
    expect(results.models.update.valence_contrasts.map((c) => `${c.group}/${c.time}`)).toEqual([
      "control/pre",
      "control/post",
      "patient/pre",
      "patient/post",
    ]);
  });

  it("analyseBeliefStudy(study) leaves patients without the sessions or MADRS out of the MADRS analyses and says why", () => {
    expect(results.madrs.bias.n).toBe(6);
    expect(results.madrs.bias.excluded).toEqual([
      { participant_id: "sub-02", session_id: null, reason: "no 4h session" },
      { participant_id: "sub-03", session_id: null, reason: "MADRS missing at 1wk" },
    ]);
    expect(results.mediation.n).toBe(6);
  });

  it("analyseBeliefStudy(study) mediation: c = c′ + a·b exactly, the indirect effect is a·b", () => {
    const m = results.mediation;
    expect(m.c!.estimate!).toBeCloseTo(m.c_prime!.estimate! + m.a!.estimate! * m.b!.estimate!, 10);
    expect(m.indirect!).toBeCloseTo(m.a!.estimate! * m.b!.estimate!, 12);
    // with 6 patients a few resamples repeat one participant too often to fit b; they are counted, not used
    expect(m.bootstrap!.n_valid).toBeGreaterThan(180);
    expect(m.bootstrap!.n_valid).toBeLessThanOrEqual(200);
  });

  it("analyseBeliefStudy(study) returns a model it cannot fit as not_estimable with the reason (no controls)", () => {
    const patientsOnly = {
      ...small,
      participants: small.participants.filter((p) => p.group === "patient"),
      sessions: small.sessions.filter((s) => Number(s.participant_id.slice(4)) <= 8),
      trials: small.trials.filter((t) => Number(t.participant_id.slice(4)) <= 8),
    };
    const r = analyseBeliefStudy(patientsOnly, { seed: 1, bootstrapB: 20 });
    expect(r.models.update.status).toBe("not_estimable");
    expect(r.models.update.reason).toBe("no rows for group = control");
    expect(r.models.update.fixed_effects).toEqual([]);
    expect(r.models.update_patients.status).toBe("fitted");
    BeliefResultsSchema.parse(JSON.parse(JSON.stringify(r)));
  });

  it("analyseBeliefStudy(study) warns about trials of an unknown session and a session without trials, and analyses the rest", () => {
    const extra = small.trials
      .filter((t) => t.participant_id === "sub-01" && t.session_id === "ses-1")
      .map((t) => ({ ...t, session_id: "ses-9" }));
    const r = analyseBeliefStudy(
      {
        ...small,
        trials: [
          ...small.trials.filter((t) => !(t.participant_id === "sub-04" && t.session_id === "ses-2")),
          ...extra,
        ],
      },
      { seed: 1, bootstrapB: 20 },
    );
    expect(r.warnings).toContain("sub-01 ses-9: 20 trial(s) of a session not in sessions.tsv; not analysed");
    expect(r.warnings).toContain("sub-04 ses-2: no trials");
    const s = r.sessions.find((x) => x.participant_id === "sub-04" && x.session_id === "ses-2")!;
    expect(s).toMatchObject({
      n_trials: 0,
      mean_update_good: null,
      alpha_good: null,
      fit_problems: ["no trials"],
    });
    expect(r.models.update.excluded).toContainEqual({
      participant_id: "sub-04",
      session_id: "ses-2",
      reason: "no mean update for good news",
    });
  });
});
