export { basisFiles } from "./basisFiles";
export { clockOf, daysFromIso, isoFromDays } from "./dates";
export { meanResponseFraction, type ResponseShape, responseFraction } from "./glxResponse";
export { FAKE_SITE, type FakeIdentity, fakeIdentity } from "./identity";
export { madrsItems } from "./madrsItems";
export { quantiseMantissa } from "./quantiseMantissa";
export { fnv1a, type Rng, rngOf, streamFor } from "./rng";
export {
  type AcquisitionBasis,
  acquisitionBasis,
  type CorruptedTransient,
  calibratedWidths,
  GLX_MEMBERS,
  LIPID_PPM,
  type MotionEpisode,
  naaSingletFwhmHz,
  type SessionSpectra,
  type SessionSpectraInput,
  type SessionSpectraTruth,
  simulateSessionSpectra,
  TNAA_MEMBERS,
  voigtWidths,
} from "./simulateSessionSpectra";
export {
  SIMULATOR,
  type SimulatedFile,
  type SimulatedStudy,
  type SimulateOptions,
  simulateStudy,
  simulateStudyStream,
} from "./simulateStudy";
export {
  ACC_CONCENTRATIONS,
  DEFAULT_SIMULATION_SEED,
  MADRS_ITEM_WEIGHTS,
  MINI_SPEC,
  SimulationSpec,
  type SimulationSpecInput,
} from "./spec";
export { Truth, TruthBlock, TruthMrs, TruthSession } from "./truth";
