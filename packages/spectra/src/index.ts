export { type Alignment, type AlignmentOptions, alignTransients } from "./alignTransients";
export { type ApodisationOptions, apodise } from "./apodise";
export { frequencyAxisHz, ppmAxis, ppmRangeIndices, ppmToHz, timeAxis, WATER_PPM } from "./axes";
export {
  type BasisMember,
  type BasisSet,
  basisSetOf,
  conjugateBasis,
  parseFslBasis,
  selectBasis,
} from "./basis";
export { type Block, type BlockOptions, blockAverage } from "./blockAverage";
export { type BasisConvention, checkBasisConvention } from "./checkBasisConvention";
export { type CoilWeightOptions, coilWeights, combineCoils } from "./combineCoils";
export {
  type ComplexArray,
  complexArray,
  complexFromParts,
  complexLength,
  conjugate,
  imagPart,
  magnitude,
  realPart,
  rotatePhase,
} from "./complex";
export { eddyCurrentCorrect } from "./eddyCurrent";
export { fft, fftshift, fidOf, ifft, ifftshift, spectrumOf } from "./fft";
export { type FitComponent, fitComponents } from "./fitComponents";
export {
  ALL_REJECTED,
  type DynamicBlockFit,
  type DynamicFitOptions,
  type DynamicSeries,
  type DynamicSeriesFit,
  fitDynamicSeries,
  TRANSIENT_WATER_REMOVAL,
  type TransientDecision,
} from "./fitDynamicSeries";
export {
  DEFAULT_QUALITY_THRESHOLDS,
  FIT_PROBLEM_CODES,
  type FitProblem,
  type FitProblemCode,
  type FitQuality,
  type FitQualityThresholds,
} from "./fitMetrics";
export {
  type CombinationEstimate,
  DEFAULT_COMBINATIONS,
  FIT_DEFAULTS,
  type FitOptions,
  type FitResult,
  fitSpectrum,
  LCMODEL_MM_PRIORS,
  LCMODEL_RATIO_PRIORS,
  type LineshapeEstimate,
  type MetaboliteEstimate,
  type RatioEstimate,
  type RatioPrior,
  type WaterRemovalOption,
  type WaterRemovalRecord,
} from "./fitSpectrum";
export { type BaselineSpec, type ModelParams, modelFid, modelSpectrum } from "./forwardModel";
export { peakFwhmHz } from "./fwhm";
export {
  DEFAULT_WATER_REMOVAL,
  type HsvdComponent,
  type HsvdOptions,
  hsvd,
  removeResidualWater,
  type WaterRemoval,
  type WaterRemovalSettings,
} from "./hlsvd";
export { type LcmodelBasis, parseLcmodelBasis } from "./lcmodelBasis";
export {
  LCMODEL_MM_LIPIDS,
  type SimulatedComponent,
  simulatedComponentFid,
  withLcmodelMacromolecules,
} from "./macromolecules";
export { type PerturbedTransients, perturbTransients, type TransientPerturbation } from "./perturbTransients";
export { DEFAULT_SEED, gaussianSource, type RandomSource, seededRandom } from "./random";
export {
  OUTLIER_DEFAULTS,
  type OutlierDecision,
  type OutlierOptions,
  rejectOutliers,
} from "./rejectOutliers";
export { type ResampleTarget, resampleBasis } from "./resampleBasis";
export {
  addComplexNoise,
  noiseSdForSnr,
  type SimulatedFid,
  type SimulationOptions,
  simulateFid,
} from "./simulate";
export { fidTailNoiseSd, NAA_WINDOW_PPM, NOISE_REGION_PPM, noiseSd, peakHeight } from "./snr";
