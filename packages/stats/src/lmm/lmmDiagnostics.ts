import type { LmmFit } from "./fitLmm";
import { backSolveT, colVec, forwardSolve } from "./linalg";

/** The conditional modes (BLUPs) of one random-intercept term, one per level. */
export interface LmmRandomEffects {
  /** lme4's group name, e.g. "subject" or "subject:session". */
  readonly group: string;
  readonly levels: readonly string[];
  /** b̂ per level, units of the response (lme4's `ranef(fit)[[group]][, 1]`). */
  readonly values: readonly number[];
}

/** Per-observation and per-group quantities for residual diagnostics. */
export interface LmmDiagnostics {
  /** Input-row index of each used observation (the order of the arrays below). */
  readonly rowIndex: readonly number[];
  /** Conditional fitted values Xβ̂ + Zb̂ (lme4's `fitted(fit)`). */
  readonly fitted: readonly number[];
  /** Conditional residuals y − Xβ̂ − Zb̂ (lme4's `residuals(fit)`). */
  readonly residuals: readonly number[];
  readonly randomEffects: readonly LmmRandomEffects[];
}

/**
 * Fitted values, residuals and random-effect conditional modes of a fit, as lme4 computes them
 * (Bates et al. 2015, J Stat Softw 67(1), eq. 11 and §3.4): the spherical modes
 * û = (Λ'Z'ZΛ + I)⁻¹ Λ'Z'(y − Xβ̂), b̂ = Λû, fitted = Xβ̂ + Zb̂, residual = y − fitted. For a
 * random-intercept model this is the familiar shrinkage b̂_g = σ²_g/(σ²_g + σ²/n_g) × mean
 * residual of group g when the design is one grouping factor.
 */
export function lmmDiagnostics(fit: LmmFit): LmmDiagnostics {
  const { design, cp, state } = fit.internal;
  const { n, p, q } = cp;
  const lz = Array.from(state.Ztr, (v, a) => v * state.lambda[a]!);
  const u = backSolveT(state.Lc, forwardSolve(state.Lc, colVec(lz))).data;
  const b = Array.from(u, (v, a) => v * state.lambda[a]!);
  const fitted: number[] = [];
  const residuals: number[] = [];
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < p; j++) f += design.X.data[i * p + j]! * state.beta[j]!;
    for (const z of cp.zIndex) f += b[z[i]!]!;
    fitted.push(f);
    residuals.push(design.y[i]! - f);
  }
  const randomEffects = design.groupings.map((g, k) => {
    const block = cp.blocks[k]!;
    return {
      group: g.label,
      levels: [...g.levels],
      values: b.slice(block.offset, block.offset + block.size),
    };
  });
  if (b.length !== q) throw new Error("lmmDiagnostics: random-effect count mismatch");
  return { rowIndex: [...design.rowIndex], fitted, residuals, randomEffects };
}
