import { describe, expect, it } from "vitest";
import { deriveOutcomes } from "./outcomes";
import { referenceStudy, referenceTables } from "./testing/fixtures";
import { referenceStats, relDiff } from "./testing/referenceCsv";

describe("deriveOutcomes on crossover-reference-1 (R, section a)", () => {
  const t = referenceTables();
  const derived = deriveOutcomes(referenceStudy, t.participants, t.sessions, t.timeseries, t.madrs);

  it("deriveOutcomes(...) gives one row per session in participant, period order", () => {
    expect(derived.sessions).toHaveLength(t.sessionsCsv.length);
    expect(derived.sessions.map((s) => `${s.participant_id}/${s.period}`)).toEqual(
      t.sessionsCsv.map((r) => `sub-${r.subject}/${r.period}`),
    );
  });

  it("deriveOutcomes(...) reproduces block counts, phase means and percent changes to 1e-12", () => {
    const close = (a: number | null, b: unknown) => {
      if (b === null) expect(a).toBeNull();
      else expect(relDiff(a as number, b as number)).toBeLessThan(1e-12);
    };
    derived.sessions.forEach((s, i) => {
      const r = t.sessionsCsv[i] as Record<string, unknown>;
      expect(s.mrs_available).toBe(r.mrs_available === 1);
      expect(s.n_blocks_baseline).toBe(r.n_blocks_baseline_qc);
      expect(s.n_blocks_response).toBe(r.n_blocks_infusion_qc);
      expect(s.n_blocks_post).toBe(r.n_blocks_post_qc);
      close(s.baseline_mean, r.glu_baseline_mean);
      close(s.response_mean, r.glu_infusion_mean);
      close(s.post_mean, r.glu_post_mean);
      close(s.glx_pct_change, r.glu_pct_change);
      close(s.glx_post_pct_change, r.glu_post_pct_change);
      close(s.madrs_change, r.madrs_change);
      close(s.madrs_pct_change, r.madrs_pct_change);
    });
  });

  it("deriveOutcomes(...) gives each block's percent change from its session baseline (glu_pct)", () => {
    expect(derived.blocks).toHaveLength(t.blocksCsv.length);
    derived.blocks.forEach((b, i) => {
      const r = t.blocksCsv[i] as Record<string, unknown>;
      expect(`${b.participant_id}/${b.period}/${b.block}`).toBe(`sub-${r.subject}/${r.period}/${r.block}`);
      if (r.glu_pct === null) expect(b.pct_change).toBeNull();
      else expect(relDiff(b.pct_change as number, r.glu_pct as number)).toBeLessThan(1e-12);
      expect(b.t_mid_min).toBe(r.t_mid_min);
    });
  });
});
