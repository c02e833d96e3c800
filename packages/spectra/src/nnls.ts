import { cholesky, choleskySolve } from "./linalg";

function solvePassive(g: Float64Array, h: Float64Array, p: number, passive: Uint8Array): Float64Array | null {
  const idx: number[] = [];
  for (let i = 0; i < p; i++) if (passive[i] === 1) idx.push(i);
  const m = idx.length;
  const sub = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    rhs[a] = h[idx[a] ?? 0] ?? 0;
    for (let b = 0; b < m; b++) sub[a * m + b] = g[(idx[a] ?? 0) * p + (idx[b] ?? 0)] ?? 0;
  }
  const l = cholesky(sub, m);
  if (l === null) return null;
  const zs = choleskySolve(l, m, rhs);
  const z = new Float64Array(p);
  idx.forEach((i, a) => {
    z[i] = zs[a] ?? 0;
  });
  return z;
}

/**
 * Non-negative least squares in Gram form: minimises ½xᵀGx − hᵀx subject to x ≥ 0 (equivalent to
 * min ‖Ax − y‖ with G = AᵀA, h = Aᵀy), by the Lawson–Hanson active-set algorithm (Lawson &
 * Hanson 1974, ch. 23; Gram form as Bro & De Jong 1997). `warm` is an optional starting passive
 * set (1 = free), which speeds up a sequence of similar problems. G should be scaled to unit
 * diagonal by the caller. Returns the solution and its passive set. Internal.
 */
export function nnlsGram(
  g: Float64Array,
  h: Float64Array,
  p: number,
  warm?: Uint8Array,
): { x: Float64Array; passive: Uint8Array } {
  const passive = new Uint8Array(p);
  let x: Float64Array = new Float64Array(p);
  let hmax = 0;
  for (let i = 0; i < p; i++) hmax = Math.max(hmax, Math.abs(h[i] ?? 0));
  const tol = 1e-12 * Math.max(hmax, 1e-300);
  if (warm !== undefined) {
    passive.set(warm);
    for (let guard = 0; guard < p; guard++) {
      let any = false;
      for (let i = 0; i < p; i++) any ||= passive[i] === 1;
      if (!any) break;
      const z = solvePassive(g, h, p, passive);
      if (z === null) {
        passive.fill(0);
        break;
      }
      let feasible = true;
      for (let i = 0; i < p; i++) {
        if (passive[i] === 1 && !((z[i] ?? 0) > 0)) {
          passive[i] = 0;
          feasible = false;
        }
      }
      if (feasible) {
        x = z;
        break;
      }
    }
    for (let i = 0; i < p; i++) if (passive[i] === 0) x[i] = 0;
  }
  const w = new Float64Array(p);
  for (let outer = 0; outer < 3 * p + 10; outer++) {
    for (let i = 0; i < p; i++) {
      let s = h[i] ?? 0;
      for (let j = 0; j < p; j++) s -= (g[i * p + j] ?? 0) * (x[j] ?? 0);
      w[i] = s;
    }
    let jmax = -1;
    let wmax = tol;
    for (let i = 0; i < p; i++) {
      if (passive[i] === 0 && (w[i] ?? 0) > wmax) {
        wmax = w[i] ?? 0;
        jmax = i;
      }
    }
    if (jmax < 0) break;
    passive[jmax] = 1;
    for (let inner = 0; inner < 3 * p + 10; inner++) {
      const z = solvePassive(g, h, p, passive);
      if (z === null) {
        passive[jmax] = 0;
        return { x, passive };
      }
      let ok = true;
      for (let i = 0; i < p; i++) if (passive[i] === 1 && !((z[i] ?? 0) > 0)) ok = false;
      if (ok) {
        x = z;
        break;
      }
      let alpha = Number.POSITIVE_INFINITY;
      for (let i = 0; i < p; i++) {
        const zi = z[i] ?? 0;
        const xi = x[i] ?? 0;
        if (passive[i] === 1 && !(zi > 0)) alpha = Math.min(alpha, xi / (xi - zi));
      }
      if (!Number.isFinite(alpha)) alpha = 0;
      for (let i = 0; i < p; i++) {
        if (passive[i] === 1) x[i] = (x[i] ?? 0) + alpha * ((z[i] ?? 0) - (x[i] ?? 0));
        if (passive[i] === 1 && !((x[i] ?? 0) > 1e-14)) {
          passive[i] = 0;
          x[i] = 0;
        }
      }
    }
  }
  return { x, passive };
}
