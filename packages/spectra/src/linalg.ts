/**
 * Small dense linear algebra for the fit (internal; matrices are row-major Float64Array n×n).
 */

/** Cholesky factor L (lower, row-major) of symmetric positive-definite `a`, or null when not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / (l[j * n + j] ?? 1);
      }
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b for x given the Cholesky factor L (row-major). */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] ?? 0;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] ?? 0) * (y[k] ?? 0);
    y[i] = s / (l[i * n + i] ?? 1);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] ?? 0;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] ?? 0) * (x[k] ?? 0);
    x[i] = s / (l[i * n + i] ?? 1);
  }
  return x;
}

/**
 * Returns the inverse of symmetric positive semi-definite `a` (n×n). It is first scaled to unit
 * diagonal (a correlation-form matrix, which keeps Cholesky accurate for parameters of very
 * different scales); if it is still not positive definite a ridge of 1e-12, 1e-10, … is added.
 * Rows/columns with a zero diagonal get NaN (undetermined parameter).
 */
export function symmetricInverse(a: Float64Array, n: number): Float64Array {
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if ((a[i * n + i] ?? 0) > 0) keep.push(i);
  const m = keep.length;
  const d = new Float64Array(m);
  keep.forEach((i, p) => {
    d[p] = 1 / Math.sqrt(a[i * n + i] ?? 1);
  });
  const out = new Float64Array(n * n).fill(Number.NaN);
  for (let ridge = 0; ridge <= 1e-4; ridge = ridge === 0 ? 1e-12 : ridge * 100) {
    const s = new Float64Array(m * m);
    for (let p = 0; p < m; p++) {
      for (let q = 0; q < m; q++) {
        s[p * m + q] = (a[(keep[p] ?? 0) * n + (keep[q] ?? 0)] ?? 0) * (d[p] ?? 0) * (d[q] ?? 0);
      }
      s[p * m + p] = (s[p * m + p] ?? 0) + ridge;
    }
    const l = cholesky(s, m);
    if (l === null) continue;
    const e = new Float64Array(m);
    for (let q = 0; q < m; q++) {
      e.fill(0);
      e[q] = 1;
      const col = choleskySolve(l, m, e);
      for (let p = 0; p < m; p++) {
        out[(keep[p] ?? 0) * n + (keep[q] ?? 0)] = (col[p] ?? 0) * (d[p] ?? 0) * (d[q] ?? 0);
      }
    }
    return out;
  }
  return out;
}

/** Real dot product of two equal-length arrays (Float64Array only, to keep the call site monomorphic). */
export function dot(a: Float64Array, b: Float64Array): number {
  // Four partial sums: independent additions pipeline (about 1.5× faster than one running sum).
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += (a[k] as number) * (b[k] as number);
    s1 += (a[k + 1] as number) * (b[k + 1] as number);
    s2 += (a[k + 2] as number) * (b[k + 2] as number);
    s3 += (a[k + 3] as number) * (b[k + 3] as number);
  }
  for (; k < n; k++) s0 += (a[k] as number) * (b[k] as number);
  return s0 + s1 + (s2 + s3);
}
