import { Results } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { analyseTrial, rawAttenuation } from "./analyse";
import { deriveOutcomes } from "./outcomes";
import { referenceStudy, referenceTables } from "./testing/fixtures";
import { readReferenceJson, referenceStats, refNumber, relDiff } from "./testing/referenceCsv";

describe.skipIf(!referenceStats.available)("analyseTrial on crossover-reference-1", () => {
  const t = referenceTables();
  const derived = deriveOutcomes(referenceStudy, t.participants, t.sessions, t.timeseries, t.madrs);
  const json = readReferenceJson();
  const ref = (path: string) => refNumber(json, path);
  const results = analyseTrial(referenceStudy, t.participants, derived.sessions);

  it("rawAttenuation(rows) reproduces j_attenuation.raw_complete_cases to 1e-12", () => {
    const a = rawAttenuation(derived.sessions, "NTX", "PBO");
    const r = (k: string) => ref(`j_attenuation.raw_complete_cases.${k}`);
    expect(a.n).toBe(r("n_subjects"));
    expect(relDiff(a.estimate as number, r("attenuation"))).toBeLessThan(1e-12);
    expect(relDiff(a.mean_change_test as number, r("mean_change_NTX"))).toBeLessThan(1e-12);
    expect(relDiff(a.mean_change_reference as number, r("mean_change_PBO"))).toBeLessThan(1e-12);
  });

  it("analyseTrial(...) summaries reproduce a_summary means and counts by treatment", () => {
    const s = (k: string) => ref(`a_summary.${k}`);
    for (const c of ["PBO", "NTX"]) {
      const madrs = results.summaries.madrs_change.find((x) => x.condition === c);
      const glx = results.summaries.glx_pct_change.find((x) => x.condition === c);
      expect(madrs?.n).toBe(s(`madrs_change_n_by_treatment.${c}`));
      expect(relDiff(madrs?.mean as number, s(`madrs_change_mean_by_treatment.${c}`))).toBeLessThan(1e-12);
      expect(glx?.n).toBe(s(`glu_pct_change_n_by_treatment.${c}`));
      expect(relDiff(glx?.mean as number, s(`glu_pct_change_mean_by_treatment.${c}`))).toBeLessThan(1e-12);
    }
  });

  it("analyseTrial(...) gives a results object that passes the results.json schema", () => {
    const parsed = Results.safeParse({
      ...results,
      provenance: { generated_by: [], sources: [], parameters: {} },
    });
    expect(parsed.success, parsed.success ? "" : parsed.error.message).toBe(true);
  });

  it("analyseTrial(...) flow lists the session without MRS and the missing 24 h MADRS", () => {
    expect(results.flow.enrolled).toBe(26);
    expect(results.flow.mrs_sessions_available).toBe(51);
    expect(results.flow.exclusions).toContainEqual({
      participant_id: "sub-S02",
      session_id: "ses-2",
      reason: "glutamate: no MRS data for this session",
    });
    expect(results.flow.exclusions).toContainEqual({
      participant_id: "sub-S23",
      session_id: "ses-1",
      reason: "MADRS: 24 h total missing",
    });
  });
});
