import type { ComplexArray } from "./complex";

/**
 * Eddy-current correction (Klose 1990, Magn Reson Med 14:26): the phase of the unsuppressed water
 * reference FID at each time point, φ_w(t) = arg w(t), holds the eddy-current phase (and the
 * water's own frequency offset and zero-order phase); removing it point by point from a
 * metabolite FID acquired with the same gradients, s'(t) = s(t)·e^(−iφ_w(t)), removes the
 * distortion. Points where the water signal has decayed to below `floor` × |w(0)| keep the last
 * reliable phase (its noise would otherwise be copied into the data). Returns a new FID.
 * Throws a RangeError when the two FIDs differ in length.
 */
export function eddyCurrentCorrect(fid: ComplexArray, water: ComplexArray, floor = 1e-3): ComplexArray {
  if (fid.length !== water.length) {
    throw new RangeError(
      `eddyCurrentCorrect(): FID of ${fid.length / 2} points, water of ${water.length / 2}`,
    );
  }
  const out = new Float64Array(fid.length);
  const w0 = Math.hypot(water[0] ?? 0, water[1] ?? 0);
  let cos = 1;
  let sin = 0;
  for (let k = 0; k < fid.length; k += 2) {
    const wr = water[k] ?? 0;
    const wi = water[k + 1] ?? 0;
    const m = Math.hypot(wr, wi);
    if (m > floor * w0 && m > 0) {
      cos = wr / m;
      sin = wi / m;
    }
    const re = fid[k] ?? 0;
    const im = fid[k + 1] ?? 0;
    // multiply by e^(−iφ) = cos − i sin
    out[k] = re * cos + im * sin;
    out[k + 1] = im * cos - re * sin;
  }
  return out;
}
