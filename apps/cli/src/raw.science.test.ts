// Slow tier (`pnpm test:science`): the whole pipeline on data-samples (26 simulated subjects, 51
// raw sessions) and its estimates against the simulation's truth.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { readArrowFile } from "@fmrs/io";
import { outputPath } from "@fmrs/pipeline";
import { BlockOutcomeRow, Results } from "@fmrs/schema";
import { beforeAll, describe, expect, it } from "vitest";
import { baselineShape, copySample, runBundledCli as fmrs, RAW_SAMPLE } from "./testing";

describe("the pipeline on data-samples recovers truth.json", () => {
  let results: Results;
  let truth: {
    sample: {
      glx: { difference_pct: number; by_sex: Record<string, { reference: number; test: number }> };
      madrs: {
        attenuation: number;
        attenuation_by_sex: Record<string, number>;
        mean_change: { reference: number; test: number };
      };
    };
    sessions: { participant_id: string; session_id: string; glx: { glx_tnaa_baseline: number } | null }[];
  };
  let study: string;
  beforeAll(() => {
    study = copySample(RAW_SAMPLE);
    const r = fmrs(["run", study, "--jobs", "2", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    results = Results.parse(
      JSON.parse(readFileSync(join(study, "derivatives", "fmrs-crossover", "results.json"), "utf8")),
    );
    truth = JSON.parse(readFileSync(join(study, "truth.json"), "utf8"));
  });

  it("results.json equals the recorded regression baseline (testdata/refactor-base: main f2688d0 before the stage refactor, retaken after the per-transient water removal of issue 11) apart from its provenance sources and issue 15 additions", () => {
    const { provenance: _now, ...now } = baselineShape(results);
    const base = JSON.parse(
      readFileSync(join(testdataFolder("refactor-base"), "data-samples-results.json"), "utf8"),
    );
    const { provenance: _base, ...before } = base;
    expect(now).toEqual(before);
  });

  it("the glutamate condition × phase model recovers the true NTX − PBO response difference within 3 SE", () => {
    const infusion = results.models.glutamate_phase?.contrasts.find((c) => c.level === "infusion");
    expect(infusion?.level).toBe("infusion");
    const est = infusion?.estimate as number;
    expect(est).toBeLessThan(0);
    expect(Math.abs(est - truth.sample.glx.difference_pct)).toBeLessThan(3 * (infusion?.se as number));
    expect(results.models.glutamate_phase?.key_test.p).toBeLessThan(0.05);
  });

  it("the fitted baseline Glx/tNAA of each session is within 3 % of the truth on average", () => {
    const out = join(study, "derivatives", "fmrs-crossover");
    const errors: number[] = [];
    const blocks = readArrowFile(outputPath(out, "outcomeBlocks"), BlockOutcomeRow);
    for (const s of truth.sessions) {
      if (s.glx === null) continue;
      const base = blocks.filter(
        (b) =>
          b.participant_id === s.participant_id &&
          b.session_id === s.session_id &&
          b.phase === "baseline" &&
          b.qc_pass &&
          b.outcome !== null,
      );
      if (base.length === 0) continue;
      const mean = base.reduce((a, b) => a + (b.outcome as number), 0) / base.length;
      errors.push(mean / s.glx.glx_tnaa_baseline - 1);
    }
    expect(errors.length).toBeGreaterThan(40);
    const meanAbs = errors.reduce((a, b) => a + Math.abs(b), 0) / errors.length;
    expect(meanAbs).toBeLessThan(0.03);
  });

  it("the MADRS results equal the truth: attenuation overall and by sex (larger in males), condition effect sign", () => {
    // truth.json stores 10 significant digits.
    expect(results.attenuation.estimate).toBeCloseTo(truth.sample.madrs.attenuation, 9);
    expect(results.attenuation.by_sex.F?.estimate).toBeCloseTo(
      truth.sample.madrs.attenuation_by_sex.F as number,
      9,
    );
    expect(results.attenuation.by_sex.M?.estimate).toBeCloseTo(
      truth.sample.madrs.attenuation_by_sex.M as number,
      9,
    );
    expect(results.attenuation.by_sex.M?.estimate as number).toBeGreaterThan(
      results.attenuation.by_sex.F?.estimate as number,
    );
    const ntxEffect = results.models.madrs_change?.fixed_effects.find((c) => c.term === "conditionNTX");
    expect(ntxEffect?.estimate).toBeGreaterThan(0);
    expect(results.models.madrs_raw?.key_test.p).toBeLessThan(0.05);
    const bySex = results.models.madrs_change_sex?.contrasts;
    expect(
      (bySex?.find((c) => c.level === "M")?.estimate as number) >
        (bySex?.find((c) => c.level === "F")?.estimate as number),
    ).toBe(true);
  });

  it("the glutamate contrasts by sex are within 3 SE of the true differences", () => {
    for (const c of results.models.glutamate_sex?.contrasts ?? []) {
      const t = truth.sample.glx.by_sex[c.level];
      expect(Number.isFinite(t?.reference)).toBe(true);
      const trueDiff = (t?.test as number) - (t?.reference as number);
      expect(Math.abs(c.estimate - trueDiff)).toBeLessThan(3 * c.se);
    }
  });
});
