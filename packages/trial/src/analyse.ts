import {
  type Attenuation,
  type ConditionSummary,
  type Exclusion,
  type HillsArmitageResult,
  type OutcomeRow,
  type ParticipantRecord,
  type Results,
  type StudyConfig,
  testCondition,
} from "@fmrs/schema";
import { mean, oneSampleTTest, sampleVariance } from "@fmrs/stats";
import { hillsArmitage } from "./hillsArmitage";
import { compareLabels } from "./studyRecords";

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

/**
 * Attenuation of the antidepressant effect by the test condition, from raw means over complete
 * cases (subjects with madrs_change in both sessions): 1 − mean Δ(test) / mean Δ(reference)
 * = (mean Δ(test) − mean Δ(reference)) / (−mean Δ(reference)). 0 = no change of the response,
 * 1 = response abolished. Null when there are no complete cases or the reference mean is 0.
 */
export function rawAttenuation(rows: readonly OutcomeRow[], test: string, reference: string): Attenuation {
  const bySubject = new Map<string, { test?: number; reference?: number }>();
  for (const r of rows) {
    if (r.madrs_change === null) continue;
    const entry = bySubject.get(r.participant_id) ?? {};
    if (r.condition === test) entry.test = r.madrs_change;
    if (r.condition === reference) entry.reference = r.madrs_change;
    bySubject.set(r.participant_id, entry);
  }
  const complete = [...bySubject.values()].filter(
    (e): e is { test: number; reference: number } => e.test !== undefined && e.reference !== undefined,
  );
  const definition = `1 - mean(madrs_change | ${test}) / mean(madrs_change | ${reference}), subjects with both sessions`;
  if (complete.length === 0)
    return { definition, n: 0, estimate: null, mean_change_test: null, mean_change_reference: null };
  const mt = mean(complete.map((e) => e.test));
  const mr = mean(complete.map((e) => e.reference));
  return {
    definition,
    n: complete.length,
    estimate: mr === 0 ? null : 1 - mt / mr,
    mean_change_test: mt,
    mean_change_reference: mr,
  };
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

/**
 * The trial analyses of the foundation slice on the per-session outcomes: participant flow,
 * per-condition summaries, the Hills–Armitage crossover test of MADRS change and of the glutamate
 * percent change, and the raw attenuation of the MADRS response. Warnings collect everything a
 * reviewer should know (QC-failed blocks, carryover tests with p < 0.10, analyses not run).
 */
export function analyseTrial(
  study: StudyConfig,
  participants: readonly ParticipantRecord[],
  rows: readonly OutcomeRow[],
): TrialResults {
  const test = testCondition(study);
  const reference = study.reference_condition;
  const conditionOrder = study.conditions.map((c) => c.id);
  const warnings: string[] = [];
  const madrsHa = tryHillsArmitage(rows, "madrs_change", test, reference, warnings);
  const glxHa = tryHillsArmitage(rows, "glx_pct_change", test, reference, warnings);
  for (const ha of [madrsHa, glxHa]) {
    if (ha !== null && ha.carryover.pooled.p < 0.1) {
      warnings.push(
        `${ha.outcome}: the carryover test has p = ${ha.carryover.pooled.p.toPrecision(3)} (< 0.10); the test has low power, so read the treatment effect with care`,
      );
    }
  }
  const failedBlocks = rows.reduce((n, r) => n + r.n_blocks_failed_qc, 0);
  if (failedBlocks > 0) {
    const sessionsWithFail = rows.filter((r) => r.n_blocks_failed_qc > 0).length;
    warnings.push(
      `${failedBlocks} MRS blocks in ${sessionsWithFail} sessions failed QC and were excluded (counts per session in the session table)`,
    );
  }
  const outcomeLabel = `${study.outcome.metabolite}/${study.outcome.reference}`;
  return {
    schema_version: 1,
    study: {
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
    },
    flow: {
      enrolled: participants.length,
      sessions_expected: participants.length * 2,
      mrs_sessions_available: rows.filter((r) => r.mrs_available).length,
      mrs_sessions_analysed: rows.filter((r) => r.glx_pct_change !== null).length,
      madrs_sessions_analysed: rows.filter((r) => r.madrs_change !== null).length,
      exclusions: sessionExclusions(rows),
    },
    summaries: {
      glx_pct_change: conditionSummaries(rows, "glx_pct_change", conditionOrder),
      madrs_change: conditionSummaries(rows, "madrs_change", conditionOrder),
      madrs_pre: conditionSummaries(rows, "madrs_pre", conditionOrder),
      madrs_24h: conditionSummaries(rows, "madrs_24h", conditionOrder),
    },
    hills_armitage: { madrs_change: madrsHa, glx_pct_change: glxHa },
    attenuation: rawAttenuation(rows, test, reference),
    warnings,
  };
}
