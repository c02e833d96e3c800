/**
 * Complex sample arrays. A `ComplexArray` stores n complex samples as 2n doubles, interleaved
 * `[re0, im0, re1, im1, …]` (the layout fft.js and NIfTI-MRS complex data use), so it can be
 * passed to a worker without copying.
 */
export type ComplexArray = Float64Array;

/** Returns a zero-filled complex array of `n` samples (length 2n). Throws on negative or fractional n. */
export function complexArray(n: number): ComplexArray {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`complexArray(${n}): n must be a non-negative integer`);
  return new Float64Array(2 * n);
}

/** Returns the interleaved complex array with real parts `re` and imaginary parts `im` (same length, else throws). */
export function complexFromParts(re: ArrayLike<number>, im: ArrayLike<number>): ComplexArray {
  if (re.length !== im.length) {
    throw new RangeError(`complexFromParts(): re has ${re.length} values but im has ${im.length}`);
  }
  const out = new Float64Array(2 * re.length);
  for (let k = 0; k < re.length; k++) {
    out[2 * k] = re[k] ?? 0;
    out[2 * k + 1] = im[k] ?? 0;
  }
  return out;
}

/** Returns the number of complex samples in `x` (half its length; throws on an odd length). */
export function complexLength(x: ComplexArray): number {
  if (x.length % 2 !== 0)
    throw new RangeError(`complexLength(): odd length ${x.length} is not interleaved complex`);
  return x.length / 2;
}

/** Returns the real parts of `x` as a new Float64Array. */
export function realPart(x: ComplexArray): Float64Array {
  const n = complexLength(x);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = x[2 * k] ?? 0;
  return out;
}

/** Returns the imaginary parts of `x` as a new Float64Array. */
export function imagPart(x: ComplexArray): Float64Array {
  const n = complexLength(x);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = x[2 * k + 1] ?? 0;
  return out;
}

/** Returns the moduli |x_k| as a new Float64Array. */
export function magnitude(x: ComplexArray): Float64Array {
  const n = complexLength(x);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = Math.hypot(x[2 * k] ?? 0, x[2 * k + 1] ?? 0);
  return out;
}

/** Returns the complex conjugate of `x` (new array). Conjugating a FID mirrors its spectrum about 0 Hz. */
export function conjugate(x: ComplexArray): ComplexArray {
  const out = Float64Array.from(x);
  for (let k = 1; k < out.length; k += 2) out[k] = -(out[k] ?? 0);
  return out;
}

/** Returns `x · e^{iφ}` (new array), φ in radians. */
export function rotatePhase(x: ComplexArray, phiRad: number): ComplexArray {
  const c = Math.cos(phiRad);
  const s = Math.sin(phiRad);
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k += 2) {
    const re = x[k] ?? 0;
    const im = x[k + 1] ?? 0;
    out[k] = re * c - im * s;
    out[k + 1] = re * s + im * c;
  }
  return out;
}
