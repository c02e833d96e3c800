import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import {
  type BasisSet,
  basisSetOf,
  type fitSpectrum,
  frequencyAxisHz,
  type ModelParams,
  modelSpectrum,
  parseFslBasis,
  peakFwhmHz,
  ppmAxis,
  ppmRangeIndices,
  resampleBasis,
  selectBasis,
} from "../src/index";

/** The real reference files the repository carries (testdata/reference-data, see testdata/PROVENANCE.md). */
export const ref = testdataFolder("reference-data");

/** Folder of the real 3 T FSL-MRS basis set (Wilson, Finney & Clarke; see PROVENANCE.md §5). */
export const basisDir = join(ref, "fmrs_bold_dynamic_fitting", "basis_3T");

/** Reads the 3 T basis set (all 29 members, sorted by file name). */
export function readBasis3T(): BasisSet {
  const files = readdirSync(basisDir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  return basisSetOf(
    files.map((f) => parseFslBasis(f.slice(0, -5), JSON.parse(readFileSync(join(basisDir, f), "utf8")))),
  );
}

/** Realistic ACC concentrations (institutional units ≈ mM) for simulations; members not listed are 0. */
export const BRAIN_CONCENTRATIONS: Readonly<Record<string, number>> = {
  NAA: 12,
  NAAG: 1.5,
  Cr: 7,
  PCr: 4,
  Glu: 10,
  Gln: 3,
  Ins: 6,
  GPC: 1.5,
  PCh: 0.5,
  GABA: 1.5,
  GSH: 2,
  Tau: 1.5,
  Asp: 2,
  Lac: 0.5,
  Glc: 1,
  sIns: 0.3,
  Asc: 1,
  PEth: 0.5,
  MM09: 4,
  MM12: 3,
  MM14: 4,
  MM17: 3,
  MM20: 6,
  Lip13a: 0.5,
  Lip09: 0.3,
};

/** Lorentzian damping γ (s⁻¹) for an added Lorentzian FWHM in Hz. */
export const gammaOfHz = (fwhmHz: number): number => Math.PI * fwhmHz;

/** Gaussian damping σ (s⁻¹) for an added Gaussian FWHM in Hz. */
export const sigmaOfHz = (fwhmHz: number): number => (Math.PI * fwhmHz) / (2 * Math.sqrt(Math.LN2));

/** Settings of {@link brainTruth}. */
export interface TruthSettings {
  /** Added Lorentzian/Gaussian FWHM of metabolites, Hz (default 3 and 4: NAA FWHM ≈ 6 Hz). */
  readonly lorentzHz?: number;
  readonly gaussHz?: number;
  readonly shiftHz?: number;
  readonly phi0Rad?: number;
  readonly phi1S?: number;
  /** Multiplies Glu and Gln (a Glx step). */
  readonly glxFactor?: number;
}

/** Model parameters of a realistic ACC spectrum on `basis` (metabolites group 0, MM/Lip group 1). */
export function brainTruth(basis: BasisSet, s: TruthSettings = {}): ModelParams {
  const f = s.glxFactor ?? 1;
  return {
    amplitudes: basis.names.map((n) => (BRAIN_CONCENTRATIONS[n] ?? 0) * (n === "Glu" || n === "Gln" ? f : 1)),
    groups: basis.names.map((n) => (/^(MM|Lip)/.test(n) ? 1 : 0)),
    gammaPerS: [gammaOfHz(s.lorentzHz ?? 3), gammaOfHz(4)],
    sigmaPerS: [sigmaOfHz(s.gaussHz ?? 4), sigmaOfHz(4)],
    shiftHz: s.shiftHz ?? 0.8,
    phi0Rad: s.phi0Rad ?? 0.15,
    phi1S: s.phi1S ?? 0,
  };
}

/** FWHM (Hz) of the true NAA line of `basis` under `params`: the NAA member alone, 8× zero-filled, through modelSpectrum. */
export function trueNaaFwhm(basis: BasisSet, params: ModelParams): number {
  const naa = selectBasis(basis, ["NAA"]);
  const big = resampleBasis(naa, { dwellS: naa.dwellS, points: 8 * naa.points, beyondCoverage: "zero" });
  const g = params.groups?.[basis.names.indexOf("NAA")] ?? 0;
  const s = modelSpectrum(big, {
    amplitudes: [1],
    gammaPerS: [params.gammaPerS[g] ?? 0],
    sigmaPerS: [params.sigmaPerS[g] ?? 0],
    shiftHz: 0,
    phi0Rad: 0,
    phi1S: 0,
  });
  const w = ppmRangeIndices(ppmAxis(big.points, big.dwellS, big.centreMHz), [1.8, 2.2]);
  return peakFwhmHz(s, frequencyAxisHz(big.points, big.dwellS), w.start, w.end) ?? Number.NaN;
}

type Fit = ReturnType<typeof fitSpectrum>;
/** A fit's ratio, combination and metabolite by name (undefined when absent). */
export const ratioOf = (fit: Fit, name: string) => fit.ratios.find((r) => r.name === name);
export const comboOf = (fit: Fit, name: string) => fit.combinations.find((c) => c.name === name);
export const metabOf = (fit: Fit, name: string) => fit.metabolites.find((m) => m.name === name);
