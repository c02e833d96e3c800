import { buildDesign, type LmmData, type LmmDesign, type LmmDroppedRow, type LmmSpec } from "./design";
import { type Mat, pinvSymmetricPositive, scale, toRows, zeros } from "./linalg";
import {
  type CoreDerivatives,
  type CoreState,
  type CrossProducts,
  coreDerivatives,
  coreState,
  crossProducts,
  optimizeTheta,
  profiledDeviance,
  termSums,
} from "./lmmCore";

/** Estimation method: restricted (REML, lme4's default) or full maximum likelihood. */
export type LmmMethod = "REML" | "ML";

/** Options of {@link fitLmm}. */
export interface LmmFitOptions {
  /** "REML" (default) or "ML". */
  readonly method?: LmmMethod;
  /** Starting θ (relative SDs, lme4's order); default 1 for each term. */
  readonly start?: readonly number[];
  /**
   * θ held fixed instead of estimated, one entry per random term in lme4's order (null = free):
   * all numbers evaluate the model at a given θ (as with lme4's deviance function), some numbers
   * give a profile (the (RE)ML maximum over the free θ for the fixed ones). An object keyed by
   * group name ({ "subject:session": 0 }) fixes the named terms and leaves the others free.
   */
  readonly theta?: readonly (number | null)[] | Readonly<Record<string, number>>;
}

/** A variance component: random-intercept variance of a grouping factor, or the residual. */
export interface LmmVarianceComponent {
  /** lme4's group name ("subject", "subject:session") or "Residual". */
  readonly group: string;
  /** Variance (squared units of the response). */
  readonly variance: number;
  /** Standard deviation (units of the response). */
  readonly sd: number;
}

/** Quantities for Satterthwaite's df, as lmerTest stores them in its model object. */
export interface LmmSatterthwaiteParts {
  /** Asymptotic covariance of the variance parameters (θ₁…θ_K, σ): 2 H⁺ (H = deviance Hessian). */
  readonly vcovVarpar: Mat;
  /** ∂ vcov(β) / ∂ varpar_i, one p × p matrix per variance parameter. */
  readonly jacobian: readonly Mat[];
  /** The deviance Hessian H with respect to (θ, σ). */
  readonly hessian: Mat;
}

/** Internal state kept with a fit for the df computations (not part of the stable API). */
export interface LmmInternal {
  readonly design: LmmDesign;
  readonly cp: CrossProducts;
  readonly state: CoreState;
  readonly derivatives: CoreDerivatives;
  /** vcov(β) = σ² (X'V⁻¹X)⁻¹. */
  readonly vcov: Mat;
  readonly satterthwaite: LmmSatterthwaiteParts;
}

/** A fitted linear mixed model (see {@link fitLmm}). */
export interface LmmFit {
  readonly method: LmmMethod;
  /** The model as an lme4 formula (terms in R's order). */
  readonly formula: string;
  readonly response: string;
  readonly nObs: number;
  /** Number of levels of each grouping factor, lme4's order. */
  readonly nGroups: Readonly<Record<string, number>>;
  /** 0-based indices of the input rows used. */
  readonly rowsUsed: readonly number[];
  /** Input rows left out, with the reason. */
  readonly rowsDropped: readonly LmmDroppedRow[];
  /** R's coefficient names, e.g. "(Intercept)", "treatmentNTX", "treatmentNTX:sexM". */
  readonly coefficientNames: readonly string[];
  /** Fixed-effect estimates (GLS at the (RE)ML variance parameters), in coefficient order. */
  readonly beta: readonly number[];
  /** Standard errors √diag(vcov). */
  readonly se: readonly number[];
  /** vcov(β) = σ²(X'V⁻¹X)⁻¹ (lme4's `vcov`). */
  readonly vcov: readonly (readonly number[])[];
  /** Relative SDs θ_k = SD_k / σ, one per random term in lme4's order (by decreasing levels). */
  readonly theta: readonly number[];
  /** Residual SD. */
  readonly sigma: number;
  /** Random terms in lme4's order, then "Residual". */
  readonly varianceComponents: readonly LmmVarianceComponent[];
  /** Log-likelihood of the fit: the REML log-likelihood for a REML fit, the ML one for ML. */
  readonly logLik: number;
  /** −2 logLik: lme4's "REML criterion at convergence" for a REML fit, the deviance for ML. */
  readonly deviance: number;
  /** Parameters counted by lme4's logLik/AIC: p + number of θ + 1. */
  readonly nParams: number;
  /** −2 logLik + 2 k (lme4 reports this for REML fits too, from the REML log-likelihood). */
  readonly aic: number;
  /** −2 logLik + log(n) k. */
  readonly bic: number;
  /** Some θ_k < 1e-4 (lme4's `isSingular` default tolerance). */
  readonly isSingular: boolean;
  /** Convergence and boundary messages (empty when none). */
  readonly messages: readonly string[];
  readonly optimizer: {
    readonly iterations: number;
    readonly converged: boolean;
    readonly gradientMax: number;
  };
  /** @internal Cross-products and derivative parts used by the df functions. */
  readonly internal: LmmInternal;
}

function formulaText(design: LmmDesign): string {
  const f = design.formula;
  const fixed = f.fixedTerms.map((t) => t.label);
  const rhs = [...(f.intercept ? [] : ["0"]), ...fixed];
  if (rhs.length === 0) rhs.push("1");
  const random = design.groupings.map((g) => `(1 | ${g.label})`);
  return `${f.response} ~ ${[...rhs, ...random].join(" + ")}`;
}

/**
 * Satterthwaite parts as lmerTest computes them (Kuznetsova, Brockhoff & Christensen 2017,
 * J Stat Softw 82(13), §3.1; `as_lmerModLmerTest`): the Hessian of the (RE)ML deviance
 * D(θ, σ) = log|V| [+ log|X'V⁻¹X|] + Q(θ)/σ² + m log(2πσ²) with respect to varpar = (θ, σ), and the
 * Jacobian of vcov(β) = σ²(X'V⁻¹X)⁻¹. lmerTest uses numDeriv; here both are analytic:
 *   ∂²D/∂θ_k∂θ_l = 2δ_kl tr_k − 4θ_kθ_l F_kl + (8θ_kθ_l b_kl − 2δ_kl a_k)/σ²,
 *   ∂²D/∂θ_k∂σ = 4θ_k a_k/σ³,  ∂²D/∂σ² = 6Q/σ⁴ − 2m/σ²,
 *   ∂vcov/∂θ_k = 2θ_kσ² Φ₀ (Z_k'V⁻¹X)'(Z_k'V⁻¹X) Φ₀,  ∂vcov/∂σ = 2σΦ₀,  Φ₀ = (X'V⁻¹X)⁻¹.
 * vcov(varpar) = 2H⁺ with eigenvalues ≤ 1e-8 dropped, as lmerTest does.
 */
function satterthwaiteParts(
  cp: CrossProducts,
  st: CoreState,
  d: CoreDerivatives,
  sigma: number,
  reml: boolean,
): LmmSatterthwaiteParts {
  const K = cp.blocks.length;
  const sums = termSums(cp, d, reml);
  const m = reml ? cp.n - cp.p : cp.n;
  const th = st.theta;
  const s2 = sigma * sigma;
  const H = zeros(K + 1, K + 1);
  const h = K + 1;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      let v = -4 * th[k]! * th[l]! * sums.F[k]![l]! + (8 * th[k]! * th[l]! * sums.b[k]![l]!) / s2;
      if (k === l) v += 2 * sums.tr[k]! - (2 * sums.a[k]!) / s2;
      H.data[k * h + l] = v;
    }
    const cross = (4 * th[k]! * sums.a[k]!) / (s2 * sigma);
    H.data[k * h + K] = cross;
    H.data[K * h + k] = cross;
  }
  H.data[K * h + K] = (6 * st.Q) / (s2 * s2) - (2 * m) / s2;
  const vcovVarpar = scale(pinvSymmetricPositive(H, 1e-8), 2);
  const p = cp.p;
  const jacobian: Mat[] = [];
  const Phi0 = d.XVXinv;
  for (let k = 0; k < K; k++) {
    const b = cp.blocks[k]!;
    // G = Φ₀ (Z_k'V⁻¹X)' : p × size
    const inner = zeros(p, p);
    for (let a = b.offset; a < b.offset + b.size; a++) {
      for (let i = 0; i < p; i++) {
        const zi = d.ZVX.data[a * p + i]!;
        if (zi === 0) continue;
        for (let j = 0; j < p; j++) inner.data[i * p + j]! += zi * d.ZVX.data[a * p + j]!;
      }
    }
    const J = mulSandwich(Phi0, inner);
    jacobian.push(scale(J, 2 * th[k]! * s2));
  }
  jacobian.push(scale(Phi0, 2 * sigma));
  return { vcovVarpar, jacobian, hessian: H };
}

/** A B A for symmetric A, B. */
function mulSandwich(a: Mat, b: Mat): Mat {
  const n = a.rows;
  const ab = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const v = a.data[i * n + k]!;
      if (v === 0) continue;
      for (let j = 0; j < n; j++) ab.data[i * n + j]! += v * b.data[k * n + j]!;
    }
  const out = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const v = ab.data[i * n + k]!;
      if (v === 0) continue;
      for (let j = 0; j < n; j++) out.data[i * n + j]! += v * a.data[k * n + j]!;
    }
  return out;
}

/** Fits a prepared design (used by {@link fitLmm} and {@link refitLmm}). */
export function fitDesign(design: LmmDesign, options: LmmFitOptions = {}): LmmFit {
  const method = options.method ?? "REML";
  const reml = method === "REML";
  if (design.n <= design.X.cols)
    throw new Error(`fitLmm: ${design.n} observations for ${design.X.cols} fixed effects`);
  const cp = crossProducts(design);
  const given = options.theta;
  let fixedTheta: (number | null)[] | undefined;
  if (given !== undefined && !Array.isArray(given)) {
    const byName = given as Readonly<Record<string, number>>;
    for (const name of Object.keys(byName)) {
      if (!design.groupings.some((g) => g.label === name))
        throw new Error(`fitLmm: no random term "${name}"`);
    }
    fixedTheta = design.groupings.map((g) => byName[g.label] ?? null);
  } else if (given !== undefined) {
    fixedTheta = [...(given as readonly (number | null)[])];
  }
  const opt = optimizeTheta(design, cp, reml, options.start, fixedTheta);
  const st = coreState(design, cp, opt.theta);
  const d = coreDerivatives(cp, st);
  const n = cp.n;
  const p = cp.p;
  const m = reml ? n - p : n;
  const sigma = Math.sqrt(st.Q / m);
  const deviance = profiledDeviance(cp, st, reml);
  const vcovMat = scale(d.XVXinv, sigma * sigma);
  const vcov = toRows(vcovMat);
  const se = vcov.map((row, i) => Math.sqrt(row[i]!));
  const theta = [...opt.theta];
  const varianceComponents: LmmVarianceComponent[] = design.groupings.map((g, k) => ({
    group: g.label,
    variance: (theta[k]! * sigma) ** 2,
    sd: theta[k]! * sigma,
  }));
  varianceComponents.push({ group: "Residual", variance: sigma * sigma, sd: sigma });
  const nParams = p + theta.length + 1;
  const isSingular = theta.some((t) => t < 1e-4);
  const messages: string[] = [];
  if (isSingular) messages.push("boundary (singular) fit: a variance component is estimated as (near) zero");
  if (!opt.converged)
    messages.push(`optimiser did not converge (max |gradient| ${opt.gradientMax.toExponential(2)})`);
  const nGroups: Record<string, number> = {};
  for (const g of design.groupings) nGroups[g.label] = g.levels.length;
  return {
    method,
    formula: formulaText(design),
    response: design.formula.response,
    nObs: n,
    nGroups,
    rowsUsed: design.rowIndex,
    rowsDropped: design.dropped,
    coefficientNames: design.coefficientNames,
    beta: Array.from(st.beta),
    se,
    vcov,
    theta,
    sigma,
    varianceComponents,
    logLik: -deviance / 2,
    deviance,
    nParams,
    aic: deviance + 2 * nParams,
    bic: deviance + Math.log(n) * nParams,
    isSingular,
    messages,
    optimizer: { iterations: opt.iterations, converged: opt.converged, gradientMax: opt.gradientMax },
    internal: {
      design,
      cp,
      state: st,
      derivatives: d,
      vcov: vcovMat,
      satterthwaite: satterthwaiteParts(cp, st, d, sigma, reml),
    },
  };
}

/**
 * Fits a linear mixed model with one or more random intercepts by REML (default) or ML, as
 * lme4::lmer does (Bates, Mächler, Bolker & Walker 2015, J Stat Softw 67(1)): β and σ are profiled
 * out and the profiled deviance is minimised over θ = relative SDs ≥ 0 (projected Newton with
 * analytic derivatives; a variance at the boundary is exactly 0 and the fit then equals the fit
 * without that term). Rows with a missing value in any used column are dropped and listed.
 *
 * Returns estimates, SEs, vcov, θ, σ, variance components (variance and SD, response units),
 * the (RE)ML log-likelihood, deviance/REML criterion, AIC/BIC as lme4 reports them
 * (k = p + #θ + 1), and the parts needed for Satterthwaite and Kenward–Roger df.
 * Throws when the fixed design is rank deficient or a grouping factor has ≥ n levels.
 *
 * @example fitLmm(rows, { formula: "madrs_change ~ treatment + period + (1 | subject)",
 *   factors: { treatment: ["PBO", "NTX"], period: [1, 2] } }).beta
 */
export function fitLmm(data: LmmData, spec: LmmSpec, options: LmmFitOptions = {}): LmmFit {
  return fitDesign(buildDesign(data, spec), options);
}

/**
 * Refits the same rows and model with other options, e.g. `refitLmm(fit, { method: "ML" })` for
 * lme4's ML refit (log-likelihood, AIC/BIC for model comparison). Starts from the fit's θ.
 */
export function refitLmm(fit: LmmFit, options: LmmFitOptions): LmmFit {
  return fitDesign(fit.internal.design, { start: fit.theta.map((t) => Math.max(t, 0.1)), ...options });
}
