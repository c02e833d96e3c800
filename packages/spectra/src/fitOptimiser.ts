import type { Evaluation, FitModel, Theta } from "./fitModel";
import { cholesky, choleskySolve, dot } from "./linalg";
import { nnlsGram } from "./nnls";

/** Box bounds on the non-linear parameter vector [γ_g…, σ²_g…, ε, φ0, (φ1)]. */
export interface ThetaBounds {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Returns θ as the optimiser's vector [γ…, σ²…, ε, φ0, (φ1)]. */
export function toVector(model: FitModel, th: Theta): Float64Array {
  const { ng } = model;
  const v = new Float64Array(model.ntheta);
  v.set(th.gamma, 0);
  v.set(th.s, ng);
  v[2 * ng] = th.eps;
  v[2 * ng + 1] = th.phi0;
  if (model.fitPhi1) v[2 * ng + 2] = th.phi1;
  return v;
}

/** Returns the θ of a vector, clamped into the bounds. */
export function fromVector(model: FitModel, v: Float64Array, bounds: ThetaBounds): Theta {
  const { ng } = model;
  const c = (i: number): number =>
    Math.min(
      bounds.upper[i] ?? Number.POSITIVE_INFINITY,
      Math.max(bounds.lower[i] ?? Number.NEGATIVE_INFINITY, v[i] ?? 0),
    );
  return {
    gamma: Float64Array.from({ length: ng }, (_, g) => c(g)),
    s: Float64Array.from({ length: ng }, (_, g) => c(ng + g)),
    eps: c(2 * ng),
    phi0: v[2 * ng + 1] ?? 0,
    phi1: model.fitPhi1 ? c(2 * ng + 2) : 0,
  };
}

/** Wraps a phase into (−π, π]. */
export function wrapPhase(phi: number): number {
  let p = phi % (2 * Math.PI);
  if (p > Math.PI) p -= 2 * Math.PI;
  if (p <= -Math.PI) p += 2 * Math.PI;
  return p;
}

/**
 * Returns the best (shift, φ0) start for `start0`: a grid over the shift in whole bins of
 * 1/(N·dwell) Hz within ±`searchHz` (a bin shift is an exact circular shift of the spectrum, so
 * one FFT per column serves the grid), with φ0 at each grid point from the closed-form optimum
 * of the unconstrained amplitudes (two candidates, φ and φ + π, decided by NNLS).
 */
export function startGrid(model: FitModel, start0: Theta, searchHz: number): { eps: number; phi0: number } {
  const { p } = model;
  // Complex pairs over the data rows and the baseline penalty rows (re/im penalty rows are paired,
  // so the baseline space is invariant under a global phase and the closed form below holds).
  const half = model.aug / 2;
  const search = Math.max(0, searchHz);
  let best = { eps: start0.eps, phi0: start0.phi0, cost: Number.POSITIVE_INFINITY };
  let warm: Uint8Array | undefined;
  const df = 1 / (model.n * model.dt);
  const kmax = search > 0 ? Math.ceil(search / df) : 0;
  const ph0 = model.phaseOf({ ...start0, phi0: 0 });
  const spectra = model.columnSpectra({ ...start0, eps: 0 });
  const yt = model.yt;
  for (let k = -kmax; k <= kmax; k++) {
    const eps = k * df;
    if (Math.abs(eps) > search + df / 2) continue;
    const at = spectra.map((sp) => {
      const col = new Float64Array(model.aug);
      model.extract(sp, ph0, col, k);
      return model.projectB(col);
    });
    const { g, d } = model.gramOf(at);
    const hRe = new Float64Array(p);
    const hIm = new Float64Array(p);
    for (let m = 0; m < p; m++) {
      const col = at[m] as Float64Array;
      let re = 0;
      let im = 0;
      for (let j = 0; j < half; j++) {
        const ar = col[2 * j] ?? 0;
        const ai = col[2 * j + 1] ?? 0;
        const yr = yt[2 * j] ?? 0;
        const yi = yt[2 * j + 1] ?? 0;
        re += ar * yr + ai * yi;
        im += ar * yi - ai * yr;
      }
      hRe[m] = re * (d[m] ?? 0);
      hIm[m] = im * (d[m] ?? 0);
    }
    // Best φ0 for unconstrained amplitudes maximises [cos sin]·M·[cos sin]ᵀ with M = HᵀG⁻¹H.
    const gr = g.slice();
    for (let m = 0; m < p; m++) gr[m * p + m] = (gr[m * p + m] ?? 0) + 1e-9;
    const l = cholesky(gr, p);
    const candidates: number[] = [];
    if (l !== null) {
      const zr = choleskySolve(l, p, hRe);
      const zi = choleskySolve(l, p, hIm);
      const m00 = dot(hRe, zr);
      const m11 = dot(hIm, zi);
      const m01 = dot(hRe, zi);
      const phi = 0.5 * Math.atan2(2 * m01, m00 - m11);
      candidates.push(phi, phi + Math.PI);
    } else {
      for (let q = 0; q < 12; q++) candidates.push(-Math.PI + (q * Math.PI) / 6);
    }
    for (const phi of candidates) {
      const cs = Math.cos(phi);
      const sn = Math.sin(phi);
      const h = new Float64Array(p);
      for (let m = 0; m < p; m++) h[m] = cs * (hRe[m] ?? 0) + sn * (hIm[m] ?? 0);
      const sol = nnlsGram(g, h, p, warm);
      warm = sol.passive;
      const cost = 0.5 * (model.yy - dot(h, sol.x));
      if (cost < best.cost) best = { eps, phi0: wrapPhase(phi), cost };
    }
  }
  return { eps: best.eps, phi0: best.phi0 };
}

/** Cholesky factor of D·H·D + (λ + 1e-12)·I (H the n×n Gauss–Newton matrix, D the Jacobi scaling), or null. */
function dampedFactor(hm: Float64Array, dsc: Float64Array, n: number, lambda: number): Float64Array | null {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * n + j] = (hm[i * n + j] ?? 0) * (dsc[i] ?? 0) * (dsc[j] ?? 0);
    a[i * n + i] = (a[i * n + i] ?? 0) + lambda + 1e-12;
  }
  return cholesky(a, n);
}

/** Result of {@link levenbergMarquardt}. */
export interface OptimiserResult {
  readonly evaluation: Evaluation;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Levenberg–Marquardt (Marquardt 1963) on the variable-projection functional from `start`, with
 * Kaufman's Jacobian, Jacobi-scaled damping and box bounds (steps are clamped into the box; a
 * parameter at a bound whose gradient points outwards is frozen for that iteration). Stops when
 * an accepted step lowers the cost by less than 0.002 of the noise variance (cost·0.004/rows,
 * Δχ² < 0.004) or 1e-7 relative, when (from the second iteration) the Gauss–Newton step is
 * predicted to gain less than that, or when no step is accepted.
 */
export function levenbergMarquardt(
  model: FitModel,
  start: Theta,
  bounds: ThetaBounds,
  maxIterations: number,
): OptimiserResult {
  const ntheta = model.ntheta;
  let ev = model.evaluate(fromVector(model, toVector(model, start), bounds));
  let lambda = 1e-3;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const jac = model.kaufman(ev);
    const hm = new Float64Array(ntheta * ntheta);
    const grad = new Float64Array(ntheta);
    for (let i = 0; i < ntheta; i++) {
      const ji = jac[i] as Float64Array;
      grad[i] = dot(ji, ev.r);
      for (let j = 0; j <= i; j++) {
        const v = dot(ji, jac[j] as Float64Array);
        hm[i * ntheta + j] = v;
        hm[j * ntheta + i] = v;
      }
    }
    const x0 = toVector(model, ev.theta);
    const dsc = new Float64Array(ntheta);
    for (let i = 0; i < ntheta; i++) {
      const hi = hm[i * ntheta + i] ?? 0;
      const xi = x0[i] ?? 0;
      const gi = grad[i] ?? 0;
      // the step is −δ with δ ∝ grad: at the lower bound a positive gradient pushes out, at the upper a negative one
      const atBound =
        (xi <= (bounds.lower[i] ?? Number.NEGATIVE_INFINITY) && gi > 0) ||
        (xi >= (bounds.upper[i] ?? Number.POSITIVE_INFINITY) && gi < 0);
      dsc[i] = hi > 0 && !atBound ? 1 / Math.sqrt(hi) : 0;
    }
    // Stop before evaluating another step when even the undamped Gauss–Newton step is predicted
    // to lower the cost by less than the threshold below (½·g̃ᵀ(D·H·D)⁻¹g̃ in Jacobi scaling).
    const threshold = Math.max(1e-7, 0.004 / model.rows) * ev.cost;
    const gs = Float64Array.from(grad, (g, i) => g * (dsc[i] ?? 0));
    if (iterations > 1) {
      const l = dampedFactor(hm, dsc, ntheta, 0);
      if (l !== null) {
        const predicted = 0.5 * dot(gs, choleskySolve(l, ntheta, gs));
        if (predicted <= threshold) {
          converged = true;
          break;
        }
      }
    }
    let accepted = false;
    let smallStep = false;
    for (let tries = 0; tries < 12; tries++) {
      const l = dampedFactor(hm, dsc, ntheta, lambda);
      if (l === null) {
        lambda = Math.max(lambda * 10, 1e-8);
        continue;
      }
      const z = choleskySolve(l, ntheta, gs);
      const x1 = new Float64Array(ntheta);
      let rel = 0;
      for (let i = 0; i < ntheta; i++) {
        const delta = (z[i] ?? 0) * (dsc[i] ?? 0);
        x1[i] = (x0[i] ?? 0) - delta;
        const sc = Math.sqrt(Math.max(hm[i * ntheta + i] ?? 0, 1e-300));
        rel = Math.max(rel, Math.abs(delta * sc));
      }
      const trial = model.evaluate(fromVector(model, x1, bounds), ev.passive);
      if (trial.cost <= ev.cost) {
        const gain = ev.cost - trial.cost;
        // cost ≈ rows·σ²/2 near the solution, so a gain below 0.002·σ² (Δχ² < 0.004: parameters
        // move by < 0.07 of their SD) no longer matters statistically.
        smallStep = gain <= threshold || rel * rel <= 1e-12 * Math.max(ev.cost, 1e-300);
        ev = trial;
        lambda = Math.max(lambda / 3, 1e-9);
        accepted = true;
        break;
      }
      lambda *= 4;
    }
    if (!accepted || smallStep) {
      converged = true;
      break;
    }
  }
  return { evaluation: ev, iterations, converged };
}
