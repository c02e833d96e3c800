import type { Evaluation, FitModel } from "./fitModel";
import { dot, symmetricInverse } from "./linalg";

/** Covariance of the fitted parameters, per member, with the noise variance applied. */
export interface FitCovariance {
  /** Amplitude per member (scaled data units): the real amplitude, or the modulus of a complex (free-phase) one. */
  readonly amplitudes: Float64Array;
  /** Covariance of the member amplitudes (row-major, members order), scaled units². */
  readonly amplitudeCovariance: Float64Array;
  /** Variance of each non-linear parameter [γ…, σ²…, ε, φ0, (φ1)], radians/Hz/s units; NaN when undetermined. */
  readonly thetaVariance: Float64Array;
  /** Parameters fitted: positive amplitudes + baseline effective dimension + non-linear ones. */
  readonly freeParameters: number;
}

/**
 * Cramér–Rao lower bounds (Cavassila et al. 2001, NMR Biomed 14:278) from the Fisher information
 * JᵀJ/σ² of the full model at the solution: one column per member amplitude (two — real and
 * imaginary — for a free-phase member) and the derivatives by the non-linear parameters, each
 * with the baseline (and its roughness prior rows) projected out, which marginalises the baseline
 * coefficients exactly (Schur complement). σ² per real component is `noiseVariance`
 * (scaled units). A complex amplitude's modulus gets its variance by the delta method.
 */
export function fitCovariance(
  model: FitModel,
  ev: Evaluation,
  members: number,
  noiseVariance: (freeParameters: number) => number,
): FitCovariance {
  // Fisher columns per member: real part, and imaginary part for free-phase members.
  const memberCols: { member: number; re: number; im: number | null }[] = [];
  for (let m = 0; m < members; m++) {
    const idx = model.columns.map((c, i) => (c.member === m ? i : -1)).filter((i) => i >= 0);
    const re = idx.find((i) => model.columns[i]?.rotation === 0) ?? -1;
    const im = idx.find((i) => model.columns[i]?.rotation === 2);
    memberCols.push({ member: m, re, im: im ?? null });
  }
  const cre = new Float64Array(members);
  const cim = new Float64Array(members);
  model.columns.forEach((col, i) => {
    const c = ev.c[i] ?? 0;
    if (col.rotation === 0) cre[col.member] = (cre[col.member] ?? 0) + c;
    else if (col.rotation === 1) cre[col.member] = (cre[col.member] ?? 0) - c;
    else if (col.rotation === 2) cim[col.member] = (cim[col.member] ?? 0) + c;
    else cim[col.member] = (cim[col.member] ?? 0) - c;
  });
  // Fisher slots: the model column of each amplitude (real, and imaginary for free phase).
  const colOf: number[] = [];
  const slot: { re: number; im: number | null }[] = [];
  for (const mc of memberCols) {
    const reSlot = colOf.length;
    colOf.push(mc.re);
    let imSlot: number | null = null;
    if (mc.im !== null) {
      imSlot = colOf.length;
      colOf.push(mc.im);
    }
    slot.push({ re: reSlot, im: imSlot });
  }
  // The baseline is marginalised exactly: the Schur complement of its block in the Fisher
  // information is the information of the columns with the (penalised) baseline projected out.
  // The amplitude block is the evaluation's projected Gram matrix, and a_iᵀ(P⊥d) = (P⊥a_i)ᵀ(P⊥d).
  const ds = model.derivatives(ev).map((d) => model.projectB(d));
  const nA = colOf.length;
  const np = nA + ds.length;
  const p = model.p;
  const fisher = new Float64Array(np * np);
  for (let i = 0; i < np; i++) {
    for (let j = 0; j <= i; j++) {
      let v: number;
      if (i < nA) v = ev.gram[(colOf[i] ?? 0) * p + (colOf[j] ?? 0)] ?? 0;
      else if (j < nA) v = dot(ev.a[colOf[j] ?? 0] as Float64Array, ds[i - nA] as Float64Array);
      else v = dot(ds[i - nA] as Float64Array, ds[j - nA] as Float64Array);
      fisher[i * np + j] = v;
      fisher[j * np + i] = v;
    }
  }
  const inv = symmetricInverse(fisher, np);
  let positive = 0;
  for (let m = 0; m < members; m++) if (Math.hypot(cre[m] ?? 0, cim[m] ?? 0) > 0) positive++;
  const freeParameters = positive + model.baselineEd + model.ntheta;
  const sigma2 = noiseVariance(freeParameters);
  // Linearisation of each member's reported amplitude in the amplitude slots.
  const grads: Float64Array[] = slot.map((s, m) => {
    const g = new Float64Array(nA);
    if (s.im === null) {
      g[s.re] = 1;
      return g;
    }
    const mod = Math.hypot(cre[m] ?? 0, cim[m] ?? 0);
    if (mod > 0) {
      g[s.re] = (cre[m] ?? 0) / mod;
      g[s.im] = (cim[m] ?? 0) / mod;
    } else g[s.re] = 1;
    return g;
  });
  const amplitudes = Float64Array.from({ length: members }, (_, m) =>
    slot[m]?.im === null ? (cre[m] ?? 0) : Math.hypot(cre[m] ?? 0, cim[m] ?? 0),
  );
  const amplitudeCovariance = new Float64Array(members * members);
  for (let a = 0; a < members; a++) {
    for (let b = 0; b < members; b++) {
      const ga = grads[a] as Float64Array;
      const gb = grads[b] as Float64Array;
      let s = 0;
      for (let i = 0; i < nA; i++) {
        const gi = ga[i] ?? 0;
        if (gi === 0) continue;
        for (let j = 0; j < nA; j++) {
          const gj = gb[j] ?? 0;
          if (gj !== 0) s += gi * gj * (inv[i * np + j] ?? Number.NaN);
        }
      }
      amplitudeCovariance[a * members + b] = sigma2 * s;
    }
  }
  const off = nA;
  const thetaVariance = Float64Array.from(
    { length: model.ntheta },
    (_, k) => sigma2 * (inv[(off + k) * np + off + k] ?? Number.NaN),
  );
  return { amplitudes, amplitudeCovariance, thetaVariance, freeParameters };
}

/** aᵀ·Σ·b for a p×p covariance. */
export function quadForm(cov: Float64Array, a: Float64Array, b: Float64Array, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) {
    const ai = a[i] ?? 0;
    if (ai === 0) continue;
    for (let j = 0; j < p; j++) {
      const bj = b[j] ?? 0;
      if (bj !== 0) s += ai * bj * (cov[i * p + j] ?? 0);
    }
  }
  return s;
}

/** √v when v is a finite non-negative variance, else null. */
export function sdOrNull(v: number): number | null {
  return Number.isFinite(v) && v >= 0 ? Math.sqrt(v) : null;
}
