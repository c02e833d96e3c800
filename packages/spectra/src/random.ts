/** A source of uniform pseudo-random numbers in [0, 1). */
export type RandomSource = () => number;

/** The default seed of every seeded operation in this package. */
export const DEFAULT_SEED = 20240601;

/**
 * Returns a seeded uniform generator on [0, 1): sfc32 (Doty-Humphrey's Small Fast Counting
 * generator, PractRand-clean, period ≥ 2^32) seeded through splitmix32, so nearby seeds give
 * unrelated streams. Same seed ⇒ same sequence on every platform. Non-integer seeds are truncated.
 */
export function seededRandom(seed: number = DEFAULT_SEED): RandomSource {
  let s = Math.trunc(seed) >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

/**
 * Returns a generator of standard normal deviates N(0, 1) drawn from `random` by the Box–Muller
 * transform (Box & Muller 1958), using both values of each pair.
 */
export function gaussianSource(random: RandomSource): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u = random();
    while (u <= 0) u = random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}
