import type { LmmDesign } from "./design";
import {
  cholesky,
  cholInverse,
  cholLogDet,
  cholSolve,
  colVec,
  dot,
  forwardSolve,
  type Mat,
  mul,
  mulVec,
  sub,
  tmul,
  tmulVec,
  zeros,
} from "./linalg";

/**
 * The computational core of the mixed model with random intercepts only:
 *   y = Xβ + Zb + ε,  b ~ N(0, σ² ΛΛ'),  ε ~ N(0, σ² I),  V = I + Z ΛΛ' Z',
 * with Λ diagonal, holding θ_k (the relative SD of term k) on the columns of term k. Everything is
 * computed from the cross-products Z'Z, Z'X, X'X (Bates et al. 2015, lme4, J Stat Softw 67(1),
 * §3), so an evaluation costs O((p + q)³) whatever n is.
 */

/** Cross-products and the random-effects layout of a design. */
export interface CrossProducts {
  readonly n: number;
  readonly p: number;
  /** Total number of random effects (Σ levels over terms). */
  readonly q: number;
  /** Per random term, its first column in Z and number of levels. */
  readonly blocks: readonly { readonly offset: number; readonly size: number }[];
  /** Random-term index of each column of Z. */
  readonly termOfColumn: Int32Array;
  readonly ZtZ: Mat;
  readonly ZtX: Mat;
  readonly XtX: Mat;
  readonly Zty: Float64Array;
  readonly Xty: Float64Array;
  /** Per observation, its Z column in each random term. */
  readonly zIndex: readonly Int32Array[];
}

/** Builds the cross-products of a design. */
export function crossProducts(design: LmmDesign): CrossProducts {
  const { n, X, y, groupings } = design;
  const p = X.cols;
  const blocks: { offset: number; size: number }[] = [];
  let q = 0;
  for (const g of groupings) {
    blocks.push({ offset: q, size: g.levels.length });
    q += g.levels.length;
  }
  const termOfColumn = new Int32Array(q);
  blocks.forEach((b, k) => {
    termOfColumn.fill(k, b.offset, b.offset + b.size);
  });
  const zIndex = groupings.map((g, k) => Int32Array.from(g.index, (l) => l + blocks[k]!.offset));
  const ZtZ = zeros(q, q);
  const ZtX = zeros(q, p);
  const Zty = new Float64Array(q);
  for (let i = 0; i < n; i++) {
    const cols = zIndex.map((z) => z[i]!);
    for (const a of cols) {
      for (const b of cols) ZtZ.data[a * q + b]! += 1;
      for (let j = 0; j < p; j++) ZtX.data[a * p + j]! += X.data[i * p + j]!;
      Zty[a]! += y[i]!;
    }
  }
  const XtX = tmul(X, X);
  const Xty = tmulVec(X, y);
  return { n, p, q, blocks, termOfColumn, ZtZ, ZtX, XtX, Zty, Xty, zIndex };
}

/** The state of the model at one θ: GLS estimates, determinants and the residual quadratic form. */
export interface CoreState {
  readonly theta: readonly number[];
  /** λ per column of Z. */
  readonly lambda: Float64Array;
  /** Cholesky factor of C = Λ Z'Z Λ + I. */
  readonly Lc: Mat;
  /** X' V⁻¹ X and its Cholesky factor. */
  readonly XVX: Mat;
  readonly Lx: Mat;
  readonly beta: Float64Array;
  /** Q = r' V⁻¹ r at the GLS β (lme4's penalised weighted RSS). */
  readonly Q: number;
  readonly logDetV: number;
  readonly logDetXVX: number;
  /** Z' r for the GLS residuals r = y − Xβ. */
  readonly Ztr: Float64Array;
}

/** Evaluates the model at θ (relative SDs, one per random term, ≥ 0). */
export function coreState(design: LmmDesign, cp: CrossProducts, theta: readonly number[]): CoreState {
  const { q, p, n } = cp;
  const lambda = new Float64Array(q);
  for (let j = 0; j < q; j++) lambda[j] = theta[cp.termOfColumn[j]!]!;
  const C = zeros(q, q);
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) C.data[a * q + b] = lambda[a]! * cp.ZtZ.data[a * q + b]! * lambda[b]!;
    C.data[a * q + a]! += 1;
  }
  const Lc = cholesky(C);
  if (Lc === null) throw new Error("fitLmm: Λ'Z'ZΛ + I is not positive definite");
  const LZX = zeros(q, p);
  for (let a = 0; a < q; a++)
    for (let j = 0; j < p; j++) LZX.data[a * p + j] = lambda[a]! * cp.ZtX.data[a * p + j]!;
  const RZX = forwardSolve(Lc, LZX);
  const XVX = tmul(RZX, RZX);
  for (let i = 0; i < XVX.data.length; i++) XVX.data[i] = cp.XtX.data[i]! - XVX.data[i]!;
  const Lx = cholesky(XVX, 1e-12);
  if (Lx === null) throw new Error("fitLmm: the fixed-effects design is rank deficient");
  const cu = forwardSolve(Lc, colVec(Array.from(cp.Zty, (v, a) => v * lambda[a]!))).data;
  const XVy = new Float64Array(p);
  const rzxtcu = tmulVec(RZX, cu);
  for (let j = 0; j < p; j++) XVy[j] = cp.Xty[j]! - rzxtcu[j]!;
  const beta = cholSolve(Lx, colVec(XVy)).data;
  // Residual quadratic form from the residuals themselves (avoids y'V⁻¹y − β'X'V⁻¹y cancellation).
  const { X, y } = design;
  const Ztr = new Float64Array(q);
  let rr = 0;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    for (let j = 0; j < p; j++) fit += X.data[i * p + j]! * beta[j]!;
    const r = y[i]! - fit;
    rr += r * r;
    for (const z of cp.zIndex) Ztr[z[i]!]! += r;
  }
  const u = forwardSolve(Lc, colVec(Array.from(Ztr, (v, a) => v * lambda[a]!))).data;
  const Q = rr - dot(u, u);
  return {
    theta: [...theta],
    lambda,
    Lc,
    XVX,
    Lx,
    beta,
    Q,
    logDetV: cholLogDet(Lc),
    logDetXVX: cholLogDet(Lx),
    Ztr,
  };
}

/** Profiled deviance (−2 log-likelihood with β and σ at their optima for this θ). */
export function profiledDeviance(cp: CrossProducts, st: CoreState, reml: boolean): number {
  const m = reml ? cp.n - cp.p : cp.n;
  return st.logDetV + (reml ? st.logDetXVX : 0) + m * (1 + Math.log((2 * Math.PI * st.Q) / m));
}

/** Derivative building blocks at one θ (all q × q or q × p, from the cross-products). */
export interface CoreDerivatives {
  /** M = Λ C⁻¹ Λ, so that V⁻¹ = I − Z M Z'. */
  readonly M: Mat;
  /** Z' V⁻¹ Z. */
  readonly ZVZ: Mat;
  /** Z' V⁻¹ X. */
  readonly ZVX: Mat;
  /** Z' P y = Z' V⁻¹ r (P = V⁻¹ − V⁻¹X(X'V⁻¹X)⁻¹X'V⁻¹). */
  readonly ZPy: Float64Array;
  /** Z' P Z. */
  readonly ZPZ: Mat;
  /** (X' V⁻¹ X)⁻¹. */
  readonly XVXinv: Mat;
}

/** Computes the derivative building blocks at a state. */
export function coreDerivatives(cp: CrossProducts, st: CoreState): CoreDerivatives {
  const { q, p } = cp;
  const Cinv = cholInverse(st.Lc);
  const M = zeros(q, q);
  for (let a = 0; a < q; a++)
    for (let b = 0; b < q; b++) M.data[a * q + b] = st.lambda[a]! * Cinv.data[a * q + b]! * st.lambda[b]!;
  const A = cp.ZtZ;
  const AM = mul(A, M);
  const ZVZ = mul(AM, A);
  for (let i = 0; i < ZVZ.data.length; i++) ZVZ.data[i] = A.data[i]! - ZVZ.data[i]!;
  const ZVX = mul(AM, cp.ZtX);
  for (let i = 0; i < ZVX.data.length; i++) ZVX.data[i] = cp.ZtX.data[i]! - ZVX.data[i]!;
  const AMr = mulVec(AM, st.Ztr);
  const ZPy = Float64Array.from(st.Ztr, (v, a) => v - AMr[a]!);
  const XVXinv = cholInverse(st.Lx);
  const W = mul(ZVX, XVXinv);
  const corr = zeros(q, q);
  for (let a = 0; a < q; a++)
    for (let b = a; b < q; b++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += W.data[a * p + j]! * ZVX.data[b * p + j]!;
      corr.data[a * q + b] = s;
      corr.data[b * q + a] = s;
    }
  const ZPZ = zeros(q, q);
  for (let i = 0; i < ZPZ.data.length; i++) ZPZ.data[i] = ZVZ.data[i]! - corr.data[i]!;
  return { M, ZVZ, ZVX, ZPy, ZPZ, XVXinv };
}

/** Per-term traces, Frobenius products and residual quadratic forms used by all derivatives. */
export interface TermSums {
  /** tr(Z_k' P Z_k) (REML) or tr(Z_k' V⁻¹ Z_k) (ML). */
  readonly tr: number[];
  /** ‖Z_k' P Z_l‖²_F (REML) or ‖Z_k' V⁻¹ Z_l‖²_F (ML). */
  readonly F: number[][];
  /** a_k = ‖Z_k' P y‖². */
  readonly a: number[];
  /** b_kl = (Z_k'Py)' (Z_k' P Z_l) (Z_l'Py). */
  readonly b: number[][];
}

/** Computes the term sums (REML uses P in the determinant parts, ML uses V⁻¹). */
export function termSums(cp: CrossProducts, d: CoreDerivatives, reml: boolean): TermSums {
  const K = cp.blocks.length;
  const q = cp.q;
  const S = reml ? d.ZPZ : d.ZVZ;
  const tr: number[] = [];
  const F: number[][] = [];
  const a: number[] = [];
  const b: number[][] = [];
  for (let k = 0; k < K; k++) {
    const bk = cp.blocks[k]!;
    let t = 0;
    let ak = 0;
    for (let i = bk.offset; i < bk.offset + bk.size; i++) {
      t += S.data[i * q + i]!;
      ak += d.ZPy[i]! ** 2;
    }
    tr.push(t);
    a.push(ak);
    F.push([]);
    b.push([]);
    for (let l = 0; l < K; l++) {
      const bl = cp.blocks[l]!;
      let f = 0;
      let bb = 0;
      for (let i = bk.offset; i < bk.offset + bk.size; i++) {
        for (let j = bl.offset; j < bl.offset + bl.size; j++) {
          f += S.data[i * q + j]! ** 2;
          bb += d.ZPy[i]! * d.ZPZ.data[i * q + j]! * d.ZPy[j]!;
        }
      }
      F[k]!.push(f);
      b[k]!.push(bb);
    }
  }
  return { tr, F, a, b };
}

/**
 * Gradient and Hessian of the profiled deviance with respect to s_k = θ_k² (V is linear in s):
 *   g_k = tr_k − m a_k / Q,   H_kl = −F_kl + m (2 b_kl / Q − a_k a_l / Q²),  m = n − p (REML) or n.
 * Derived from ∂V/∂s_k = Z_k Z_k', ∂P/∂s_k = −P Z_k Z_k' P (Searle, Casella & McCulloch 1992, §6.8).
 */
export function profiledDerivativesS(
  cp: CrossProducts,
  st: CoreState,
  sums: TermSums,
  reml: boolean,
): { g: number[]; H: number[][] } {
  const m = reml ? cp.n - cp.p : cp.n;
  const K = cp.blocks.length;
  const Q = st.Q;
  const g = sums.tr.map((t, k) => t - (m * sums.a[k]!) / Q);
  const H: number[][] = [];
  for (let k = 0; k < K; k++) {
    H.push([]);
    for (let l = 0; l < K; l++) {
      H[k]!.push(-sums.F[k]![l]! + m * ((2 * sums.b[k]![l]!) / Q - (sums.a[k]! * sums.a[l]!) / (Q * Q)));
    }
  }
  return { g, H };
}

/** Result of the θ optimisation. */
export interface OptimResult {
  readonly theta: number[];
  readonly iterations: number;
  readonly converged: boolean;
  /**
   * Largest |∂D/∂s_k|·max(s_k, 1) over components not held at the boundary (s = θ²; for s > 1
   * this is the derivative with respect to log s): deviance units, scale-free for large θ.
   */
  readonly gradientMax: number;
}

/**
 * Minimises the profiled (REML or ML) deviance over s = θ² ≥ 0 by projected Newton with
 * Levenberg–Marquardt damping and Armijo backtracking (Bertsekas 1982, SIAM J Control Optim 20:
 * 221–246), from θ = 1 (lme4's start). Components at 0 whose gradient points outward stay at the
 * boundary, so a variance estimated as 0 is exactly 0 (singular fit). Analytic gradient and
 * Hessian give quadratic convergence, to far below the 1e-6 tolerance of the reference values.
 */
export function optimizeTheta(
  design: LmmDesign,
  cp: CrossProducts,
  reml: boolean,
  start?: readonly number[],
  fixed?: readonly (number | null)[],
): OptimResult {
  const K = cp.blocks.length;
  if (fixed !== undefined && fixed.length !== K) throw new Error(`fitLmm: theta needs ${K} entries`);
  const isFixed = (k: number): boolean => fixed !== undefined && fixed[k] !== null && fixed[k] !== undefined;
  let s = (start ?? new Array<number>(K).fill(1)).map((t, k) => {
    const v = isFixed(k) ? fixed![k]! : t;
    if (!(v >= 0)) throw new Error(`fitLmm: theta must be >= 0, got ${v}`);
    return v * v;
  });
  const evalAt = (sv: readonly number[]) => {
    const st = coreState(
      design,
      cp,
      sv.map((v) => Math.sqrt(Math.max(v, 0))),
    );
    return { st, f: profiledDeviance(cp, st, reml) };
  };
  let cur = evalAt(s);
  let iterations = 0;
  let converged = false;
  let gradientMax = Number.POSITIVE_INFINITY;
  for (; iterations < 500; iterations++) {
    const d = coreDerivatives(cp, cur.st);
    const sums = termSums(cp, d, reml);
    const { g, H } = profiledDerivativesS(cp, cur.st, sums, reml);
    const free = s.map((_, k) => k).filter((k) => !isFixed(k) && (s[k]! > 0 || g[k]! < 0));
    gradientMax = free.reduce((mx, k) => Math.max(mx, Math.abs(g[k]!) * Math.max(s[k]!, 1)), 0);
    if (free.length === 0 || gradientMax < 1e-9) {
      converged = true;
      break;
    }
    const Hf = sub({ rows: K, cols: K, data: Float64Array.from(H.flat()) }, free, free);
    const gf = free.map((k) => g[k]!);
    const maxDiag = free.reduce((mx, _, i) => Math.max(mx, Math.abs(Hf.data[i * free.length + i]!)), 0);
    let mu = 0;
    let step: Float64Array | null = null;
    for (let tries = 0; tries < 80 && step === null; tries++) {
      const Hm = { rows: Hf.rows, cols: Hf.cols, data: Float64Array.from(Hf.data) };
      for (let i = 0; i < free.length; i++) Hm.data[i * free.length + i]! += mu;
      const L = cholesky(Hm, 1e-14);
      if (L !== null) step = cholSolve(L, colVec(gf.map((v) => -v))).data;
      else mu = mu === 0 ? Math.max(1e-10 * maxDiag, 1e-12) : mu * 4;
    }
    if (step === null) break;
    const decrement = -dot(gf, step);
    if (decrement < 1e-20 * Math.max(1, Math.abs(cur.f)) && gradientMax < 1e-5) {
      converged = true;
      break;
    }
    let alpha = 1;
    let accepted = false;
    let next = cur;
    let sNext = s;
    for (let ls = 0; ls < 60; ls++) {
      const trial = [...s];
      free.forEach((k, i) => {
        trial[k] = Math.max(0, s[k]! + alpha * step[i]!);
      });
      const cand = evalAt(trial);
      const predicted = free.reduce((acc, k) => acc + g[k]! * (trial[k]! - s[k]!), 0);
      // Near the optimum the deviance differences are below rounding; take the Newton step.
      if (cand.f <= cur.f + 1e-4 * predicted || (mu === 0 && decrement < 1e-9 && alpha === 1)) {
        next = cand;
        sNext = trial;
        accepted = true;
        break;
      }
      alpha /= 2;
    }
    if (!accepted) {
      // No further decrease is possible at double precision: accept when the gradient is small.
      converged = decrement < 1e-8 || gradientMax < 1e-5;
      break;
    }
    const maxStep = sNext.reduce(
      (mx, v, k) => Math.max(mx, Math.abs(v - s[k]!) / Math.max(1, Math.abs(s[k]!))),
      0,
    );
    s = sNext;
    cur = next;
    if (maxStep < 1e-14) {
      converged = gradientMax < 1e-5;
      break;
    }
  }
  return { theta: s.map((v) => Math.sqrt(Math.max(v, 0))), iterations, converged, gradientMax };
}
