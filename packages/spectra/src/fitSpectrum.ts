import { frequencyAxisHz, ppmAxis, ppmRangeIndices } from "./axes";
import type { BasisSet } from "./basis";
import type { ComplexArray } from "./complex";
import { fftInto, fftshift, spectrumOf } from "./fft";
import {
  type BaselineSpec,
  baselineAbscissa,
  legendre,
  lineshapedFid,
  type ModelParams,
} from "./forwardModel";
import { peakFwhmHz } from "./fwhm";
import { cholesky, choleskySolve, dot, symmetricInverse } from "./linalg";
import { nnlsGram } from "./nnls";
import { NAA_WINDOW_PPM, NOISE_REGION_PPM, noiseSd, peakHeight } from "./snr";

/** Default metabolite combinations reported by {@link fitSpectrum} (only those whose members are all fitted). */
export const DEFAULT_COMBINATIONS: Readonly<Record<string, readonly string[]>> = {
  tNAA: ["NAA", "NAAG"],
  tCr: ["Cr", "PCr"],
  Glx: ["Glu", "Gln"],
  tCho: ["GPC", "PCh"],
};

/** Options of {@link fitSpectrum}. */
export interface FitOptions {
  /** Fitted chemical-shift range, ppm (default [0.2, 4.2], FSL-MRS's default). */
  readonly ppmRange?: readonly [number, number];
  /** Order of the complex Legendre-polynomial baseline over the range (default 2, i.e. 6 real parameters, as FSL-MRS "poly, 2"); −1 for none. */
  readonly baselineOrder?: number;
  /** Basis members to fit (default: all), in output order. */
  readonly include?: readonly string[];
  /**
   * Lineshape groups beyond group 0: members listed in `lineshapeGroups[i]` (i ≥ 1) share their own
   * γ and σ; every other member is in group 0. Default: macromolecules and lipids (names starting
   * "MM" or "Lip") in group 1, as FSL-MRS `--metab_groups`; a single group when there are none.
   */
  readonly lineshapeGroups?: readonly (readonly string[])[];
  /** Combinations to report (default {@link DEFAULT_COMBINATIONS}). */
  readonly combinations?: Readonly<Record<string, readonly string[]>>;
  /** Denominators for ratios (default ["tNAA", "tCr"]; names of members or combinations). */
  readonly ratioReferences?: readonly string[];
  /**
   * Noise variance used for the Cramér–Rao bounds: "residual" (default; ‖residual‖²/(2L − p) over
   * the fit range, which also absorbs model misfit) or "noiseRegion" (SD of the signal-free region,
   * see `noiseSd`; pure thermal noise).
   */
  readonly noiseVariance?: "residual" | "noiseRegion";
  /** Signal-free region for the SNR noise SD, ppm (default [−2.5, −0.5]). */
  readonly noiseRegionPpm?: readonly [number, number];
  /** Starting line width (Voigt, split evenly between Lorentzian and Gaussian), Hz (default 6). */
  readonly initialLinewidthHz?: number;
  /** Half-width of the initial frequency-shift grid search, Hz (default 15; steps of one spectral bin; 0 disables the search). */
  readonly shiftSearchHz?: number;
  /** Fit the first-order phase φ1 (default true). */
  readonly fitFirstOrderPhase?: boolean;
  /** Maximum Levenberg–Marquardt iterations (default 100). */
  readonly maxIterations?: number;
}

/** One fitted basis member. */
export interface MetaboliteEstimate {
  readonly name: string;
  /** Lineshape group index. */
  readonly group: number;
  /** Amplitude c_m in basis units (data scale / basis scale), ≥ 0. */
  readonly amplitude: number;
  /** Cramér–Rao lower bound (SD) of the amplitude, same units; null when undetermined. */
  readonly crlb: number | null;
  /** 100·crlb/amplitude; null when the amplitude is 0 or the CRLB undetermined. */
  readonly crlbPercent: number | null;
}

/** A sum of members (e.g. Glx = Glu + Gln) with its CRLB from the full covariance. */
export interface CombinationEstimate {
  readonly name: string;
  readonly members: readonly string[];
  readonly amplitude: number;
  readonly crlb: number | null;
  readonly crlbPercent: number | null;
}

/** A ratio such as "Glx/tNAA", with its delta-method SD from the covariance. */
export interface RatioEstimate {
  readonly name: string;
  readonly numerator: string;
  readonly denominator: string;
  /** null when the denominator is 0. */
  readonly value: number | null;
  readonly sd: number | null;
}

/** Fitted lineshape of one group. */
export interface LineshapeEstimate {
  readonly members: readonly string[];
  /** Lorentzian damping γ, s⁻¹. */
  readonly gammaPerS: number;
  /** Gaussian damping σ, s⁻¹. */
  readonly sigmaPerS: number;
  /** Added Lorentzian FWHM γ/π, Hz. */
  readonly lorentzianFwhmHz: number;
  /** Added Gaussian FWHM 2σ√ln2/π, Hz. */
  readonly gaussianFwhmHz: number;
}

/** Result of {@link fitSpectrum}. */
export interface FitResult {
  readonly metabolites: readonly MetaboliteEstimate[];
  readonly combinations: readonly CombinationEstimate[];
  readonly ratios: readonly RatioEstimate[];
  readonly lineshapes: readonly LineshapeEstimate[];
  /** Frequency shift ε, Hz (positive = lines moved to lower ppm), and its CRLB. */
  readonly shiftHz: number;
  readonly shiftCrlbHz: number | null;
  /** Zero-order phase, rad in (−π, π], and its CRLB. */
  readonly phi0Rad: number;
  readonly phi0CrlbRad: number | null;
  /** First-order phase, s (phase 2π·φ1·f), and its CRLB (null when not fitted). */
  readonly phi1S: number;
  readonly phi1CrlbS: number | null;
  /** The fitted baseline, usable in `modelSpectrum`. */
  readonly baseline: BaselineSpec;
  /** All fitted parameters in `ModelParams` form (amplitudes in `include` order), so `modelSpectrum(selectBasis(basis, include), params)` reproduces the fit. */
  readonly params: ModelParams;
  /** FWHM of the fitted NAA singlet (NAA basis with the fitted lineshape, 8× zero-filled, real part), Hz and ppm; null without NAA. */
  readonly naaFwhmHz: number | null;
  readonly naaFwhmPpm: number | null;
  /**
   * SNR: height of the fitted metabolite spectrum (phased, without baseline) in 1.9–2.1 ppm (the
   * NAA peak) over the noise SD of the phased data's real part in the signal-free region (`noiseSd`).
   * Null when the NAA window or noise region falls outside the spectrum.
   */
  readonly snr: number | null;
  readonly snrMethod: string;
  /** Noise SD per real component of the spectrum, from the signal-free region (spectrum units), or null. */
  readonly noiseSdSpectrum: number | null;
  /** Residual SD per real component over the fit range (spectrum units). */
  readonly residualSd: number;
  /** Which noise variance the CRLBs use. */
  readonly crlbNoise: "residual" | "noiseRegion";
  /** ppm of each fitted bin (descending). */
  readonly ppm: Float64Array;
  /** Data, full fit, baseline and residual on the fitted bins, phase-corrected (real part = absorption), spectrum units. */
  readonly data: ComplexArray;
  readonly fit: ComplexArray;
  readonly baselineSpectrum: ComplexArray;
  readonly residual: ComplexArray;
  /** Covariance of the amplitudes (row-major, metabolites order), units². */
  readonly amplitudeCovariance: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

interface Theta {
  gamma: Float64Array;
  s: Float64Array;
  eps: number;
  phi0: number;
  phi1: number;
}

interface Evaluation {
  theta: Theta;
  a: Float64Array[];
  at: Float64Array[];
  c: Float64Array;
  passive: Uint8Array;
  r: Float64Array;
  cost: number;
}

function defaultGroups(names: readonly string[]): string[][] {
  const mm = names.filter((n) => /^(MM|Lip)/i.test(n));
  return mm.length > 0 && mm.length < names.length ? [[], mm] : [[]];
}

function wrapPhase(phi: number): number {
  let p = phi % (2 * Math.PI);
  if (p > Math.PI) p -= 2 * Math.PI;
  if (p <= -Math.PI) p += 2 * Math.PI;
  return p;
}

/**
 * Returns the linear-combination fit of one spectrum (e.g. a block average) against a basis set:
 * non-negative amplitudes per member, Voigt broadening (γ, σ) per lineshape group, one frequency
 * shift, zero- and first-order phase, and a complex Legendre-polynomial baseline, fitted to
 * S = fftshift(FFT(fid)) over a ppm range in the frequency domain (model: see `ModelParams`).
 *
 * Method: variable projection (Golub & Pereyra 1973) — for given non-linear parameters the
 * amplitudes are solved exactly by non-negative least squares (Lawson & Hanson 1974) with the
 * baseline projected out, and the 2G+3 non-linear parameters are fitted by Levenberg–Marquardt
 * (Marquardt 1963) on the reduced residual using Kaufman's (1975) approximation of its analytic
 * Jacobian. Start: a grid over the shift in whole bins of 1/(N·dwell) Hz within ±`shiftSearchHz`
 * (a bin shift is an exact circular shift of the spectrum, so one FFT per member serves the grid),
 * with the zero-order phase at each grid point from the closed-form optimum of the unconstrained
 * amplitudes (two candidates, φ and φ + π, decided by NNLS). Widths are bounded below by 0
 * (projected steps). Stops when an accepted step lowers the cost by < 1e-7 relative.
 * Uncertainties: Cramér–Rao lower bounds (Cavassila et al. 2001) from the Fisher information
 * JᵀJ/σ² of the *full* model (amplitudes, baseline and non-linear parameters) at the solution, σ²
 * per real component from the residual (‖r‖²/(2L − n_free), n_free = positive amplitudes + baseline
 * + non-linear parameters; default) or the noise region; bounds of sums and ratios
 * by the covariance (delta method for ratios). White noise is assumed (no apodisation or
 * zero-filling of the FID beforehand). The basis must match the FID's sampling (`resampleBasis`).
 * Throws on a length mismatch, an unknown member, or fewer than 16 bins in the range.
 */
export function fitSpectrum(fid: ComplexArray, basis: BasisSet, options: FitOptions = {}): FitResult {
  const n = basis.points;
  if (fid.length !== 2 * n) {
    throw new RangeError(
      `fitSpectrum(): the FID has ${fid.length / 2} points but the basis ${n}; resample the basis first`,
    );
  }
  const dt = basis.dwellS;
  const f0 = basis.centreMHz;
  const ppmRange = options.ppmRange ?? [0.2, 4.2];
  const order = options.baselineOrder ?? 2;
  const names = [...(options.include ?? basis.names)];
  const members = names.map((nm) => {
    const i = basis.names.indexOf(nm);
    const f = basis.fids[i];
    if (i < 0 || f === undefined) throw new RangeError(`fitSpectrum(): ${nm} is not in the basis`);
    return f;
  });
  const p = names.length;
  const groupLists = (options.lineshapeGroups ?? defaultGroups(names)).map((g) => [...g]);
  if (groupLists.length === 0) groupLists.push([]);
  const groupOf = names.map((nm) => {
    const g = groupLists.findIndex((list, i) => i > 0 && list.includes(nm));
    return Math.max(g, 0);
  });
  const ng = groupLists.length;
  const fitPhi1 = options.fitFirstOrderPhase ?? true;
  const ntheta = 2 * ng + 2 + (fitPhi1 ? 1 : 0);

  const spectrum = spectrumOf(fid);
  const ppmAll = ppmAxis(n, dt, f0);
  const fAll = frequencyAxisHz(n, dt);
  const { start, end } = ppmRangeIndices(ppmAll, ppmRange);
  const len = end - start;
  if (len < 16)
    throw new RangeError(`fitSpectrum(): only ${len} bins in [${ppmRange[0]}, ${ppmRange[1]}] ppm`);
  const rows = 2 * len;
  const half = Math.floor(n / 2);
  const unshifted = new Int32Array(len);
  const fR = new Float64Array(len);
  const ppmR = new Float64Array(len);
  let scale = 0;
  for (let j = 0; j < len; j++) {
    const k = start + j;
    unshifted[j] = (k - half + n) % n;
    fR[j] = fAll[k] ?? 0;
    ppmR[j] = ppmAll[k] ?? 0;
    scale = Math.max(scale, Math.hypot(spectrum[2 * k] ?? 0, spectrum[2 * k + 1] ?? 0));
  }
  if (!(scale > 0)) scale = 1;
  const y = new Float64Array(rows);
  for (let j = 0; j < rows; j++) y[j] = (spectrum[2 * start + j] ?? 0) / scale;

  // Baseline: raw Legendre columns (re and im) and an orthonormal basis Q of their span.
  const nb = order >= 0 ? 2 * (order + 1) : 0;
  const bcols: Float64Array[] = [];
  if (order >= 0) {
    const leg = Array.from(ppmR, (v) => legendre(order, baselineAbscissa(v, ppmRange)));
    for (let q = 0; q <= order; q++) {
      const re = new Float64Array(rows);
      const im = new Float64Array(rows);
      for (let j = 0; j < len; j++) {
        re[2 * j] = leg[j]?.[q] ?? 0;
        im[2 * j + 1] = leg[j]?.[q] ?? 0;
      }
      bcols.push(re, im);
    }
  }
  const qcols: Float64Array[] = [];
  for (const b of bcols) {
    const v = Float64Array.from(b);
    for (const q of qcols) {
      const d = dot(q, v);
      for (let j = 0; j < rows; j++) v[j] = (v[j] ?? 0) - d * (q[j] ?? 0);
    }
    const nv = Math.sqrt(dot(v, v));
    if (nv > 1e-12) {
      for (let j = 0; j < rows; j++) v[j] = (v[j] ?? 0) / nv;
      qcols.push(v);
    }
  }
  const projectB = (v: Float64Array): Float64Array => {
    const out = Float64Array.from(v);
    for (const q of qcols) {
      const d = dot(q, out);
      for (let j = 0; j < rows; j++) out[j] = (out[j] ?? 0) - d * (q[j] ?? 0);
    }
    return out;
  };
  const yt = projectB(y);
  const yy = dot(yt, yt);

  const bufIn = new Float64Array(2 * n);
  const bufOut = new Float64Array(2 * n);
  const tAxis = new Float64Array(n);
  for (let k = 0; k < n; k++) tAxis[k] = k * dt;

  /** cos Φ_j and sin Φ_j of the phase e^{iΦ_j}, Φ_j = φ0 + 2π·φ1·f_j, on the fitted bins. */
  const phaseOf = (th: Theta): Float64Array => {
    const ph = new Float64Array(2 * len);
    for (let j = 0; j < len; j++) {
      const phi = th.phi0 + 2 * Math.PI * th.phi1 * (fR[j] ?? 0);
      ph[2 * j] = Math.cos(phi);
      ph[2 * j + 1] = Math.sin(phi);
    }
    return ph;
  };

  /** Complex envelope e^{−γt − σ²t²}·e^{i2πεt} of each lineshape group (computed once per evaluation). */
  const envelopesOf = (th: Theta): Float64Array[] => {
    const out: Float64Array[] = [];
    for (let g = 0; g < ng; g++) {
      const e = new Float64Array(2 * n);
      const ones = new Float64Array(2 * n);
      for (let k = 0; k < n; k++) ones[2 * k] = 1;
      lineshapedFid(ones, n, dt, 1, th.gamma[g] ?? 0, th.s[g] ?? 0, th.eps, e);
      out.push(e);
    }
    return out;
  };

  /** Writes x ⊙ e (complex, elementwise) into bufIn. */
  const multiplyInto = (x: Float64Array, e: Float64Array): void => {
    for (let k = 0; k < 2 * n; k += 2) {
      const xr = x[k] ?? 0;
      const xi = x[k + 1] ?? 0;
      const er = e[k] ?? 0;
      const ei = e[k + 1] ?? 0;
      bufIn[k] = xr * er - xi * ei;
      bufIn[k + 1] = xr * ei + xi * er;
    }
  };

  /** Fitted bins of `spec` (unshifted FFT output) moved up by `offset` bins, times e^{iΦ}. */
  const extract = (spec: Float64Array, ph: Float64Array, out: Float64Array, offset = 0): void => {
    for (let j = 0; j < len; j++) {
      const u = ((unshifted[j] ?? 0) - offset + n) % n;
      const c = ph[2 * j] ?? 1;
      const sn = ph[2 * j + 1] ?? 0;
      const re = spec[2 * u] ?? 0;
      const im = spec[2 * u + 1] ?? 0;
      out[2 * j] = re * c - im * sn;
      out[2 * j + 1] = re * sn + im * c;
    }
  };

  /** Fitted bins of FFT(bufIn), times e^{iΦ}. */
  const rangeOfFft = (ph: Float64Array, out: Float64Array): void => {
    fftInto(bufIn, bufOut);
    extract(bufOut, ph, out);
  };

  const columns = (th: Theta): { a: Float64Array[]; at: Float64Array[] } => {
    const a: Float64Array[] = [];
    const at: Float64Array[] = [];
    const env = envelopesOf(th);
    const ph = phaseOf(th);
    for (let m = 0; m < p; m++) {
      multiplyInto(members[m] ?? bufIn, env[groupOf[m] ?? 0] ?? bufIn);
      const col = new Float64Array(rows);
      rangeOfFft(ph, col);
      a.push(col);
      at.push(projectB(col));
    }
    return { a, at };
  };

  const gramOf = (at: Float64Array[]): { g: Float64Array; d: Float64Array } => {
    const g = new Float64Array(p * p);
    const d = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j <= i; j++) {
        const v = dot(at[i] ?? y, at[j] ?? y);
        g[i * p + j] = v;
        g[j * p + i] = v;
      }
      const gi = g[i * p + i] ?? 0;
      d[i] = gi > 1e-300 ? 1 / Math.sqrt(gi) : 0;
    }
    const gs = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) gs[i * p + j] = (g[i * p + j] ?? 0) * (d[i] ?? 0) * (d[j] ?? 0);
      if ((d[i] ?? 0) === 0) gs[i * p + i] = 1;
    }
    return { g: gs, d };
  };

  const evaluate = (th: Theta, warm?: Uint8Array): Evaluation => {
    const { a, at } = columns(th);
    const { g, d } = gramOf(at);
    const h = new Float64Array(p);
    for (let m = 0; m < p; m++) h[m] = dot(at[m] ?? y, yt) * (d[m] ?? 0);
    const { x, passive } = nnlsGram(g, h, p, warm);
    const c = new Float64Array(p);
    for (let m = 0; m < p; m++) c[m] = (x[m] ?? 0) * (d[m] ?? 0);
    const r = Float64Array.from(yt);
    for (let m = 0; m < p; m++) {
      const cm = c[m] ?? 0;
      if (cm === 0) continue;
      const col = at[m] ?? y;
      for (let j = 0; j < rows; j++) r[j] = (r[j] ?? 0) - cm * (col[j] ?? 0);
    }
    return { theta: th, a, at, c, passive, r, cost: 0.5 * dot(r, r) };
  };

  /** d(model)/dθ_k for every non-linear parameter (unprojected), at the evaluation's amplitudes. */
  const derivatives = (ev: Evaluation): Float64Array[] => {
    const th = ev.theta;
    const sums: Float64Array[] = [];
    for (let g = 0; g < ng; g++) sums.push(new Float64Array(2 * n));
    for (let m = 0; m < p; m++) {
      const cm = ev.c[m] ?? 0;
      if (cm === 0) continue;
      const sg = sums[groupOf[m] ?? 0];
      const b = members[m];
      if (sg === undefined || b === undefined) continue;
      for (let k = 0; k < 2 * n; k++) sg[k] = (sg[k] ?? 0) + cm * (b[k] ?? 0);
    }
    const env = envelopesOf(th);
    const ph = phaseOf(th);
    const u: Float64Array[] = [];
    for (let g = 0; g < ng; g++) {
      multiplyInto(sums[g] ?? bufIn, env[g] ?? bufIn);
      u.push(Float64Array.from(bufIn));
    }
    const dGamma: Float64Array[] = [];
    const dS: Float64Array[] = [];
    for (let g = 0; g < ng; g++) {
      const ug = u[g] ?? bufIn;
      for (let k = 0; k < n; k++) {
        const t = tAxis[k] ?? 0;
        bufIn[2 * k] = -t * (ug[2 * k] ?? 0);
        bufIn[2 * k + 1] = -t * (ug[2 * k + 1] ?? 0);
      }
      const cg = new Float64Array(rows);
      rangeOfFft(ph, cg);
      dGamma.push(cg);
      for (let k = 0; k < n; k++) {
        const t = tAxis[k] ?? 0;
        bufIn[2 * k] = -t * t * (ug[2 * k] ?? 0);
        bufIn[2 * k + 1] = -t * t * (ug[2 * k + 1] ?? 0);
      }
      const cs = new Float64Array(rows);
      rangeOfFft(ph, cs);
      dS.push(cs);
    }
    bufIn.fill(0);
    for (const ug of u) {
      for (let k = 0; k < n; k++) {
        const w = 2 * Math.PI * (tAxis[k] ?? 0);
        bufIn[2 * k] = (bufIn[2 * k] ?? 0) - w * (ug[2 * k + 1] ?? 0);
        bufIn[2 * k + 1] = (bufIn[2 * k + 1] ?? 0) + w * (ug[2 * k] ?? 0);
      }
    }
    const dEps = new Float64Array(rows);
    rangeOfFft(ph, dEps);
    const model = new Float64Array(rows);
    for (let m = 0; m < p; m++) {
      const cm = ev.c[m] ?? 0;
      if (cm === 0) continue;
      const col = ev.a[m] ?? y;
      for (let j = 0; j < rows; j++) model[j] = (model[j] ?? 0) + cm * (col[j] ?? 0);
    }
    const dPhi0 = new Float64Array(rows);
    const dPhi1 = new Float64Array(rows);
    for (let j = 0; j < len; j++) {
      const re = model[2 * j] ?? 0;
      const im = model[2 * j + 1] ?? 0;
      dPhi0[2 * j] = -im;
      dPhi0[2 * j + 1] = re;
      const w = 2 * Math.PI * (fR[j] ?? 0);
      dPhi1[2 * j] = -im * w;
      dPhi1[2 * j + 1] = re * w;
    }
    const out = [...dGamma, ...dS, dEps, dPhi0];
    if (fitPhi1) out.push(dPhi1);
    return out;
  };

  /** Kaufman Jacobian of the reduced residual: J_k = −P⊥ d_k, P⊥ projecting out baseline and free columns. */
  const kaufman = (ev: Evaluation): Float64Array[] => {
    const ds = derivatives(ev);
    const free: number[] = [];
    for (let m = 0; m < p; m++) if ((ev.c[m] ?? 0) > 0) free.push(m);
    const nf = free.length;
    const gff = new Float64Array(nf * nf);
    for (let i = 0; i < nf; i++) {
      for (let j = 0; j <= i; j++) {
        const v = dot(ev.at[free[i] ?? 0] ?? y, ev.at[free[j] ?? 0] ?? y);
        gff[i * nf + j] = v;
        gff[j * nf + i] = v;
      }
    }
    const l = nf > 0 ? cholesky(gff, nf) : null;
    return ds.map((d) => {
      const v = projectB(d);
      if (l !== null) {
        const rhs = Float64Array.from(free, (m) => dot(ev.at[m] ?? y, v));
        const z = choleskySolve(l, nf, rhs);
        free.forEach((m, i) => {
          const col = ev.at[m] ?? y;
          const zi = z[i] ?? 0;
          for (let j = 0; j < rows; j++) v[j] = (v[j] ?? 0) - zi * (col[j] ?? 0);
        });
      }
      for (let j = 0; j < rows; j++) v[j] = -(v[j] ?? 0);
      return v;
    });
  };

  const toVector = (th: Theta): Float64Array => {
    const v = new Float64Array(ntheta);
    v.set(th.gamma, 0);
    v.set(th.s, ng);
    v[2 * ng] = th.eps;
    v[2 * ng + 1] = th.phi0;
    if (fitPhi1) v[2 * ng + 2] = th.phi1;
    return v;
  };
  const fromVector = (v: Float64Array): Theta => ({
    gamma: Float64Array.from(v.subarray(0, ng), (x) => Math.max(0, x)),
    s: Float64Array.from(v.subarray(ng, 2 * ng), (x) => Math.max(0, x)),
    eps: v[2 * ng] ?? 0,
    phi0: v[2 * ng + 1] ?? 0,
    phi1: fitPhi1 ? (v[2 * ng + 2] ?? 0) : 0,
  });

  // Start: Voigt of the requested width, then a grid over shift and zero-order phase.
  const lw = options.initialLinewidthHz ?? 6;
  const gamma0 = (Math.PI * lw) / 2;
  const sigma0 = (Math.PI * (lw / 2)) / (2 * Math.sqrt(Math.LN2));
  const start0: Theta = {
    gamma: new Float64Array(ng).fill(gamma0),
    s: new Float64Array(ng).fill(sigma0 * sigma0),
    eps: 0,
    phi0: 0,
    phi1: 0,
  };
  const search = Math.max(0, options.shiftSearchHz ?? 15);
  // Shifts by whole bins are exact circular shifts of the spectrum, so one set of FFTs serves
  // the whole grid (steps of 1/(N·dwell) Hz; Levenberg–Marquardt refines the rest).
  let best = { eps: 0, phi0: 0, cost: Number.POSITIVE_INFINITY };
  let warm: Uint8Array | undefined;
  const df = 1 / (n * dt);
  const kmax = search > 0 ? Math.ceil(search / df) : 0;
  const ph0 = phaseOf(start0);
  {
    const base = 0;
    const env = envelopesOf({ ...start0, eps: base });
    const spectra = members.map((b, m) => {
      multiplyInto(b, env[groupOf[m] ?? 0] ?? bufIn);
      fftInto(bufIn, bufOut);
      return Float64Array.from(bufOut);
    });
    for (let k = -kmax; k <= kmax; k++) {
      const eps = base + k * df;
      if (Math.abs(eps) > search + df / 2) continue;
      const at = spectra.map((sp) => {
        const col = new Float64Array(rows);
        extract(sp, ph0, col, k);
        return projectB(col);
      });
      const { g, d } = gramOf(at);
      const hRe = new Float64Array(p);
      const hIm = new Float64Array(p);
      for (let m = 0; m < p; m++) {
        const col = at[m] ?? y;
        let re = 0;
        let im = 0;
        for (let j = 0; j < len; j++) {
          const ar = col[2 * j] ?? 0;
          const ai = col[2 * j + 1] ?? 0;
          const yr = yt[2 * j] ?? 0;
          const yi = yt[2 * j + 1] ?? 0;
          re += ar * yr + ai * yi;
          im += ar * yi - ai * yr;
        }
        hRe[m] = re * (d[m] ?? 0);
        hIm[m] = im * (d[m] ?? 0);
      }
      // Best φ0 for unconstrained amplitudes maximises [cos sin]·M·[cos sin]ᵀ with M = HᵀG⁻¹H
      // (H = [h_re h_im]), which fixes φ0 modulo π; NNLS at both candidates picks the sign.
      const gr = Float64Array.from(g);
      for (let m = 0; m < p; m++) gr[m * p + m] = (gr[m * p + m] ?? 0) + 1e-9;
      const l = cholesky(gr, p);
      const candidates: number[] = [];
      if (l !== null) {
        const zr = choleskySolve(l, p, hRe);
        const zi = choleskySolve(l, p, hIm);
        const m00 = dot(hRe, zr);
        const m11 = dot(hIm, zi);
        const m01 = dot(hRe, zi);
        const phi = 0.5 * Math.atan2(2 * m01, m00 - m11);
        candidates.push(phi, phi + Math.PI);
      } else {
        for (let q = 0; q < 12; q++) candidates.push(-Math.PI + (q * Math.PI) / 6);
      }
      for (const phi of candidates) {
        const cs = Math.cos(phi);
        const sn = Math.sin(phi);
        const h = new Float64Array(p);
        for (let m = 0; m < p; m++) h[m] = cs * (hRe[m] ?? 0) + sn * (hIm[m] ?? 0);
        const sol = nnlsGram(g, h, p, warm);
        warm = sol.passive;
        const cost = 0.5 * (yy - dot(h, sol.x));
        if (cost < best.cost) best = { eps, phi0: wrapPhase(phi), cost };
      }
    }
  }

  // Levenberg–Marquardt on the variable-projection functional.
  let ev = evaluate({ ...start0, eps: best.eps, phi0: best.phi0 });
  let lambda = 1e-3;
  let iterations = 0;
  let converged = false;
  const maxIter = options.maxIterations ?? 100;
  while (iterations < maxIter) {
    iterations++;
    const jac = kaufman(ev);
    const hm = new Float64Array(ntheta * ntheta);
    const grad = new Float64Array(ntheta);
    for (let i = 0; i < ntheta; i++) {
      const ji = jac[i] ?? y;
      grad[i] = dot(ji, ev.r);
      for (let j = 0; j <= i; j++) {
        const v = dot(ji, jac[j] ?? y);
        hm[i * ntheta + j] = v;
        hm[j * ntheta + i] = v;
      }
    }
    const x0 = toVector(ev.theta);
    // Projected step: a width parameter at its lower bound 0 whose gradient points outwards is frozen.
    const dsc = new Float64Array(ntheta);
    for (let i = 0; i < ntheta; i++) {
      const hi = hm[i * ntheta + i] ?? 0;
      const atBound = i < 2 * ng && (x0[i] ?? 0) <= 0 && (grad[i] ?? 0) > 0;
      dsc[i] = hi > 0 && !atBound ? 1 / Math.sqrt(hi) : 0;
    }
    let accepted = false;
    let smallStep = false;
    for (let tries = 0; tries < 12; tries++) {
      // Marquardt step in Jacobi-scaled coordinates (unit diagonal), so damping is scale-free.
      const a = new Float64Array(ntheta * ntheta);
      for (let i = 0; i < ntheta; i++) {
        for (let j = 0; j < ntheta; j++)
          a[i * ntheta + j] = (hm[i * ntheta + j] ?? 0) * (dsc[i] ?? 0) * (dsc[j] ?? 0);
        a[i * ntheta + i] = (a[i * ntheta + i] ?? 0) + lambda + 1e-12;
      }
      const l = cholesky(a, ntheta);
      if (l === null) {
        lambda = Math.max(lambda * 10, 1e-8);
        continue;
      }
      const z = choleskySolve(
        l,
        ntheta,
        Array.from(grad, (g, i) => g * (dsc[i] ?? 0)),
      );
      const delta = Array.from(z, (v, i) => v * (dsc[i] ?? 0));
      const x1 = new Float64Array(ntheta);
      let rel = 0;
      for (let i = 0; i < ntheta; i++) {
        x1[i] = (x0[i] ?? 0) - (delta[i] ?? 0);
        const sc = Math.sqrt(Math.max(hm[i * ntheta + i] ?? 0, 1e-300));
        rel = Math.max(rel, Math.abs((delta[i] ?? 0) * sc));
      }
      const trial = evaluate(fromVector(x1), ev.passive);
      if (trial.cost <= ev.cost) {
        const gain = ev.cost - trial.cost;
        smallStep = gain <= 1e-7 * ev.cost || rel * rel <= 1e-12 * Math.max(ev.cost, 1e-300);
        ev = trial;
        lambda = Math.max(lambda / 3, 1e-9);
        accepted = true;
        break;
      }
      lambda *= 4;
    }
    if (!accepted || smallStep) {
      converged = true;
      break;
    }
  }

  // Final statistics: Fisher information of the full model.
  const th = ev.theta;
  const ds = derivatives(ev);
  const full: Float64Array[] = [...ev.a, ...bcols, ...ds];
  const np = full.length;
  const fisher = new Float64Array(np * np);
  for (let i = 0; i < np; i++) {
    for (let j = 0; j <= i; j++) {
      const v = dot(full[i] ?? y, full[j] ?? y);
      fisher[i * np + j] = v;
      fisher[j * np + i] = v;
    }
  }
  const inv = symmetricInverse(fisher, np);
  let nfree = 0;
  for (let m = 0; m < p; m++) if ((ev.c[m] ?? 0) > 0) nfree++;
  const dof = Math.max(1, rows - nfree - nb - ntheta);
  const residualVar = dot(ev.r, ev.r) / dof;

  // Baseline coefficients: least squares of (y − A c) on the raw Legendre columns.
  const fitMet = new Float64Array(rows);
  for (let m = 0; m < p; m++) {
    const cm = ev.c[m] ?? 0;
    const col = ev.a[m] ?? y;
    for (let j = 0; j < rows; j++) fitMet[j] = (fitMet[j] ?? 0) + cm * (col[j] ?? 0);
  }
  const bcoef = new Float64Array(nb);
  if (nb > 0) {
    const rest = new Float64Array(rows);
    for (let j = 0; j < rows; j++) rest[j] = (y[j] ?? 0) - (fitMet[j] ?? 0);
    const gb = new Float64Array(nb * nb);
    for (let i = 0; i < nb; i++)
      for (let j = 0; j < nb; j++) gb[i * nb + j] = dot(bcols[i] ?? y, bcols[j] ?? y);
    const l = cholesky(gb, nb);
    if (l !== null)
      bcoef.set(
        choleskySolve(
          l,
          nb,
          Float64Array.from(bcols, (b) => dot(b, rest)),
        ),
      );
  }
  const baselineR = new Float64Array(rows);
  bcols.forEach((b, i) => {
    const v = bcoef[i] ?? 0;
    for (let j = 0; j < rows; j++) baselineR[j] = (baselineR[j] ?? 0) + v * (b[j] ?? 0);
  });

  // Phase-corrected outputs and SNR.
  const dePhase = (v: Float64Array): Float64Array => {
    const out = new Float64Array(rows);
    for (let j = 0; j < len; j++) {
      const phi = th.phi0 + 2 * Math.PI * th.phi1 * (fR[j] ?? 0);
      const c = Math.cos(phi);
      const s = Math.sin(phi);
      const re = (v[2 * j] ?? 0) * scale;
      const im = (v[2 * j + 1] ?? 0) * scale;
      out[2 * j] = re * c + im * s;
      out[2 * j + 1] = -re * s + im * c;
    }
    return out;
  };
  const fitAll = new Float64Array(rows);
  const resid = new Float64Array(rows);
  for (let j = 0; j < rows; j++) {
    fitAll[j] = (fitMet[j] ?? 0) + (baselineR[j] ?? 0);
    resid[j] = (y[j] ?? 0) - (fitAll[j] ?? 0);
  }
  const phasedFull = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const phi = th.phi0 + 2 * Math.PI * th.phi1 * (fAll[k] ?? 0);
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    const re = spectrum[2 * k] ?? 0;
    const im = spectrum[2 * k + 1] ?? 0;
    phasedFull[2 * k] = re * c + im * s;
    phasedFull[2 * k + 1] = -re * s + im * c;
  }
  const region = options.noiseRegionPpm ?? NOISE_REGION_PPM;
  let regionSd: number | null = null;
  try {
    regionSd = noiseSd(phasedFull, ppmAll, region);
  } catch {
    regionSd = null;
  }
  const height = peakHeight(dePhase(fitMet), ppmR, NAA_WINDOW_PPM);
  const snr = regionSd !== null && regionSd > 0 && Number.isFinite(height) ? height / regionSd : null;

  const noiseChoice = options.noiseVariance ?? "residual";
  const sigma2 =
    noiseChoice === "noiseRegion" && regionSd !== null
      ? (regionSd / scale) * (regionSd / scale)
      : residualVar;
  const covAt = (i: number, j: number): number => sigma2 * (inv[i * np + j] ?? Number.NaN);

  const amplitudeVec = Float64Array.from(ev.c, (c) => c * scale);
  const amplitudes = Array.from(amplitudeVec);
  const amplitudeCovariance = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) amplitudeCovariance[i * p + j] = covAt(i, j) * scale * scale;
  const sdOrNull = (v: number): number | null => (Number.isFinite(v) && v >= 0 ? Math.sqrt(v) : null);
  const pct = (sd: number | null, amp: number): number | null =>
    sd !== null && amp > 0 ? (100 * sd) / amp : null;

  const metabolites: MetaboliteEstimate[] = names.map((name, m) => {
    const amp = amplitudes[m] ?? 0;
    const crlb = sdOrNull(amplitudeCovariance[m * p + m] ?? Number.NaN);
    return { name, group: groupOf[m] ?? 0, amplitude: amp, crlb, crlbPercent: pct(crlb, amp) };
  });

  // Sums and ratios by the covariance: var(Σ) = 1ᵀΣ1; var(X/Y) by the delta method.
  const weightsOf = new Map<string, Float64Array>();
  names.forEach((nm, m) => {
    const w = new Float64Array(p);
    w[m] = 1;
    weightsOf.set(nm, w);
  });
  const combinations: CombinationEstimate[] = [];
  for (const [name, list] of Object.entries(options.combinations ?? DEFAULT_COMBINATIONS)) {
    if (!list.every((nm) => names.includes(nm))) continue;
    const w = new Float64Array(p);
    for (const nm of list) w[names.indexOf(nm)] = 1;
    weightsOf.set(name, w);
    const amp = dot(w, amplitudeVec);
    const crlb = sdOrNull(quadForm(amplitudeCovariance, w, w, p));
    combinations.push({ name, members: [...list], amplitude: amp, crlb, crlbPercent: pct(crlb, amp) });
  }
  const ratios: RatioEstimate[] = [];
  for (const den of options.ratioReferences ?? ["tNAA", "tCr"]) {
    const wd = weightsOf.get(den);
    if (wd === undefined) continue;
    for (const [num, wn] of weightsOf) {
      if (num === den) continue;
      const x = dot(wn, amplitudeVec);
      const yv = dot(wd, amplitudeVec);
      if (!(yv > 0)) {
        ratios.push({ name: `${num}/${den}`, numerator: num, denominator: den, value: null, sd: null });
        continue;
      }
      const q = x / yv;
      const vx = quadForm(amplitudeCovariance, wn, wn, p);
      const vy = quadForm(amplitudeCovariance, wd, wd, p);
      const cxy = quadForm(amplitudeCovariance, wn, wd, p);
      const v = (vx - 2 * q * cxy + q * q * vy) / (yv * yv);
      ratios.push({ name: `${num}/${den}`, numerator: num, denominator: den, value: q, sd: sdOrNull(v) });
    }
  }

  // NAA line width, measured on the fitted NAA component (8× zero-filled, absorption part).
  let naaFwhmHz: number | null = null;
  const iNaa = names.indexOf("NAA");
  if (iNaa >= 0 && (ev.c[iNaa] ?? 0) > 0) {
    const zf = 8;
    const big = new Float64Array(2 * n * zf);
    const g = groupOf[iNaa] ?? 0;
    lineshapedFid(members[iNaa] ?? y, n, dt, 1, th.gamma[g] ?? 0, th.s[g] ?? 0, th.eps, big);
    const out = new Float64Array(2 * n * zf);
    fftInto(big, out);
    const sp = fftshift(out);
    const ppmZ = ppmAxis(n * zf, dt, f0);
    const win = ppmRangeIndices(ppmZ, [1.8, 2.2]);
    naaFwhmHz = peakFwhmHz(sp, frequencyAxisHz(n * zf, dt), win.start, win.end);
  }

  const lineshapes: LineshapeEstimate[] = groupLists.map((_, g) => {
    const gamma = th.gamma[g] ?? 0;
    const sigma = Math.sqrt(th.s[g] ?? 0);
    return {
      members: names.filter((_n, m) => groupOf[m] === g),
      gammaPerS: gamma,
      sigmaPerS: sigma,
      lorentzianFwhmHz: gamma / Math.PI,
      gaussianFwhmHz: (2 * sigma * Math.sqrt(Math.LN2)) / Math.PI,
    };
  });
  const baseline: BaselineSpec = {
    ppmRange: [ppmRange[0], ppmRange[1]],
    re: Array.from({ length: nb / 2 }, (_, q) => (bcoef[2 * q] ?? 0) * scale),
    im: Array.from({ length: nb / 2 }, (_, q) => (bcoef[2 * q + 1] ?? 0) * scale),
  };
  const off = p + nb;
  const params: ModelParams = {
    amplitudes,
    groups: [...groupOf],
    gammaPerS: Array.from(th.gamma),
    sigmaPerS: Array.from(th.s, (s) => Math.sqrt(s)),
    shiftHz: th.eps,
    phi0Rad: wrapPhase(th.phi0),
    phi1S: th.phi1,
    baseline,
  };
  return {
    metabolites,
    combinations,
    ratios,
    lineshapes,
    shiftHz: th.eps,
    shiftCrlbHz: sdOrNull(covAt(off + 2 * ng, off + 2 * ng)),
    phi0Rad: wrapPhase(th.phi0),
    phi0CrlbRad: sdOrNull(covAt(off + 2 * ng + 1, off + 2 * ng + 1)),
    phi1S: th.phi1,
    phi1CrlbS: fitPhi1 ? sdOrNull(covAt(off + 2 * ng + 2, off + 2 * ng + 2)) : null,
    baseline,
    params,
    naaFwhmHz,
    naaFwhmPpm: naaFwhmHz === null ? null : naaFwhmHz / f0,
    snr,
    snrMethod:
      "NAA peak height (max real part of the phased fitted metabolite spectrum, 1.9–2.1 ppm) / SD of the real part of the phased data in " +
      `[${region[0]}, ${region[1]}] ppm after linear detrending`,
    noiseSdSpectrum: regionSd,
    residualSd: Math.sqrt(residualVar) * scale,
    crlbNoise: noiseChoice === "noiseRegion" && regionSd !== null ? "noiseRegion" : "residual",
    ppm: ppmR,
    data: dePhase(y),
    fit: dePhase(fitAll),
    baselineSpectrum: dePhase(baselineR),
    residual: dePhase(resid),
    amplitudeCovariance,
    iterations,
    converged,
  };
}

function quadForm(cov: Float64Array, a: Float64Array, b: Float64Array, p: number): number {
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
