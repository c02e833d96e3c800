/**
 * Returns the midranks (average ranks, R `rank(x, ties.method = "average")`) of `values`: rank 1 is
 * the smallest; tied values share the mean of the ranks they span, so every rank is a multiple of
 * 1/2. Equality is exact (no rounding, as R's `wilcox.test` with `digits.rank = Inf`).
 * Empty input gives an empty array. Throws a RangeError on NaN (ranks of NaN are undefined).
 */
export function midranks(values: readonly number[]): number[] {
  const n = values.length;
  const order = sortedOrder(values);
  const ranks = new Array<number>(n).fill(0);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const v = values[order[i]!]!;
    while (j < n && values[order[j]!]! === v) j++;
    // positions i..j-1 (0-based) hold ranks i+1..j, whose mean is (i + 1 + j) / 2.
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]!] = rank;
    i = j;
  }
  return ranks;
}

/**
 * Returns the sizes of the groups of tied values in `values` (groups of one included), in
 * increasing order of value: the tᵢ of the tie corrections Σ(tᵢ³ − tᵢ). Empty input gives [].
 * Throws a RangeError on NaN.
 */
export function tieGroupSizes(values: readonly number[]): number[] {
  const order = sortedOrder(values);
  const sizes: number[] = [];
  let i = 0;
  while (i < order.length) {
    let j = i + 1;
    while (j < order.length && values[order[j]!]! === values[order[i]!]!) j++;
    sizes.push(j - i);
    i = j;
  }
  return sizes;
}

function sortedOrder(values: readonly number[]): number[] {
  for (const v of values) {
    if (Number.isNaN(v)) throw new RangeError("ranks: NaN has no rank");
  }
  return values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
}
