import type { Exclusion, HillsArmitageResult, StandardisedEffect, TEstimate } from "@fmrs/schema";
import {
  mean,
  noncentralityCi,
  pooledTTest,
  sampleVariance,
  type TTestResult,
  welchTTest,
} from "@fmrs/stats";
import { compareLabels } from "./studyRecords";

/** One per-session observation of a crossover outcome. */
export interface PeriodObservation {
  readonly participant_id: string;
  readonly session_id: string;
  readonly period: number;
  readonly condition: string;
  readonly value: number | null;
}

function asEstimate(t: TTestResult, scale = 1): TEstimate {
  return {
    estimate: t.estimate * scale,
    se: t.se * Math.abs(scale),
    df: t.df,
    t: t.t * Math.sign(scale),
    p: t.p,
    ci95: scale >= 0 ? [t.ci[0] * scale, t.ci[1] * scale] : [t.ci[1] * scale, t.ci[0] * scale],
  };
}

/**
 * The Hills–Armitage analysis of an AB/BA crossover (Hills & Armitage 1979; Jones & Kenward 2003,
 * §2.3; Senn 2002, ch. 3) on complete cases (subjects with a value in both periods):
 * period differences d_i = y(period 1) − y(period 2) and sums s_i = y(1) + y(2);
 * treatment effect test − reference = (mean d[test-first] − mean d[reference-first]) / 2 with
 * SE √(s²_pooled(d)(1/n₁ + 1/n₂))/2 and df n₁ + n₂ − 2 (a pooled two-sample t test on d; also
 * the Welch variant); period effect (period 2 − period 1) = −(mean d[test-first] + mean
 * d[reference-first]) / 2; carryover test: two-sample t test of s_i between sequences (pooled and
 * Welch). Subjects without both values are listed in `excluded` with the reason.
 * Throws a RangeError when a sequence has fewer than 2 complete subjects.
 */
export function hillsArmitage(
  observations: readonly PeriodObservation[],
  options: { outcome: string; test: string; reference: string },
): HillsArmitageResult {
  const { test, reference } = options;
  const bySubject = new Map<string, PeriodObservation[]>();
  for (const o of observations) {
    const list = bySubject.get(o.participant_id) ?? [];
    list.push(o);
    bySubject.set(o.participant_id, list);
  }
  const testFirst = `${test}-${reference}`;
  const referenceFirst = `${reference}-${test}`;
  const d: Record<string, number[]> = { [testFirst]: [], [referenceFirst]: [] };
  const s: Record<string, number[]> = { [testFirst]: [], [referenceFirst]: [] };
  const used: string[] = [];
  const excluded: Exclusion[] = [];
  for (const id of [...bySubject.keys()].sort(compareLabels)) {
    const rows = bySubject.get(id) ?? [];
    const p1 = rows.find((r) => r.period === 1);
    const p2 = rows.find((r) => r.period === 2);
    const missing = [p1, p2].flatMap((r, i) =>
      r === undefined
        ? [`no period ${i + 1} session`]
        : r.value === null
          ? [`no ${options.outcome} in period ${i + 1} (${r.session_id}, ${r.condition})`]
          : [],
    );
    if (missing.length > 0 || p1 === undefined || p2 === undefined) {
      excluded.push({ participant_id: id, session_id: null, reason: missing.join("; ") });
      continue;
    }
    const sequence = `${p1.condition}-${p2.condition}`;
    const dGroup = d[sequence];
    const sGroup = s[sequence];
    if (dGroup === undefined || sGroup === undefined) {
      excluded.push({
        participant_id: id,
        session_id: null,
        reason: `sequence ${sequence} is not ${testFirst} or ${referenceFirst}`,
      });
      continue;
    }
    dGroup.push((p1.value as number) - (p2.value as number));
    sGroup.push((p1.value as number) + (p2.value as number));
    used.push(id);
  }
  const d1 = d[testFirst] as number[];
  const d2 = d[referenceFirst] as number[];
  if (d1.length < 2 || d2.length < 2) {
    throw new RangeError(
      `hillsArmitage(): ${options.outcome} needs at least 2 complete subjects per sequence (${testFirst}: ${d1.length}, ${referenceFirst}: ${d2.length})`,
    );
  }
  const pooled = pooledTTest(d1, d2);
  const welch = welchTTest(d1, d2);
  // period 2 − period 1 = −(mean d1 + mean d2)/2: a t test of the mean of the two sequence means
  // of d with the same pooled SE. Computed as a pooled test of d1 against −d2.
  const periodTest = pooledTTest(
    d1,
    d2.map((v) => -v),
  );
  const n1 = d1.length;
  const n2 = d2.length;
  const s1 = s[testFirst] as number[];
  const s2 = s[referenceFirst] as number[];
  return {
    outcome: options.outcome,
    test,
    reference,
    n: n1 + n2,
    n_by_sequence: { [testFirst]: n1, [referenceFirst]: n2 },
    rows_used: used,
    excluded,
    mean_d_by_sequence: { [testFirst]: mean(d1), [referenceFirst]: mean(d2) },
    sd_d_by_sequence: {
      [testFirst]: Math.sqrt(sampleVariance(d1)),
      [referenceFirst]: Math.sqrt(sampleVariance(d2)),
    },
    pooled_var_d: ((n1 - 1) * sampleVariance(d1) + (n2 - 1) * sampleVariance(d2)) / (n1 + n2 - 2),
    treatment: asEstimate(pooled, 0.5),
    standardised: crossoverDz(asEstimate(pooled, 0.5), n1, n2),
    treatment_welch: asEstimate(welch, 0.5),
    period: asEstimate(periodTest, -0.5),
    carryover: {
      mean_sum_by_sequence: { [testFirst]: mean(s1), [referenceFirst]: mean(s2) },
      difference: mean(s1) - mean(s2),
      pooled: asEstimate(pooledTTest(s1, s2)),
      welch: asEstimate(welchTTest(s1, s2)),
    },
  };
}

/**
 * Cohen's d_z of a 2×2 crossover's treatment effect: τ̂ / s_d, s_d² the pooled within-sequence
 * variance of the period differences (= the variance of the within-subject difference test −
 * reference once the period effect is removed). Since t = τ̂ / (s_d·√(1/n1 + 1/n2)/2), d_z = t/√m
 * with m = 4/(1/n1 + 1/n2) (= n for equal sequences), and t follows a noncentral t with
 * λ = d_z·√m, so the exact 95 % CI is the noncentrality CI over √m (Steiger & Fouladi 1997;
 * Lakens 2013 for d_z). Null when s_d is 0.
 */
export function crossoverDz(treatment: TEstimate, n1: number, n2: number): StandardisedEffect | null {
  if (!Number.isFinite(treatment.t)) return null;
  const m = 4 / (1 / n1 + 1 / n2);
  const [lo, hi] = noncentralityCi(treatment.t, treatment.df);
  return {
    name: "Cohen's d_z",
    estimate: treatment.t / Math.sqrt(m),
    ci95: [lo / Math.sqrt(m), hi / Math.sqrt(m)],
    method:
      "period-adjusted mean difference over the SD of the within-subject differences; 95 % CI by inverting the noncentral t",
  };
}
