export {
  type AttenuationBootstrapResult,
  type AttenuationResult,
  attenuation,
  attenuationBootstrap,
  type BcaInterval,
  type BootstrapOptions,
  type BootstrapResult,
  bcaInterval,
  bootstrapSubjects,
  quantileSorted,
  type SubjectStatistic,
  type TreatedControlPair,
} from "./bootstrap";
export {
  type PearsonOptions,
  type PearsonResult,
  pearsonCorrelation,
  type SpearmanOptions,
  type SpearmanResult,
  spearmanCorrelation,
} from "./correlation";
export {
  chisqUpperP,
  fUpperP,
  normalQuantileAt,
  normalTwoSidedP,
  tQuantileAt,
  tTwoSidedP,
} from "./distributions";
export {
  type CrossoverPair,
  type ExactPermutationP,
  hillsArmitageStatistic,
  meanDifferencePermutationTest,
  meanDifferenceStatistic,
  type PermutationOptions,
  type PermutationTestResult,
  type SignFlipStatistic,
  signFlipPermutationTest,
} from "./permutation";
export { DEFAULT_SEED, MERSENNE_TWISTER_R, type RandomGenerator, randomMersenneTwister } from "./random";
export { midranks, tieGroupSizes } from "./ranks";
export {
  mean,
  oneSampleTTest,
  pooledTTest,
  sampleVariance,
  type TTestOptions,
  type TTestResult,
  welchTTest,
} from "./ttest";
export {
  type SignedRanks,
  signedRankNullDistribution,
  signedRanks,
  type WilcoxonExactResult,
  type WilcoxonNormalResult,
  type WilcoxonOptions,
  wilcoxonSignedRankExact,
  wilcoxonSignedRankNormal,
  type ZeroMethod,
} from "./wilcoxon";
