import { frequencyAxisHz, ppmAxis, ppmRangeIndices } from "./axes";
import type { ComplexArray } from "./complex";
import { fft, fftInto, ifft, spectrumOf } from "./fft";
import { baselineAbscissa, legendre } from "./forwardModel";
import { cholesky, choleskySolve, dot } from "./linalg";
import { nnlsGram } from "./nnls";

/** Non-linear parameters of the fit: per-group Lorentzian γ and squared Gaussian σ², shift ε, phases. */
export interface Theta {
  readonly gamma: Float64Array;
  readonly s: Float64Array;
  readonly eps: number;
  readonly phi0: number;
  readonly phi1: number;
}

/** The model and its amplitudes at one θ (variable projection). */
export interface Evaluation {
  readonly theta: Theta;
  /** Model columns (phased, on the fitted bins, padded with zero penalty rows). */
  readonly a: Float64Array[];
  /**
   * Gram matrix of the columns with the baseline projected out, (P⊥a_i)ᵀ(P⊥a_j), p×p row-major:
   * a_iᵀa_j − (Qᵀa_i)ᵀ(Qᵀa_j) with Q the orthonormal baseline vectors, so no column is projected.
   */
  readonly gram: Float64Array;
  /** Qᵀa_m of every column (p rows of `FitModel.nq` coefficients, row-major). */
  readonly baselineDots: Float64Array;
  /** Non-negative amplitudes per column (scaled data units). */
  readonly c: Float64Array;
  readonly passive: Uint8Array;
  /** Reduced residual P⊥(y − A c) (augmented). */
  readonly r: Float64Array;
  readonly cost: number;
}

/** One column of the linear model: a basis member times a fixed phase factor (1, −1, i or −i). */
export interface ModelColumn {
  readonly member: number;
  /** Phase factor index: 0 → 1, 1 → −1, 2 → i, 3 → −i. */
  readonly rotation: 0 | 1 | 2 | 3;
}

/** Settings of {@link createFitModel} (resolved from `FitOptions`). */
export interface FitModelConfig {
  readonly ppmRange: readonly [number, number];
  /** Highest Legendre order of the baseline (−1: none). */
  readonly baselineOrder: number;
  /**
   * Roughness penalty weight λ of the baseline (0: unpenalised), applied to the coefficients
   * as λ·Σ_q ((q−1)(q+2))²·(b_q² ) per real and imaginary part (see `baselinePenalty`).
   */
  readonly baselineLambda: number;
  /** Member FIDs in fit order. */
  readonly members: readonly ComplexArray[];
  /** Lineshape group per member. */
  readonly groupOf: readonly number[];
  readonly groups: number;
  /** Members whose amplitude is complex (free phase, e.g. lipids from outside the voxel). */
  readonly freePhase: readonly boolean[];
  readonly fitPhi1: boolean;
  readonly dwellS: number;
  readonly centreMHz: number;
  /**
   * Soft linear priors on the amplitudes (Gaussian, as LCModel's ratio priors): each row adds
   * (Σ_m rows[i][m]·c_m − targets[i])² to the cost, with rows already divided by the prior SD
   * and multiplied by the noise SD (scaled units), so they weigh as data rows.
   */
  readonly priors?: { readonly rows: readonly Float64Array[]; readonly targets: readonly number[] };
  /**
   * Band decimation of the model (default true): when the FID has a power-of-two length and the
   * fitted bins take up less than a quarter of the spectrum, each member is reduced once to the
   * band of M ≥ 4× the fitted bins around them (its spectrum cut to that band and transformed back
   * with M points, i.e. the FID sampled every N/M dwell times over the same duration), and the
   * lineshapes and FFTs work on M points: exact for lines inside the band up to the lineshape tails
   * that the band edge cuts off (≥ 1 fitted-range width away), and N/M times fewer FFT operations.
   */
  readonly decimate?: boolean;
}

/** Legendre roughness weights (q−1)(q+2): the eigenvalue of the Legendre operator minus 2, so constant and linear terms are free. */
export function baselineRoughness(order: number): Float64Array {
  return Float64Array.from({ length: order + 1 }, (_, q) => Math.max(0, (q - 1) * (q + 2)));
}

/**
 * The forward model of the linear-combination fit on the fitted bins, with everything the
 * optimiser needs: amplitudes by NNLS with the baseline projected out (variable projection,
 * Golub & Pereyra 1973), the derivatives of the model by every non-linear parameter and
 * Kaufman's (1975) Jacobian of the reduced residual. The baseline is a complex Legendre series
 * whose coefficients carry a roughness penalty (a Gaussian prior, as penalised-spline
 * baselines in spant ABfit and FSL-MRS): appended penalty rows √λ·w_q·b_q make the projection
 * an ordinary least-squares one in an augmented space (the data and metabolite columns are 0
 * there).
 */
/** Band-limited members by source FID and band (fits of a series share their basis and band). */
const bandCache = new WeakMap<object, Map<string, Float64Array>>();

/**
 * The member FID cut to the M unshifted FFT bins from u0 (mod n) and transformed back with M
 * points: the same duration sampled every n/M dwell times, demodulated by u0 bins. Memoised.
 */
function bandFid(f: ComplexArray, n: number, m: number, u0: number): Float64Array {
  const key = `${n}:${m}:${u0}`;
  let byBand = bandCache.get(f);
  const known = byBand?.get(key);
  if (known !== undefined) return known;
  const spec = fft(f);
  const band = new Float64Array(2 * m);
  for (let j = 0; j < m; j++) {
    const u = (u0 + j) % n;
    band[2 * j] = spec[2 * u] ?? 0;
    band[2 * j + 1] = spec[2 * u + 1] ?? 0;
  }
  const out = Float64Array.from(ifft(band));
  if (byBand === undefined) {
    byBand = new Map();
    bandCache.set(f, byBand);
  }
  byBand.set(key, out);
  return out;
}

/** The raw and orthonormalised baseline vectors of a fit model (shared, read-only). */
interface BaselineVectors {
  readonly bcols: readonly Float64Array[];
  readonly qcols: readonly Float64Array[];
  readonly qParity: readonly number[];
  /** Cholesky factor of the (penalised) baseline Gram matrix BᵀB, or null when singular. */
  readonly gramFactor: Float64Array | null;
}

const baselineCache = new Map<string, BaselineVectors>();

/** `compute()` once per key (a series of fits shares its settings); the map is emptied beyond `limit` entries. */
function memoised<T>(cache: Map<string, T>, key: string, limit: number, compute: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (cache.size > limit) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * The complex Legendre baseline columns on the fitted bins (re, im per order, with their penalty
 * rows √λ·w_q when λ > 0) and an orthonormal basis of their span in the augmented space.
 * Memoised: the fits of a series share their axis, range, order and penalty.
 */
function baselineVectors(
  ppmR: Float64Array,
  range: readonly [number, number],
  order: number,
  lambda: number,
  rows: number,
  aug: number,
): BaselineVectors {
  const len = ppmR.length;
  const key = `${len}:${ppmR[0]}:${ppmR[len - 1]}:${range[0]}:${range[1]}:${order}:${lambda}:${rows}:${aug}`;
  return memoised(baselineCache, key, 32, () => {
    const bcols: Float64Array[] = [];
    const nb = order >= 0 ? 2 * (order + 1) : 0;
    const penalised = lambda > 0 && nb > 0;
    if (order >= 0) {
      const leg = Array.from(ppmR, (v) => legendre(order, baselineAbscissa(v, range)));
      const w = baselineRoughness(order);
      const sl = Math.sqrt(Math.max(0, lambda));
      for (let q = 0; q <= order; q++) {
        const re = new Float64Array(aug);
        const im = new Float64Array(aug);
        for (let j = 0; j < len; j++) {
          re[2 * j] = leg[j]?.[q] ?? 0;
          im[2 * j + 1] = leg[j]?.[q] ?? 0;
        }
        if (penalised) {
          re[rows + 2 * q] = sl * (w[q] ?? 0);
          im[rows + 2 * q + 1] = sl * (w[q] ?? 0);
        }
        bcols.push(re, im);
      }
    }
    const qcols: Float64Array[] = [];
    const qParity: number[] = [];
    for (const b of bcols) {
      const v = Float64Array.from(b);
      // Gram–Schmidt twice ("twice is enough", Giraud et al. 2005): the projected Gram matrix in
      // `FitModel.evaluate` relies on QᵀQ = I to rounding.
      for (let pass = 0; pass < 2; pass++) {
        for (const q of qcols) {
          const d = dot(q, v);
          for (let j = 0; j < aug; j++) v[j] = (v[j] ?? 0) - d * (q[j] ?? 0);
        }
      }
      const nv = Math.sqrt(dot(v, v));
      if (nv > 1e-12) {
        for (let j = 0; j < aug; j++) v[j] = (v[j] ?? 0) / nv;
        qcols.push(v);
        let odd = 0;
        for (let j = 1; j < aug; j += 2) odd += Math.abs(v[j] ?? 0);
        qParity.push(odd > 0 ? 1 : 0);
      }
    }
    const nbc = bcols.length;
    const gb = new Float64Array(nbc * nbc);
    for (let i = 0; i < nbc; i++)
      for (let j = 0; j < nbc; j++) gb[i * nbc + j] = dot(bcols[i] as Float64Array, bcols[j] as Float64Array);
    return { bcols, qcols, qParity, gramFactor: nbc > 0 ? cholesky(gb, nbc) : null };
  });
}

/** The model band spans at least this many times the fitted bins (see `FitModelConfig.decimate`). */
const DECIMATION_WIDTH = 4;

export class FitModel {
  readonly n: number;
  readonly len: number;
  /** Data rows (2·len). */
  readonly rows: number;
  /** Data rows plus penalty rows. */
  readonly aug: number;
  readonly ng: number;
  readonly ntheta: number;
  /** Number of model columns (members expanded by their phase factors). */
  readonly p: number;
  readonly columns: readonly ModelColumn[];
  readonly columnGroup: Int32Array;
  readonly fitPhi1: boolean;
  readonly dt: number;
  readonly f0: number;
  readonly spectrum: ComplexArray;
  readonly ppmAll: Float64Array;
  readonly fAll: Float64Array;
  readonly ppmR: Float64Array;
  readonly fR: Float64Array;
  readonly scale: number;
  /** Scaled data on the fitted bins (augmented with zeros). */
  readonly y: Float64Array;
  readonly yt: Float64Array;
  readonly yy: number;
  /** Raw baseline columns (re, im per order; augmented with their penalty rows). */
  readonly bcols: readonly Float64Array[];
  readonly nb: number;
  private readonly baselineGramFactor: Float64Array | null;
  /** Effective number of baseline parameters, trace of the baseline smoother. */
  readonly baselineEd: number;
  private readonly unshifted: Int32Array;
  /**
   * Points of the model FFT: n, or fewer when the model works on a band of the spectrum (see
   * `bandPoints` in the config); the model's FIDs are then sampled every n/nfft dwell times.
   */
  readonly nfft: number;
  private readonly colFids: Float64Array[];
  private readonly qcols: readonly Float64Array[];
  /** 0 when a baseline vector lives on the real (even) rows, 1 on the imaginary (odd) rows. */
  private readonly qParity: readonly number[];
  /**
   * The baseline vectors of one parity, vector-major: entry k·halfRows + r is vector k's value on
   * the r-th even row, and equally on the r-th odd row for its imaginary twin (real and imaginary
   * Legendre columns and their penalty rows mirror each other, which the constructor checks).
   */
  private readonly qHalf: Float64Array;
  /** Baseline vectors per parity (half of `nq`). */
  private readonly nqHalf: number;
  /** Rows per parity that baseline vectors touch: ⌊aug/2⌋ (prior rows are zero in them). */
  private readonly halfRows: number;
  /** Number of orthonormal baseline vectors (both parities). */
  readonly nq: number;
  private readonly qScratch: Float64Array;
  private readonly bufIn: Float64Array;
  private readonly bufOut: Float64Array;
  private readonly tAxis: Float64Array;
  /** First prior row in the augmented space and each column's entries there. */
  readonly priorStart: number;
  private readonly priorCols: Float64Array[];

  constructor(fid: ComplexArray, cfg: FitModelConfig) {
    const n = fid.length / 2;
    this.n = n;
    this.dt = cfg.dwellS;
    this.f0 = cfg.centreMHz;
    this.ng = cfg.groups;
    this.fitPhi1 = cfg.fitPhi1;
    this.ntheta = 2 * this.ng + 2 + (cfg.fitPhi1 ? 1 : 0);
    const cols: ModelColumn[] = [];
    cfg.members.forEach((_, m) => {
      cols.push({ member: m, rotation: 0 });
      if (cfg.freePhase[m])
        cols.push({ member: m, rotation: 1 }, { member: m, rotation: 2 }, { member: m, rotation: 3 });
    });
    this.columns = cols;
    this.p = cols.length;
    this.columnGroup = Int32Array.from(cols, (c) => cfg.groupOf[c.member] ?? 0);
    this.spectrum = spectrumOf(fid);
    this.ppmAll = ppmAxis(n, this.dt, this.f0);
    this.fAll = frequencyAxisHz(n, this.dt);
    const { start, end } = ppmRangeIndices(this.ppmAll, cfg.ppmRange);
    const len = end - start;
    if (len < 16)
      throw new RangeError(`fitSpectrum(): only ${len} bins in [${cfg.ppmRange[0]}, ${cfg.ppmRange[1]}] ppm`);
    this.len = len;
    this.rows = 2 * len;
    const half = Math.floor(n / 2);
    this.unshifted = new Int32Array(len);
    this.fR = new Float64Array(len);
    this.ppmR = new Float64Array(len);
    let scale = 0;
    for (let j = 0; j < len; j++) {
      const k = start + j;
      this.unshifted[j] = (k - half + n) % n;
      this.fR[j] = this.fAll[k] ?? 0;
      this.ppmR[j] = this.ppmAll[k] ?? 0;
      scale = Math.max(scale, Math.hypot(this.spectrum[2 * k] ?? 0, this.spectrum[2 * k + 1] ?? 0));
    }
    this.scale = scale > 0 ? scale : 1;

    // Band decimation: M = smallest power of two ≥ max(64, 4·len), when it divides n.
    let m = 64;
    while (m < DECIMATION_WIDTH * len) m *= 2;
    const pow2 = n >= 2 && (n & (n - 1)) === 0;
    let source = (f: ComplexArray): ComplexArray => f;
    if ((cfg.decimate ?? true) && pow2 && m < n) {
      const pad = Math.floor((m - len) / 2);
      const u0 = (start - pad - half + 2 * n) % n;
      source = (f) => bandFid(f, n, m, u0);
      for (let j = 0; j < len; j++) this.unshifted[j] = pad + j;
      this.nfft = m;
    } else this.nfft = n;
    const nf = this.nfft;
    this.colFids = cols.map((c) => {
      const f = source(cfg.members[c.member] as ComplexArray);
      // Read only (the lineshape multiplies into a buffer), so an unrotated column shares its FID.
      if (c.rotation === 0) return f;
      const out = new Float64Array(2 * nf);
      const [cr, ci] = [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ][c.rotation] as [number, number];
      for (let k = 0; k < 2 * nf; k += 2) {
        const re = f[k] ?? 0;
        const im = f[k + 1] ?? 0;
        out[k] = re * cr - im * ci;
        out[k + 1] = re * ci + im * cr;
      }
      return out;
    });

    const order = cfg.baselineOrder;
    this.nb = order >= 0 ? 2 * (order + 1) : 0;
    const penalised = cfg.baselineLambda > 0 && this.nb > 0;
    const npen = penalised ? this.nb : 0;
    const priorRows = cfg.priors?.rows ?? [];
    this.priorStart = this.rows + npen;
    this.aug = this.rows + npen + priorRows.length;
    this.y = new Float64Array(this.aug);
    for (let j = 0; j < this.rows; j++) this.y[j] = (this.spectrum[2 * start + j] ?? 0) / this.scale;
    priorRows.forEach((_, i) => {
      this.y[this.priorStart + i] = cfg.priors?.targets[i] ?? 0;
    });
    this.priorCols = cols.map((c) => {
      const sign = c.rotation === 0 ? 1 : c.rotation === 1 ? -1 : 0;
      return Float64Array.from(priorRows, (row) => sign * (row[c.member] ?? 0));
    });

    const basisB = baselineVectors(this.ppmR, cfg.ppmRange, order, cfg.baselineLambda, this.rows, this.aug);
    this.bcols = basisB.bcols;
    this.qcols = basisB.qcols;
    this.qParity = basisB.qParity;
    this.baselineGramFactor = basisB.gramFactor;
    this.halfRows = Math.floor(this.aug / 2);
    const byParity = [0, 1].map((parity) => {
      const idx = this.qcols.map((_, i) => i).filter((i) => this.qParity[i] === parity);
      const mat = new Float64Array(this.halfRows * idx.length);
      idx.forEach((qi, k) => {
        const qv = this.qcols[qi] as Float64Array;
        for (let r = 0; r < this.halfRows; r++) mat[k * this.halfRows + r] = qv[2 * r + parity] ?? 0;
      });
      return mat;
    }) as [Float64Array, Float64Array];
    this.nq = this.qcols.length;
    this.nqHalf = this.nq / 2;
    // Real and imaginary baseline vectors are the same numbers on even and odd rows (disjoint
    // supports, same Legendre values and penalty weights), so one matrix serves both parities.
    if (byParity[0].length !== byParity[1].length || byParity[0].some((v, i) => v !== byParity[1][i]))
      throw new Error("FitModel: the real and imaginary baseline vectors differ (internal error)");
    this.qHalf = byParity[0];
    this.qScratch = new Float64Array(Math.max(1, this.nq));
    this.baselineEd = this.smootherTrace();
    this.yt = this.projectB(this.y);
    this.yy = dot(this.yt, this.yt);
    const dtf = (this.dt * n) / nf;
    this.bufIn = new Float64Array(2 * nf);
    this.bufOut = new Float64Array(2 * nf);
    this.tAxis = Float64Array.from({ length: nf }, (_, k) => k * dtf);
  }

  /** trace of the baseline smoother B(BᵀB + λWᵀW)⁻¹Bᵀ on the data rows: the baseline's effective dimension. */
  private smootherTrace(): number {
    let tr = 0;
    for (const q of this.qcols) {
      let s = 0;
      for (let j = 0; j < this.rows; j++) s += (q[j] ?? 0) ** 2;
      tr += s;
    }
    return tr;
  }

  /**
   * Writes Qᵀv (v's coefficients on the orthonormal baseline vectors, those on the even rows
   * first) into `out` from `offset`. Each baseline vector lives on the even (real) or the odd
   * (imaginary) rows only, and the two sets are the same numbers (`qHalf`), so one pass over
   * them gives both.
   */
  baselineDotsOf(v: Float64Array, out: Float64Array, offset = 0): void {
    const q = this.qHalf;
    const nq = this.nqHalf;
    const rows = this.halfRows;
    for (let k = 0; k < nq; k++) {
      const base = k * rows;
      let se = 0;
      let so = 0;
      for (let r = 0; r < rows; r++) {
        const w = q[base + r] as number;
        se += w * (v[2 * r] as number);
        so += w * (v[2 * r + 1] as number);
      }
      out[offset + k] = se;
      out[offset + nq + k] = so;
    }
  }

  /** v ← v − Q·d in place, d = Qᵀv from {@link baselineDotsOf}: the baseline projected out. */
  private subtractBaseline(v: Float64Array, d: Float64Array): void {
    const q = this.qHalf;
    const nq = this.nqHalf;
    const rows = this.halfRows;
    for (let k = 0; k < nq; k++) {
      const de = d[k] as number;
      const dd = d[nq + k] as number;
      const base = k * rows;
      for (let r = 0; r < rows; r++) {
        const w = q[base + r] as number;
        v[2 * r] = (v[2 * r] as number) - de * w;
        v[2 * r + 1] = (v[2 * r + 1] as number) - dd * w;
      }
    }
  }

  /** v with the baseline projected out (augmented space): P⊥v = v − Q·Qᵀv. */
  projectB(v: Float64Array): Float64Array {
    const out = v.slice();
    this.baselineDotsOf(out, this.qScratch);
    this.subtractBaseline(out, this.qScratch);
    return out;
  }

  /** cos Φ_j and sin Φ_j of e^{iΦ_j}, Φ_j = φ0 + 2π·φ1·f_j, on the fitted bins. */
  phaseOf(th: Theta): Float64Array {
    const ph = new Float64Array(2 * this.len);
    for (let j = 0; j < this.len; j++) {
      const phi = th.phi0 + 2 * Math.PI * th.phi1 * (this.fR[j] ?? 0);
      ph[2 * j] = Math.cos(phi);
      ph[2 * j + 1] = Math.sin(phi);
    }
    return ph;
  }

  /**
   * Complex envelope e^{−γt − σ²t²}·e^{i2πεt} of each lineshape group, by recurrence (the
   * Lorentzian-and-shift factor is geometric, the Gaussian factor's ratio is geometric too),
   * recomputed exactly every 64 points so rounding cannot accumulate.
   */
  envelopesOf(th: Theta): Float64Array[] {
    const out: Float64Array[] = [];
    const nf = this.nfft;
    const dtf = (this.dt * this.n) / nf;
    const w = 2 * Math.PI * th.eps * dtf;
    for (let g = 0; g < this.ng; g++) {
      const gamma = th.gamma[g] ?? 0;
      const s2 = th.s[g] ?? 0;
      const e = new Float64Array(2 * nf);
      // Per-step factors: z = e^{(−γ + i2πε)Δt}; Gaussian ratio ρ_k = e^{−σ²Δt²(2k+1)}, ρ_{k+1} = ρ_k·q.
      const zm = Math.exp(-gamma * dtf);
      const zr = zm * Math.cos(w);
      const zi = zm * Math.sin(w);
      const q = Math.exp(-2 * s2 * dtf * dtf);
      let er = 0;
      let ei = 0;
      let rho = 0;
      for (let k = 0; k < nf; k++) {
        if ((k & 63) === 0) {
          const t = k * dtf;
          const amp = Math.exp(-gamma * t - s2 * t * t);
          er = amp * Math.cos(w * k);
          ei = amp * Math.sin(w * k);
          rho = Math.exp(-s2 * dtf * dtf * (2 * k + 1));
        } else {
          const nr = (er * zr - ei * zi) * rho;
          ei = (er * zi + ei * zr) * rho;
          er = nr;
          rho *= q;
        }
        e[2 * k] = er;
        e[2 * k + 1] = ei;
      }
      out.push(e);
    }
    return out;
  }

  private multiplyInto(x: Float64Array, e: Float64Array): void {
    const b = this.bufIn;
    for (let k = 0; k < 2 * this.nfft; k += 2) {
      const xr = x[k] ?? 0;
      const xi = x[k + 1] ?? 0;
      const er = e[k] ?? 0;
      const ei = e[k + 1] ?? 0;
      b[k] = xr * er - xi * ei;
      b[k + 1] = xr * ei + xi * er;
    }
  }

  /** Fitted bins of `spec` (unshifted FFT output) moved up by `offset` bins, times e^{iΦ}, into `out` (length ≥ rows). */
  extract(spec: Float64Array, ph: Float64Array, out: Float64Array, offset = 0): void {
    const n = this.nfft;
    for (let j = 0; j < this.len; j++) {
      const u = ((this.unshifted[j] ?? 0) - offset + n) % n;
      const c = ph[2 * j] ?? 1;
      const sn = ph[2 * j + 1] ?? 0;
      const re = spec[2 * u] ?? 0;
      const im = spec[2 * u + 1] ?? 0;
      out[2 * j] = re * c - im * sn;
      out[2 * j + 1] = re * sn + im * c;
    }
  }

  private rangeOfFft(ph: Float64Array, out: Float64Array): void {
    fftInto(this.bufIn, this.bufOut);
    this.extract(this.bufOut, ph, out);
  }

  /** Unphased full spectra FFT(member ⊙ envelope) of every column at θ (for the start grid). */
  columnSpectra(th: Theta): Float64Array[] {
    const env = this.envelopesOf(th);
    return this.colFids.map((b, m) => {
      this.multiplyInto(b, env[this.columnGroup[m] ?? 0] as Float64Array);
      fftInto(this.bufIn, this.bufOut);
      return this.bufOut.slice();
    });
  }

  /** The model columns at θ (phased, on the fitted bins, with their prior rows). */
  columnsAt(th: Theta): { a: Float64Array[] } {
    const a: Float64Array[] = [];
    const env = this.envelopesOf(th);
    const ph = this.phaseOf(th);
    for (let m = 0; m < this.p; m++) {
      this.multiplyInto(this.colFids[m] as Float64Array, env[this.columnGroup[m] ?? 0] as Float64Array);
      const col = new Float64Array(this.aug);
      this.rangeOfFft(ph, col);
      const pc = this.priorCols[m] as Float64Array;
      for (let i = 0; i < pc.length; i++) col[this.priorStart + i] = pc[i] as number;
      a.push(col);
    }
    return { a };
  }

  /** Jacobi-scaled Gram matrix of projected columns and the scale factors. */
  gramOf(at: Float64Array[]): { g: Float64Array; d: Float64Array } {
    const p = this.p;
    const g = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j <= i; j++) {
        const v = dot(at[i] as Float64Array, at[j] as Float64Array);
        g[i * p + j] = v;
        g[j * p + i] = v;
      }
    }
    return this.scaledGram(g);
  }

  /** `g` scaled to unit diagonal (a zero column gets 1 on the diagonal) and the scale factors. */
  private scaledGram(g: Float64Array): { g: Float64Array; d: Float64Array } {
    const p = this.p;
    const d = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      const gi = g[i * p + i] ?? 0;
      d[i] = gi > 1e-300 ? 1 / Math.sqrt(gi) : 0;
    }
    const gs = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) gs[i * p + j] = (g[i * p + j] ?? 0) * (d[i] ?? 0) * (d[j] ?? 0);
      if ((d[i] ?? 0) === 0) gs[i * p + i] = 1;
    }
    return { g: gs, d };
  }

  /** Qᵀa_m of every column (p rows of nq) and the Gram matrix of the projected columns, a_iᵀa_j − (Qᵀa_i)ᵀ(Qᵀa_j). */
  private projectedGram(a: Float64Array[]): { qa: Float64Array; gram: Float64Array } {
    const p = this.p;
    const nq = this.nq;
    const qa = new Float64Array(p * nq);
    for (let m = 0; m < p; m++) this.baselineDotsOf(a[m] as Float64Array, qa, m * nq);
    const gram = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
      const ai = a[i] as Float64Array;
      for (let j = 0; j <= i; j++) {
        let v = dot(ai, a[j] as Float64Array);
        for (let k = 0; k < nq; k++) v -= (qa[i * nq + k] as number) * (qa[j * nq + k] as number);
        gram[i * p + j] = v;
        gram[j * p + i] = v;
      }
    }
    return { qa, gram };
  }

  /**
   * Variable projection at θ: the columns, their projected Gram matrix (without projecting any
   * column: (P⊥a_i)ᵀ(P⊥a_j) = a_iᵀa_j − (Qᵀa_i)ᵀ(Qᵀa_j)), the NNLS amplitudes and the reduced
   * residual P⊥(y − Ac).
   */
  evaluate(th: Theta, warm?: Uint8Array): Evaluation {
    const p = this.p;
    const aug = this.aug;
    const { a } = this.columnsAt(th);
    const { qa, gram } = this.projectedGram(a);
    const { g, d } = this.scaledGram(gram);
    const h = new Float64Array(p);
    // (P⊥a_m)ᵀ(P⊥y) = a_mᵀ·yt.
    for (let m = 0; m < p; m++) h[m] = dot(a[m] as Float64Array, this.yt) * (d[m] ?? 0);
    const { x, passive } = nnlsGram(g, h, p, warm);
    const c = new Float64Array(p);
    for (let m = 0; m < p; m++) c[m] = (x[m] ?? 0) * (d[m] ?? 0);
    const r = this.y.slice();
    for (let m = 0; m < p; m++) {
      const cm = c[m] ?? 0;
      if (cm === 0) continue;
      const col = a[m] as Float64Array;
      for (let j = 0; j < aug; j++) r[j] = (r[j] as number) - cm * (col[j] as number);
    }
    this.baselineDotsOf(r, this.qScratch);
    this.subtractBaseline(r, this.qScratch);
    return { theta: th, a, gram, baselineDots: qa, c, passive, r, cost: 0.5 * dot(r, r) };
  }

  /** Σ c_m·a_m: the metabolite part of the model at an evaluation (augmented length). */
  modelOf(ev: Evaluation): Float64Array {
    const model = new Float64Array(this.aug);
    for (let m = 0; m < this.p; m++) {
      const cm = ev.c[m] ?? 0;
      if (cm === 0) continue;
      const col = ev.a[m] as Float64Array;
      for (let j = 0; j < this.rows; j++) model[j] = (model[j] ?? 0) + cm * (col[j] ?? 0);
    }
    return model;
  }

  /** d(model)/dθ_k for every non-linear parameter (unprojected, augmented), at the evaluation's amplitudes. */
  derivatives(ev: Evaluation): Float64Array[] {
    const { ng } = this;
    const n = this.nfft;
    const th = ev.theta;
    const sums: Float64Array[] = [];
    for (let g = 0; g < ng; g++) sums.push(new Float64Array(2 * n));
    for (let m = 0; m < this.p; m++) {
      const cm = ev.c[m] ?? 0;
      if (cm === 0) continue;
      const sg = sums[this.columnGroup[m] ?? 0] as Float64Array;
      const b = this.colFids[m] as Float64Array;
      for (let k = 0; k < 2 * n; k++) sg[k] = (sg[k] ?? 0) + cm * (b[k] ?? 0);
    }
    const env = this.envelopesOf(th);
    const ph = this.phaseOf(th);
    const u: Float64Array[] = [];
    for (let g = 0; g < ng; g++) {
      this.multiplyInto(sums[g] as Float64Array, env[g] as Float64Array);
      u.push(this.bufIn.slice());
    }
    const bufIn = this.bufIn;
    const tAxis = this.tAxis;
    const dGamma: Float64Array[] = [];
    const dS: Float64Array[] = [];
    for (let g = 0; g < ng; g++) {
      const ug = u[g] as Float64Array;
      for (let k = 0; k < n; k++) {
        const t = tAxis[k] ?? 0;
        bufIn[2 * k] = -t * (ug[2 * k] ?? 0);
        bufIn[2 * k + 1] = -t * (ug[2 * k + 1] ?? 0);
      }
      const cg = new Float64Array(this.aug);
      this.rangeOfFft(ph, cg);
      dGamma.push(cg);
      for (let k = 0; k < n; k++) {
        const t = tAxis[k] ?? 0;
        bufIn[2 * k] = -t * t * (ug[2 * k] ?? 0);
        bufIn[2 * k + 1] = -t * t * (ug[2 * k + 1] ?? 0);
      }
      const cs = new Float64Array(this.aug);
      this.rangeOfFft(ph, cs);
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
    const dEps = new Float64Array(this.aug);
    this.rangeOfFft(ph, dEps);
    const model = this.modelOf(ev);
    const dPhi0 = new Float64Array(this.aug);
    const dPhi1 = new Float64Array(this.aug);
    for (let j = 0; j < this.len; j++) {
      const re = model[2 * j] ?? 0;
      const im = model[2 * j + 1] ?? 0;
      dPhi0[2 * j] = -im;
      dPhi0[2 * j + 1] = re;
      const w = 2 * Math.PI * (this.fR[j] ?? 0);
      dPhi1[2 * j] = -im * w;
      dPhi1[2 * j + 1] = re * w;
    }
    const out = [...dGamma, ...dS, dEps, dPhi0];
    if (this.fitPhi1) out.push(dPhi1);
    return out;
  }

  /**
   * Kaufman Jacobian of the reduced residual: J_k = −P⊥ d_k, P⊥ projecting out the baseline and
   * the free columns: P⊥_B(d − A_f z) with z solving (A_fᵀP⊥_B A_f) z = A_fᵀP⊥_B d, whose
   * matrix is the evaluation's projected Gram matrix and whose right side is
   * A_fᵀd − (QᵀA_f)ᵀ(Qᵀd); one baseline projection per derivative.
   */
  kaufman(ev: Evaluation): Float64Array[] {
    const ds = this.derivatives(ev);
    const p = this.p;
    const nq = this.nq;
    const aug = this.aug;
    const free: number[] = [];
    for (let m = 0; m < p; m++) if ((ev.c[m] ?? 0) > 0) free.push(m);
    const nf = free.length;
    const gff = new Float64Array(nf * nf);
    for (let i = 0; i < nf; i++)
      for (let j = 0; j < nf; j++) gff[i * nf + j] = ev.gram[(free[i] ?? 0) * p + (free[j] ?? 0)] ?? 0;
    const l = nf > 0 ? cholesky(gff, nf) : null;
    const qd = new Float64Array(Math.max(1, nq));
    return ds.map((d) => {
      const v = d.slice();
      if (l !== null) {
        this.baselineDotsOf(d, qd);
        const rhs = Float64Array.from(free, (m) => {
          let s = dot(ev.a[m] as Float64Array, d);
          for (let k = 0; k < nq; k++) s -= (ev.baselineDots[m * nq + k] as number) * (qd[k] as number);
          return s;
        });
        const z = choleskySolve(l, nf, rhs);
        free.forEach((m, i) => {
          const col = ev.a[m] as Float64Array;
          const zi = z[i] ?? 0;
          for (let j = 0; j < aug; j++) v[j] = (v[j] as number) - zi * (col[j] as number);
        });
      }
      this.baselineDotsOf(v, this.qScratch);
      this.subtractBaseline(v, this.qScratch);
      for (let j = 0; j < aug; j++) v[j] = -(v[j] as number);
      return v;
    });
  }

  /** Penalised least-squares baseline coefficients for data minus the metabolite model (scaled units). */
  baselineCoefficients(fitMet: Float64Array): Float64Array {
    const nb = this.nb;
    const bcoef = new Float64Array(nb);
    if (nb === 0) return bcoef;
    const rest = new Float64Array(this.aug);
    for (let j = 0; j < this.rows; j++) rest[j] = (this.y[j] ?? 0) - (fitMet[j] ?? 0);
    const l = this.baselineGramFactor;
    if (l !== null)
      bcoef.set(
        choleskySolve(
          l,
          nb,
          Float64Array.from(this.bcols, (b) => dot(b, rest)),
        ),
      );
    return bcoef;
  }
}

/**
 * Returns the roughness weight λ that gives the Legendre baseline of `order` on the fitted ppm
 * axis an effective dimension (trace of its smoother, per real part) of `targetEd`, by bisection
 * on log λ; 0 when the unpenalised baseline has no more than `targetEd` parameters.
 */
export function baselineLambdaFor(
  ppm: Float64Array,
  range: readonly [number, number],
  order: number,
  targetEd: number,
): number {
  if (order + 1 <= targetEd) return 0;
  // Memoised: every fit of a series shares its axis, range, order and target.
  const key = `${ppm.length}:${ppm[0]}:${ppm[ppm.length - 1]}:${range[0]}:${range[1]}:${order}:${targetEd}`;
  return memoised(lambdaCache, key, 64, () => solveLambda(ppm, range, order, targetEd));
}

const lambdaCache = new Map<string, number>();

function solveLambda(
  ppm: Float64Array,
  range: readonly [number, number],
  order: number,
  targetEd: number,
): number {
  const k = order + 1;
  const leg = Array.from(ppm, (v) => legendre(order, baselineAbscissa(v, range)));
  const btb = new Float64Array(k * k);
  for (const row of leg)
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) btb[i * k + j] = (btb[i * k + j] ?? 0) + (row[i] ?? 0) * (row[j] ?? 0);
  const w = baselineRoughness(order);
  const ed = (lambda: number): number => {
    // trace((BᵀB + λWᵀW)⁻¹ BᵀB)
    const m = Float64Array.from(btb);
    for (let i = 0; i < k; i++) m[i * k + i] = (m[i * k + i] ?? 0) + lambda * (w[i] ?? 0) ** 2;
    const l = cholesky(m, k);
    if (l === null) return k;
    let tr = 0;
    for (let j = 0; j < k; j++) {
      const col = Float64Array.from({ length: k }, (_, i) => btb[i * k + j] ?? 0);
      tr += choleskySolve(l, k, col)[j] ?? 0;
    }
    return tr;
  };
  let lo = -12;
  let hi = 12;
  for (let it = 0; it < 40; it++) {
    const mid = (lo + hi) / 2;
    if (ed(10 ** mid) > targetEd) lo = mid;
    else hi = mid;
  }
  return 10 ** ((lo + hi) / 2);
}
