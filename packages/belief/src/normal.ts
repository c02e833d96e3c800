import { normalQuantileAt, type RandomGenerator } from "@fmrs/stats";

const BIG = 134217728; // 2^27, R's BIG in snorm()

/**
 * A standard normal draw by inversion exactly as R's default `rnorm` (`norm_rand`, kind
 * "Inversion"): two uniforms give a 53-bit u = (⌊2²⁷ u₁⌋ + u₂)/2²⁷, then Φ⁻¹(u). With
 * `randomMersenneTwister(seed)` the draws follow R's after `set.seed(seed)` (to the accuracy of
 * the normal quantile).
 */
export function normalDraw(random: RandomGenerator): number {
  let u = random.uniform();
  u = Math.trunc(BIG * u) + random.uniform();
  return normalQuantileAt(u / BIG);
}
