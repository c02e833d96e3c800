import type { ComplexArray } from "./complex";

/** Options of {@link blockAverage}. */
export interface BlockOptions {
  /** Transients per block (≥ 1). */
  readonly blockSize: number;
  /** Repetition time, s: transient i is acquired over [start + i·TR, start + (i+1)·TR). */
  readonly repetitionTimeS: number;
  /** Time of the first transient, s (default 0; e.g. relative to infusion onset). */
  readonly startTimeS?: number;
  /** Which transients to use (default all), e.g. from `rejectOutliers`. */
  readonly keep?: readonly boolean[];
}

/** One block average. */
export interface Block {
  readonly index: number;
  /** Mean FID of the kept transients, or null when none was kept. */
  readonly fid: ComplexArray | null;
  /** Number of kept transients averaged. */
  readonly count: number;
  /** First and last transient index the block covers (inclusive). */
  readonly firstTransient: number;
  readonly lastTransient: number;
  /** Block start and end times, s (end = start of the next block). */
  readonly startS: number;
  readonly endS: number;
  /** False for a trailing block shorter than blockSize. */
  readonly complete: boolean;
}

/**
 * Returns consecutive, non-overlapping block averages of a transient series (spant
 * `mean_dyn_blocks`-style): block b covers transients [b·size, (b+1)·size) and the times
 * [start + b·size·TR, start + (b+1)·size·TR). Rejected transients (keep[i] = false) are left out of
 * the mean and counted out; a block with none kept has fid null. A trailing partial block is
 * returned with complete = false. Empty input returns []. Throws on blockSize < 1 or TR ≤ 0.
 */
export function blockAverage(transients: readonly ComplexArray[], options: BlockOptions): Block[] {
  const size = options.blockSize;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`blockAverage(): blockSize ${size} must be an integer ≥ 1`);
  if (!(options.repetitionTimeS > 0)) throw new RangeError("blockAverage(): repetitionTimeS must be > 0");
  const t0 = options.startTimeS ?? 0;
  const tr = options.repetitionTimeS;
  const blocks: Block[] = [];
  for (let b = 0; b * size < transients.length; b++) {
    const from = b * size;
    const to = Math.min(transients.length, from + size);
    let sum: Float64Array | null = null;
    let count = 0;
    for (let i = from; i < to; i++) {
      if (options.keep !== undefined && options.keep[i] === false) continue;
      const t = transients[i];
      if (t === undefined) continue;
      if (sum === null) sum = new Float64Array(t.length);
      else if (t.length !== sum.length) throw new RangeError("blockAverage(): transients differ in length");
      for (let k = 0; k < t.length; k++) sum[k] = (sum[k] ?? 0) + (t[k] ?? 0);
      count++;
    }
    if (sum !== null) for (let k = 0; k < sum.length; k++) sum[k] = (sum[k] ?? 0) / count;
    blocks.push({
      index: b,
      fid: sum,
      count,
      firstTransient: from,
      lastTransient: to - 1,
      startS: t0 + from * tr,
      endS: t0 + to * tr,
      complete: to - from === size,
    });
  }
  return blocks;
}
