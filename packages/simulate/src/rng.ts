import { gaussianSource, type RandomSource, seededRandom } from "@fmrs/spectra";

/** A seeded stream of random draws (uniform, normal, integers, shuffles). */
export interface Rng {
  /** Uniform on [0, 1). */
  readonly uniform: RandomSource;
  /** Standard normal N(0, 1) (Box–Muller on `uniform`). */
  readonly normal: () => number;
  /** Uniform on [lo, hi). */
  between(lo: number, hi: number): number;
  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number;
  /** A new array with the items of `items` in random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** One item of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T;
}

/** FNV-1a 32-bit hash of a string (Fowler–Noll–Vo), for deriving stream seeds from labels. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Returns an {@link Rng} over `uniform`. */
export function rngOf(uniform: RandomSource): Rng {
  const normal = gaussianSource(uniform);
  return {
    uniform,
    normal,
    between: (lo, hi) => lo + (hi - lo) * uniform(),
    int: (lo, hi) => lo + Math.floor(uniform() * (hi - lo + 1)),
    shuffle: <T>(items: readonly T[]): T[] => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        const tmp = out[i] as T;
        out[i] = out[j] as T;
        out[j] = tmp;
      }
      return out;
    },
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError("pick(): empty list");
      return items[Math.floor(uniform() * items.length)] as T;
    },
  };
}

/**
 * Returns the random stream for one part of the simulation: `seededRandom` (sfc32, from
 * @fmrs/spectra) seeded with the FNV-1a hash of the seed and the labels, e.g.
 * `streamFor(seed, "mrs", "sub-03", "ses-2")`. Each subject, session and part has its own
 * stream, so a session's spectra do not depend on the order sessions are generated in, and
 * adding a subject does not change the others' draws.
 */
export function streamFor(seed: number, ...labels: readonly string[]): Rng {
  return rngOf(seededRandom(fnv1a([String(seed), ...labels].join("|"))));
}
