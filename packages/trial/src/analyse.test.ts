import { Results } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { analyseTrial, rawAttenuation } from "./analyse";
import { deriveOutcomes } from "./outcomes";
import { referenceStudy, referenceTables } from "./testing/fixtures";
import { readReferenceJson, referenceStats, refNumber, relDiff } from "./testing/referenceCsv";

describe("analyseTrial on crossover-reference-1", () => {
  const t = referenceTables();
  const derived = deriveOutcomes(referenceStudy, t.participants, t.sessions, t.timeseries, t.madrs);
  const json = readReferenceJson();
  const ref = (path: string) => refNumber(json, path);
  const results = analyseTrial(referenceStudy, t.participants, derived.sessions, derived.blocks, {
    seed: refNumber(json, "g_permutation.seed"),
    permutations: refNumber(json, "g_permutation.B"),
  });
  const close = (a: number | null | undefined, path: string, tol = 1e-12) =>
    expect(relDiff(a as number, ref(path)), `${path}: ${a} vs ${ref(path)}`).toBeLessThan(tol);

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

  it("analyseTrial(...) association reproduces f_correlation (Pearson, Fisher CI, Spearman) to 1e-12", () => {
    const a = results.association;
    expect(a.n).toBe(ref("f_correlation.n"));
    close(a.pearson?.r, "f_correlation.pearson.r");
    close(a.pearson?.t, "f_correlation.pearson.t");
    close(a.pearson?.p, "f_correlation.pearson.p");
    close(a.pearson?.ci95?.[0], "f_correlation.pearson.ci95_fisher_z.0");
    close(a.pearson?.ci95?.[1], "f_correlation.pearson.ci95_fisher_z.1");
    close(a.spearman?.rho, "f_correlation.spearman.rho");
    close(a.spearman?.S, "f_correlation.spearman.S");
    close(a.spearman?.p, "f_correlation.spearman.p_R_default");
  });

  it("analyseTrial(...) association line has slope r·sd(y)/sd(x) with R's r, and passes through the means", () => {
    const a = results.association;
    const xs = a.points.map((p) => p.x);
    const ys = a.points.map((p) => p.y);
    const m = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const sd = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + (x - m(v)) ** 2, 0) / (v.length - 1));
    const r = ref("f_correlation.pearson.r");
    expect(relDiff(a.fit_line?.slope as number, (r * sd(ys)) / sd(xs))).toBeLessThan(1e-9);
    expect(
      Math.abs((a.fit_line?.intercept as number) + (a.fit_line?.slope as number) * m(xs) - m(ys)),
    ).toBeLessThan(1e-9);
  });

  it("analyseTrial(...) paired MADRS means use sessions with both ratings", () => {
    for (const p of results.summaries.madrs_paired) {
      const both = derived.sessions.filter(
        (s) => s.condition === p.condition && s.madrs_pre !== null && s.madrs_24h !== null,
      );
      expect(p.n).toBe(both.length);
      expect(p.h24_mean).toBeCloseTo(both.reduce((a, s) => a + (s.madrs_24h as number), 0) / both.length, 12);
    }
    expect(results.summaries.madrs_paired.find((p) => p.condition === "PBO")?.n).toBe(25);
  });

  it("analyseTrial(...) nonparametric MADRS tests reproduce g_wilcoxon and g_permutation", () => {
    const np = results.nonparametric.madrs_change;
    expect(np?.n).toBe(ref("g_wilcoxon.n_pairs"));
    // R tests d = PBO − NTX; we report d = NTX − PBO, so V is the complement and p is the same.
    const n = ref("g_wilcoxon.n_nonzero");
    expect(np?.wilcoxon.V).toBe((n * (n + 1)) / 2 - ref("g_wilcoxon.V"));
    close(np?.wilcoxon.p_exact, "g_wilcoxon.exact_conditional_p");
    close(np?.wilcoxon.p_normal_corrected, "g_wilcoxon.R_wilcox_test_correct_TRUE.p");
    close(np?.permutation_mean.observed, "g_permutation.statistic_mean_diff.observed");
    close(np?.permutation_mean.p_exact, "g_permutation.statistic_mean_diff.p_two_sided_exact_enumeration");
    close(
      np?.permutation_mean.p_monte_carlo,
      "g_permutation.statistic_mean_diff.p_two_sided_monte_carlo_plus1",
    );
    close(np?.permutation_hills_armitage.observed, "g_permutation.statistic_hills_armitage.observed");
    close(
      np?.permutation_hills_armitage.p_monte_carlo,
      "g_permutation.statistic_hills_armitage.p_two_sided_monte_carlo_plus1",
    );
  });

  it("analyseTrial(...) attenuation by sex reproduces j_attenuation.raw_complete_cases_by_sex", () => {
    for (const sex of ["F", "M"]) {
      const a = results.attenuation.by_sex[sex];
      expect(a?.n).toBe(ref(`j_attenuation.raw_complete_cases_by_sex.${sex}.n_subjects`));
      close(a?.estimate, `j_attenuation.raw_complete_cases_by_sex.${sex}.attenuation`);
      close(a?.mean_change_test, `j_attenuation.raw_complete_cases_by_sex.${sex}.mean_change_NTX`);
    }
    const b = results.attenuation.bootstrap;
    expect(b?.B).toBe(10_000);
    expect(b?.percentile_ci95[0]).toBeLessThan(results.attenuation.estimate as number);
    expect(b?.percentile_ci95[1]).toBeGreaterThan(results.attenuation.estimate as number);
  });

  it("analyseTrial(...) time course has one point per condition and block with the mean of glu_pct", () => {
    expect(results.timecourse).toHaveLength(60);
    const first = results.timecourse.find((p) => p.condition === "PBO" && p.block === 10);
    const values = t.blocksCsv
      .filter((b) => b.treatment === "PBO" && b.block === 10 && b.glu_pct !== null)
      .map((b) => b.glu_pct as number);
    expect(first?.n).toBe(values.length);
    expect(relDiff(first?.mean as number, values.reduce((a, b) => a + b, 0) / values.length)).toBeLessThan(
      1e-12,
    );
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
