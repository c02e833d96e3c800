import { type ComplexArray, complexLength } from "./complex";

/** Options of {@link alignTransients}. */
export interface AlignmentOptions {
  /** Sampling interval, s. */
  readonly dwellS: number;
  /** Reference FID (default: the mean of all transients). */
  readonly reference?: ComplexArray;
  /** Only FID points with t ≤ maxTimeS enter the fit (default 0.2 s, where the signal dominates; Near et al. 2015). */
  readonly maxTimeS?: number;
  /** Half-width of the initial frequency grid, Hz (default 20; step 0.5 Hz). */
  readonly searchHz?: number;
}

/** Result of {@link alignTransients}. */
export interface Alignment {
  /** Each transient multiplied by e^{i(2π·f_i·t + φ_i)}. */
  readonly aligned: ComplexArray[];
  /** Frequency correction applied to each transient, Hz (the transient was off by −f_i). */
  readonly shiftsHz: number[];
  /** Phase correction applied to each transient, rad in (−π, π]. */
  readonly phasesRad: number[];
}

/**
 * Returns the transients aligned in frequency and zero-order phase to a reference by spectral
 * registration in the time domain (Near et al. 2015, MRM 73:44): for each transient s,
 * (f, φ) minimise Σ_{t ≤ T} |ref(t) − s(t)·e^{i(2πft + φ)}|². The minimiser over φ is closed
 * form (φ = −arg Σ conj(ref)·s·e^{i2πft}), so f is found on a 0.5 Hz grid maximising
 * |Σ conj(ref)·s·e^{i2πft}|, then refined by Gauss–Newton on (f, φ) with the analytic Jacobian.
 * Empty input returns empty arrays; throws when lengths differ.
 */
export function alignTransients(transients: readonly ComplexArray[], options: AlignmentOptions): Alignment {
  const first = transients[0];
  if (first === undefined) return { aligned: [], shiftsHz: [], phasesRad: [] };
  const n = complexLength(first);
  const dt = options.dwellS;
  let ref = options.reference;
  if (ref === undefined) {
    const mean = new Float64Array(2 * n);
    for (const t of transients)
      for (let k = 0; k < 2 * n; k++) mean[k] = (mean[k] ?? 0) + (t[k] ?? 0) / transients.length;
    ref = mean;
  }
  if (ref.length !== 2 * n)
    throw new RangeError("alignTransients(): reference length differs from the transients");
  const m = Math.max(4, Math.min(n, Math.floor((options.maxTimeS ?? 0.2) / dt) + 1));
  const search = options.searchHz ?? 20;
  const refUsed = ref;

  const correlation = (s: ComplexArray, f: number): { re: number; im: number } => {
    let re = 0;
    let im = 0;
    const w = 2 * Math.PI * f * dt;
    for (let k = 0; k < m; k++) {
      const c = Math.cos(w * k);
      const sn = Math.sin(w * k);
      const sr = (s[2 * k] ?? 0) * c - (s[2 * k + 1] ?? 0) * sn;
      const si = (s[2 * k] ?? 0) * sn + (s[2 * k + 1] ?? 0) * c;
      const rr = refUsed[2 * k] ?? 0;
      const ri = refUsed[2 * k + 1] ?? 0;
      re += rr * sr + ri * si;
      im += rr * si - ri * sr;
    }
    return { re, im };
  };

  const shiftsHz: number[] = [];
  const phasesRad: number[] = [];
  const aligned = transients.map((s) => {
    if (s.length !== 2 * n) throw new RangeError("alignTransients(): transients differ in length");
    let f = 0;
    let bestMag = -1;
    for (let g = -search; g <= search + 1e-9; g += 0.5) {
      const z = correlation(s, g);
      const mag = Math.hypot(z.re, z.im);
      if (mag > bestMag) {
        bestMag = mag;
        f = g;
      }
    }
    const z0 = correlation(s, f);
    let phi = -Math.atan2(z0.im, z0.re);
    for (let iter = 0; iter < 20; iter++) {
      // r = ref − s·e^{iθ}, θ = 2πft + φ; ∂r/∂f = −i2πt·s·e^{iθ}, ∂r/∂φ = −i·s·e^{iθ}.
      let hff = 0;
      let hfp = 0;
      let hpp = 0;
      let gf = 0;
      let gp = 0;
      for (let k = 0; k < m; k++) {
        const t = k * dt;
        const th = 2 * Math.PI * f * t + phi;
        const c = Math.cos(th);
        const sn = Math.sin(th);
        const mr = (s[2 * k] ?? 0) * c - (s[2 * k + 1] ?? 0) * sn;
        const mi = (s[2 * k] ?? 0) * sn + (s[2 * k + 1] ?? 0) * c;
        const rr = (refUsed[2 * k] ?? 0) - mr;
        const ri = (refUsed[2 * k + 1] ?? 0) - mi;
        // −i·(mr + i·mi) = mi − i·mr
        const jpr = mi;
        const jpi = -mr;
        const w = 2 * Math.PI * t;
        hpp += jpr * jpr + jpi * jpi;
        hfp += w * (jpr * jpr + jpi * jpi);
        hff += w * w * (jpr * jpr + jpi * jpi);
        gp += jpr * rr + jpi * ri;
        gf += w * (jpr * rr + jpi * ri);
      }
      const det = hff * hpp - hfp * hfp;
      if (!(det > 0)) break;
      const df = (hpp * gf - hfp * gp) / det;
      const dp = (hff * gp - hfp * gf) / det;
      f -= df;
      phi -= dp;
      if (Math.abs(df) < 1e-6 && Math.abs(dp) < 1e-8) break;
    }
    phi = Math.atan2(Math.sin(phi), Math.cos(phi));
    shiftsHz.push(f);
    phasesRad.push(phi);
    const out = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const th = 2 * Math.PI * f * k * dt + phi;
      const c = Math.cos(th);
      const sn = Math.sin(th);
      const re = s[2 * k] ?? 0;
      const im = s[2 * k + 1] ?? 0;
      out[2 * k] = re * c - im * sn;
      out[2 * k + 1] = re * sn + im * c;
    }
    return out;
  });
  return { aligned, shiftsHz, phasesRad };
}
