import type { PrimaryEstimand, PrimaryResult, Results, TEstimate } from "@fmrs/schema";

type Inputs = Pick<Results, "hills_armitage" | "models" | "flow"> & {
  readonly study: Pick<
    Results["study"],
    "outcome_label" | "test_condition" | "reference_condition" | "response_window_min" | "baseline_window_min"
  >;
};

const signed = (v: number) => (v < 0 ? `\u2212${-v}` : String(v));
const minutes = (w: readonly [number, number]) => `${signed(w[0])} to ${signed(w[1])} min`;

/**
 * The primary result of the estimand study.json declares (see PrimaryEstimand): the estimate taken
 * from the analysis it names (`source` is its path in results.json), its standardised effect
 * (Cohen's d_z for the paired Hills–Armitage analyses; none for a mixed-model contrast, with the
 * reason), and the warnings that qualify it: a carryover test with p < 0.10, a singular or
 * non-converged fit, subjects or sessions left out. Null when that analysis was not run.
 */
export function primaryResult(
  estimand: PrimaryEstimand,
  r: Inputs,
  failedBlocks: number,
): PrimaryResult | null {
  const { test_condition: test, reference_condition: reference } = r.study;
  const contrast = `${test} − ${reference}`;
  const base = { outcome: estimand.outcome, window: estimand.window, model: estimand.model };
  const qualifiers: string[] = [];
  const glx = estimand.outcome === "glutamate";
  if (glx && failedBlocks > 0)
    qualifiers.push(
      `${failedBlocks} MRS block${failedBlocks === 1 ? "" : "s"} failed QC and ${failedBlocks === 1 ? "was" : "were"} left out before the session means`,
    );
  const label = glx
    ? estimand.window === "response_window"
      ? `${r.study.outcome_label} percent change from baseline (${minutes(r.study.baseline_window_min)}) over the response window (${minutes(r.study.response_window_min)} from infusion onset), ${contrast}`
      : `${r.study.outcome_label} percent change from baseline per block in the infusion phase, ${contrast}`
    : `MADRS change from pre-infusion to 24 h (negative = improvement), ${contrast}`;
  const unit = glx ? "percentage points" : "MADRS points";
  if (estimand.model === "hills_armitage") {
    const key = glx ? "glx_pct_change" : "madrs_change";
    const ha = r.hills_armitage[key];
    if (ha === null) return null;
    if (ha.carryover.pooled.p < 0.1)
      qualifiers.push(
        `carryover test p = ${ha.carryover.pooled.p.toPrecision(2)} (< 0.10): the test has low power, so a period-by-treatment interaction cannot be ruled out`,
      );
    if (ha.excluded.length > 0)
      qualifiers.push(
        `${ha.excluded.length} of ${r.flow.enrolled} enrolled subjects left out (no ${glx ? "glutamate response" : "MADRS change"} in both periods)`,
      );
    return {
      ...base,
      label,
      unit,
      method: "Hills–Armitage period-adjusted crossover t test (pooled variance), complete cases",
      source: `hills_armitage.${key}.treatment`,
      n: ha.n,
      estimate: ha.treatment,
      standardised: ha.standardised,
      standardised_note: ha.standardised === null ? "the within-subject differences have SD 0" : null,
      qualifiers,
    };
  }
  const modelKey = glx ? "glutamate_phase" : "madrs_change";
  const m = r.models[modelKey];
  if (m === null) return null;
  const index = glx ? m.contrasts.findIndex((c) => c.level === "infusion") : 0;
  const c = m.contrasts[index];
  if (c === undefined) return null;
  if (m.singular) qualifiers.push("singular fit: a variance component is 0");
  if (!m.converged) qualifiers.push(`the optimiser did not converge (${m.messages.join("; ")})`);
  if (m.excluded.length > 0)
    qualifiers.push(`${m.excluded.length} sessions left out in whole or in part (see the exclusions)`);
  const estimate: TEstimate = { estimate: c.estimate, se: c.se, df: c.df, t: c.t, p: c.p, ci95: c.ci95 };
  return {
    ...base,
    label,
    unit,
    method: `linear mixed model ${m.formula}, emmeans contrast with Satterthwaite df`,
    source: `models.${modelKey}.contrasts.${index}`,
    n: m.n_subjects,
    estimate,
    standardised: null,
    standardised_note:
      "Cohen's d_z is defined for paired per-session differences, not for a mixed-model contrast; the Hills–Armitage d_z is among the secondary results",
    qualifiers,
  };
}
