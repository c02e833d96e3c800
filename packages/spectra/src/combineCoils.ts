import { type ComplexArray, complexLength } from "./complex";

/** Options of {@link coilWeights}. */
export interface CoilWeightOptions {
  /** Number of leading FID points averaged for each coil's signal amplitude and phase (default 1, the first point, as FID-A/Osprey; average more only for a noisy reference with little precession). */
  readonly points?: number;
  /** Trailing fraction of the FID used for each coil's noise SD (default 0.25; the signal has decayed there). */
  readonly noiseFraction?: number;
}

/**
 * Returns complex combination weights, one per coil, from each coil's reference FID (an
 * unsuppressed water reference, or the mean of the metabolite transients):
 * w_c = conj(a_c) / σ_c², normalised to Σ|w_c| = 1, where a_c is the first sample (or the mean of the first `points`
 * samples) and σ_c² the noise variance per component of the last `noiseFraction` of the FID.
 * This is the SNR-optimal weighting for uncorrelated coil noise (signal-to-noise² weighting with
 * phase alignment; Hall et al. 2014, NeuroImage 86:35; cf. the WSVD of Rodgers & Robson 2010, to which it
 * reduces when noise is uncorrelated and the coil sensitivity is one complex scalar per coil).
 * A coil with zero noise variance is given the smallest positive variance of the others; a single
 * coil returns [e^{−i·arg a}]. Throws when coils differ in length or the list is empty.
 */
export function coilWeights(
  reference: readonly ComplexArray[],
  options: CoilWeightOptions = {},
): ComplexArray {
  const nc = reference.length;
  const first = reference[0];
  if (first === undefined) throw new RangeError("coilWeights(): no coils");
  const n = complexLength(first);
  const np = Math.max(1, Math.min(options.points ?? 1, n));
  const tail = Math.max(2, Math.floor(n * (options.noiseFraction ?? 0.25)));
  const amps: { re: number; im: number; v: number }[] = reference.map((fid) => {
    if (fid.length !== first.length) throw new RangeError("coilWeights(): coils differ in length");
    let re = 0;
    let im = 0;
    for (let k = 0; k < np; k++) {
      re += fid[2 * k] ?? 0;
      im += fid[2 * k + 1] ?? 0;
    }
    let mr = 0;
    let mi = 0;
    for (let k = n - tail; k < n; k++) {
      mr += fid[2 * k] ?? 0;
      mi += fid[2 * k + 1] ?? 0;
    }
    mr /= tail;
    mi /= tail;
    let ss = 0;
    for (let k = n - tail; k < n; k++)
      ss += ((fid[2 * k] ?? 0) - mr) ** 2 + ((fid[2 * k + 1] ?? 0) - mi) ** 2;
    return { re: re / np, im: im / np, v: ss / (2 * tail - 2) };
  });
  const positive = amps.map((a) => a.v).filter((v) => v > 0);
  const floor = positive.length > 0 ? Math.min(...positive) : 1;
  const w = new Float64Array(2 * nc);
  let total = 0;
  amps.forEach((a, c) => {
    const v = a.v > 0 ? a.v : floor;
    w[2 * c] = a.re / v;
    w[2 * c + 1] = -a.im / v;
    total += Math.hypot(a.re, a.im) / v;
  });
  if (nc === 1) {
    const m = Math.hypot(amps[0]?.re ?? 0, amps[0]?.im ?? 0);
    if (m > 0) {
      w[0] = (amps[0]?.re ?? 0) / m;
      w[1] = -(amps[0]?.im ?? 0) / m;
    } else {
      w[0] = 1;
      w[1] = 0;
    }
    return w;
  }
  if (total > 0) for (let k = 0; k < w.length; k++) w[k] = (w[k] ?? 0) / total;
  return w;
}

/**
 * Returns the coil-combined FID Σ_c w_c·s_c(t) for one transient, given one FID per coil and
 * weights from {@link coilWeights} (apply the same weights to every transient of a series so the
 * combination does not vary over time). Throws on a coil/weight count or length mismatch.
 */
export function combineCoils(coils: readonly ComplexArray[], weights: ComplexArray): ComplexArray {
  const first = coils[0];
  if (first === undefined) throw new RangeError("combineCoils(): no coils");
  if (weights.length !== 2 * coils.length) {
    throw new RangeError(`combineCoils(): ${coils.length} coils but ${weights.length / 2} weights`);
  }
  const out = new Float64Array(first.length);
  coils.forEach((fid, c) => {
    if (fid.length !== first.length) throw new RangeError("combineCoils(): coils differ in length");
    const wr = weights[2 * c] ?? 0;
    const wi = weights[2 * c + 1] ?? 0;
    for (let k = 0; k < fid.length; k += 2) {
      const re = fid[k] ?? 0;
      const im = fid[k + 1] ?? 0;
      out[k] = (out[k] ?? 0) + re * wr - im * wi;
      out[k + 1] = (out[k + 1] ?? 0) + re * wi + im * wr;
    }
  });
  return out;
}
