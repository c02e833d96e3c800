import { Results } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { analyseTrial } from "./analyse";
import { fitModel, ModelNotEstimableError, sexModel } from "./models";
import { deriveOutcomes } from "./outcomes";
import { referenceStudy, referenceTables } from "./testing/fixtures";

/** Paths of every number in `x` that is NaN or ±Infinity (JSON would write them as null). */
function nonFinite(x: unknown, path = ""): string[] {
  if (typeof x === "number") return Number.isFinite(x) ? [] : [`${path}=${x}`];
  if (Array.isArray(x)) return x.flatMap((v, i) => nonFinite(v, `${path}[${i}]`));
  if (x !== null && typeof x === "object")
    return Object.entries(x).flatMap(([k, v]) => nonFinite(v, path === "" ? k : `${path}.${k}`));
  return [];
}

const SEX_MODEL = {
  description: "tiny",
  formula: "y ~ condition * sex + period + (1 | subject)",
  factors: { condition: ["PBO", "NTX"], sex: ["F", "M"], period: [1, 2] },
  keyTerm: "condition:sex",
  contrastBy: "sex",
  kenwardRoger: true,
};

describe("small studies: a test that cannot be estimated is null with a named reason, never NaN or ±Infinity", () => {
  it("analyseTrial on 4-subject subsets of crossover-reference-1 (two of each sequence, one session without MRS) gives finite, schema-valid results and names what it left out", () => {
    const t = referenceTables();
    const bySequence = new Map<string, string[]>();
    for (const p of t.participants)
      bySequence.set(p.sequence, [...(bySequence.get(p.sequence) ?? []), p.participant_id]);
    const [a = [], b = []] = [...bySequence.values()];
    let withProblems = 0;
    for (let i = 0; i + 1 < Math.min(a.length, b.length); i += 2) {
      const keep = new Set([a[i], a[i + 1], b[i], b[i + 1]]);
      const participants = t.participants.filter((p) => keep.has(p.participant_id));
      const sessions = t.sessions.filter((s) => keep.has(s.participant_id));
      const timeseries = new Map([...t.timeseries].filter(([k]) => keep.has(k.split("/")[0])));
      const madrs = t.madrs.filter((m) => keep.has(m.participant_id));
      const derived = deriveOutcomes(referenceStudy, participants, sessions, timeseries, madrs);
      // One session without MRS (as in the simulated studies): 7 glutamate sessions for 5 fixed effects.
      const dropped = derived.sessions[i % derived.sessions.length];
      const rows = derived.sessions.map((s) => (s === dropped ? { ...s, glx_pct_change: null } : s));
      const results = analyseTrial(referenceStudy, participants, rows, derived.blocks, {
        permutations: 99,
        bootstrap: 99,
      });
      expect(nonFinite(results), [...keep].join(",")).toEqual([]);
      const parsed = Results.safeParse({
        ...results,
        provenance: { generated_by: [], sources: [], parameters: {} },
      });
      expect(parsed.success, parsed.success ? "" : parsed.error.message).toBe(true);
      for (const [name, m] of Object.entries(results.models)) {
        if (m === null) expect(results.warnings.some((w) => w.startsWith(`model ${name} not`))).toBe(true);
        else if (m.fixed_effects_kr === null && name !== "glutamate_block")
          expect(results.warnings.some((w) => w.startsWith(`model ${name}: Kenward–Roger`))).toBe(true);
      }
      if (results.warnings.some((w) => /not estimable/.test(w))) withProblems++;
    }
    // The subsets do hit the case (the 4-subject sex models have 2 residual df or fewer).
    expect(withProblems).toBeGreaterThan(0);
  });

  it("fitModel: 7 sessions of 4 subjects for 5 fixed effects, where R (lme4 1.1, lmerTest 3.1.3, pbkrtest 0.5.2) gives Kenward–Roger df ≈ 3e-10 and p = 1, reports the Kenward–Roger tables as not estimable", () => {
    // R: summary(lmer(y ~ condition*sex + period + (1|subject)), ddf = "Kenward-Roger") prints
    // df 3.3e-10 for conditionNTX, period2 and conditionNTX:sexM (p = 1) and DenDF 0 in anova();
    // its confidence interval would be infinite.
    const rows = [
      { y: -0.4574440296293504, condition: "PBO", sex: "F", period: 1, subject: "s1" },
      { y: -1.6234602750706828, condition: "NTX", sex: "F", period: 1, subject: "s2" },
      { y: 1.2927100612197329, condition: "PBO", sex: "F", period: 2, subject: "s2" },
      { y: -1.5332602017845625, condition: "PBO", sex: "M", period: 1, subject: "s3" },
      { y: -3.46808868105902, condition: "NTX", sex: "M", period: 2, subject: "s3" },
      { y: -3.74080692471738, condition: "NTX", sex: "M", period: 1, subject: "s4" },
      { y: 0.23849343072733187, condition: "PBO", sex: "M", period: 2, subject: "s4" },
    ];
    let model: ReturnType<typeof fitModel> | null = null;
    let reason = "";
    try {
      model = fitModel(rows, SEX_MODEL, []);
    } catch (error) {
      expect(error).toBeInstanceOf(ModelNotEstimableError);
      reason = (error as Error).message;
    }
    if (model === null) {
      expect(reason).toMatch(/not estimable|not finite/);
    } else {
      expect(model.result.fixed_effects_kr).toBeNull();
      expect(model.result.anova_kr).toBeNull();
      expect(model.kenwardRogerProblem).toMatch(
        /Kenward–Roger (standard error|denominator df) is not estimable/,
      );
      expect(model.result.messages.some((m) => m.startsWith("Kenward–Roger not estimable"))).toBe(true);
      expect(nonFinite(model.result)).toEqual([]);
    }
  });

  it("a rank-deficient design (all male sessions under one condition) gives a null model with the reason, not a crash", () => {
    const rows = [
      { participant_id: "sub-01", sex: "F", condition: "PBO", period: 1, v: 2.1 },
      { participant_id: "sub-01", sex: "F", condition: "NTX", period: 2, v: 0.4 },
      { participant_id: "sub-02", sex: "F", condition: "NTX", period: 1, v: 1.2 },
      { participant_id: "sub-02", sex: "F", condition: "PBO", period: 2, v: 3.3 },
      { participant_id: "sub-03", sex: "M", condition: "NTX", period: 1, v: 0.2 },
      { participant_id: "sub-04", sex: "M", condition: "NTX", period: 2, v: 0.9 },
      { participant_id: "sub-05", sex: "M", condition: "NTX", period: 1, v: -0.3 },
    ].map((r) => ({
      participant_id: r.participant_id,
      session_id: `ses-${r.period}`,
      condition: r.condition,
      period: r.period,
      sex: r.sex,
      glx_pct_change: r.v,
    }));
    expect(() => sexModel(rows as never, "glx_pct_change", "PBO", "NTX")).toThrow(/rank deficient/);
    const warnings: string[] = [];
    const t = referenceTables();
    const derived = deriveOutcomes(referenceStudy, t.participants, t.sessions, t.timeseries, t.madrs);
    // The same situation inside analyseTrial: every male session's glutamate change under NTX only.
    const males = new Set(t.participants.filter((p) => p.sex === "M").map((p) => p.participant_id));
    const sessions = derived.sessions.map((s) =>
      males.has(s.participant_id) && s.condition === "PBO" ? { ...s, glx_pct_change: null } : s,
    );
    const results = analyseTrial(referenceStudy, t.participants, sessions, derived.blocks, {
      permutations: 99,
      bootstrap: 99,
    });
    warnings.push(...results.warnings);
    expect(results.models.glutamate_sex).toBeNull();
    expect(
      warnings.some((w) => w.startsWith("model glutamate_sex not fitted") && /rank deficient/.test(w)),
    ).toBe(true);
    expect(nonFinite(results)).toEqual([]);
  });
});
