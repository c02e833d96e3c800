import type { LmmFit } from "./fitLmm";
import { type LmmTestOptions, type LmmTTest, lmmContrast } from "./lmmContrast";

/** One row of the fixed-effects table. */
export interface LmmCoefficient extends LmmTTest {
  /** R's coefficient name, e.g. "treatmentNTX:phaseinfusion". */
  readonly term: string;
}

/**
 * The fixed-effects table of `summary(fit, ddf = ...)` in lmerTest: per coefficient the estimate,
 * SE, df (Satterthwaite by default; "kenward-roger" gives pbkrtest's df and the adjusted SE, as
 * lmerTest does), t, two-sided p and the `level` (default 95 %) confidence interval.
 */
export function lmmFixedEffects(fit: LmmFit, options: LmmTestOptions = {}): LmmCoefficient[] {
  return fit.coefficientNames.map((term, j) => {
    const l = fit.beta.map((_, i) => (i === j ? 1 : 0));
    return { term, ...lmmContrast(fit, l, options) };
  });
}
