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
export type {
  LmmCell,
  LmmData,
  LmmDroppedRow,
  LmmFactorSpec,
  LmmFormulaSpec,
  LmmPartsSpec,
  LmmRow,
  LmmSpec,
} from "./lmm/design";
export {
  fitLmm,
  type LmmFit,
  type LmmFitOptions,
  type LmmMethod,
  type LmmVarianceComponent,
  refitLmm,
} from "./lmm/fitLmm";
export { type LmmAnovaRow, lmmAnova } from "./lmm/lmmAnova";
export {
  fTestProblem,
  type LmmDdf,
  type LmmFTest,
  type LmmTestOptions,
  type LmmTTest,
  lmmContrast,
  lmmFTest,
  tTestProblem,
} from "./lmm/lmmContrast";
export { type LmmDiagnostics, type LmmRandomEffects, lmmDiagnostics } from "./lmm/lmmDiagnostics";
export {
  type LmmEmmean,
  type LmmEmmeansContrast,
  type LmmEmmeansOptions,
  lmmEmmeans,
} from "./lmm/lmmEmmeans";
export { type LmmCoefficient, lmmFixedEffects } from "./lmm/lmmFixedEffects";
export { type LmmKenwardRoger, lmmKenwardRoger } from "./lmm/lmmKenwardRoger";
export { type LmmRatio, type LmmWeights, lmmRatio } from "./lmm/lmmRatio";
export { type LmmTermContrast, lmmType3Contrasts } from "./lmm/lmmType3Contrasts";
export {
  type LmmFixedTerm,
  type LmmFormula,
  type LmmRandomTerm,
  parseLmmFormula,
} from "./lmm/parseLmmFormula";
export { noncentralityCi, noncentralTCdf } from "./noncentralT";
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
