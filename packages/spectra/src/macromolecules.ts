import { ppmToHz } from "./axes";
import type { BasisSet } from "./basis";

/** One simulated macromolecule or lipid component: Gaussian lines at fixed shifts. */
export interface SimulatedComponent {
  readonly name: string;
  /** Lines: chemical shift (ppm), Gaussian FWHM (ppm) and relative area (protons). */
  readonly lines: readonly { readonly ppm: number; readonly fwhmPpm: number; readonly amp: number }[];
}

/**
 * LCModel 6.3's default simulated macromolecule and lipid components at short TE (LCModel.f
 * BLOCK DATA, CHSIMU, minimum widths FWMIN; schorschinho/LCModel source; the same set as
 * Osprey's MMLipLCModel.json). Lip13c/d/e are off by default in LCModel (CHNOT2) and the
 * negative −CrCH2 correction is left out (the amplitudes are non-negative here).
 */
export const LCMODEL_MM_LIPIDS: readonly SimulatedComponent[] = [
  { name: "Lip13a", lines: [{ ppm: 1.28, fwhmPpm: 0.15, amp: 2 }] },
  { name: "Lip13b", lines: [{ ppm: 1.28, fwhmPpm: 0.089, amp: 2 }] },
  { name: "Lip09", lines: [{ ppm: 0.89, fwhmPpm: 0.14, amp: 3 }] },
  { name: "MM09", lines: [{ ppm: 0.91, fwhmPpm: 0.14, amp: 3 }] },
  {
    name: "Lip20",
    lines: [
      { ppm: 2.04, fwhmPpm: 0.15, amp: 1.33 },
      { ppm: 2.25, fwhmPpm: 0.15, amp: 0.67 },
      { ppm: 2.8, fwhmPpm: 0.2, amp: 0.87 },
    ],
  },
  {
    name: "MM20",
    lines: [
      { ppm: 2.08, fwhmPpm: 0.15, amp: 1.33 },
      { ppm: 2.25, fwhmPpm: 0.2, amp: 0.33 },
      { ppm: 1.95, fwhmPpm: 0.15, amp: 0.33 },
      { ppm: 3.0, fwhmPpm: 0.2, amp: 0.4 },
    ],
  },
  { name: "MM12", lines: [{ ppm: 1.21, fwhmPpm: 0.15, amp: 2 }] },
  { name: "MM14", lines: [{ ppm: 1.43, fwhmPpm: 0.17, amp: 2 }] },
  { name: "MM17", lines: [{ ppm: 1.67, fwhmPpm: 0.15, amp: 2 }] },
];

/**
 * Returns the FID of a simulated component on the basis' sampling: Σ amp·e^{i2πf t}·e^{−(πwt)²/(4 ln 2)}
 * (Gaussian of FWHM w Hz), times `protonScale` (the basis' FID amplitude per proton).
 */
export function simulatedComponentFid(
  component: SimulatedComponent,
  points: number,
  dwellS: number,
  centreMHz: number,
  protonScale: number,
): Float64Array {
  const out = new Float64Array(2 * points);
  for (const line of component.lines) {
    const f = ppmToHz(line.ppm, centreMHz);
    const w = line.fwhmPpm * centreMHz;
    const a = (Math.PI * w) ** 2 / (4 * Math.LN2);
    for (let k = 0; k < points; k++) {
      const t = k * dwellS;
      const e = protonScale * line.amp * Math.exp(-a * t * t);
      out[2 * k] = (out[2 * k] ?? 0) + e * Math.cos(2 * Math.PI * f * t);
      out[2 * k + 1] = (out[2 * k + 1] ?? 0) + e * Math.sin(2 * Math.PI * f * t);
    }
  }
  return out;
}

/**
 * Returns `basis` with LCModel's simulated macromolecule and lipid members ({@link LCMODEL_MM_LIPIDS})
 * appended, scaled per proton like the basis (Cr's first FID point over its 5 protons, else NAA's
 * over 3, else the largest member's over 5). Used by `fitSpectrum` for a basis without MM/Lip members.
 */
export function withLcmodelMacromolecules(basis: BasisSet): BasisSet {
  const first = (nm: string, protons: number): number => {
    const f = basis.fids[basis.names.indexOf(nm)];
    return f === undefined ? Number.NaN : Math.hypot(f[0] ?? 0, f[1] ?? 0) / protons;
  };
  let perProton = first("Cr", 5);
  if (!(perProton > 0)) perProton = first("NAA", 3);
  if (!(perProton > 0))
    perProton = Math.max(0, ...basis.fids.map((f) => Math.hypot(f[0] ?? 0, f[1] ?? 0))) / 5;
  if (!(perProton > 0)) perProton = 1;
  return {
    ...basis,
    names: [...basis.names, ...LCMODEL_MM_LIPIDS.map((c) => c.name)],
    fids: [
      ...basis.fids,
      ...LCMODEL_MM_LIPIDS.map((c) =>
        simulatedComponentFid(c, basis.points, basis.dwellS, basis.centreMHz, perProton),
      ),
    ],
    widthsHz: [...basis.widthsHz, ...LCMODEL_MM_LIPIDS.map(() => null)],
  };
}
