import { randomMersenneTwister } from "@fmrs/stats";
import { z } from "zod";
import { normalDraw } from "./normal";
import type {
  BeliefGroup,
  BeliefMadrs,
  BeliefParticipant,
  BeliefSession,
  BeliefTimePoint,
  BeliefTrial,
} from "./schema";

const cell = z.strictObject({ good: z.number().min(0).max(1), bad: z.number().min(0).max(1) });

/**
 * What the simulated study looks like. Defaults follow the study facts (Bottemanne et al. 2022):
 * 26 patients tested pre / 4 h / 1 week, 30 controls tested twice one week apart, 40 adverse
 * events; patients learn more from good news after ketamine, controls do not change.
 */
export const BeliefStudySpecSchema = z.strictObject({
  n_patients: z.int().min(2).default(26),
  n_controls: z.int().min(2).default(30),
  n_events: z.int().min(4).default(40),
  /** Population mean learning rates by group, time point and valence. Controls use `pre` and `1wk`. */
  alpha: z
    .strictObject({
      patient: z.strictObject({ pre: cell, "4h": cell, "1wk": cell }),
      control: z.strictObject({ pre: cell, "1wk": cell }),
    })
    .default({
      patient: {
        pre: { good: 0.4, bad: 0.48 },
        "4h": { good: 0.62, bad: 0.45 },
        "1wk": { good: 0.58, bad: 0.46 },
      },
      control: { pre: { good: 0.52, bad: 0.47 }, "1wk": { good: 0.52, bad: 0.47 } },
    }),
  /** SD of a participant's learning-rate offset (shared by sessions and valences). */
  alpha_participant_sd: z.number().min(0).default(0.1),
  /** SD of the session × valence deviation of a learning rate. */
  alpha_session_sd: z.number().min(0).default(0.1),
  /** Response noise SD (percentage points) of a session: uniform between these. */
  sigma_range: z.tuple([z.number().positive(), z.number().positive()]).default([2.5, 6]),
  /** Base rates of the events: integers uniform between these (percent). */
  base_rate_range: z.tuple([z.int().min(1), z.int().max(99)]).default([10, 70]),
  /** Largest |estimation error| of an event as a fraction of the base rate's distance to 0 or 100. */
  max_error_fraction: z.number().gt(0).max(1).default(0.9),
  /** Probability that a trial's first / second estimate is missing (no response in time). */
  p_missing_first: z.number().min(0).max(1).default(0.01),
  p_missing_second: z.number().min(0).max(1).default(0.02),
  /** Participants (1-based within their group, in id order) who miss a session, by time point. */
  missing_sessions: z
    .array(
      z.strictObject({
        group: z.enum(["patient", "control"]),
        index: z.int().min(1),
        time_point: z.enum(["pre", "4h", "1wk"]),
      }),
    )
    .default([
      { group: "patient", index: 7, time_point: "1wk" },
      { group: "patient", index: 19, time_point: "1wk" },
      { group: "patient", index: 12, time_point: "4h" },
      { group: "control", index: 4, time_point: "1wk" },
      { group: "control", index: 22, time_point: "1wk" },
    ]),
  /** MADRS: patients' baseline mean and SD; controls' mean and SD at every session. */
  madrs_patient_pre: z.tuple([z.number(), z.number().min(0)]).default([32, 5]),
  madrs_control: z.tuple([z.number(), z.number().min(0)]).default([3, 2]),
  /**
   * One-week MADRS change of a patient = intercept + slope × (true change in update bias from pre
   * to 4 h, in percentage points) + N(0, residual_sd²): the mediation path time → bias → MADRS.
   * MADRS at 4 h moves a fraction `fraction_4h` of the way.
   */
  madrs_change: z
    .strictObject({
      intercept: z.number().default(-6),
      slope: z.number().default(-1.5),
      residual_sd: z.number().min(0).default(3),
      fraction_4h: z.number().min(0).max(1).default(0.5),
    })
    .default({ intercept: -6, slope: -1.5, residual_sd: 3, fraction_4h: 0.5 }),
  /** Patients whose MADRS at these time points is missing (index within patients, 1-based). */
  missing_madrs: z
    .array(z.strictObject({ index: z.int().min(1), time_point: z.enum(["pre", "4h", "1wk"]) }))
    .default([{ index: 3, time_point: "4h" }]),
});
export type BeliefStudySpec = z.infer<typeof BeliefStudySpecSchema>;
export type BeliefStudySpecInput = z.input<typeof BeliefStudySpecSchema>;

/** The true values behind a simulated study (written as truth.json). */
export interface BeliefTruth {
  readonly seed: number;
  readonly algorithm: string;
  readonly spec: BeliefStudySpec;
  /** E|estimation error| of a trial (percentage points), the same for good and bad news by design. */
  readonly mean_abs_error: number;
  /** Each session's true learning rates and noise SD. */
  readonly sessions: readonly {
    readonly participant_id: string;
    readonly session_id: string;
    readonly group: BeliefGroup;
    readonly time_point: BeliefTimePoint;
    readonly alpha_good: number;
    readonly alpha_bad: number;
    readonly sigma: number;
  }[];
  /**
   * Population effects. `*_group_time_valence`: (patients' change from pre to `follow_up` in
   * good − bad) − (controls' change from their first to their second session in good − bad), in
   * learning-rate units (α) and in update units (α × E|EE|, percentage points) — the coefficient
   * `grouppatient:timepost:valencegood` of the analysis models, whose reference levels are
   * control, pre, bad. Per-group update bias (good − bad, update units) at each time point.
   */
  readonly effects: {
    readonly follow_up: "4h";
    readonly alpha_group_time_valence: number;
    readonly update_group_time_valence: number;
    readonly update_bias: Readonly<Record<string, number>>;
  };
  /**
   * Mediation among patients: a = E[Δ bias] (pre → 4 h, update units), b = MADRS points per point
   * of the TRUE bias change, c′ and a·b. The measured bias change carries trial noise (response
   * noise and the sampling of |EE| per valence), so an estimate of b (and of a·b) from data is
   * attenuated towards 0 (regression dilution); a is unbiased.
   */
  readonly mediation: {
    readonly a: number;
    readonly b: number;
    readonly c_prime: number;
    readonly indirect: number;
    readonly note: string;
  };
}

/** A simulated study: the same tables the BIDS reader gives, and the truth. */
export interface SimulatedBeliefStudy {
  readonly participants: BeliefParticipant[];
  readonly sessions: BeliefSession[];
  readonly trials: BeliefTrial[];
  readonly madrs: BeliefMadrs[];
  readonly truth: BeliefTruth;
}

const PATIENT_TIMES: readonly BeliefTimePoint[] = ["pre", "4h", "1wk"];
const CONTROL_TIMES: readonly BeliefTimePoint[] = ["pre", "1wk"];
const DAYS: Readonly<Record<BeliefTimePoint, number>> = { pre: -1, "4h": 0, "1wk": 7 };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const pad = (i: number) => String(i).padStart(2, "0");

/**
 * Simulates the belief-updating study from `spec` (defaults: {@link BeliefStudySpecSchema}) with
 * R's Mersenne Twister seeded by `seed` (deterministic: the same spec and seed give the same
 * tables, in the same order). The generative model is the one {@link fitLearningRates} fits:
 * - events: fixed integer base rates b; per trial |EE| uniform on the integers 1…⌊f·min(b, 100−b)⌋
 *   with a fair sign (so |EE| has the same distribution for good and bad news), first = b + EE;
 * - learning rates α = clamp(μ[group, time, valence] + u_participant + w_session,valence, 0.01, 0.99);
 * - second = round(first − α·EE + σ·z), clamped to [0, 100]; σ per session uniform on `sigma_range`;
 * - missingness: single responses at random (`p_missing_*`), whole sessions as listed, MADRS values as listed;
 * - MADRS: patients' baseline N(μ, sd), one-week change intercept + slope·Δbias + noise (the
 *   mediation path), controls N(μ, sd) at each session, rounded and clamped to 0–60.
 * Patients are sub-01…sub-NN, controls follow; sessions ses-1… in time order.
 */
export function simulateBeliefStudy(spec: BeliefStudySpecInput = {}, seed = 20221128): SimulatedBeliefStudy {
  const s = BeliefStudySpecSchema.parse(spec);
  const random = randomMersenneTwister(seed);
  const u = () => random.uniform();
  const z = () => normalDraw(random);

  const events = Array.from({ length: s.n_events }, (_, i) => {
    const [lo, hi] = s.base_rate_range;
    const base = lo + random.integer(hi - lo + 1);
    const maxErr = Math.max(1, Math.floor(s.max_error_fraction * Math.min(base, 100 - base)));
    return { id: `e${pad(i + 1)}`, base, maxErr };
  });
  const meanAbsError = events.reduce((a, e) => a + (1 + e.maxErr) / 2, 0) / events.length;

  const participants: BeliefParticipant[] = [];
  const sessions: BeliefSession[] = [];
  const trials: BeliefTrial[] = [];
  const madrs: BeliefMadrs[] = [];
  const truthSessions: BeliefTruth["sessions"][number][] = [];
  const nTotal = s.n_patients + s.n_controls;
  for (let p = 0; p < nTotal; p++) {
    const group: BeliefGroup = p < s.n_patients ? "patient" : "control";
    const index = group === "patient" ? p + 1 : p - s.n_patients + 1;
    const id = `sub-${pad(p + 1)}`;
    const sex = random.coin() ? "M" : "F";
    const age = 34 + random.integer(35);
    participants.push({ participant_id: id, group, sex, age });
    const offset = s.alpha_participant_sd * z();
    const times = group === "patient" ? PATIENT_TIMES : CONTROL_TIMES;
    const trueBias: Partial<Record<BeliefTimePoint, number>> = {};
    const madrsPre = s.madrs_patient_pre[0] + s.madrs_patient_pre[1] * z();
    const madrsNoise = z();
    times.forEach((time, k) => {
      const mu = (s.alpha[group] as Record<string, { good: number; bad: number }>)[time]!;
      const alphaGood = clamp(mu.good + offset + s.alpha_session_sd * z(), 0.01, 0.99);
      const alphaBad = clamp(mu.bad + offset + s.alpha_session_sd * z(), 0.01, 0.99);
      const sigma = s.sigma_range[0] + (s.sigma_range[1] - s.sigma_range[0]) * u();
      trueBias[time] = (alphaGood - alphaBad) * meanAbsError;
      const sessionId = `ses-${k + 1}`;
      const missing = s.missing_sessions.some(
        (m) => m.group === group && m.index === index && m.time_point === time,
      );
      // Draw every trial even for a missing session, so a session's absence leaves the others' draws unchanged.
      const rows: BeliefTrial[] = [];
      const order = events.map((e, i) => ({ e, key: u(), i })).sort((a, b) => a.key - b.key || a.i - b.i);
      order.forEach(({ e }, t) => {
        const abs = 1 + random.integer(e.maxErr);
        const ee = random.coin() ? abs : -abs;
        const first = e.base + ee;
        const alpha = ee > 0 ? alphaGood : alphaBad;
        const second = clamp(Math.round(first - alpha * ee + sigma * z()), 0, 100);
        const missFirst = u() < s.p_missing_first;
        const missSecond = u() < s.p_missing_second;
        const rt1 = 1.5 + 2.5 * u();
        const rt2 = 1.2 + 2 * u();
        rows.push({
          participant_id: id,
          session_id: sessionId,
          trial: t + 1,
          event_id: e.id,
          first_estimate: missFirst ? null : first,
          base_rate: e.base,
          second_estimate: missSecond ? null : second,
          rt_first: missFirst ? null : Math.round(rt1 * 1000) / 1000,
          rt_second: missSecond ? null : Math.round(rt2 * 1000) / 1000,
        });
      });
      truthSessions.push({
        participant_id: id,
        session_id: sessionId,
        group,
        time_point: time,
        alpha_good: alphaGood,
        alpha_bad: alphaBad,
        sigma,
      });
      if (missing) return;
      sessions.push({
        participant_id: id,
        session_id: sessionId,
        time_point: time,
        days_from_first_infusion: DAYS[time],
      });
      trials.push(...rows);
    });
    times.forEach((time, k) => {
      const sessionId = `ses-${k + 1}`;
      if (s.missing_sessions.some((m) => m.group === group && m.index === index && m.time_point === time))
        return;
      let value: number;
      if (group === "control") value = s.madrs_control[0] + s.madrs_control[1] * z();
      else {
        const change =
          s.madrs_change.intercept +
          s.madrs_change.slope * ((trueBias["4h"] ?? 0) - (trueBias.pre ?? 0)) +
          s.madrs_change.residual_sd * madrsNoise;
        value =
          time === "pre" ? madrsPre : madrsPre + (time === "4h" ? s.madrs_change.fraction_4h : 1) * change;
      }
      const missing =
        group === "patient" && s.missing_madrs.some((m) => m.index === index && m.time_point === time);
      madrs.push({
        participant_id: id,
        session_id: sessionId,
        madrs_total: missing ? null : clamp(Math.round(value), 0, 60),
      });
    });
  }

  const a = s.alpha;
  const asym = (c: { good: number; bad: number }) => c.good - c.bad;
  const alphaEffect =
    asym(a.patient["4h"]) - asym(a.patient.pre) - (asym(a.control["1wk"]) - asym(a.control.pre));
  const bias: Record<string, number> = {
    "patient:pre": asym(a.patient.pre) * meanAbsError,
    "patient:4h": asym(a.patient["4h"]) * meanAbsError,
    "patient:1wk": asym(a.patient["1wk"]) * meanAbsError,
    "control:pre": asym(a.control.pre) * meanAbsError,
    "control:1wk": asym(a.control["1wk"]) * meanAbsError,
  };
  const aPath = (asym(a.patient["4h"]) - asym(a.patient.pre)) * meanAbsError;
  return {
    participants,
    sessions,
    trials,
    madrs,
    truth: {
      seed,
      algorithm: random.algorithm,
      spec: s,
      mean_abs_error: meanAbsError,
      sessions: truthSessions,
      effects: {
        follow_up: "4h",
        alpha_group_time_valence: alphaEffect,
        update_group_time_valence: alphaEffect * meanAbsError,
        update_bias: bias,
      },
      mediation: {
        a: aPath,
        b: s.madrs_change.slope,
        c_prime: s.madrs_change.intercept,
        indirect: aPath * s.madrs_change.slope,
        note: "b and a·b act through the true change in update bias; estimates from the measured (noisy) bias change are attenuated towards 0",
      },
    },
  };
}
