import FFT from "fft.js";
import { type ComplexArray, complexLength } from "./complex";

const plans = new Map<number, FFT>();

function plan(n: number): FFT {
  let p = plans.get(n);
  if (p === undefined) {
    p = new FFT(n);
    plans.set(n, p);
  }
  return p;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 2 && (n & (n - 1)) === 0;
}

/**
 * Bluestein's chirp-z algorithm (Bluestein 1970): a length-n DFT as a circular convolution of
 * power-of-two length, computed with fft.js. Used for lengths that are not powers of two
 * (e.g. 4095-point NIfTI-MRS files).
 */
function bluestein(x: ComplexArray, n: number, sign: 1 | -1): ComplexArray {
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  const p = plan(m);
  // chirp w_k = exp(sign · iπ k²/n); k² is reduced mod 2n to keep the angle accurate.
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const k2 = (k * k) % (2 * n);
    const ang = (sign * Math.PI * k2) / n;
    wr[k] = Math.cos(ang);
    wi[k] = Math.sin(ang);
  }
  const a = new Float64Array(2 * m);
  for (let k = 0; k < n; k++) {
    const re = x[2 * k] ?? 0;
    const im = x[2 * k + 1] ?? 0;
    const cr = wr[k] ?? 0;
    const ci = wi[k] ?? 0;
    a[2 * k] = re * cr - im * ci;
    a[2 * k + 1] = re * ci + im * cr;
  }
  const b = new Float64Array(2 * m);
  b[0] = wr[0] ?? 1;
  b[1] = -(wi[0] ?? 0);
  for (let k = 1; k < n; k++) {
    const cr = wr[k] ?? 0;
    const ci = -(wi[k] ?? 0);
    b[2 * k] = cr;
    b[2 * k + 1] = ci;
    b[2 * (m - k)] = cr;
    b[2 * (m - k) + 1] = ci;
  }
  const fa = new Float64Array(2 * m);
  const fb = new Float64Array(2 * m);
  p.transform(fa, a);
  p.transform(fb, b);
  for (let k = 0; k < m; k++) {
    const ar = fa[2 * k] ?? 0;
    const ai = fa[2 * k + 1] ?? 0;
    const br = fb[2 * k] ?? 0;
    const bi = fb[2 * k + 1] ?? 0;
    fa[2 * k] = ar * br - ai * bi;
    fa[2 * k + 1] = ar * bi + ai * br;
  }
  const conv = new Float64Array(2 * m);
  p.inverseTransform(conv, fa);
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const re = conv[2 * k] ?? 0;
    const im = conv[2 * k + 1] ?? 0;
    const cr = wr[k] ?? 0;
    const ci = wi[k] ?? 0;
    out[2 * k] = re * cr - im * ci;
    out[2 * k + 1] = re * ci + im * cr;
  }
  return out;
}

/**
 * Returns the discrete Fourier transform X_k = Σ_n x_n e^{−2πi kn/N} (numpy's sign, no scaling)
 * of interleaved complex `x`, unshifted (bin 0 = 0 Hz). Powers of two use fft.js directly; other
 * lengths use Bluestein's algorithm on fft.js. N = 0 returns an empty array; N = 1 copies.
 */
export function fft(x: ComplexArray): ComplexArray {
  const n = complexLength(x);
  if (n <= 1) return Float64Array.from(x);
  if (!isPowerOfTwo(n)) return bluestein(x, n, -1);
  const out = new Float64Array(2 * n);
  plan(n).transform(out, x);
  return out;
}

/**
 * Returns the inverse DFT x_n = (1/N) Σ_k X_k e^{+2πi kn/N} (numpy's `ifft`), so `ifft(fft(x)) = x`.
 */
export function ifft(x: ComplexArray): ComplexArray {
  const n = complexLength(x);
  if (n <= 1) return Float64Array.from(x);
  if (!isPowerOfTwo(n)) {
    const out = bluestein(x, n, 1);
    for (let k = 0; k < out.length; k++) out[k] = (out[k] ?? 0) / n;
    return out;
  }
  const out = new Float64Array(2 * n);
  plan(n).inverseTransform(out, x);
  return out;
}

/**
 * Returns `x` with the zero-frequency bin moved to index floor(N/2) (numpy's `fftshift`, i.e.
 * `roll(x, N//2)`), so bins run from the most negative to the most positive frequency.
 */
export function fftshift(x: ComplexArray): ComplexArray {
  const n = complexLength(x);
  const h = Math.floor(n / 2);
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const src = (k - h + n) % n;
    out[2 * k] = x[2 * src] ?? 0;
    out[2 * k + 1] = x[2 * src + 1] ?? 0;
  }
  return out;
}

/** Returns the inverse of {@link fftshift} (numpy's `ifftshift`, `roll(x, −(N//2))`); differs from fftshift for odd N. */
export function ifftshift(x: ComplexArray): ComplexArray {
  const n = complexLength(x);
  const h = Math.floor(n / 2);
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const src = (k + h) % n;
    out[2 * k] = x[2 * src] ?? 0;
    out[2 * k + 1] = x[2 * src + 1] ?? 0;
  }
  return out;
}

/**
 * Returns the spectrum S = fftshift(FFT(fid)) (numpy sign, unscaled): the NIfTI-MRS spectral
 * convention, whose bin k has frequency {@link frequencyAxisHz}[k] and chemical shift
 * 4.65 − f_k/F0 ppm (see `ppmAxis`). The first FID point is not halved.
 */
export function spectrumOf(fid: ComplexArray): ComplexArray {
  return fftshift(fft(fid));
}

/** Returns the FID whose {@link spectrumOf} is `spectrum`: ifft(ifftshift(spectrum)). */
export function fidOf(spectrum: ComplexArray): ComplexArray {
  return ifft(ifftshift(spectrum));
}

/**
 * Writes FFT(input) (numpy sign, unshifted) into `output` (both length 2N), without allocating
 * for power-of-two N. Internal fast path for the fit's inner loop.
 */
export function fftInto(input: Float64Array, output: Float64Array): void {
  const n = input.length / 2;
  if (isPowerOfTwo(n)) {
    plan(n).transform(output, input);
    return;
  }
  output.set(fft(input));
}
