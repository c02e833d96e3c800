import { WATER_PPM } from "./axes";
import { type BasisSet, selectBasis } from "./basis";
import type { FitResult } from "./fitSpectrum";
import { modelSpectrum } from "./forwardModel";
import { withLcmodelMacromolecules } from "./macromolecules";

/** One basis member's share of a fit, on the fit's bins. */
export interface FitComponent {
  readonly name: string;
  /** Real part of the member's fitted spectrum, phase-corrected like `FitResult.data`, on `FitResult.ppm`. */
  readonly values: Float64Array;
}

/**
 * Each fitted member's own spectrum (amplitude, lineshape group and shift as fitted; φ0 and φ1
 * removed, as in the phased `FitResult.data`; no baseline) on the fit's bins, for plots: the
 * components plus `FitResult.baselineSpectrum` add up to `FitResult.fit`. Members fitted at zero
 * amplitude are left out. `basis` is the one the fit used (same sampling).
 */
export function fitComponents(fit: FitResult, basis: BasisSet): FitComponent[] {
  const names = fit.metabolites.map((m) => m.name);
  // Members fitSpectrum simulated itself (LCModel's MM/Lip for a basis without them).
  const full = names.every((nm) => basis.names.includes(nm)) ? basis : withLcmodelMacromolecules(basis);
  const used = selectBasis(full, names);
  const ppmAll = fit.ppm.length > 0 ? firstBin(fit.ppm[0] ?? 0, basis) : 0;
  const out: FitComponent[] = [];
  names.forEach((name, m) => {
    const a = fit.params.amplitudes[m] ?? 0;
    if (!(a !== 0)) return;
    const only = fit.params.amplitudes.map((_, j) => (j === m ? a : 0));
    const { baseline: _baseline, ...rest } = fit.params;
    const s = modelSpectrum(used, { ...rest, amplitudes: only, phi0Rad: 0, phi1S: 0 });
    const values = new Float64Array(fit.ppm.length);
    for (let j = 0; j < values.length; j++) values[j] = s[2 * (ppmAll + j)] ?? 0;
    out.push({ name, values });
  });
  return out;
}

/** Index on the basis's fftshifted axis of the bin at `ppm` (ppm = WATER_PPM − f/F0, f = (k − N/2)/(N·dwell)). */
function firstBin(ppm: number, basis: BasisSet): number {
  const n = basis.points;
  const f = (WATER_PPM - ppm) * basis.centreMHz;
  return Math.round(f * n * basis.dwellS + Math.floor(n / 2));
}
