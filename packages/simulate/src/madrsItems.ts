import type { Rng } from "./rng";

/** MADRS item range: each of the 10 items is scored 0–6 (Montgomery & Åsberg 1979). */
const ITEM_MAX = 6;

/**
 * Returns 10 integer MADRS item scores (0–6 each) that add up to `total` (rounded and clamped to
 * 0–60). Points are handed out one at a time to item k with probability ∝ w_k·(6 − s_k), so
 * items with larger weight `weights[k]` score higher and no item passes 6. Throws unless there are
 * 10 positive weights.
 */
export function madrsItems(total: number, weights: readonly number[], rng: Rng): number[] {
  if (weights.length !== 10 || !weights.every((w) => w > 0)) {
    throw new RangeError("madrsItems(): need 10 positive item weights");
  }
  const target = Math.max(0, Math.min(10 * ITEM_MAX, Math.round(total)));
  const scores = new Array<number>(10).fill(0);
  for (let unit = 0; unit < target; unit++) {
    let sum = 0;
    for (let k = 0; k < 10; k++) sum += (weights[k] ?? 0) * (ITEM_MAX - (scores[k] ?? 0));
    let u = rng.uniform() * sum;
    let chosen = -1;
    for (let k = 0; k < 10; k++) {
      const p = (weights[k] ?? 0) * (ITEM_MAX - (scores[k] ?? 0));
      if (p <= 0) continue;
      chosen = k;
      if (u < p) break;
      u -= p;
    }
    scores[chosen] = (scores[chosen] ?? 0) + 1;
  }
  return scores;
}
