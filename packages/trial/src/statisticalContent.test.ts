// The report's statistical content computed in the trial package (primary estimand, CONSORT flow by
// sequence, the within-subject difference time course), checked against crossover-reference-1:
// its README's missingness list and R-derived columns (mrs_blocks.csv glu_pct, computed in R).
import { Results, StudyConfig } from "@fmrs/schema";
import { tQuantileAt } from "@fmrs/stats";
import { describe, expect, it } from "vitest";
import { analyseTrial } from "./analyse";
import { consortFlow } from "./consortFlow";
import { deriveOutcomes } from "./outcomes";
import { primaryResult } from "./primary";
import { referenceStudy, referenceTables } from "./testing/fixtures";
import { readReferenceCsv, readReferenceJson, refNumber, relDiff } from "./testing/referenceCsv";
import { timecourseDifference } from "./timecourseDifference";

const t = referenceTables();
const derived = deriveOutcomes(referenceStudy, t.participants, t.sessions, t.timeseries, t.madrs);
const json = readReferenceJson();

describe("consortFlow on crossover-reference-1", () => {
  const flow = consortFlow(t.participants, derived.sessions, ["PBO-NTX", "NTX-PBO"]);

  it("consortFlow(...) allocates 13 subjects to NTX-PBO and 13 to PBO-NTX, in the given order", () => {
    expect(flow.map((s) => s.sequence)).toEqual(["PBO-NTX", "NTX-PBO"]);
    const ntxFirst = flow.find((s) => s.sequence === "NTX-PBO");
    expect(ntxFirst?.allocated).toBe(refNumber(json, "meta.simulation_parameters.n_seq_ntx_first"));
    expect(flow.reduce((n, s) => n + s.allocated, 0)).toBe(
      refNumber(json, "meta.simulation_parameters.n_subjects"),
    );
    for (const s of flow) expect(s.periods.map((p) => p.condition)).toEqual(s.sequence.split("-"));
  });

  it("consortFlow(...) counts the sessions analysed per condition as R's a_summary, and names the reasons", () => {
    for (const c of ["PBO", "NTX"]) {
      const periods = flow.flatMap((s) => s.periods.filter((p) => p.condition === c));
      expect(periods.reduce((n, p) => n + p.glutamate_analysed, 0)).toBe(
        refNumber(json, `a_summary.glu_pct_change_n_by_treatment.${c}`),
      );
      expect(periods.reduce((n, p) => n + p.madrs_analysed, 0)).toBe(
        refNumber(json, `a_summary.madrs_change_n_by_treatment.${c}`),
      );
    }
    // S02 has no MRS in period 2; S23 no 24 h MADRS in period 1 (the reference's missingness list).
    const reasons = flow.flatMap((s) =>
      s.periods.flatMap((p) => [
        ...p.glutamate_excluded.map((e) => `${p.period}:${e.reason}:${e.n}`),
        ...p.madrs_excluded.map((e) => `${p.period}:${e.reason}:${e.n}`),
      ]),
    );
    expect(reasons.sort()).toEqual(["1:24 h total missing:1", "2:no MRS data for this session:1"]);
    expect(flow.reduce((n, s) => n + s.glutamate_both_periods, 0)).toBe(25);
    expect(flow.reduce((n, s) => n + s.madrs_both_periods, 0)).toBe(
      refNumber(json, "d_hills_armitage.n_complete"),
    );
  });
});

describe("timecourseDifference on crossover-reference-1", () => {
  const diff = timecourseDifference(derived.blocks, "NTX", "PBO");

  it("timecourseDifference(blocks) equals the paired NTX − PBO differences of R's glu_pct per block", () => {
    const csv = readReferenceCsv("mrs_blocks.csv").filter((r) => r.qc_pass === 1 && r.glu_pct !== null);
    const byBlock = new Map<number, Map<string, { NTX?: number; PBO?: number }>>();
    for (const r of csv) {
      const m = byBlock.get(r.block as number) ?? new Map();
      const e = m.get(r.subject as string) ?? {};
      e[r.treatment as "NTX" | "PBO"] = r.glu_pct as number;
      m.set(r.subject as string, e);
      byBlock.set(r.block as number, m);
    }
    const all = diff.filter((d) => d.group === "all");
    expect(all.length).toBe(30);
    for (const point of all) {
      const d = [...(byBlock.get(point.block)?.values() ?? [])].flatMap((e) =>
        e.NTX === undefined || e.PBO === undefined ? [] : [e.NTX - e.PBO],
      );
      expect(point.n, `block ${point.block}`).toBe(d.length);
      const m = d.reduce((a, b) => a + b, 0) / d.length;
      const sd = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / (d.length - 1));
      const half = (tQuantileAt(0.975, d.length - 1) * sd) / Math.sqrt(d.length);
      expect(Math.abs((point.mean as number) - m)).toBeLessThan(1e-8);
      expect(Math.abs((point.ci95?.[0] as number) - (m - half))).toBeLessThan(1e-8);
      expect(Math.abs((point.ci95?.[1] as number) - (m + half))).toBeLessThan(1e-8);
    }
  });

  it("timecourseDifference(blocks) gives each sex its own curve whose n add up to the overall n", () => {
    const groups = [...new Set(diff.map((d) => d.group))];
    expect(groups).toEqual(["all", "F", "M"]);
    for (const p of diff.filter((d) => d.group === "all")) {
      const bySex = diff.filter((d) => d.group !== "all" && d.block === p.block);
      expect(bySex.reduce((n, d) => n + d.n, 0)).toBe(p.n);
    }
  });

  it("timecourseDifference(blocks) flips sign when test and reference swap", () => {
    const back = timecourseDifference(derived.blocks, "PBO", "NTX");
    diff.forEach((d, i) => {
      expect(back[i]?.mean).toBeCloseTo(-(d.mean as number), 12);
    });
  });
});

describe("attenuation by sex", () => {
  it("rawAttenuation(...) by sex reproduces R's j_attenuation by sex, each with a bootstrap CI around its estimate", () => {
    const results = analyseTrial(referenceStudy, t.participants, derived.sessions, derived.blocks, {
      permutations: 200,
      bootstrap: 400,
    });
    for (const sex of ["F", "M"]) {
      const a = results.attenuation.by_sex[sex];
      expect(a?.n).toBe(refNumber(json, `j_attenuation.raw_complete_cases_by_sex.${sex}.n_subjects`));
      expect(
        relDiff(
          a?.estimate as number,
          refNumber(json, `j_attenuation.raw_complete_cases_by_sex.${sex}.attenuation`),
        ),
      ).toBeLessThan(1e-12);
      const ci = a?.bootstrap?.percentile_ci95;
      expect(a?.bootstrap?.B).toBe(400);
      expect(ci?.[0]).toBeLessThan(a?.estimate as number);
      expect(ci?.[1]).toBeGreaterThan(a?.estimate as number);
    }
  });
});

describe("primaryResult", () => {
  const results = analyseTrial(referenceStudy, t.participants, derived.sessions, derived.blocks, {
    permutations: 200,
    bootstrap: 200,
  });

  it("analyseTrial(...) states the default primary estimand: glutamate response window by Hills–Armitage, with d_z", () => {
    const p = results.primary;
    expect(p?.source).toBe("hills_armitage.glx_pct_change.treatment");
    expect(p?.estimate).toEqual(results.hills_armitage.glx_pct_change?.treatment);
    expect(p?.standardised?.name).toBe("Cohen's d_z");
    const ha = results.hills_armitage.glx_pct_change;
    expect(
      relDiff(
        p?.standardised?.estimate as number,
        (ha?.treatment.estimate as number) / Math.sqrt(ha?.pooled_var_d as number),
      ),
    ).toBeLessThan(1e-12);
    expect(p?.label).toContain("0 to 40 min");
    expect(Results.shape.primary.parse(p)).toEqual(p);
  });

  it("primaryResult(mixed_model) takes the infusion-phase contrast of the glutamate model, without a d_z and says why", () => {
    const p = primaryResult(
      { outcome: "glutamate", window: "infusion_phase", model: "mixed_model" },
      results,
      0,
    );
    const i = results.models.glutamate_phase?.contrasts.findIndex((c) => c.level === "infusion");
    expect(p?.source).toBe(`models.glutamate_phase.contrasts.${i}`);
    expect(p?.estimate.estimate).toBe(results.models.glutamate_phase?.contrasts[i as number]?.estimate);
    expect(p?.standardised).toBeNull();
    expect(p?.standardised_note).toMatch(/d_z/);
  });

  it("primaryResult(madrs) attaches the carryover warning when the carryover p < 0.10, and the left-out subjects", () => {
    const p = primaryResult({ outcome: "madrs", window: "pre_to_24h", model: "hills_armitage" }, results, 3);
    expect(p?.source).toBe("hills_armitage.madrs_change.treatment");
    const carry = results.hills_armitage.madrs_change?.carryover.pooled.p as number;
    expect(p?.qualifiers.some((q) => q.startsWith("carryover"))).toBe(carry < 0.1);
    expect(p?.qualifiers.some((q) => q.includes("1 of 26 enrolled subjects left out"))).toBe(true);
    expect(p?.qualifiers.some((q) => q.includes("MRS blocks"))).toBe(false);
  });

  it("StudyConfig rejects a primary estimand whose window does not fit its outcome and model, naming the field", () => {
    const base = { ...referenceStudy } as Record<string, unknown>;
    const bad = StudyConfig.safeParse({ ...base, primary: { outcome: "madrs", window: "response_window" } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["primary", "window"]);
    expect(StudyConfig.parse({ ...base, primary: undefined }).primary).toEqual({
      outcome: "glutamate",
      window: "response_window",
      model: "hills_armitage",
    });
  });
});
