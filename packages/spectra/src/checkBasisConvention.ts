import { ppmAxis, WATER_PPM } from "./axes";
import type { BasisSet } from "./basis";
import { spectrumOf } from "./fft";

/** What {@link checkBasisConvention} found. */
export interface BasisConvention {
  /** "nifti-mrs": the reference peak sits where expected with ppm = 4.65 − f/F0; "conjugated": it sits at the mirror position 2·4.65 − expected (conjugate the basis, see `conjugateBasis`); "unknown": neither. */
  readonly convention: "nifti-mrs" | "conjugated" | "unknown";
  /** Position of the largest |S| of the member, ppm, NIfTI-MRS axis. */
  readonly peakPpm: number;
  /** The position the caller expected, ppm. */
  readonly expectedPpm: number;
}

/**
 * Returns whether a basis set follows the NIfTI-MRS frequency convention, by locating the
 * largest magnitude of one member's spectrum S = fftshift(FFT(fid)) (numpy sign) on the axis
 * ppm = 4.65 − f/F0 and comparing it with a known singlet (default NAA CH3 at 2.008 ppm, within
 * ±0.1 ppm). Mirrored position (9.3 − expected) ⇒ "conjugated". A 2 Hz exponential broadening
 * is applied first so undamped (sinc-ringing) bases peak cleanly. Throws if the member is absent.
 * Finding for `fmrs_bold_dynamic_fitting/basis_3T/NAA.json`: peak at 2.006 ppm, "nifti-mrs".
 */
export function checkBasisConvention(
  basis: BasisSet,
  member = "NAA",
  expectedPpm = 2.008,
  tolerancePpm = 0.1,
): BasisConvention {
  const i = basis.names.indexOf(member);
  const fid = basis.fids[i];
  if (i < 0 || fid === undefined) throw new RangeError(`checkBasisConvention(): no member ${member}`);
  const damped = new Float64Array(fid.length);
  for (let k = 0; k < basis.points; k++) {
    const w = Math.exp(-Math.PI * 2 * k * basis.dwellS);
    damped[2 * k] = (fid[2 * k] ?? 0) * w;
    damped[2 * k + 1] = (fid[2 * k + 1] ?? 0) * w;
  }
  const s = spectrumOf(damped);
  const ppm = ppmAxis(basis.points, basis.dwellS, basis.centreMHz);
  let best = -1;
  let peakPpm = Number.NaN;
  for (let k = 0; k < basis.points; k++) {
    const m = Math.hypot(s[2 * k] ?? 0, s[2 * k + 1] ?? 0);
    if (m > best) {
      best = m;
      peakPpm = ppm[k] ?? Number.NaN;
    }
  }
  let convention: BasisConvention["convention"] = "unknown";
  if (Math.abs(peakPpm - expectedPpm) <= tolerancePpm) convention = "nifti-mrs";
  else if (Math.abs(2 * WATER_PPM - peakPpm - expectedPpm) <= tolerancePpm) convention = "conjugated";
  return { convention, peakPpm, expectedPpm };
}
