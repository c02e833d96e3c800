import { ppmToHz, WATER_PPM } from "./axes";
import type { ComplexArray } from "./complex";
import { complexEigenvalues } from "./complexEigen";
import { fft, fftInto } from "./fft";
import { cholesky, choleskySolve } from "./linalg";
import { gaussianSource, seededRandom } from "./random";

/** One damped complex exponential a·e^{(−d + i2πf)t} found by {@link hsvd}. */
export interface HsvdComponent {
  /** Frequency f, Hz (same axis as `frequencyAxisHz`: ppm = 4.65 − f/F0). */
  readonly frequencyHz: number;
  /** Damping d, s⁻¹ (negative = growing). */
  readonly dampingPerS: number;
  /** Complex amplitude at t = 0. */
  readonly amplitudeRe: number;
  readonly amplitudeIm: number;
}

/** Options of {@link hsvd}. */
export interface HsvdOptions {
  /** Model order K (number of components, default 25). */
  readonly components?: number;
  /** Leading FID points used (default min(N, 1024), rounded down to a power of two). */
  readonly points?: number;
  /**
   * Power (subspace) iterations of the randomised range finder (default 1). With 2, the water
   * removal of the speed bench's spectra (water 20× NAA) also took a broad in-band pole in two of
   * eight, whose tails reached 3.6–4.2 ppm at 8–13 % of the NAA peak; with 1, never, in less time.
   */
  readonly powerIterations?: number;
}

function largestPowerOfTwo(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}

/**
 * Σ_{i<count} conj(a[from + i])·b[from + shift + i] of interleaved complex arrays, as [re, im]
 * (two partial sums per part, so the additions pipeline).
 */
function conjDot(
  a: Float64Array,
  b: Float64Array,
  from: number,
  shift: number,
  count: number,
): [number, number] {
  let re0 = 0;
  let im0 = 0;
  let re1 = 0;
  let im1 = 0;
  let i = from;
  const end = from + count;
  for (; i + 1 < end; i += 2) {
    const ar0 = a[2 * i] as number;
    const ai0 = a[2 * i + 1] as number;
    const br0 = b[2 * (i + shift)] as number;
    const bi0 = b[2 * (i + shift) + 1] as number;
    const ar1 = a[2 * i + 2] as number;
    const ai1 = a[2 * i + 3] as number;
    const br1 = b[2 * (i + shift) + 2] as number;
    const bi1 = b[2 * (i + shift) + 3] as number;
    re0 += ar0 * br0 + ai0 * bi0;
    im0 += ar0 * bi0 - ai0 * br0;
    re1 += ar1 * br1 + ai1 * bi1;
    im1 += ar1 * bi1 - ai1 * br1;
  }
  if (i < end) {
    const ar = a[2 * i] as number;
    const ai = a[2 * i + 1] as number;
    const br = b[2 * (i + shift)] as number;
    const bi = b[2 * (i + shift) + 1] as number;
    re0 += ar * br + ai * bi;
    im0 += ar * bi - ai * br;
  }
  return [re0 + re1, im0 + im1];
}

/** Complex modified Gram–Schmidt on the columns (each interleaved, length 2·rows) in place; drops none. */
function orthonormalise(cols: Float64Array[], rows: number, passes = 2): void {
  for (let a = 0; a < cols.length; a++) {
    const u = cols[a] as Float64Array;
    for (let pass = 0; pass < passes; pass++) {
      for (let b = 0; b < a; b++) {
        const q = cols[b] as Float64Array;
        const [dr, di] = conjDot(q, u, 0, 0, rows);
        for (let i = 0; i < rows; i++) {
          const qr = q[2 * i] as number;
          const qi = q[2 * i + 1] as number;
          u[2 * i] = (u[2 * i] as number) - (dr * qr - di * qi);
          u[2 * i + 1] = (u[2 * i + 1] as number) - (dr * qi + di * qr);
        }
      }
    }
    let nn = 0;
    for (let i = 0; i < 2 * rows; i++) nn += (u[i] ?? 0) ** 2;
    const s = nn > 1e-300 ? 1 / Math.sqrt(nn) : 0;
    for (let i = 0; i < 2 * rows; i++) u[i] = (u[i] ?? 0) * s;
  }
}

/** The FFT of a FID's leading m points and the buffers of {@link hankelTimes}. */
interface Hankel {
  readonly xf: Float64Array;
  readonly m: number;
  readonly buf: Float64Array;
  readonly vf: Float64Array;
  readonly conv: Float64Array;
}

/**
 * H·v for the Hankel matrix H[i][j] = x[i + j] (i < outLen, j < inLen, inLen + outLen = m + 1),
 * or Hᴴ·v (`conj`: conj(H'·conj(v)) with H' the transposed shape): H·v = (x ⊛ rev(v))[i + inLen − 1]
 * (circular, length m), the inverse FFT as conj(FFT(conj(·)))/m, in the preallocated buffers.
 * A module-level function (not a closure per call) so its type feedback persists across calls.
 */
function hankelTimes(h: Hankel, v: Float64Array, inLen: number, outLen: number, conj: boolean): Float64Array {
  const { xf, m, buf, vf, conv } = h;
  const sign = conj ? -1 : 1;
  buf.fill(0);
  for (let j = 0; j < inLen; j++) {
    const r = inLen - 1 - j;
    buf[2 * r] = v[2 * j] as number;
    buf[2 * r + 1] = sign * (v[2 * j + 1] as number);
  }
  fftInto(buf, vf);
  for (let q = 0; q < m; q++) {
    const ar = xf[2 * q] as number;
    const ai = xf[2 * q + 1] as number;
    const br = vf[2 * q] as number;
    const bi = vf[2 * q + 1] as number;
    vf[2 * q] = ar * br - ai * bi;
    vf[2 * q + 1] = -(ar * bi + ai * br);
  }
  fftInto(vf, conv);
  const out = new Float64Array(2 * outLen);
  for (let i = 0; i < outLen; i++) {
    out[2 * i] = (conv[2 * (i + inLen - 1)] as number) / m;
    // conv holds conj(m·result): the imaginary part is −m·Im.
    out[2 * i + 1] = (-sign * (conv[2 * (i + inLen - 1) + 1] as number)) / m;
  }
  return out;
}

/**
 * Returns the K-component state-space (HSVD) decomposition of a FID (Barkhuijsen, de Beer &
 * van Ormondt 1987, J Magn Reson 73:553; the method behind the HLSVD water removal of jMRUI,
 * FSL-MRS and Osprey): the leading M points form an L×(M−L+1) Hankel matrix (L = M/2) whose
 * K-dimensional dominant column space is found by a randomised range finder with power
 * iterations (Halko, Martinsson & Tropp 2011; Hankel products by FFT, so the cost is
 * O(K·M log M) instead of a full SVD's O(M³)); the poles z_k are the eigenvalues of the
 * shift-invariance matrix U↓⁺U↑ of that space, and the amplitudes the least-squares fit of
 * Σ a_k z_kⁿ to the same M points. Deterministic (fixed seed).
 */
export function hsvd(fid: ComplexArray, dwellS: number, options: HsvdOptions = {}): HsvdComponent[] {
  const n = fid.length / 2;
  const m = largestPowerOfTwo(Math.min(n, options.points ?? 1024));
  const k = Math.max(1, Math.min(options.components ?? 25, Math.floor(m / 4)));
  if (m < 16) throw new RangeError(`hsvd(): the FID has ${n} points; at least 16 are needed`);
  const l = m / 2;
  const mc = m - l + 1;
  const x = fid.subarray(0, 2 * m);
  const xf = fft(x);
  const hankel: Hankel = {
    xf,
    m,
    buf: new Float64Array(2 * m),
    vf: new Float64Array(2 * m),
    conv: new Float64Array(2 * m),
  };
  const times = (v: Float64Array): Float64Array => hankelTimes(hankel, v, mc, l, false);
  // Hᴴ·u = conj(H'·conj(u)), H' the mc×l Hankel matrix of the same x.
  const adjointTimes = (u: Float64Array): Float64Array => hankelTimes(hankel, u, l, mc, true);

  const gauss = gaussianSource(seededRandom(0x5eed));
  let q: Float64Array[] = Array.from({ length: k }, () => {
    const w = new Float64Array(2 * mc);
    for (let i = 0; i < 2 * mc; i++) w[i] = gauss();
    return times(w);
  });
  // Subspace iteration (Halko et al. 2011, Alg. 4.4): each product's input orthonormalised, so
  // small singular directions survive. HΩ itself is not: orthonormalising only changes the basis
  // of its span, which is all Hᴴ carries on. Two Gram–Schmidt passes for the final basis.
  for (let it = 0; it < (options.powerIterations ?? 1); it++) {
    if (it > 0) orthonormalise(q, l, 1);
    const z = q.map(adjointTimes);
    orthonormalise(z, mc, 1);
    q = z.map(times);
  }
  orthonormalise(q, l, 2);

  // Z = (U↓ᴴU↓)⁻¹ U↓ᴴ U↑ with U↓ = rows 0..l−2, U↑ = rows 1..l−1 (complex, solved as a real 2K system).
  const g = new Float64Array(4 * k * k);
  const inner = (a: Float64Array, b: Float64Array, from: number, shift: number): [number, number] =>
    conjDot(a, b, from, shift, l - 1);
  const k2 = 2 * k;
  // U↓ᴴU↓ = I − conj(u_last)ᵀu_last for orthonormal columns (u_last: their last row), in closed form.
  for (let a = 0; a < k; a++) {
    const qa = q[a] as Float64Array;
    const ar = qa[2 * (l - 1)] ?? 0;
    const ai = qa[2 * (l - 1) + 1] ?? 0;
    for (let b = 0; b < k; b++) {
      const qb = q[b] as Float64Array;
      const br = qb[2 * (l - 1)] ?? 0;
      const bi = qb[2 * (l - 1) + 1] ?? 0;
      const re = (a === b ? 1 : 0) - (ar * br + ai * bi);
      const im = -(ar * bi - ai * br);
      g[a * k2 + b] = re;
      g[a * k2 + b + k] = -im;
      g[(a + k) * k2 + b] = im;
      g[(a + k) * k2 + b + k] = re;
    }
  }
  const lg = cholesky(g, k2);
  if (lg === null) return [];
  const zmat = new Float64Array(2 * k * k);
  for (let b = 0; b < k; b++) {
    const r = new Float64Array(k2);
    for (let a = 0; a < k; a++) {
      const [re, im] = inner(q[a] as Float64Array, q[b] as Float64Array, 0, 1);
      r[a] = re;
      r[a + k] = im;
    }
    const sol = choleskySolve(lg, k2, r);
    for (let a = 0; a < k; a++) {
      zmat[2 * (a * k + b)] = sol[a] ?? 0;
      zmat[2 * (a * k + b) + 1] = sol[a + k] ?? 0;
    }
  }
  const poles = complexEigenvalues(zmat, k);

  // Amplitudes: least squares of Σ a_k z_kⁿ on the m points (normal equations, real 2K form).
  // (VᴴV)_{ab} = Σ_{i<m} (conj(z_a)·z_b)^i, a geometric series; Vᴴx directly.
  const a2 = new Float64Array(k2 * k2);
  const b2 = new Float64Array(k2);
  const zr = (c: number): number => poles[2 * c] ?? 0;
  const zi = (c: number): number => poles[2 * c + 1] ?? 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      const wr = zr(a) * zr(b) + zi(a) * zi(b);
      const wi = zr(a) * zi(b) - zi(a) * zr(b);
      let re: number;
      let im: number;
      const dr = 1 - wr;
      const di = -wi;
      const den = dr * dr + di * di;
      const wm = Math.hypot(wr, wi);
      if (den < 1e-20 || !(wm < 1e6)) {
        // w ≈ 1 (or overflow): sum the powers explicitly.
        re = 0;
        im = 0;
        let pr = 1;
        let pi = 0;
        for (let i = 0; i < m; i++) {
          re += pr;
          im += pi;
          const nr = pr * wr - pi * wi;
          pi = pr * wi + pi * wr;
          pr = nr;
          if (!Number.isFinite(pr)) break;
        }
      } else {
        // (1 − w^m)/(1 − w)
        const lm = m * Math.log(wm);
        const ang = m * Math.atan2(wi, wr);
        const nr = 1 - Math.exp(lm) * Math.cos(ang);
        const ni = -Math.exp(lm) * Math.sin(ang);
        re = (nr * dr + ni * di) / den;
        im = (ni * dr - nr * di) / den;
      }
      a2[a * k2 + b] = re;
      a2[a * k2 + b + k] = -im;
      a2[(a + k) * k2 + b] = im;
      a2[(a + k) * k2 + b + k] = re;
      a2[b * k2 + a] = re;
      a2[b * k2 + a + k] = im;
      a2[(b + k) * k2 + a] = -im;
      a2[(b + k) * k2 + a + k] = re;
    }
    let re = 0;
    let im = 0;
    let pr = 1;
    let pi = 0;
    const car = zr(a);
    const cai = zi(a);
    for (let i = 0; i < m; i++) {
      const br = x[2 * i] ?? 0;
      const bi = x[2 * i + 1] ?? 0;
      re += pr * br + pi * bi;
      im += pr * bi - pi * br;
      const nr = pr * car - pi * cai;
      pi = pr * cai + pi * car;
      pr = nr;
      if (!Number.isFinite(pr) || Math.abs(pr) > 1e150) break;
    }
    b2[a] = re;
    b2[a + k] = im;
  }
  // Jacobi scaling (growing poles make some columns huge), then a tiny ridge for spurious pairs.
  const sc = new Float64Array(k2);
  for (let i = 0; i < k2; i++) {
    const d = a2[i * k2 + i] ?? 0;
    sc[i] = d > 1e-300 && Number.isFinite(d) ? 1 / Math.sqrt(d) : 0;
  }
  for (let i = 0; i < k2; i++) {
    for (let j = 0; j < k2; j++) {
      const v = (a2[i * k2 + j] ?? 0) * (sc[i] ?? 0) * (sc[j] ?? 0);
      a2[i * k2 + j] = Number.isFinite(v) ? v : 0;
    }
    a2[i * k2 + i] = (a2[i * k2 + i] ?? 0) + 1e-10 + ((sc[i] ?? 0) === 0 ? 1 : 0);
    b2[i] = Number.isFinite(b2[i] ?? 0) ? (b2[i] ?? 0) * (sc[i] ?? 0) : 0;
  }
  const la = cholesky(a2, k2);
  if (la === null) return [];
  const amp = choleskySolve(la, k2, b2).map((v, i) => v * (sc[i] ?? 0));
  const out: HsvdComponent[] = [];
  for (let c = 0; c < k; c++) {
    const zr = poles[2 * c] ?? 0;
    const zi = poles[2 * c + 1] ?? 0;
    const mod = Math.hypot(zr, zi);
    if (!(mod > 0)) continue;
    out.push({
      frequencyHz: Math.atan2(zi, zr) / (2 * Math.PI * dwellS),
      dampingPerS: -Math.log(mod) / dwellS,
      amplitudeRe: amp[c] ?? 0,
      amplitudeIm: amp[c + k] ?? 0,
    });
  }
  return out;
}

/** Writes Σ components into a FID of `points` points (growing components only over the first `growingPoints`). */
export function synthesiseComponents(
  components: readonly HsvdComponent[],
  points: number,
  dwellS: number,
  growingPoints = points,
): Float64Array {
  const out = new Float64Array(2 * points);
  for (const c of components) {
    const last = c.dampingPerS < 0 ? Math.min(points, growingPoints) : points;
    const zr = Math.exp(-c.dampingPerS * dwellS) * Math.cos(2 * Math.PI * c.frequencyHz * dwellS);
    const zi = Math.exp(-c.dampingPerS * dwellS) * Math.sin(2 * Math.PI * c.frequencyHz * dwellS);
    let pr = c.amplitudeRe;
    let pi = c.amplitudeIm;
    for (let i = 0; i < last; i++) {
      out[2 * i] = (out[2 * i] ?? 0) + pr;
      out[2 * i + 1] = (out[2 * i + 1] ?? 0) + pi;
      const nr = pr * zr - pi * zi;
      pi = pr * zi + pi * zr;
      pr = nr;
    }
  }
  return out;
}

/** Settings of {@link removeResidualWater}, recorded with every fit so Methods can state them. */
export interface WaterRemovalSettings {
  /** Remove residual water before fitting (default true). */
  readonly enabled: boolean;
  /** "HLSVD": state-space decomposition (see {@link hsvd}). */
  readonly method: "HLSVD";
  /** Components inside this chemical-shift band (ppm, NIfTI-MRS axis) are subtracted (default [4.2, 5.2]). */
  readonly bandPpm: readonly [number, number];
  /** Model order (default 25). */
  readonly components: number;
  /** Leading FID points decomposed (default 1024 or fewer). */
  readonly points: number;
}

/** The default water-removal settings. */
export const DEFAULT_WATER_REMOVAL: WaterRemovalSettings = {
  enabled: true,
  method: "HLSVD",
  bandPpm: [4.2, 5.2],
  components: 25,
  points: 512,
};

/** What {@link removeResidualWater} did. */
export interface WaterRemoval {
  readonly fid: Float64Array;
  readonly settings: WaterRemovalSettings;
  /** The subtracted components. */
  readonly removed: readonly HsvdComponent[];
}

/**
 * Returns the FID with its residual water removed: the HSVD components (see {@link hsvd}) whose
 * frequency lies inside `bandPpm` (default 4.2–5.2 ppm around water at 4.65–4.68 ppm) and whose
 * line width (FWHM = damping/π) is no wider than the band are
 * synthesised over the whole FID and subtracted (as FSL-MRS `fsl_mrs_proc remove`, Osprey
 * `op_removeWater`, jMRUI HLSVD). A component growing in time is subtracted only over the
 * decomposed points. `enabled: false` returns the FID unchanged.
 */
export function removeResidualWater(
  fid: ComplexArray,
  dwellS: number,
  centreMHz: number,
  settings: Partial<WaterRemovalSettings> = {},
): WaterRemoval {
  const s: WaterRemovalSettings = { ...DEFAULT_WATER_REMOVAL, ...settings, method: "HLSVD" };
  if (!s.enabled) return { fid: Float64Array.from(fid), settings: s, removed: [] };
  const n = fid.length / 2;
  const comps = hsvd(fid, dwellS, { components: s.components, points: s.points });
  // ppm = WATER_PPM − f/F0, so the band's high ppm edge is its low frequency.
  const fLo = ppmToHz(s.bandPpm[1], centreMHz, WATER_PPM);
  const fHi = ppmToHz(s.bandPpm[0], centreMHz, WATER_PPM);
  // A component counts as water when its frequency lies in the band and its line (FWHM d/π) is no
  // wider than the band: broader ones are noise poles whose amplitudes cancel partners outside it.
  const removed = comps.filter(
    (c) => c.frequencyHz >= fLo && c.frequencyHz <= fHi && c.dampingPerS / Math.PI <= fHi - fLo,
  );
  const model = synthesiseComponents(removed, n, dwellS, largestPowerOfTwo(Math.min(n, s.points)));
  const out = Float64Array.from(fid);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) - (model[i] ?? 0);
  return { fid: out, settings: s, removed };
}
