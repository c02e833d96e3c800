import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { describe, expect, it } from "vitest";
import { attenuation, attenuationBootstrap } from "./bootstrap";
import { pearsonCorrelation, spearmanCorrelation } from "./correlation";
import {
  type CrossoverPair,
  hillsArmitageStatistic,
  meanDifferencePermutationTest,
  signFlipPermutationTest,
} from "./permutation";
import { randomMersenneTwister } from "./random";
import { numberOrNull, parseReferenceCsv, stringOf } from "./referenceCsv.testHelper";
import { wilcoxonSignedRankExact, wilcoxonSignedRankNormal } from "./wilcoxon";

/**
 * Reference: testdata/reference-stats/crossover-reference-1 (simulated AB/BA crossover,
 * 26 subjects; results computed in R 4.2.2 with stats, exactRankTests 0.8-35 and coin 1.4-2; see its
 * README.md). Sections f (correlation), g (Wilcoxon, permutation) and the raw means of j (attenuation).
 */
const ref = testdataFolder("reference-stats");
const dir = join(ref, "crossover-reference-1");

function closeTo(actual: number, expected: number, relative: number): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  expect(Math.abs(actual - expected) / scale, `${actual} vs ${expected}`).toBeLessThanOrEqual(relative);
}

interface Subject {
  readonly subject: string;
  readonly sex: string;
  readonly sequence: string;
  readonly gluPbo: number | null;
  readonly gluNtx: number | null;
  readonly madrsPbo: number | null;
  readonly madrsNtx: number | null;
}

function loadSubjects(): Subject[] {
  return parseReferenceCsv(readFileSync(join(dir, "per_subject.csv"), "utf8")).map((row) => ({
    subject: stringOf(row, "subject"),
    sex: stringOf(row, "sex"),
    sequence: stringOf(row, "sequence"),
    gluPbo: numberOrNull(row, "glu_pct_change_PBO"),
    gluNtx: numberOrNull(row, "glu_pct_change_NTX"),
    madrsPbo: numberOrNull(row, "madrs_change_PBO"),
    madrsNtx: numberOrNull(row, "madrs_change_NTX"),
  }));
}

/** Subjects with a MADRS change in both sessions: the complete cases of g and j. */
function madrsComplete(subjects: readonly Subject[]) {
  return subjects.flatMap((s) =>
    s.madrsPbo === null || s.madrsNtx === null ? [] : [{ ...s, pbo: s.madrsPbo, ntx: s.madrsNtx }],
  );
}

describe("crossover-reference-1 (R reference values)", () => {
  const load = () => ({
    subjects: loadSubjects(),
    reference: JSON.parse(readFileSync(join(dir, "reference.json"), "utf8")) as Reference,
  });

  describe("f_correlation", () => {
    it("pearsonCorrelation(x, y) reproduces r, t, df, p and the Fisher-z CI to 1e-12", () => {
      const { subjects, reference } = load();
      const f = reference.f_correlation;
      const used = subjects.filter((s) =>
        [s.gluPbo, s.gluNtx, s.madrsPbo, s.madrsNtx].every((v) => v !== null),
      );
      expect(used.map((s) => s.subject)).toEqual(f.subjects);
      const x = used.map((s) => s.gluPbo! - s.gluNtx!);
      const y = used.map((s) => s.madrsPbo! - s.madrsNtx!);
      const res = pearsonCorrelation(x, y);
      expect(res.n).toBe(f.n);
      expect(res.df).toBe(f.pearson.df);
      closeTo(res.r, f.pearson.r, 1e-12);
      closeTo(res.t, f.pearson.t, 1e-12);
      closeTo(res.p, f.pearson.p, 1e-12);
      closeTo(res.ci[0], f.pearson.ci95_fisher_z[0], 1e-12);
      closeTo(res.ci[1], f.pearson.ci95_fisher_z[1], 1e-12);
    });

    it("spearmanCorrelation(x, y) reproduces rho, S and R's tie-case t-approximation p to 1e-12", () => {
      const { subjects, reference } = load();
      const f = reference.f_correlation;
      const used = subjects.filter((s) =>
        [s.gluPbo, s.gluNtx, s.madrsPbo, s.madrsNtx].every((v) => v !== null),
      );
      const x = used.map((s) => s.gluPbo! - s.gluNtx!);
      const y = used.map((s) => s.madrsPbo! - s.madrsNtx!);
      const res = spearmanCorrelation(x, y);
      expect(res.ties).toBe(f.spearman.ties_present);
      expect(res.method).toBe("t-approximation");
      closeTo(res.rho, f.spearman.rho, 1e-12);
      closeTo(res.S, f.spearman.S, 1e-12);
      closeTo(res.p, f.spearman.p_R_default, 1e-12);
      closeTo(res.p, f.spearman.p_t_approximation, 1e-12);
    });
  });

  describe("g_wilcoxon", () => {
    it("wilcoxonSignedRankExact(d) reproduces V and the exact conditional p (exactRankTests, coin) to 1e-12", () => {
      const { subjects, reference } = load();
      const g = reference.g_wilcoxon;
      const d = madrsComplete(subjects).map((s) => s.pbo - s.ntx);
      const res = wilcoxonSignedRankExact(d);
      expect(res.n).toBe(g.n_pairs);
      expect(res.nZero).toBe(g.n_zero_differences);
      expect(res.nNonzero).toBe(g.n_nonzero);
      expect(res.ties).toBe(g.ties_in_abs_nonzero);
      expect(res.V).toBe(g.V);
      closeTo(res.p, g.exact_conditional_p, 1e-12);
      closeTo(res.p, g.exactRankTests_wilcox_exact.p, 1e-12);
      closeTo(res.p, g.coin_wilcoxsign_exact_zero_Wilcoxon_p, 1e-12);
    });

    it("wilcoxonSignedRankExact(d, { zeroMethod: 'pratt' }) reproduces coin's Pratt exact p to 1e-12", () => {
      const { subjects, reference } = load();
      const d = madrsComplete(subjects).map((s) => s.pbo - s.ntx);
      const res = wilcoxonSignedRankExact(d, { zeroMethod: "pratt" });
      closeTo(res.p, reference.g_wilcoxon.coin_wilcoxsign_exact_zero_Pratt_p, 1e-12);
    });

    it("wilcoxonSignedRankNormal(d, { correct }) reproduces R wilcox.test's p with and without correction", () => {
      const { subjects, reference } = load();
      const g = reference.g_wilcoxon;
      const d = madrsComplete(subjects).map((s) => s.pbo - s.ntx);
      const corrected = wilcoxonSignedRankNormal(d, { correct: true });
      const plain = wilcoxonSignedRankNormal(d, { correct: false });
      expect(corrected.V).toBe(g.R_wilcox_test_correct_TRUE.V);
      expect(plain.V).toBe(g.R_wilcox_test_correct_FALSE.V);
      closeTo(corrected.p, g.R_wilcox_test_correct_TRUE.p, 1e-12);
      closeTo(plain.p, g.R_wilcox_test_correct_FALSE.p, 1e-12);
    });
  });

  describe("g_permutation", () => {
    it("meanDifferencePermutationTest(d) reproduces the exact enumeration p to 1e-12", () => {
      const { subjects, reference } = load();
      const g = reference.g_permutation.statistic_mean_diff;
      const d = madrsComplete(subjects).map((s) => s.ntx - s.pbo);
      const res = meanDifferencePermutationTest(d, { B: 0 });
      closeTo(res.observed, g.observed, 1e-12);
      expect(res.exact?.total).toBe(2 ** 25);
      closeTo(res.exact!.p, g.p_two_sided_exact_enumeration, 1e-12);
    });

    it("meanDifferencePermutationTest(d, { B, random }) gives a Monte Carlo p within 2·√(p(1−p)/B) of the exact p", () => {
      const { subjects, reference } = load();
      const g = reference.g_permutation;
      const d = madrsComplete(subjects).map((s) => s.ntx - s.pbo);
      const res = meanDifferencePermutationTest(d, { B: g.B, random: randomMersenneTwister(1) });
      const exact = g.statistic_mean_diff.p_two_sided_exact_enumeration;
      const band = 2 * Math.sqrt((exact * (1 - exact)) / g.B);
      expect(Math.abs(res.pMonteCarlo - exact)).toBeLessThanOrEqual(band);
      expect(res.pMonteCarloPlus1).toBe((res.count + 1) / (g.B + 1));
    });

    it("meanDifferencePermutationTest(d) with R's seed reproduces R's Monte Carlo count exactly", () => {
      const { subjects, reference } = load();
      const g = reference.g_permutation;
      const d = madrsComplete(subjects).map((s) => s.ntx - s.pbo);
      const res = meanDifferencePermutationTest(d, { B: g.B, random: randomMersenneTwister(g.seed) });
      expect(res.seed).toBe(g.seed);
      expect(res.count).toBe(g.statistic_mean_diff.count_abs_ge_observed);
      closeTo(res.pMonteCarlo, g.statistic_mean_diff.p_two_sided_monte_carlo, 1e-12);
      closeTo(res.pMonteCarloPlus1, g.statistic_mean_diff.p_two_sided_monte_carlo_plus1, 1e-12);
    });

    it("signFlipPermutationTest(n, hillsArmitageStatistic(pairs)) reproduces R's Hills–Armitage statistic and count", () => {
      const { subjects, reference } = load();
      const g = reference.g_permutation;
      const pairs: CrossoverPair[] = madrsComplete(subjects).map((s) => ({
        a: s.ntx,
        b: s.pbo,
        aFirst: s.sequence === "NTX-PBO",
      }));
      const res = signFlipPermutationTest(pairs.length, hillsArmitageStatistic(pairs), {
        B: g.B,
        random: randomMersenneTwister(g.seed),
      });
      const h = g.statistic_hills_armitage;
      closeTo(res.observed, h.observed, 1e-12);
      expect(res.nValid).toBe(h.n_valid_permutations);
      expect(res.count).toBe(h.count_abs_ge_observed);
      closeTo(res.pMonteCarlo, h.p_two_sided_monte_carlo, 1e-12);
      closeTo(res.pMonteCarloPlus1, h.p_two_sided_monte_carlo_plus1, 1e-12);
    });
  });

  describe("j_attenuation (raw means)", () => {
    it("attenuation(ntx, pbo) reproduces the complete-case means and attenuation to 1e-12", () => {
      const { subjects, reference } = load();
      const j = reference.j_attenuation.raw_complete_cases;
      const complete = madrsComplete(subjects);
      const res = attenuation(
        complete.map((s) => s.ntx),
        complete.map((s) => s.pbo),
      );
      expect(res.nTreated).toBe(j.n_subjects);
      closeTo(res.meanTreated, j.mean_change_NTX, 1e-12);
      closeTo(res.meanControl, j.mean_change_PBO, 1e-12);
      closeTo(res.meanDifference, j.mean_diff_NTX_minus_PBO, 1e-12);
      closeTo(res.attenuation, j.attenuation, 1e-12);
    });

    it("attenuation(ntx, pbo) reproduces the complete-case attenuation within each sex to 1e-12", () => {
      const { subjects, reference } = load();
      const bySex = reference.j_attenuation.raw_complete_cases_by_sex;
      for (const sex of ["F", "M"] as const) {
        const complete = madrsComplete(subjects).filter((s) => s.sex === sex);
        const res = attenuation(
          complete.map((s) => s.ntx),
          complete.map((s) => s.pbo),
        );
        expect(res.nTreated).toBe(bySex[sex].n_subjects);
        closeTo(res.meanTreated, bySex[sex].mean_change_NTX, 1e-12);
        closeTo(res.meanControl, bySex[sex].mean_change_PBO, 1e-12);
        closeTo(res.meanDifference, bySex[sex].mean_diff_NTX_minus_PBO, 1e-12);
        closeTo(res.attenuation, bySex[sex].attenuation, 1e-12);
      }
    });

    it("attenuationBootstrap(pairs) is centred on the complete-case attenuation and reproducible", () => {
      const { subjects, reference } = load();
      const pairs = madrsComplete(subjects).map((s) => ({ treated: s.ntx, control: s.pbo }));
      const a = attenuationBootstrap(pairs, { B: 2000, random: randomMersenneTwister(2024) });
      const b = attenuationBootstrap(pairs, { B: 2000, random: randomMersenneTwister(2024) });
      closeTo(a.bootstrap.estimate, reference.j_attenuation.raw_complete_cases.attenuation, 1e-12);
      expect(a.bootstrap.percentile).toEqual(b.bootstrap.percentile);
      expect(a.bootstrap.percentile[0]).toBeLessThan(a.attenuation);
      expect(a.bootstrap.percentile[1]).toBeGreaterThan(a.attenuation);
    });

    it("attenuation(ntx, pbo) over all available sessions reproduces the unpaired means to 1e-12", () => {
      const { reference } = load();
      const j = reference.j_attenuation.raw_all_available_sessions;
      const sessions = parseReferenceCsv(readFileSync(join(dir, "sessions.csv"), "utf8"));
      const changes = (treatment: string) =>
        sessions
          .filter((row) => stringOf(row, "treatment") === treatment)
          .flatMap((row) => {
            const v = numberOrNull(row, "madrs_change");
            return v === null ? [] : [v];
          });
      const res = attenuation(changes("NTX"), changes("PBO"));
      expect(res.nTreated).toBe(j.n_sessions_NTX);
      expect(res.nControl).toBe(j.n_sessions_PBO);
      closeTo(res.meanTreated, j.mean_change_NTX, 1e-12);
      closeTo(res.meanControl, j.mean_change_PBO, 1e-12);
      closeTo(res.attenuation, j.attenuation, 1e-12);
    });
  });
});

interface RawAttenuation {
  n_subjects: number;
  mean_change_NTX: number;
  mean_change_PBO: number;
  mean_diff_NTX_minus_PBO: number;
  attenuation: number;
}

/** The parts of reference.json these tests read. */
interface Reference {
  f_correlation: {
    n: number;
    subjects: string[];
    pearson: { r: number; t: number; df: number; p: number; ci95_fisher_z: [number, number] };
    spearman: {
      rho: number;
      S: number;
      p_R_default: number;
      p_t_approximation: number;
      ties_present: boolean;
    };
  };
  g_wilcoxon: {
    n_pairs: number;
    n_zero_differences: number;
    n_nonzero: number;
    ties_in_abs_nonzero: boolean;
    V: number;
    R_wilcox_test_correct_TRUE: { V: number; p: number };
    R_wilcox_test_correct_FALSE: { V: number; p: number };
    exact_conditional_p: number;
    exactRankTests_wilcox_exact: { V: number; p: number };
    coin_wilcoxsign_exact_zero_Wilcoxon_p: number;
    coin_wilcoxsign_exact_zero_Pratt_p: number;
  };
  g_permutation: {
    B: number;
    seed: number;
    statistic_mean_diff: {
      observed: number;
      count_abs_ge_observed: number;
      p_two_sided_monte_carlo: number;
      p_two_sided_monte_carlo_plus1: number;
      p_two_sided_exact_enumeration: number;
    };
    statistic_hills_armitage: {
      observed: number;
      n_valid_permutations: number;
      count_abs_ge_observed: number;
      p_two_sided_monte_carlo: number;
      p_two_sided_monte_carlo_plus1: number;
    };
  };
  j_attenuation: {
    raw_complete_cases: RawAttenuation;
    raw_complete_cases_by_sex: { F: RawAttenuation; M: RawAttenuation };
    raw_all_available_sessions: {
      n_sessions_NTX: number;
      n_sessions_PBO: number;
      mean_change_NTX: number;
      mean_change_PBO: number;
      attenuation: number;
    };
  };
}
