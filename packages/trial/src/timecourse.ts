import type { BlockOutcomeRow, TimecoursePoint } from "@fmrs/schema";
import { mean, oneSampleTTest, sampleVariance } from "@fmrs/stats";

/**
 * Mean percent change of the outcome per block and condition over QC-passing blocks, with SD and
 * a t-based 95 % CI (null with fewer than 2 sessions), for the time-course figure. Blocks are
 * matched by number; t_mid_min is the mean block mid-time. Sorted by condition (study order), block.
 */
export function timecourseSummary(
  blocks: readonly BlockOutcomeRow[],
  conditions: readonly string[],
): TimecoursePoint[] {
  const out: TimecoursePoint[] = [];
  for (const condition of conditions) {
    const mine = blocks.filter((b) => b.condition === condition);
    const numbers = [...new Set(mine.map((b) => b.block))].sort((a, b) => a - b);
    for (const block of numbers) {
      const inBlock = mine.filter((b) => b.block === block);
      const values = inBlock.flatMap((b) => (b.pct_change === null ? [] : [b.pct_change]));
      const t_mid_min = mean(inBlock.map((b) => b.t_mid_min));
      if (values.length === 0) {
        out.push({ condition, block, t_mid_min, n: 0, mean: null, sd: null, ci95: null });
        continue;
      }
      if (values.length === 1) {
        out.push({ condition, block, t_mid_min, n: 1, mean: values[0] as number, sd: null, ci95: null });
        continue;
      }
      const t = oneSampleTTest(values);
      out.push({
        condition,
        block,
        t_mid_min,
        n: values.length,
        mean: mean(values),
        sd: Math.sqrt(sampleVariance(values)),
        ci95: [t.ci[0], t.ci[1]],
      });
    }
  }
  return out;
}
