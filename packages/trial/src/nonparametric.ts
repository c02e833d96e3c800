import type { NonparametricResult } from "@fmrs/schema";
import {
  hillsArmitageStatistic,
  meanDifferencePermutationTest,
  randomMersenneTwister,
  signFlipPermutationTest,
  wilcoxonSignedRankExact,
  wilcoxonSignedRankNormal,
} from "@fmrs/stats";
import type { PairedOutcome, SubjectPair } from "./pairs";

/**
 * Distribution-free checks of a crossover effect on complete cases, with d = test − reference per
 * subject: the exact Wilcoxon signed-rank test (zeros dropped, midranks, exact conditional
 * distribution; Wilcoxon 1945), R's normal approximation for comparison, and a sign-flip
 * permutation test of mean(d) (seeded Monte Carlo with B draws and the exact p by
 * meet-in-the-middle) and of the period-adjusted Hills–Armitage estimate (exact by enumeration
 * when n ≤ 20). Throws a RangeError for fewer than 2 pairs.
 */
export function crossoverNonparametric(
  pairs: readonly SubjectPair[],
  options: { outcome: PairedOutcome; seed: number; B: number },
): NonparametricResult {
  if (pairs.length < 2)
    throw new RangeError(
      `crossoverNonparametric(): ${options.outcome} needs at least 2 subjects with both sessions`,
    );
  const d = pairs.map((p) => p.test - p.reference);
  const exact = wilcoxonSignedRankExact(d);
  const normal = wilcoxonSignedRankNormal(d, { correct: true });
  const mean = meanDifferencePermutationTest(d, {
    B: options.B,
    random: randomMersenneTwister(options.seed),
  });
  const ha = signFlipPermutationTest(
    pairs.length,
    hillsArmitageStatistic(pairs.map((p) => ({ a: p.test, b: p.reference, aFirst: p.testFirst }))),
    { B: options.B, random: randomMersenneTwister(options.seed) },
  );
  return {
    outcome: options.outcome,
    n: pairs.length,
    wilcoxon: {
      V: exact.V,
      n_nonzero: exact.nNonzero,
      n_zero: exact.nZero,
      ties: exact.ties,
      p_exact: exact.p,
      p_normal_corrected: normal.p,
    },
    permutation_mean: {
      observed: mean.observed,
      B: mean.B,
      p_monte_carlo: mean.pMonteCarloPlus1,
      p_exact: mean.exact?.p ?? null,
      seed: mean.seed,
    },
    permutation_hills_armitage: {
      observed: ha.observed,
      B: ha.B,
      p_monte_carlo: ha.pMonteCarloPlus1,
      p_exact: ha.exact?.p ?? null,
      seed: ha.seed,
    },
  };
}
