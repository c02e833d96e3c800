import type { ComplexArray } from "./complex";
import { DEFAULT_SEED, gaussianSource, type RandomSource, seededRandom } from "./random";

/** Settings for {@link perturbTransients}. */
export interface TransientPerturbation {
  /** Linear frequency drift, Hz per transient (transient i is shifted by i·drift). Default 0. */
  readonly driftHzPerTransient?: number;
  /** SD of random frequency jitter per transient, Hz. Default 0. */
  readonly shiftJitterHz?: number;
  /** SD of random zero-order phase jitter per transient, rad. Default 0. */
  readonly phaseJitterRad?: number;
  /** Uniform generator (default `seededRandom(DEFAULT_SEED)`). */
  readonly random?: RandomSource;
}

/** Transients after {@link perturbTransients}, with the applied shifts and phases (the truth for alignment tests). */
export interface PerturbedTransients {
  readonly transients: ComplexArray[];
  /** Applied frequency offset per transient, Hz (positive = towards lower ppm). */
  readonly shiftsHz: number[];
  /** Applied zero-order phase per transient, rad. */
  readonly phasesRad: number[];
}

/**
 * Returns each transient multiplied by e^{i(2π·Δf_i·t + φ_i)} with Δf_i = i·drift + N(0, jitter²)
 * and φ_i ~ N(0, phaseJitter²): scanner B0 drift and shot-to-shot motion/phase instability for
 * simulations. `dwellS` is the sampling interval, s. Empty input returns empty arrays.
 */
export function perturbTransients(
  transients: readonly ComplexArray[],
  dwellS: number,
  options: TransientPerturbation,
): PerturbedTransients {
  const g = gaussianSource(options.random ?? seededRandom(DEFAULT_SEED));
  const drift = options.driftHzPerTransient ?? 0;
  const jf = options.shiftJitterHz ?? 0;
  const jp = options.phaseJitterRad ?? 0;
  const shiftsHz: number[] = [];
  const phasesRad: number[] = [];
  const out = transients.map((fid, i) => {
    const df = i * drift + (jf > 0 ? jf * g() : 0);
    const ph = jp > 0 ? jp * g() : 0;
    shiftsHz.push(df);
    phasesRad.push(ph);
    const res = new Float64Array(fid.length);
    for (let k = 0; k < fid.length / 2; k++) {
      const a = 2 * Math.PI * df * k * dwellS + ph;
      const c = Math.cos(a);
      const s = Math.sin(a);
      const re = fid[2 * k] ?? 0;
      const im = fid[2 * k + 1] ?? 0;
      res[2 * k] = re * c - im * s;
      res[2 * k + 1] = re * s + im * c;
    }
    return res;
  });
  return { transients: out, shiftsHz, phasesRad };
}
