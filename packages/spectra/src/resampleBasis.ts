import type { BasisSet } from "./basis";
import type { ComplexArray } from "./complex";

/** The sampling a basis set is resampled to (normally the data's). */
export interface ResampleTarget {
  /** Target dwell time, s. */
  readonly dwellS: number;
  /** Target number of complex points. */
  readonly points: number;
  /** Target spectrometer frequency, MHz (default: the basis's own). */
  readonly centreMHz?: number;
  /**
   * What to do when the target acquisition lasts longer than the basis FID: "error" (default,
   * as FSL-MRS's `InsufficentTimeCoverageError`) or "zero" (zero-fill past the basis).
   */
  readonly beyondCoverage?: "error" | "zero";
}

/** Largest relative centre-frequency difference accepted: beyond it the basis is for another field. */
const MAX_CENTRE_MISMATCH = 0.05;

function interpolate(
  fid: ComplexArray,
  n0: number,
  dt0: number,
  times: Float64Array,
  zeroFill: boolean,
): ComplexArray {
  const out = new Float64Array(2 * times.length);
  const tLast = (n0 - 1) * dt0;
  for (let k = 0; k < times.length; k++) {
    const t = times[k] ?? 0;
    if (t > tLast + 1e-9) {
      if (zeroFill) continue;
      throw new RangeError(
        `resampleBasis(): the target needs the basis at ${t.toExponential(4)} s but it ends at ${tLast.toExponential(4)} s`,
      );
    }
    const x = Math.min(t / dt0, n0 - 1);
    const i = Math.min(Math.floor(x), n0 - 2);
    const w = x - i;
    out[2 * k] = (1 - w) * (fid[2 * i] ?? 0) + w * (fid[2 * i + 2] ?? 0);
    out[2 * k + 1] = (1 - w) * (fid[2 * i + 1] ?? 0) + w * (fid[2 * i + 3] ?? 0);
  }
  return out;
}

/**
 * Returns the basis set resampled to the target dwell time, number of points and centre
 * frequency, by linear interpolation of each complex FID on the time axis (FSL-MRS
 * `misc.ts_to_ts`, the time-domain resampler; t_n = n·dwell from 0).
 * A different centre frequency F0' is handled by reading the basis at scaled times
 * t·F0'/F0: every frequency offset from the 4.65 ppm reference scales by F0'/F0, so chemical
 * shifts land at the same ppm. J-couplings are scaled too (error ∝ ΔF0/F0, negligible for a few
 * tenths of a percent); a mismatch above 5 % throws (simulate a basis for that field instead).
 * Same sampling and centre (relative tolerance 1e-6) ⇒ plain copy/truncation, no interpolation.
 * Linear interpolation slightly attenuates lines far from 0 Hz when the dwell times differ;
 * prefer a basis simulated at the data's dwell time. The simulated widths are kept.
 */
export function resampleBasis(basis: BasisSet, target: ResampleTarget): BasisSet {
  const centre = target.centreMHz ?? basis.centreMHz;
  if (!(target.dwellS > 0) || !Number.isInteger(target.points) || target.points < 1) {
    throw new RangeError(`resampleBasis(): need dwell > 0 and an integer number of points ≥ 1`);
  }
  const ratio = centre / basis.centreMHz;
  if (Math.abs(ratio - 1) > MAX_CENTRE_MISMATCH) {
    throw new RangeError(
      `resampleBasis(): basis centre ${basis.centreMHz} MHz and target ${centre} MHz differ by more than 5 %`,
    );
  }
  const zeroFill = (target.beyondCoverage ?? "error") === "zero";
  const sameTiming = Math.abs(target.dwellS * ratio - basis.dwellS) <= 1e-6 * basis.dwellS;
  const times = new Float64Array(target.points);
  for (let k = 0; k < target.points; k++) times[k] = k * target.dwellS * ratio;
  const fids = basis.fids.map((fid) => {
    if (sameTiming) {
      if (target.points > basis.points && !zeroFill) {
        throw new RangeError(
          `resampleBasis(): the target has ${target.points} points but the basis only ${basis.points}`,
        );
      }
      const out = new Float64Array(2 * target.points);
      out.set(fid.subarray(0, Math.min(fid.length, out.length)));
      return out;
    }
    return interpolate(fid, basis.points, basis.dwellS, times, zeroFill);
  });
  return { ...basis, fids, dwellS: target.dwellS, points: target.points, centreMHz: centre };
}
