import { fUpperP, tQuantileAt, tTwoSidedP } from "../distributions";
import type { LmmFit } from "./fitLmm";
import { type Mat, mulVec, quadForm, symmetricEigen } from "./linalg";
import { krContrastDf, krFTest } from "./lmmKenwardRoger";

/** Denominator-df method: lmerTest's Satterthwaite (default) or pbkrtest's Kenward–Roger. */
export type LmmDdf = "satterthwaite" | "kenward-roger";

/** Options for tests on a fit. */
export interface LmmTestOptions {
  /** Denominator df method (default "satterthwaite"). */
  readonly ddf?: LmmDdf;
  /** Confidence level of the interval (default 0.95). */
  readonly level?: number;
}

/** A t test of one linear combination l'β. */
export interface LmmTTest {
  readonly estimate: number;
  /** SE of l'β̂: √(l'Φl), with the Kenward–Roger adjusted Φ_A for "kenward-roger". */
  readonly se: number;
  readonly df: number;
  readonly t: number;
  /** Two-sided p. */
  readonly p: number;
  readonly ciLower: number;
  readonly ciUpper: number;
}

/** An F test of Lβ = 0, laid out as a row of lmerTest's anova table. */
export interface LmmFTest {
  /** F σ² q (lmerTest's "Sum Sq"; not a least-squares sum of squares). */
  readonly sumSq: number;
  readonly meanSq: number;
  readonly numDf: number;
  readonly denDf: number;
  readonly F: number;
  readonly p: number;
}

/**
 * Satterthwaite df of l'β̂ as lmerTest's `contest1D` (Kuznetsova et al. 2017, eq. 5):
 * ν = 2 (l'Φl)² / (g' A g), g_i = l' (∂Φ/∂varpar_i) l, A = vcov(varpar). Returns the variance too.
 */
export function satterthwaiteDf(fit: LmmFit, l: ArrayLike<number>): { variance: number; df: number } {
  const { vcov, satterthwaite } = fit.internal;
  const variance = quadForm(vcov, l);
  const g = satterthwaite.jacobian.map((J) => quadForm(J, l));
  const denom = quadForm(satterthwaite.vcovVarpar, g);
  return { variance, df: (2 * variance * variance) / denom };
}

/**
 * t test of l'β (lmerTest's `contest1D`): estimate, SE, Satterthwaite or Kenward–Roger df, t,
 * two-sided p and a `level` confidence interval estimate ± t_{(1+level)/2, df}·SE.
 * `l` has one weight per coefficient (in `fit.coefficientNames` order).
 */
export function lmmContrast(fit: LmmFit, l: readonly number[], options: LmmTestOptions = {}): LmmTTest {
  if (l.length !== fit.beta.length)
    throw new Error(`lmmContrast: ${l.length} weights for ${fit.beta.length} coefficients`);
  const estimate = l.reduce((acc, w, i) => acc + w * fit.beta[i]!, 0);
  const { variance, df } = options.ddf === "kenward-roger" ? krContrastDf(fit, l) : satterthwaiteDf(fit, l);
  const se = Math.sqrt(variance);
  const t = estimate / se;
  const crit = tQuantileAt((1 + (options.level ?? 0.95)) / 2, df);
  return {
    estimate,
    se,
    df,
    t,
    p: tTwoSidedP(t, df),
    ciLower: estimate - crit * se,
    ciUpper: estimate + crit * se,
  };
}

/**
 * Why a t test of l'β is not estimable, or null when it is: its SE is undefined or not positive
 * (e.g. a Kenward–Roger adjusted variance l'Φ_A l ≤ 0, whose square root R reports as NaN), or its
 * denominator df is undefined, infinite or not above 0 (R's lmerTest/pbkrtest print such a df as
 * NaN or ≈ 0 and a p of NaN or 1; any confidence interval is then infinite). `method` names the df
 * method in the reason. Tiny studies (a handful of subjects, as many fixed effects as sessions)
 * give these; the analyses report the test as not estimable instead of carrying NaN or ±∞.
 */
export function tTestProblem(t: LmmTTest, method = "Satterthwaite"): string | null {
  if (!Number.isFinite(t.estimate)) return "the estimate is not finite";
  if (!(Number.isFinite(t.se) && t.se > 0))
    return `its ${method} standard error is not estimable (variance ${formatNumber(t.se * t.se)})`;
  if (!(Number.isFinite(t.df) && t.df > DF_TOLERANCE))
    return `its ${method} denominator df is not estimable (df ${formatNumber(t.df)})`;
  if (![t.t, t.p, t.ciLower, t.ciUpper].every(Number.isFinite))
    return `its ${method} t test is not finite (df ${formatNumber(t.df)})`;
  return null;
}

/** {@link tTestProblem} for an F test: undefined F or denominator df ≤ 0 (see there). */
export function fTestProblem(f: LmmFTest, method = "Satterthwaite"): string | null {
  if (!(Number.isFinite(f.denDf) && f.denDf > DF_TOLERANCE))
    return `its ${method} denominator df is not estimable (df ${formatNumber(f.denDf)})`;
  if (![f.F, f.p, f.sumSq, f.meanSq, f.numDf].every(Number.isFinite))
    return `its ${method} F test is not finite (F ${formatNumber(f.F)})`;
  return null;
}

/** Denominator df at or below which a test carries no information (pbkrtest gives ≈ 1e-10 for such). */
const DF_TOLERANCE = 1e-6;

function formatNumber(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(3) : String(x);
}

/** lmerTest's get_Fstat_ddf: df of an F built from q independent t statistics with df ν_m. */
function fStatDdf(nu: readonly number[]): number {
  if (nu.length === 1) return nu[0]!;
  if (nu.every((v, i) => i === 0 || Math.abs(v - nu[i - 1]!) < 1e-8))
    return nu.reduce((a, b) => a + b, 0) / nu.length;
  if (nu.some((v) => v <= 2)) return 2;
  const E = nu.reduce((acc, v) => acc + v / (v - 2), 0);
  return (2 * E) / (E - nu.length);
}

/**
 * F test of Lβ = 0 (lmerTest's `contestMD`; `rows` = rows of L, one weight per coefficient).
 * Satterthwaite: with LΦL' = P diag(d) P' (eigenvalues > 1.49e-8·d₁ kept, q of them),
 * F = Σ_m (P_m'Lβ)²/d_m / q, ν_m = 2d_m²/(g_m'Ag_m), DenDF = 2E/(E − q), E = Σ ν_m/(ν_m − 2)
 * (Kuznetsova et al. 2017, §3.2; DenDF = 2 when some ν_m ≤ 2, mean ν when all ν_m are equal).
 * Kenward–Roger: pbkrtest's scaled F and df, Sum Sq from the unscaled F as lmerTest reports it.
 */
export function lmmFTest(
  fit: LmmFit,
  rows: readonly (readonly number[])[],
  options: LmmTestOptions = {},
): LmmFTest {
  const p = fit.beta.length;
  if (rows.some((r) => r.length !== p)) throw new Error(`lmmFTest: each row needs ${p} weights`);
  const s2 = fit.sigma * fit.sigma;
  const table = (Fvalue: number, ndf: number, ddf: number, scaling = 1): LmmFTest => {
    const meanSq = Fvalue * s2;
    const F = Fvalue * scaling;
    return { sumSq: meanSq * ndf, meanSq, numDf: ndf, denDf: ddf, F, p: fUpperP(F, ndf, ddf) };
  };
  if (options.ddf === "kenward-roger") {
    const kr = krFTest(fit, rows);
    return table(kr.Funscaled, kr.numDf, kr.denDf, kr.scaling);
  }
  if (rows.length === 1) {
    const t = lmmContrast(fit, rows[0]!);
    return table(t.t * t.t, 1, t.df);
  }
  const V = fit.internal.vcov;
  const k = rows.length;
  const L: Mat = { rows: k, cols: p, data: Float64Array.from(rows.flat()) };
  const VL = rows.map((r) => mulVec(V, r));
  const LVL: Mat = { rows: k, cols: k, data: new Float64Array(k * k) };
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) LVL.data[i * k + j] = rows[i]!.reduce((acc, w, c) => acc + w * VL[j]![c]!, 0);
  const { values, vectors } = symmetricEigen(LVL);
  const tol = Math.max(Math.sqrt(Number.EPSILON) * values[0]!, 0);
  const q = values.filter((v) => v > tol).length;
  if (q === 0) throw new Error("lmmFTest: L V L' has no positive eigenvalue");
  const PtL: number[][] = [];
  for (let m = 0; m < q; m++) {
    const row = new Array<number>(p).fill(0);
    for (let i = 0; i < k; i++) {
      const w = vectors.data[i * k + m]!;
      for (let c = 0; c < p; c++) row[c]! += w * L.data[i * p + c]!;
    }
    PtL.push(row);
  }
  if (q === 1) {
    const t = lmmContrast(fit, PtL[0]!);
    return table(t.t * t.t, 1, t.df);
  }
  let sumT2 = 0;
  const nu: number[] = [];
  for (let m = 0; m < q; m++) {
    const est = PtL[m]!.reduce((acc, w, c) => acc + w * fit.beta[c]!, 0);
    sumT2 += (est * est) / values[m]!;
    const g = fit.internal.satterthwaite.jacobian.map((J) => quadForm(J, PtL[m]!));
    nu.push((2 * values[m]! ** 2) / quadForm(fit.internal.satterthwaite.vcovVarpar, g));
  }
  return table(sumT2 / q, q, fStatDdf(nu));
}
