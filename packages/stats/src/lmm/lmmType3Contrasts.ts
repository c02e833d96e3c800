import { contrastCodingOf, slotValue, termColumns } from "./design";
import type { LmmFit } from "./fitLmm";
import { cholesky, cholSolve, type Mat, tmul, zeros } from "./linalg";
import type { LmmFixedTerm } from "./parseLmmFormula";

/** A type-III hypothesis: the rows of L (one weight per coefficient) for one model term. */
export interface LmmTermContrast {
  /** R's term label, e.g. "treatment", "treatment:phase". */
  readonly term: string;
  /** Coefficient names (the columns of L). */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly number[])[];
}

/** R's zapsmall(x, digits = 7): rounds every entry to 7 significant digits of max |x|. */
export function zapsmall(values: Float64Array, digits = 7): Float64Array {
  let mx = 0;
  for (const v of values) mx = Math.max(mx, Math.abs(v));
  const d = mx > 0 ? Math.max(0, digits - Math.ceil(Math.log10(mx))) : digits;
  const f = 10 ** d;
  return values.map((v) => (Math.sign(v) * Math.round(Math.abs(v) * f)) / f || 0);
}

/** Residuals of each column of y (m × a) regressed on the columns of x (m × b), no intercept. */
function lmResiduals(x: readonly Float64Array[], y: readonly Float64Array[]): Float64Array[] {
  const basis: Float64Array[] = [];
  for (const col of x) {
    const v = Float64Array.from(col);
    const norm0 = Math.hypot(...v);
    for (let pass = 0; pass < 2; pass++) {
      for (const qv of basis) {
        let s = 0;
        for (let i = 0; i < v.length; i++) s += qv[i]! * v[i]!;
        for (let i = 0; i < v.length; i++) v[i]! -= s * qv[i]!;
      }
    }
    const norm = Math.hypot(...v);
    // lm.fit's tol = 1e-7: a column (nearly) in the span of earlier ones is aliased.
    if (norm > 1e-7 * norm0 && norm > 0) basis.push(v.map((e) => e / norm));
  }
  return y.map((col) => {
    const r = Float64Array.from(col);
    for (let pass = 0; pass < 2; pass++) {
      for (const qv of basis) {
        let s = 0;
        for (let i = 0; i < r.length; i++) s += qv[i]! * r[i]!;
        for (let i = 0; i < r.length; i++) r[i]! -= s * qv[i]!;
      }
    }
    return r;
  });
}

/** lmerTest's `containment`: terms whose variables strictly include `t`'s, with the same numerics. */
function containingTerms(
  t: LmmFixedTerm,
  terms: readonly LmmFixedTerm[],
  isNumeric: (v: string) => boolean,
): number[] {
  const nums = (x: LmmFixedTerm) => x.variables.filter(isNumeric).sort().join("\u0000");
  return terms
    .map((u, i) => ({ u, i }))
    .filter(
      ({ u }) =>
        t.variables.every((v) => u.variables.includes(v)) &&
        u.variables.some((v) => !t.variables.includes(v)) &&
        nums(u) === nums(t),
    )
    .map(({ i }) => i);
}

/** lmerTest's `doolittle(x)$L` (unit lower triangular, entries below 1e-6 zeroed). */
function doolittleL(x: Mat): Mat {
  const n = x.rows;
  const eps = 1e-6;
  const L = zeros(n, n);
  const U = zeros(n, n);
  for (let i = 0; i < n; i++) L.data[i * n + i] = 1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let u = x.data[i * n + j]!;
      for (let k = 0; k < i; k++) u -= L.data[i * n + k]! * U.data[k * n + j]!;
      U.data[i * n + j] = u;
    }
    for (let j = i + 1; j < n; j++) {
      let l = x.data[j * n + i]!;
      for (let k = 0; k < i; k++) l -= L.data[j * n + k]! * U.data[k * n + i]!;
      L.data[j * n + i] = Math.abs(U.data[i * n + i]!) < eps ? 0 : l / U.data[i * n + i]!;
    }
  }
  for (let i = 0; i < L.data.length; i++) if (Math.abs(L.data[i]!) < eps) L.data[i] = 0;
  return L;
}

/**
 * The type-III contrast matrices lmerTest (3.1) uses in `anova(fit, type = 3)` for treatment
 * coding (`extract_contrasts_type3`): L₀ = zapsmall(t(ginv(X) X̃)) with X̃ the rank-deficient
 * design of all factor-level indicators per term (and the intercept); the columns of a term
 * contained in others are replaced by the zapsmall-ed residuals of their regression on the columns
 * of the containing terms (higher-order terms first); the rows named like the coefficients are
 * kept and each term's contrast is the transpose of its columns, zero rows removed. These are
 * SAS-type III hypotheses (Goodnight 1980); 1/3 appears as 0.3333333 exactly as in lmerTest.
 * With at most one term lmerTest uses type-I (Doolittle) contrasts, and so does this.
 */
export function lmmType3Contrasts(fit: LmmFit): LmmTermContrast[] {
  const design = fit.internal.design;
  const { formula, variables, X, values, assign } = design;
  const names = design.coefficientNames;
  const p = names.length;
  const terms = formula.fixedTerms;
  const colsOf = (t: number): number[] => assign.map((a, j) => (a === t ? j : -1)).filter((j) => j >= 0);
  const out = (L: (t: number) => number[][]): LmmTermContrast[] =>
    terms.map((t, ti) => ({
      term: t.label,
      columns: names,
      rows: L(ti).filter((r) => r.reduce((acc, v) => acc + Math.abs(v), 0) > 1e-8),
    }));
  if (p <= 1 || terms.length <= 1) {
    const Lt = doolittleL(fit.internal.cp.XtX);
    return out((t) => colsOf(t).map((j) => Array.from({ length: p }, (_, c) => Lt.data[c * p + j]!)));
  }
  // Rank-deficient design X̃: intercept plus every term coded by indicators (R's `~ 0 + term`).
  const isFactor = (v: string) => variables[v]!.kind === "factor";
  const rdNames: string[] = [];
  const rdCols: { term: LmmFixedTerm; slots: (number | null)[] }[] = [];
  if (formula.intercept) rdNames.push("(Intercept)");
  for (const term of terms) {
    const coding = contrastCodingOf([term], false, isFactor)[0]!;
    const tc = termColumns(term, coding, variables);
    tc.names.forEach((nm, j) => {
      rdNames.push(nm);
      rdCols.push({ term, slots: tc.slots[j]! });
    });
  }
  const m = rdNames.length;
  const n = design.n;
  const rdX = zeros(n, m);
  const off = formula.intercept ? 1 : 0;
  for (let i = 0; i < n; i++) {
    if (formula.intercept) rdX.data[i * m] = 1;
    const value = (v: string): number => values[v]![i]!;
    rdCols.forEach((c, j) => {
      rdX.data[i * m + off + j] = slotValue(c.term, c.slots, value);
    });
  }
  // G = ginv(X) X̃ = (X'X)⁻¹ X'X̃ for full-rank X (p × m); L₀ = zapsmall(G') is m × p.
  const Lxx = cholesky(fit.internal.cp.XtX);
  if (Lxx === null) throw new Error("lmmType3Contrasts: X'X is not positive definite");
  const G = cholSolve(Lxx, tmul(X, rdX));
  const L0 = zeros(m, p);
  for (let r = 0; r < m; r++) for (let c = 0; c < p; c++) L0.data[r * p + c] = G.data[c * m + r]!;
  const L = { rows: m, cols: p, data: zapsmall(L0.data) };
  const column = (c: number): Float64Array => Float64Array.from({ length: m }, (_, r) => L.data[r * p + c]!);
  const isNumeric = (v: string) => variables[v]!.kind === "numeric";
  const order = terms
    .map((_, i) => i)
    .sort((a, b) => terms[b]!.variables.length - terms[a]!.variables.length || a - b);
  for (const t of order) {
    const contains = containingTerms(terms[t]!, terms, isNumeric);
    if (contains.length === 0) continue;
    const xcols = contains.flatMap((u) => colsOf(u)).map(column);
    const ycols = colsOf(t);
    const res = lmResiduals(
      xcols,
      ycols.map((c) => column(c)),
    );
    const flat = new Float64Array(m * ycols.length);
    res.forEach((r, k) => {
      for (let i = 0; i < m; i++) flat[i * ycols.length + k] = r[i]!;
    });
    const z = zapsmall(flat);
    ycols.forEach((c, k) => {
      for (let i = 0; i < m; i++) L.data[i * p + c] = z[i * ycols.length + k]!;
    });
  }
  const rowOf = names.map((nm) => {
    const r = rdNames.indexOf(nm);
    if (r < 0) throw new Error(`lmmType3Contrasts: coefficient ${nm} has no column in the full design`);
    return r;
  });
  return out((t) => colsOf(t).map((c) => rowOf.map((r) => L.data[r * p + c]!)));
}
