/**
 * Small dense linear algebra for the mixed-model code: row-major Float64Array matrices of the
 * sizes that occur after the data are reduced to cross-products (p fixed effects, q random
 * effects, both at most a few hundred). Internal to the lmm folder; not exported from the package.
 */

/** A dense row-major matrix. */
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A rows × cols matrix of zeros. */
export function zeros(rows: number, cols: number): Mat {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** The n × n identity. */
export function identity(n: number): Mat {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** Element (i, j). */
export function at(m: Mat, i: number, j: number): number {
  return m.data[i * m.cols + j]!;
}

/** A copy of `m`. */
export function copy(m: Mat): Mat {
  return { rows: m.rows, cols: m.cols, data: new Float64Array(m.data) };
}

/** A matrix from nested arrays. */
export function fromRows(rows: readonly (readonly number[])[]): Mat {
  const r = rows.length;
  const c = rows[0]?.length ?? 0;
  const m = zeros(r, c);
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    for (let j = 0; j < c; j++) m.data[i * c + j] = row[j]!;
  }
  return m;
}

/** Nested arrays from a matrix. */
export function toRows(m: Mat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** A' (transpose). */
export function transpose(a: Mat): Mat {
  const t = zeros(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j]!;
  return t;
}

/** A B. */
export function mul(a: Mat, b: Mat): Mat {
  if (a.cols !== b.rows) throw new Error(`mul: ${a.rows}x${a.cols} times ${b.rows}x${b.cols}`);
  const out = zeros(a.rows, b.cols);
  const n = b.cols;
  for (let i = 0; i < a.rows; i++) {
    const oi = i * n;
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k]!;
      if (aik === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) out.data[oi + j]! += aik * b.data[bk + j]!;
    }
  }
  return out;
}

/** A' B. */
export function tmul(a: Mat, b: Mat): Mat {
  if (a.rows !== b.rows) throw new Error(`tmul: (${a.rows}x${a.cols})' times ${b.rows}x${b.cols}`);
  const out = zeros(a.cols, b.cols);
  const n = b.cols;
  for (let k = 0; k < a.rows; k++) {
    const bk = k * n;
    for (let i = 0; i < a.cols; i++) {
      const aki = a.data[k * a.cols + i]!;
      if (aki === 0) continue;
      const oi = i * n;
      for (let j = 0; j < n; j++) out.data[oi + j]! += aki * b.data[bk + j]!;
    }
  }
  return out;
}

/** A + s B. */
export function addScaled(a: Mat, b: Mat, s: number): Mat {
  const out = copy(a);
  for (let i = 0; i < out.data.length; i++) out.data[i]! += s * b.data[i]!;
  return out;
}

/** s A. */
export function scale(a: Mat, s: number): Mat {
  const out = copy(a);
  for (let i = 0; i < out.data.length; i++) out.data[i]! *= s;
  return out;
}

/** (A + A') / 2. */
export function symmetrize(a: Mat): Mat {
  const out = copy(a);
  const n = a.rows;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = (a.data[i * n + j]! + a.data[j * n + i]!) / 2;
      out.data[i * n + j] = v;
      out.data[j * n + i] = v;
    }
  return out;
}

/** Σ_ij A_ij B_ij = tr(A' B). */
export function frobeniusDot(a: Mat, b: Mat): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * b.data[i]!;
  return s;
}

/** tr(A). */
export function trace(a: Mat): number {
  let s = 0;
  for (let i = 0; i < Math.min(a.rows, a.cols); i++) s += a.data[i * a.cols + i]!;
  return s;
}

/** A x for a vector x. */
export function mulVec(a: Mat, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    const oi = i * a.cols;
    for (let j = 0; j < a.cols; j++) s += a.data[oi + j]! * x[j]!;
    out[i] = s;
  }
  return out;
}

/** A' x for a vector x. */
export function tmulVec(a: Mat, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.cols);
  for (let k = 0; k < a.rows; k++) {
    const xk = x[k]!;
    if (xk === 0) continue;
    const ok = k * a.cols;
    for (let j = 0; j < a.cols; j++) out[j]! += a.data[ok + j]! * xk;
  }
  return out;
}

/** x' y. */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** x' A x. */
export function quadForm(a: Mat, x: ArrayLike<number>): number {
  return dot(x, mulVec(a, x));
}

/**
 * The lower Cholesky factor L of a symmetric positive-definite A (A = L L'), or null when a pivot
 * is not positive (≤ `tol` times the largest diagonal element of A).
 */
export function cholesky(a: Mat, tol = 0): Mat | null {
  const n = a.rows;
  const l = zeros(n, n);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(a.data[i * n + i]!));
  for (let j = 0; j < n; j++) {
    let d = a.data[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l.data[j * n + k]! ** 2;
    if (!(d > tol * maxDiag) || d <= 0) return null;
    const ljj = Math.sqrt(d);
    l.data[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a.data[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l.data[i * n + k]! * l.data[j * n + k]!;
      l.data[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Solves L X = B for lower-triangular L (B a matrix, overwritten copy returned). */
export function forwardSolve(l: Mat, b: Mat): Mat {
  const n = l.rows;
  const x = copy(b);
  const m = b.cols;
  for (let i = 0; i < n; i++) {
    const lii = l.data[i * n + i]!;
    for (let k = 0; k < i; k++) {
      const lik = l.data[i * n + k]!;
      if (lik === 0) continue;
      for (let j = 0; j < m; j++) x.data[i * m + j]! -= lik * x.data[k * m + j]!;
    }
    for (let j = 0; j < m; j++) x.data[i * m + j]! /= lii;
  }
  return x;
}

/** Solves L' X = B for lower-triangular L. */
export function backSolveT(l: Mat, b: Mat): Mat {
  const n = l.rows;
  const x = copy(b);
  const m = b.cols;
  for (let i = n - 1; i >= 0; i--) {
    const lii = l.data[i * n + i]!;
    for (let k = i + 1; k < n; k++) {
      const lki = l.data[k * n + i]!;
      if (lki === 0) continue;
      for (let j = 0; j < m; j++) x.data[i * m + j]! -= lki * x.data[k * m + j]!;
    }
    for (let j = 0; j < m; j++) x.data[i * m + j]! /= lii;
  }
  return x;
}

/** A column vector (n × 1 matrix) view of a vector. */
export function colVec(x: ArrayLike<number>): Mat {
  return { rows: x.length, cols: 1, data: Float64Array.from(x) };
}

/** Solves A X = B given the Cholesky factor L of A. */
export function cholSolve(l: Mat, b: Mat): Mat {
  return backSolveT(l, forwardSolve(l, b));
}

/** A⁻¹ from the Cholesky factor L of A. */
export function cholInverse(l: Mat): Mat {
  return symmetrize(cholSolve(l, identity(l.rows)));
}

/** log det A = 2 Σ log L_ii from the Cholesky factor L of A. */
export function cholLogDet(l: Mat): number {
  let s = 0;
  for (let i = 0; i < l.rows; i++) s += Math.log(l.data[i * l.rows + i]!);
  return 2 * s;
}

/** A⁻¹ of a symmetric positive-definite A; throws when A is not positive definite. */
export function invSpd(a: Mat): Mat {
  const l = cholesky(a);
  if (l === null) throw new Error("invSpd: matrix is not positive definite");
  return cholInverse(l);
}

/** Solves A x = b for a general square A by Gaussian elimination with partial pivoting. */
export function solveGeneral(a: Mat, b: Mat): Mat {
  const n = a.rows;
  const m = b.cols;
  const A = copy(a);
  const X = copy(b);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs(A.data[r * n + c]!) > Math.abs(A.data[piv * n + c]!)) piv = r;
    if (A.data[piv * n + c] === 0) throw new Error("solveGeneral: singular matrix");
    if (piv !== c) {
      for (let j = 0; j < n; j++) {
        const t = A.data[c * n + j]!;
        A.data[c * n + j] = A.data[piv * n + j]!;
        A.data[piv * n + j] = t;
      }
      for (let j = 0; j < m; j++) {
        const t = X.data[c * m + j]!;
        X.data[c * m + j] = X.data[piv * m + j]!;
        X.data[piv * m + j] = t;
      }
    }
    const d = A.data[c * n + c]!;
    for (let r = c + 1; r < n; r++) {
      const f = A.data[r * n + c]! / d;
      if (f === 0) continue;
      for (let j = c; j < n; j++) A.data[r * n + j]! -= f * A.data[c * n + j]!;
      for (let j = 0; j < m; j++) X.data[r * m + j]! -= f * X.data[c * m + j]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    for (let j = 0; j < m; j++) {
      let s = X.data[r * m + j]!;
      for (let k = r + 1; k < n; k++) s -= A.data[r * n + k]! * X.data[k * m + j]!;
      X.data[r * m + j] = s / A.data[r * n + r]!;
    }
  }
  return X;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan 2013,
 * §8.5): eigenvalues in decreasing order (like R's `eigen`) and the matching unit eigenvectors as
 * the columns of `vectors`. Accurate to a few ulps for the small matrices used here.
 */
export function symmetricEigen(a: Mat): { values: number[]; vectors: Mat } {
  const n = a.rows;
  const A = symmetrize(a);
  const V = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const v = A.data[i * n + j]! ** 2;
        total += v;
        if (i !== j) off += v;
      }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A.data[p * n + q]!;
        if (apq === 0) continue;
        const app = A.data[p * n + p]!;
        const aqq = A.data[q * n + q]!;
        const tau = (aqq - app) / (2 * apq);
        const t = Math.sign(tau === 0 ? 1 : tau) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A.data[k * n + p]!;
          const akq = A.data[k * n + q]!;
          A.data[k * n + p] = c * akp - s * akq;
          A.data[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A.data[p * n + k]!;
          const aqk = A.data[q * n + k]!;
          A.data[p * n + k] = c * apk - s * aqk;
          A.data[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V.data[k * n + p]!;
          const vkq = V.data[k * n + q]!;
          V.data[k * n + p] = c * vkp - s * vkq;
          V.data[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => A.data[j * n + j]! - A.data[i * n + i]!,
  );
  const values = order.map((i) => A.data[i * n + i]!);
  const vectors = zeros(n, n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors.data[k * n + dst] = V.data[k * n + src]!;
  });
  return { values, vectors };
}

/**
 * Moore–Penrose inverse of a symmetric matrix keeping eigenvalues > `tol` (lmerTest's treatment
 * of the deviance Hessian; Christensen 2017, as_lmerModLmerTest).
 */
export function pinvSymmetricPositive(a: Mat, tol: number): Mat {
  const { values, vectors } = symmetricEigen(a);
  const n = a.rows;
  const out = zeros(n, n);
  values.forEach((v, k) => {
    if (!(v > tol)) return;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        out.data[i * n + j]! += (vectors.data[i * n + k]! * vectors.data[j * n + k]!) / v;
  });
  return out;
}

/** Rows `idx` and columns `jdx` of `m`. */
export function sub(m: Mat, idx: readonly number[], jdx: readonly number[]): Mat {
  const out = zeros(idx.length, jdx.length);
  idx.forEach((i, a) => {
    jdx.forEach((j, b) => {
      out.data[a * jdx.length + b] = m.data[i * m.cols + j]!;
    });
  });
  return out;
}
