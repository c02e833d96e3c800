import type { BlockOutcomeRow, DifferencePoint } from "@fmrs/schema";
import { mean, oneSampleTTest, sampleVariance } from "@fmrs/stats";

/**
 * The block-by-block within-subject difference test − reference of the percent change: for each
 * block number, the subjects with a QC-passing percent change in that block in both sessions give
 * d = pct(test) − pct(reference); mean, SD and the t-based 95 % CI of mean d (the within-subject CI,
 * which the between-session bands of the condition means do not show; Loftus & Masson 1994).
 * Overall (group "all") and within each sex (groups sorted), blocks ascending. n < 2 gives null
 * SD and CI; t_mid_min is the mean block mid-time over the blocks used (or all blocks of that number).
 */
export function timecourseDifference(
  blocks: readonly BlockOutcomeRow[],
  test: string,
  reference: string,
): DifferencePoint[] {
  const sexes = [...new Set(blocks.map((b) => b.sex))].sort();
  const groups: [string, readonly BlockOutcomeRow[]][] = [
    ["all", blocks],
    ...sexes.map((sex): [string, BlockOutcomeRow[]] => [sex, blocks.filter((b) => b.sex === sex)]),
  ];
  const out: DifferencePoint[] = [];
  for (const [group, rows] of groups) {
    const numbers = [...new Set(rows.map((b) => b.block))].sort((a, b) => a - b);
    for (const block of numbers) {
      const inBlock = rows.filter((b) => b.block === block);
      const bySubject = new Map<string, { test?: number; reference?: number }>();
      for (const b of inBlock) {
        if (!b.qc_pass || b.pct_change === null) continue;
        const entry = bySubject.get(b.participant_id) ?? {};
        if (b.condition === test) entry.test = b.pct_change;
        else if (b.condition === reference) entry.reference = b.pct_change;
        bySubject.set(b.participant_id, entry);
      }
      const d = [...bySubject.values()].flatMap((e) =>
        e.test === undefined || e.reference === undefined ? [] : [e.test - e.reference],
      );
      const t_mid_min = mean(inBlock.map((b) => b.t_mid_min));
      if (d.length < 2) {
        out.push({ group, block, t_mid_min, n: d.length, mean: d[0] ?? null, sd: null, ci95: null });
        continue;
      }
      const t = oneSampleTTest(d);
      out.push({
        group,
        block,
        t_mid_min,
        n: d.length,
        mean: mean(d),
        sd: Math.sqrt(sampleVariance(d)),
        ci95: [t.ci[0], t.ci[1]],
      });
    }
  }
  return out;
}
