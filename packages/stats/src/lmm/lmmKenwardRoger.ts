import type { LmmFit } from "./fitLmm";
import {
  addScaled,
  frobeniusDot,
  identity,
  type Mat,
  mul,
  mulVec,
  scale,
  solveGeneral,
  symmetricEigen,
  symmetrize,
  tmul,
  toRows,
  trace,
  transpose,
  zeros,
} from "./linalg";

/** The Kenward–Roger adjustment of a REML fit (pbkrtest's `vcovAdj` with its attributes). */
export interface LmmKenwardRoger {
  /** Adjusted vcov(β), Φ_A = Φ + 2Λ̃ (Kenward & Roger 1997, eq. 3). */
  readonly vcovAdjusted: readonly (readonly number[])[];
  /** Unadjusted Φ = vcov(β). */
  readonly phi: Mat;
  readonly phiA: Mat;
  /** P_i = −X'Σ⁻¹G_iΣ⁻¹X, one per variance parameter (random terms, then residual). */
  readonly P: readonly Mat[];
  /** W = 2 (IE2)⁻¹: asymptotic covariance of the variance parameters (expected information). */
  readonly W: Mat;
}

const cache = new WeakMap<LmmFit, LmmKenwardRoger>();

/** Rows [offset, offset+size) of a matrix. */
function rowBlock(m: Mat, offset: number, size: number): Mat {
  return { rows: size, cols: m.cols, data: m.data.slice(offset * m.cols, (offset + size) * m.cols) };
}

/** Block (rows of term r, columns of term s) of a q × q matrix. */
function block(m: Mat, ro: number, rs: number, co: number, cs: number): Mat {
  const out = zeros(rs, cs);
  for (let i = 0; i < rs; i++)
    for (let j = 0; j < cs; j++) out.data[i * cs + j] = m.data[(ro + i) * m.cols + co + j]!;
  return out;
}

/**
 * The Kenward–Roger adjusted covariance of β̂ for a REML fit, computed as pbkrtest 0.5 does
 * (Halekoh & Højsgaard 2014, J Stat Softw 59(9); Kenward & Roger 1997, Biometrics 53:983–997) with
 * Σ = Σ_i γ_i G_i, G_i = Z_i Z_i' per random term and G = I for the residual, γ the variances.
 * pbkrtest inverts the n × n Σ; here every product X'Σ⁻¹G_iΣ⁻¹…X is formed from Woodbury
 * identities (V⁻ᵏ = I − Z M_k Z'), so the cost does not grow with n². Cached per fit.
 * Throws for an ML fit (pbkrtest refits with REML; refit explicitly instead).
 */
export function lmmKenwardRoger(fit: LmmFit): LmmKenwardRoger {
  const hit = cache.get(fit);
  if (hit !== undefined) return hit;
  if (fit.method !== "REML") throw new Error("lmmKenwardRoger: Kenward–Roger needs a REML fit");
  const { cp, derivatives: d, vcov: phi } = fit.internal;
  const { n } = cp;
  const s2 = fit.sigma * fit.sigma;
  const A = cp.ZtZ;
  const M = d.M;
  const MA = mul(M, A);
  const M2 = addScaled(scale(M, 2), mul(MA, M), -1);
  const M3 = addScaled(addScaled(M2, M, 1), mul(MA, M2), -1);
  const ZtX = cp.ZtX;
  const XZM2 = tmul(ZtX, M2);
  const XV2X = addScaled(cp.XtX, mul(XZM2, ZtX), -1);
  const XV3X = addScaled(cp.XtX, mul(tmul(ZtX, M3), ZtX), -1);
  const AM2 = mul(A, M2);
  const ZV2Z = addScaled(A, mul(AM2, A), -1);
  const ZV2X = addScaled(ZtX, mul(AM2, ZtX), -1);
  const trV2 = n - trace(mul(M2, A));
  const K = cp.blocks.length;
  const G = K + 1; // variance parameters: random terms, then residual
  const s4 = s2 * s2;
  const s6 = s4 * s2;
  const ZVX = cp.blocks.map((b) => rowBlock(d.ZVX, b.offset, b.size));
  const P: Mat[] = [];
  for (let r = 0; r < K; r++) P.push(scale(symmetrize(tmul(ZVX[r]!, ZVX[r]!)), -1 / s4));
  P.push(scale(symmetrize(XV2X), -1 / s4));
  const QQ = (r: number, s: number): Mat => {
    if (r < K && s < K) {
      const br = cp.blocks[r]!;
      const bs = cp.blocks[s]!;
      const Zrs = block(d.ZVZ, br.offset, br.size, bs.offset, bs.size);
      return scale(mul(tmul(ZVX[r]!, Zrs), ZVX[s]!), 1 / s6);
    }
    if (r < K) {
      const br = cp.blocks[r]!;
      return scale(tmul(ZVX[r]!, rowBlock(ZV2X, br.offset, br.size)), 1 / s6);
    }
    if (s < K) return transpose(QQ(s, r));
    return scale(XV3X, 1 / s6);
  };
  const Ktrace = (r: number, s: number): number => {
    if (r < K && s < K) {
      const br = cp.blocks[r]!;
      const bs = cp.blocks[s]!;
      const Zrs = block(d.ZVZ, br.offset, br.size, bs.offset, bs.size);
      return frobeniusDot(Zrs, Zrs) / s4;
    }
    if (r < K || s < K) {
      const br = cp.blocks[Math.min(r, s)]!;
      return trace(block(ZV2Z, br.offset, br.size, br.offset, br.size)) / s4;
    }
    return trV2 / s4;
  };
  const qq: Mat[][] = [];
  for (let r = 0; r < G; r++) {
    qq.push([]);
    for (let s = 0; s < G; s++) qq[r]!.push(s >= r ? QQ(r, s) : zeros(0, 0));
  }
  const IE2 = zeros(G, G);
  const phiP = P.map((Pi) => mul(phi, Pi));
  for (let i = 0; i < G; i++) {
    for (let j = i; j < G; j++) {
      const v = Ktrace(i, j) - 2 * frobeniusDot(phi, qq[i]![j]!) + frobeniusDot(phiP[i]!, mul(P[j]!, phi));
      IE2.data[i * G + j] = v;
      IE2.data[j * G + i] = v;
    }
  }
  const eig = symmetricEigen(IE2).values;
  const condi = Math.min(...eig.map(Math.abs));
  const W = scale(condi > 1e-10 ? symmetrize(solveGeneral(IE2, identity(G))) : pseudoInverse(IE2), 2);
  const p = cp.p;
  let UU = zeros(p, p);
  for (let i = 0; i < G - 1; i++) {
    for (let j = i + 1; j < G; j++) {
      const term = addScaled(qq[i]![j]!, mul(mul(P[i]!, phi), P[j]!), -1);
      UU = addScaled(UU, term, W.data[i * G + j]!);
    }
  }
  UU = addScaled(UU, transpose(UU), 1);
  for (let i = 0; i < G; i++) {
    const term = addScaled(qq[i]![i]!, mul(mul(P[i]!, phi), P[i]!), -1);
    UU = addScaled(UU, term, W.data[i * G + i]!);
  }
  const phiA = symmetrize(addScaled(phi, mul(mul(phi, UU), phi), 2));
  const out: LmmKenwardRoger = { vcovAdjusted: toRows(phiA), phi, phiA, P, W };
  cache.set(fit, out);
  return out;
}

/** Moore–Penrose inverse of a symmetric matrix (all non-zero eigenvalues, either sign). */
function pseudoInverse(a: Mat): Mat {
  const { values, vectors } = symmetricEigen(a);
  const n = a.rows;
  const tol = Math.max(n, 1) * Number.EPSILON * Math.max(...values.map(Math.abs));
  const out = zeros(n, n);
  values.forEach((v, k) => {
    if (Math.abs(v) <= tol) return;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        out.data[i * n + j]! += (vectors.data[i * n + k]! * vectors.data[j * n + k]!) / v;
  });
  return out;
}

/** pbkrtest's .divZero: x / y, or 1 when both are below tol. */
function divZero(x: number, y: number, tol = 1e-14): number {
  return Math.abs(x) < tol && Math.abs(y) < tol ? 1 : x / y;
}

/** A1, A2 of Kenward & Roger (1997, eq. 5) for Θ = L'(LΦL')⁻¹L. */
function krA(kr: LmmKenwardRoger, L: Mat): { A1: number; A2: number } {
  const phi = kr.phi;
  const LPL = mul(mul(L, phi), transpose(L));
  const Theta = tmul(L, solveGeneral(LPL, L));
  const ThetaPhi = mul(Theta, phi);
  const u = kr.P.map((Pi) => mul(mul(ThetaPhi, Pi), phi));
  const G = kr.P.length;
  let A1 = 0;
  let A2 = 0;
  for (let i = 0; i < G; i++) {
    for (let j = i; j < G; j++) {
      const e = i === j ? 1 : 2;
      const w = kr.W.data[i * G + j]!;
      A1 += e * w * trace(u[i]!) * trace(u[j]!);
      A2 += e * w * frobeniusDot(u[i]!, transpose(u[j]!));
    }
  }
  return { A1, A2 };
}

/** Denominator df and F scaling of Kenward & Roger (1997, §4), as pbkrtest's .KR_adjust. */
function krDf(A1: number, A2: number, q: number): { df: number; scaling: number } {
  const B = (1 / (2 * q)) * (A1 + 6 * A2);
  const g = ((q + 1) * A1 - (q + 4) * A2) / ((q + 2) * A2);
  const c1 = g / (3 * q + 2 * (1 - g));
  const c2 = (q - g) / (3 * q + 2 * (1 - g));
  const c3 = (q + 2 - g) / (3 * q + 2 * (1 - g));
  let V0 = 1 + c1 * B;
  const V1 = 1 - c2 * B;
  const V2 = 1 - c3 * B;
  if (Math.abs(V0) < 1e-10) V0 = 0;
  const rho = (1 / q) * divZero(1 - A2 / q, V1) ** 2 * (V0 / V2);
  const df = 4 + (q + 2) / (q * rho - 1);
  const scaling = Math.abs(df - 2) < 1e-2 ? 1 : (df * (1 - A2 / q)) / (df - 2);
  return { df, scaling };
}

/** Numerical rank of L (R's Matrix::rankMatrix default tolerance on singular values). */
function rankOf(L: Mat): number {
  const sv = symmetricEigen(mul(L, transpose(L))).values.map((v) => Math.sqrt(Math.max(v, 0)));
  const tol = Math.max(L.rows, L.cols) * Number.EPSILON * Math.max(...sv, 0);
  return sv.filter((s) => s > tol).length;
}

/**
 * Kenward–Roger df of a single contrast l'β: pbkrtest's `Lb_ddf(l, vcov, vcovAdj)`; the variance
 * of l'β̂ is l'Φ_A l. Used for KR t tests and emmeans-style contrasts with `lmer.df = "kenward-roger"`.
 */
export function krContrastDf(fit: LmmFit, l: readonly number[]): { variance: number; df: number } {
  const kr = lmmKenwardRoger(fit);
  const L: Mat = { rows: 1, cols: l.length, data: Float64Array.from(l) };
  const { A1, A2 } = krA(kr, L);
  const variance = l.reduce((acc, li, i) => acc + li * mulVec(kr.phiA, l)[i]!, 0);
  return { variance, df: krDf(A1, A2, 1).df };
}

/**
 * Kenward–Roger F test of Lβ = 0 (pbkrtest's KRmodcomp with a restriction matrix, as lmerTest's
 * anova uses it): Wald = (Lβ)'(LΦ_A L')⁻¹(Lβ), F_U = Wald/q, reported F = scaling·F_U with
 * denominator df from Kenward & Roger (1997, eqs. 8–11). lmerTest reports Sum Sq = F_U σ² q.
 */
export function krFTest(
  fit: LmmFit,
  rows: readonly (readonly number[])[],
): { numDf: number; denDf: number; F: number; Funscaled: number; scaling: number } {
  const kr = lmmKenwardRoger(fit);
  const L: Mat = { rows: rows.length, cols: fit.beta.length, data: Float64Array.from(rows.flat()) };
  const q = rankOf(L);
  const { A1, A2 } = krA(kr, L);
  const { df, scaling } = krDf(A1, A2, q);
  const Lb = mulVec(L, fit.beta);
  const LPL = mul(mul(L, kr.phiA), transpose(L));
  const sol = solveGeneral(LPL, { rows: Lb.length, cols: 1, data: Lb }).data;
  const wald = Lb.reduce((acc, v, i) => acc + v * sol[i]!, 0);
  const Funscaled = wald / q;
  return { numDf: q, denDf: df, F: scaling * Funscaled, Funscaled, scaling };
}
