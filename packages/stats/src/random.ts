/**
 * A seeded pseudo-random generator. Every random procedure in this package takes one through its
 * options (`{ random }`), so results are reproducible and code under `src/` never touches global
 * random state.
 */
export interface RandomGenerator {
  /** Name of the algorithm, recorded in results next to the seed. */
  readonly algorithm: string;
  /** The seed the generator was created with. */
  readonly seed: number;
  /** A uniform double in the open interval (0, 1). */
  uniform(): number;
  /** A uniform integer in 0, 1, …, n − 1 (n a positive integer below 2³¹). */
  integer(n: number): number;
  /** A fair coin: true or false with probability 1/2 each. */
  coin(): boolean;
}

/** Seed used when a caller passes no generator; recorded in every result that used it. */
export const DEFAULT_SEED = 20240601;

/** Name recorded for {@link randomMersenneTwister}. */
export const MERSENNE_TWISTER_R = "Mersenne-Twister (R set.seed, sample.kind = Rejection)";

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
const I2_32M1 = 2.328306437080797e-10;

/**
 * Returns a Mersenne Twister MT19937 generator (Matsumoto & Nishimura 1998, ACM TOMACS 8:3–30)
 * seeded exactly as R's `set.seed(seed, kind = "Mersenne-Twister", sample.kind = "Rejection")`
 * (R ≥ 3.6 defaults), so the streams agree bit for bit with R on every platform (32-bit integer
 * arithmetic only):
 * - seeding: the seed (a 32-bit integer, taken modulo 2³²) is scrambled by 50 steps of the LCG
 *   s ← 69069·s + 1 (mod 2³²), then the next 624 LCG values fill the state (R `RNG_Init`);
 * - `uniform()` is R's `unif_rand()`: a tempered 32-bit output times 2⁻³², nudged off 0 and 1,
 *   so it lies in (0, 1) with 32-bit resolution;
 * - `integer(n)` is R's `R_unif_index(n)` (rejection sampling on the lowest ⌈log₂ n⌉ bits of
 *   16-bit chunks; one uniform is consumed even for n = 1), so `integer(n) + 1` reproduces
 *   `sample.int(n, 1)`;
 * - `coin()` is `integer(2) === 1`, i.e. `sample(c(FALSE, TRUE), 1)`.
 * Throws a RangeError for a seed that is not an integer in [−2³¹ + 1, 2³¹ − 1] (R's integer range).
 */
export function randomMersenneTwister(seed: number = DEFAULT_SEED): RandomGenerator {
  if (!Number.isInteger(seed) || seed < -2147483647 || seed > 2147483647) {
    throw new RangeError(`randomMersenneTwister: seed must be a 32-bit integer, got ${seed}`);
  }
  const mt = new Uint32Array(N);
  let s = seed >>> 0;
  for (let j = 0; j < 50; j++) s = (Math.imul(69069, s) + 1) >>> 0;
  // R fills 625 seeds: the first is the position index (then reset to 624), the rest are the state.
  s = (Math.imul(69069, s) + 1) >>> 0;
  for (let j = 0; j < N; j++) {
    s = (Math.imul(69069, s) + 1) >>> 0;
    mt[j] = s;
  }
  let mti = N;

  function nextInt32(): number {
    if (mti >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
        mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      const y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
      mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      mti = 0;
    }
    let y = mt[mti++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  function uniform(): number {
    const u = nextInt32() * TWO_POW_MINUS_32;
    if (u <= 0) return 0.5 * I2_32M1;
    if (1 - u <= 0) return 1 - 0.5 * I2_32M1;
    return u;
  }

  function integer(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2147483647) {
      throw new RangeError(`integer(n): n must be an integer in [1, 2^31 - 1], got ${n}`);
    }
    let bits = 0;
    while (2 ** bits < n) bits++;
    const modulus = 2 ** bits;
    for (;;) {
      let v = 0;
      for (let k = 0; k <= bits; k += 16) v = 65536 * v + Math.floor(uniform() * 65536);
      const dv = v % modulus;
      if (dv < n) return dv;
    }
  }

  return {
    algorithm: MERSENNE_TWISTER_R,
    seed,
    uniform,
    integer,
    coin: () => integer(2) === 1,
  };
}
