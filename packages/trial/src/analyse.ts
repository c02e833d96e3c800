import {
  type Attenuation,
  type BlockOutcomeRow,
  type ConditionSummary,
  DEFAULT_PRIMARY,
  type Exclusion,
  type HillsArmitageResult,
  type OutcomeRow,
  type ParticipantRecord,
  type PrimaryEstimand,
  type Results,
  type StudyConfig,
  testCondition,
} from "@fmrs/schema";
import {
  attenuationBootstrap,
  mean,
  oneSampleTTest,
  randomMersenneTwister,
  sampleVariance,
} from "@fmrs/stats";
import { glxMadrsAssociation } from "./association";
import { consortFlow } from "./consortFlow";
import { hillsArmitage } from "./hillsArmitage";
import { outcomeLabel as studyOutcomeLabel } from "./measures";
import {
  type FittedModel,
  glutamateBlockModel,
  glutamatePhaseModel,
  ModelNotEstimableError,
  madrsChangeModel,
  madrsRawModel,
  modelAttenuation,
  sexModel,
} from "./models";
import { crossoverNonparametric } from "./nonparametric";
import { type PairedOutcome, subjectPairs } from "./pairs";
import { primaryResult } from "./primary";
import { compareLabels } from "./studyRecords";
import { timecourseSummary } from "./timecourse";
import { timecourseDifference } from "./timecourseDifference";

type SessionOutcome = "glx_pct_change" | "madrs_change" | "madrs_pre" | "madrs_24h";

/** Everything results.json holds except provenance, which the analyse command adds. */
export type TrialResults = Omit<Results, "provenance">;

/**
 * Mean, SD and t-based 95 % CI of one outcome per condition over the sessions that have it.
 * Conditions are listed in study.json order; n < 2 gives null SD and CI.
 */
export function conditionSummaries(
  rows: readonly OutcomeRow[],
  outcome: SessionOutcome,
  conditions: readonly string[],
): ConditionSummary[] {
  return conditions.map((condition) => {
    const values = rows
      .filter((r) => r.condition === condition)
      .flatMap((r) => (r[outcome] === null ? [] : [r[outcome]]));
    if (values.length === 0) return { condition, n: 0, mean: null, sd: null, ci95: null };
    if (values.length === 1) return { condition, n: 1, mean: values[0] as number, sd: null, ci95: null };
    const t = oneSampleTTest(values);
    return {
      condition,
      n: values.length,
      mean: mean(values),
      sd: Math.sqrt(sampleVariance(values)),
      ci95: [t.ci[0], t.ci[1]],
    };
  });
}

/** Options of the resampling analyses: seed and numbers of draws. */
export interface ResamplingOptions {
  readonly seed: number;
  /** Monte Carlo permutations (default 10 000). */
  readonly permutations?: number;
  /** Bootstrap replicates (default 10 000). */
  readonly bootstrap?: number;
}

/**
 * Attenuation of the antidepressant effect by the test condition, from raw means over complete
 * cases (subjects with madrs_change in both sessions): 1 − mean Δ(test) / mean Δ(reference)
 * = (mean Δ(test) − mean Δ(reference)) / (−mean Δ(reference)); 0 = no change of the response,
 * 1 = response abolished. With a seeded subject bootstrap (percentile and BCa 95 % CIs; each
 * replicate resamples whole subjects, keeping both sessions) and the raw estimate within each sex.
 * Null estimates when there are no complete cases or the reference mean is 0.
 */
export function rawAttenuation(
  rows: readonly OutcomeRow[],
  test: string,
  reference: string,
  options: ResamplingOptions = { seed: 1 },
): Attenuation {
  const { pairs } = subjectPairs(rows, "madrs_change", test, reference);
  const definition = `1 - mean(madrs_change | ${test}) / mean(madrs_change | ${reference}), subjects with both sessions`;
  const core = (subset: typeof pairs) => {
    if (subset.length === 0)
      return { n: 0, estimate: null, mean_change_test: null, mean_change_reference: null };
    const mt = mean(subset.map((p) => p.test));
    const mr = mean(subset.map((p) => p.reference));
    return {
      n: subset.length,
      estimate: mr === 0 ? null : 1 - mt / mr,
      mean_change_test: mt,
      mean_change_reference: mr,
    };
  };
  const sexes = [...new Set(pairs.map((p) => p.sex))].sort();
  const boot = (subset: typeof pairs) =>
    attenuationBootstrap(
      subset.map((p) => ({ treated: p.test, control: p.reference })),
      { B: options.bootstrap ?? 10_000, random: randomMersenneTwister(options.seed) },
    ).bootstrap;
  const by_sex = Object.fromEntries(
    sexes.map((sex) => {
      const subset = pairs.filter((p) => p.sex === sex);
      const b = subset.length >= 2 ? boot(subset) : null;
      const ok = b !== null && b.nValid > 0 && b.percentile.every(Number.isFinite);
      return [
        sex,
        {
          ...core(subset),
          bootstrap: ok
            ? {
                B: b.B,
                n_valid: b.nValid,
                percentile_ci95: [b.percentile[0], b.percentile[1]] as [number, number],
              }
            : null,
        },
      ];
    }),
  );
  let bootstrap: Attenuation["bootstrap"] = null;
  if (pairs.length >= 2) {
    const b = boot(pairs);
    if (b.nValid > 0 && b.percentile.every(Number.isFinite)) {
      bootstrap = {
        B: b.B,
        n_valid: b.nValid,
        seed: b.seed,
        se: b.se,
        percentile_ci95: [b.percentile[0], b.percentile[1]],
        bca_ci95: b.bca === null || !b.bca.ci.every(Number.isFinite) ? null : [b.bca.ci[0], b.bca.ci[1]],
      };
    }
  }
  return { definition, ...core(pairs), bootstrap, by_sex, model: null };
}

/**
 * Why each session is left out of each analysis: no MRS data, no QC-passing baseline or response
 * block, a missing MADRS rating. One entry per session and reason, sorted by participant, session.
 */
export function sessionExclusions(rows: readonly OutcomeRow[]): Exclusion[] {
  const out: Exclusion[] = [];
  for (const r of rows) {
    const add = (reason: string) =>
      out.push({ participant_id: r.participant_id, session_id: r.session_id, reason });
    if (!r.mrs_available) add("glutamate: no MRS data for this session");
    else if (r.glx_pct_change === null) {
      if (r.n_blocks_baseline === 0) add("glutamate: no QC-passing baseline block");
      else if (r.n_blocks_response === 0) add("glutamate: no QC-passing block in the response window");
      else add("glutamate: baseline mean is 0");
    }
    if (r.madrs_pre === null) add("MADRS: pre-infusion total missing");
    if (r.madrs_24h === null) add("MADRS: 24 h total missing");
  }
  return out.sort(
    (a, b) =>
      compareLabels(a.participant_id, b.participant_id) ||
      compareLabels(a.session_id ?? "", b.session_id ?? ""),
  );
}

function tryHillsArmitage(
  rows: readonly OutcomeRow[],
  outcome: "madrs_change" | "glx_pct_change",
  test: string,
  reference: string,
  warnings: string[],
): HillsArmitageResult | null {
  try {
    return hillsArmitage(
      rows.map((r) => ({
        participant_id: r.participant_id,
        session_id: r.session_id,
        period: r.period,
        condition: r.condition,
        value: r[outcome],
      })),
      { outcome, test, reference },
    );
  } catch (error) {
    if (error instanceof RangeError) {
      warnings.push(`Hills–Armitage analysis of ${outcome} not run: ${error.message}`);
      return null;
    }
    throw error;
  }
}

function tryModel(name: string, warnings: string[], fn: () => FittedModel): FittedModel | null {
  try {
    const model = fn();
    if (model.kenwardRogerProblem !== null)
      warnings.push(
        `model ${name}: Kenward–Roger df and SEs not estimable (${model.kenwardRogerProblem}); only the Satterthwaite tests are reported`,
      );
    if (!model.result.converged)
      warnings.push(`model ${name}: the optimiser did not converge (${model.result.messages.join("; ")})`);
    if (model.result.singular)
      warnings.push(
        `model ${name}: singular fit (a variance component is 0); the fixed effects equal those of the model without it`,
      );
    return model;
  } catch (error) {
    warnings.push(
      error instanceof ModelNotEstimableError
        ? `model ${name} not estimable on these data: ${error.message}`
        : `model ${name} not fitted: ${(error as Error).message}`,
    );
    return null;
  }
}

/** The model-based attenuation, or null with a warning when the model or its ratio is not estimable. */
function tryModelAttenuation(model: FittedModel | null, test: string, warnings: string[]) {
  if (model === null) return null;
  const a = modelAttenuation(model, test);
  if (Number.isFinite(a.estimate) && Number.isFinite(a.se)) return a;
  warnings.push(
    `model-based attenuation not estimable (estimate ${a.estimate}, SE ${a.se}: the reference-condition mean change is 0 or undefined)`,
  );
  return null;
}

function tryNonparametric(
  rows: readonly OutcomeRow[],
  outcome: PairedOutcome,
  test: string,
  reference: string,
  options: ResamplingOptions,
  warnings: string[],
) {
  const { pairs } = subjectPairs(rows, outcome, test, reference);
  if (pairs.length < 2) {
    warnings.push(`nonparametric tests of ${outcome} not run: fewer than 2 subjects have both sessions`);
    return null;
  }
  if (pairs.every((p) => p.testFirst) || pairs.every((p) => !p.testFirst)) {
    warnings.push(
      `nonparametric tests of ${outcome} not run: the subjects with both sessions are all of one sequence, so the Hills–Armitage permutation test has no period adjustment`,
    );
    return null;
  }
  try {
    return crossoverNonparametric(pairs, { outcome, seed: options.seed, B: options.permutations ?? 10_000 });
  } catch (error) {
    warnings.push(`nonparametric tests of ${outcome} not run: ${(error as Error).message}`);
    return null;
  }
}

/**
 * The trial analyses on the per-session (and per-block) outcomes: participant flow, per-condition
 * summaries, the Hills–Armitage crossover test of MADRS change and of the glutamate percent change
 * (overall and within each sex), exact Wilcoxon and permutation tests, the glutamate–MADRS
 * association, the block-wise time course, and the attenuation of the MADRS response with a
 * bootstrap CI. Resampling uses `study.seed` unless overridden. Warnings collect everything a
 * reviewer should know (QC-failed blocks, carryover tests with p < 0.10, analyses not run).
 */
/** The study.json fields the analyses read. */
export type AnalyseFields = Pick<
  StudyConfig,
  | "name"
  | "conditions"
  | "reference_condition"
  | "seed"
  | "outcome"
  | "measures"
  | "infusion"
  | "baseline_window"
  | "response_window"
  | "block_length_min"
> & {
  /** The primary estimand (default DEFAULT_PRIMARY: glutamate, response window, Hills–Armitage). */
  readonly primary?: PrimaryEstimand;
};

export function analyseTrial(
  study: AnalyseFields,
  participants: readonly ParticipantRecord[],
  rows: readonly OutcomeRow[],
  blocks: readonly BlockOutcomeRow[] = [],
  resampling: Partial<ResamplingOptions> = {},
): TrialResults {
  const options: ResamplingOptions = { seed: study.seed, ...resampling };
  const test = testCondition(study);
  const reference = study.reference_condition;
  const conditionOrder = study.conditions.map((c) => c.id);
  const warnings: string[] = [];
  const madrsHa = tryHillsArmitage(rows, "madrs_change", test, reference, warnings);
  const glxHa = tryHillsArmitage(rows, "glx_pct_change", test, reference, warnings);
  const sexes = [...new Set(rows.map((r) => r.sex))].sort();
  const hillsArmitageBySex = Object.fromEntries(
    sexes.map((sex) => {
      const mine = rows.filter((r) => r.sex === sex);
      const sexWarnings: string[] = [];
      const result = {
        madrs_change: tryHillsArmitage(mine, "madrs_change", test, reference, sexWarnings),
        glx_pct_change: tryHillsArmitage(mine, "glx_pct_change", test, reference, sexWarnings),
      };
      warnings.push(...sexWarnings.map((w) => `sex ${sex}: ${w}`));
      return [sex, result];
    }),
  );
  for (const ha of [madrsHa, glxHa]) {
    if (ha !== null && ha.carryover.pooled.p < 0.1) {
      warnings.push(
        `${ha.outcome}: the carryover test has p = ${ha.carryover.pooled.p.toPrecision(3)} (< 0.10); the test has low power, so read the treatment effect with care`,
      );
    }
  }
  const models = {
    glutamate_phase: tryModel("glutamate_phase", warnings, () =>
      glutamatePhaseModel(blocks, reference, test),
    ),
    glutamate_block: tryModel("glutamate_block", warnings, () =>
      glutamateBlockModel(blocks, reference, test),
    ),
    madrs_raw: tryModel("madrs_raw", warnings, () => madrsRawModel(rows, reference, test)),
    madrs_change: tryModel("madrs_change", warnings, () => madrsChangeModel(rows, reference, test)),
    madrs_change_sex: tryModel("madrs_change_sex", warnings, () =>
      sexModel(rows, "madrs_change", reference, test),
    ),
    glutamate_sex: tryModel("glutamate_sex", warnings, () =>
      sexModel(rows, "glx_pct_change", reference, test),
    ),
  };
  const attenuation = rawAttenuation(rows, test, reference, options);
  const failedBlocks = rows.reduce((n, r) => n + r.n_blocks_failed_qc, 0);
  if (failedBlocks > 0) {
    const sessionsWithFail = rows.filter((r) => r.n_blocks_failed_qc > 0).length;
    warnings.push(
      `${failedBlocks} MRS blocks in ${sessionsWithFail} sessions failed QC and were excluded (counts per session in the session table)`,
    );
  }
  const outcomeLabel = studyOutcomeLabel(study);
  const studySummary: TrialResults["study"] = {
    name: study.name,
    conditions: study.conditions.map((c) => ({ id: c.id, label: c.label })),
    reference_condition: reference,
    test_condition: test,
    outcome_label: outcomeLabel,
    infusion_onset_min: study.infusion.onset_min,
    infusion_duration_min: study.infusion.duration_min,
    baseline_window_min: [study.baseline_window.start_min, study.baseline_window.end_min],
    response_window_min: [study.response_window.start_min, study.response_window.end_min],
    block_length_min: study.block_length_min,
    seed: study.seed,
  };
  const hillsArmitageResults = { madrs_change: madrsHa, glx_pct_change: glxHa };
  const modelResults = Object.fromEntries(
    Object.entries(models).map(([k, m]) => [k, m?.result ?? null]),
  ) as TrialResults["models"];
  const flow = {
    enrolled: participants.length,
    sequences: consortFlow(participants, rows, [`${reference}-${test}`, `${test}-${reference}`]),
    sessions_expected: participants.length * 2,
    mrs_sessions_available: rows.filter((r) => r.mrs_available).length,
    mrs_sessions_analysed: rows.filter((r) => r.glx_pct_change !== null).length,
    madrs_sessions_analysed: rows.filter((r) => r.madrs_change !== null).length,
    exclusions: sessionExclusions(rows),
  };
  const primary = primaryResult(
    study.primary ?? DEFAULT_PRIMARY,
    { study: studySummary, hills_armitage: hillsArmitageResults, models: modelResults, flow },
    failedBlocks,
  );
  if (primary === null)
    warnings.push(
      `the primary analysis (${Object.values(study.primary ?? DEFAULT_PRIMARY).join(", ")}) could not be run; see the warnings above`,
    );
  return {
    schema_version: 1,
    study: studySummary,
    primary,
    flow,
    summaries: {
      glx_pct_change: conditionSummaries(rows, "glx_pct_change", conditionOrder),
      madrs_change: conditionSummaries(rows, "madrs_change", conditionOrder),
      madrs_pre: conditionSummaries(rows, "madrs_pre", conditionOrder),
      madrs_24h: conditionSummaries(rows, "madrs_24h", conditionOrder),
      madrs_paired: conditionOrder.map((condition) => {
        const both = rows.filter(
          (r) => r.condition === condition && r.madrs_pre !== null && r.madrs_24h !== null,
        );
        return {
          condition,
          n: both.length,
          pre_mean: both.length === 0 ? null : mean(both.map((r) => r.madrs_pre as number)),
          h24_mean: both.length === 0 ? null : mean(both.map((r) => r.madrs_24h as number)),
        };
      }),
    },
    models: modelResults,
    hills_armitage: hillsArmitageResults,
    hills_armitage_by_sex: hillsArmitageBySex,
    nonparametric: {
      madrs_change: tryNonparametric(rows, "madrs_change", test, reference, options, warnings),
      glx_pct_change: tryNonparametric(rows, "glx_pct_change", test, reference, options, warnings),
    },
    association: glxMadrsAssociation(rows, test, reference),
    timecourse: timecourseSummary(blocks, conditionOrder),
    timecourse_difference: timecourseDifference(blocks, test, reference),
    attenuation: {
      ...attenuation,
      model: tryModelAttenuation(models.madrs_change, test, warnings),
    },
    warnings,
  };
}
