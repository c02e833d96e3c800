import type { LmmFit } from "./fitLmm";
import { type LmmFTest, type LmmTestOptions, lmmFTest } from "./lmmContrast";
import { lmmType3Contrasts } from "./lmmType3Contrasts";

/** One row of a type-III anova table. */
export interface LmmAnovaRow extends LmmFTest {
  /** R's term label. */
  readonly term: string;
}

/**
 * Type-III anova table as lmerTest's `anova(fit, type = 3, ddf = ...)`: per fixed term, the F test
 * of its type-III contrast matrix ({@link lmmType3Contrasts}) with Satterthwaite (default) or
 * Kenward–Roger denominator df ({@link lmmFTest}). Sum Sq = F σ² NumDF as lmerTest reports it.
 */
export function lmmAnova(fit: LmmFit, options: LmmTestOptions = {}): LmmAnovaRow[] {
  return lmmType3Contrasts(fit).map((c) => ({ term: c.term, ...lmmFTest(fit, c.rows, options) }));
}
