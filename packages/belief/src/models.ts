import {
  fitLmm,
  type LmmCoefficient,
  type LmmTTest,
  lmmAnova,
  lmmContrast,
  lmmEmmeans,
  lmmFixedEffects,
} from "@fmrs/stats";
import type { BeliefCoefficient, BeliefExclusion, BeliefModel, BeliefTermTest } from "./results";
import type { BeliefTimePoint } from "./schema";

/** A value, or null when it is not a finite number. */
export const finite = (x: number | null | undefined): number | null =>
  x !== null && x !== undefined && Number.isFinite(x) ? x : null;

/** One row of a model's data: the response, participant, group, time level and valence. */
export interface BeliefModelRow {
  readonly participant_id: string;
  readonly session_id: string;
  readonly group: string;
  readonly time: string;
  readonly valence: "good" | "bad";
  readonly y: number;
}

/** What a model is: its formula over the columns of {@link BeliefModelRow} and its coding. */
export interface BeliefModelSpec {
  readonly name: string;
  readonly description: string;
  /** Response name shown in the formula (the rows' `y`). */
  readonly response: string;
  /** Fixed part, e.g. "group * time * valence". */
  readonly fixed: string;
  readonly coding: Readonly<Record<string, readonly string[]>>;
  readonly timeCoding: Readonly<Record<string, Readonly<Record<string, BeliefTimePoint>>>>;
  readonly keyTerm: string;
  /** Factors within which the good − bad contrast is taken. */
  readonly contrastBy: readonly string[];
}

export const coefficientOf = (term: string, c: LmmTTest): BeliefCoefficient => ({
  term,
  estimate: finite(c.estimate),
  se: finite(c.se),
  df: finite(c.df),
  t: finite(c.t),
  p: finite(c.p),
  ci_lower: finite(c.ciLower),
  ci_upper: finite(c.ciUpper),
});

/** The parts of a model result known before fitting. */
type ModelBase = Pick<
  BeliefModel,
  | "name"
  | "description"
  | "formula"
  | "coding"
  | "time_coding"
  | "n_obs"
  | "n_participants"
  | "excluded"
  | "key_term"
>;

/** The lme4 formula of a spec. */
export function formulaOf(spec: BeliefModelSpec): string {
  return `${spec.response} ~ ${spec.fixed} + (1 | participant_id)`;
}

/**
 * Fits one belief-updating model: a linear mixed model with participant random intercepts by
 * REML (lme4's criterion; @fmrs/stats), its coefficient table and type-III F tests with
 * Satterthwaite df (lmerTest), variance components, and the good − bad news contrast within
 * each cell of `contrastBy` (emmeans `~ valence | ...`, Satterthwaite df). A model that cannot be
 * fitted (too few rows, a rank-deficient design) is returned as "not_estimable" with the reason.
 */
export function fitBeliefModel(
  rows: readonly BeliefModelRow[],
  spec: BeliefModelSpec,
  excluded: readonly BeliefExclusion[],
): BeliefModel {
  const formula = formulaOf(spec);
  const base: ModelBase = {
    name: spec.name,
    description: spec.description,
    formula,
    coding: Object.fromEntries(Object.entries(spec.coding).map(([k, v]) => [k, [...v]])),
    time_coding: Object.fromEntries(Object.entries(spec.timeCoding).map(([k, v]) => [k, { ...v }])),
    n_obs: rows.length,
    n_participants: new Set(rows.map((r) => r.participant_id)).size,
    excluded: [...excluded],
    key_term: spec.keyTerm,
  };
  const empty = (reason: string): BeliefModel => ({
    ...base,
    status: "not_estimable",
    reason,
    converged: null,
    singular: null,
    messages: [],
    loglik_reml: null,
    variance_components: [],
    fixed_effects: [],
    anova: [],
    key_test: null,
    key_coefficient: null,
    valence_contrasts: [],
    bias_change: [],
  });
  const data = rows.map((r) => ({
    [spec.response]: r.y,
    participant_id: r.participant_id,
    group: r.group,
    time: r.time,
    valence: r.valence,
  }));
  const absent = Object.entries(spec.coding).flatMap(([factor, levels]) =>
    levels
      .filter((level) => !rows.some((r) => r[factor as "group" | "time" | "valence"] === level))
      .map((level) => `${factor} = ${level}`),
  );
  if (absent.length > 0) return empty(`no rows for ${absent.join(", ")}`);
  try {
    return summarise(data, spec, base, formula);
  } catch (error) {
    return empty(`the model could not be fitted: ${(error as Error).message}`);
  }
}

function summarise(
  data: Record<string, string | number>[],
  spec: BeliefModelSpec,
  base: ModelBase,
  formula: string,
): BeliefModel {
  const fit = fitLmm(data, {
    formula,
    factors: Object.fromEntries(Object.entries(spec.coding).map(([k, v]) => [k, [...v]])),
  });
  const anova: BeliefTermTest[] = lmmAnova(fit).map((a) => ({
    term: a.term,
    num_df: finite(a.numDf),
    den_df: finite(a.denDf),
    F: finite(a.F),
    p: finite(a.p),
  }));
  const fixed = lmmFixedEffects(fit).map((c: LmmCoefficient) => coefficientOf(c.term, c));
  const keyCoefficientName = spec.keyTerm
    .split(":")
    .map((v) => `${v}${spec.coding[v]![spec.coding[v]!.length - 1]}`)
    .join(":");
  const emm = lmmEmmeans(fit, { specs: "valence", by: [...spec.contrastBy] });
  // Change of the good − bad contrast from the first time level to each later one, per group:
  // the interaction contrast (good − bad) × (t − pre) of emmeans.
  const times = spec.coding.time ?? [];
  const biasChange = emm.contrasts
    .filter((c) => c.by.time !== undefined && c.by.time !== times[0])
    .map((c) => {
      const baseline = emm.contrasts.find((b) => b.by.time === times[0] && b.by.group === c.by.group)!;
      const weights = c.weights.map((w, i) => w - baseline.weights[i]!);
      return {
        ...coefficientOf(`(good - bad) ${c.by.time} - ${times[0]}`, lmmContrast(fit, weights)),
        group: c.by.group ?? null,
        time: `${c.by.time} - ${times[0]}`,
      };
    });
  return {
    ...base,
    n_obs: fit.nObs,
    status: "fitted",
    reason: null,
    converged: fit.optimizer.converged,
    singular: fit.isSingular,
    messages: [...fit.messages],
    loglik_reml: finite(fit.logLik),
    variance_components: fit.varianceComponents.map((v) => ({
      group: v.group,
      variance: finite(v.variance),
      sd: finite(v.sd),
    })),
    fixed_effects: fixed,
    anova,
    key_test: anova.find((a) => a.term === spec.keyTerm) ?? null,
    key_coefficient: fixed.find((c) => c.term === keyCoefficientName) ?? null,
    valence_contrasts: emm.contrasts.map((c) => ({
      ...coefficientOf(c.contrast, c),
      group: c.by.group ?? null,
      time: c.by.time ?? "all",
    })),
    bias_change: biasChange,
  };
}
