import { bootstrapSubjects, pearsonCorrelation, randomMersenneTwister } from "@fmrs/stats";
import { fitLearningRates, type LearningRateFit, type LearningRateOptions } from "./fitLearningRates";
import { type BeliefModelRow, type BeliefModelSpec, finite, fitBeliefModel } from "./models";
import { leastSquares } from "./regression";
import type {
  BeliefExclusion,
  BeliefMediation,
  BeliefModel,
  BeliefRegression,
  BeliefResults,
  BeliefSessionResult,
} from "./results";
import {
  type BeliefMadrs,
  type BeliefParticipant,
  type BeliefSession,
  type BeliefTimePoint,
  type BeliefTrial,
  type ExclusionCounts,
  TRIAL_EXCLUSION_REASONS,
  type TrialMeasure,
} from "./schema";
import { compareIds, sessionSummaries } from "./sessionSummaries";
import { trialMeasures } from "./trialMeasures";

/** The parsed tables of a belief-updating study. Give `trials`, or their `measures`. */
export interface BeliefStudyInput {
  readonly participants: readonly BeliefParticipant[];
  readonly sessions: readonly BeliefSession[];
  readonly trials?: readonly BeliefTrial[];
  readonly measures?: readonly TrialMeasure[];
  readonly madrs: readonly BeliefMadrs[];
}

/** Options of {@link analyseBeliefStudy}. */
export interface BeliefAnalysisOptions extends LearningRateOptions {
  /** Seed of the mediation bootstrap (R's Mersenne Twister). */
  readonly seed: number;
  /** Bootstrap replicates of the indirect effect (default 5000). */
  readonly bootstrapB?: number;
}

const key = (p: string, s: string) => `${p}\u0000${s}`;

/** Session × valence model rows and the rows that cannot enter. */
function modelRows(
  sessions: readonly BeliefSessionResult[],
  timeOf: (s: BeliefSessionResult) => string | null,
  value: (s: BeliefSessionResult, v: "good" | "bad") => number | null,
  what: string,
): { rows: BeliefModelRow[]; excluded: BeliefExclusion[] } {
  const rows: BeliefModelRow[] = [];
  const excluded: BeliefExclusion[] = [];
  for (const s of sessions) {
    const time = timeOf(s);
    if (time === null) continue;
    for (const valence of ["bad", "good"] as const) {
      const y = value(s, valence);
      if (y === null)
        excluded.push({
          participant_id: s.participant_id,
          session_id: s.session_id,
          reason: `no ${what} for ${valence} news`,
        });
      else
        rows.push({
          participant_id: s.participant_id,
          session_id: s.session_id,
          group: s.group,
          time,
          valence,
          y,
        });
    }
  }
  return { rows, excluded };
}

/** Group × time × valence model spec; time "post" is `followUp` for patients and the second session for controls. */
function groupTimeSpec(
  name: string,
  response: string,
  followUp: BeliefTimePoint,
  what: string,
): BeliefModelSpec {
  return {
    name,
    description:
      `${what} by group (patient vs control), time (baseline vs follow-up: patients ${followUp === "4h" ? "4 h after the first infusion" : "one week later (after the third infusion)"}, ` +
      "controls their second session one week later) and news valence (good vs bad), participant random intercepts",
    response,
    fixed: "group * time * valence",
    coding: { group: ["control", "patient"], time: ["pre", "post"], valence: ["bad", "good"] },
    timeCoding: { patient: { pre: "pre", post: followUp }, control: { pre: "pre", post: "1wk" } },
    keyTerm: "group:time:valence",
    contrastBy: ["group", "time"],
  };
}

function patientsSpec(): BeliefModelSpec {
  return {
    name: "update_patients",
    description:
      "Patients only: mean update by time point (pre, 4 h, 1 week) and news valence, participant random intercepts",
    response: "update",
    fixed: "time * valence",
    coding: { time: ["pre", "4h", "1wk"], valence: ["bad", "good"] },
    timeCoding: { patient: { pre: "pre", "4h": "4h", "1wk": "1wk" } },
    keyTerm: "time:valence",
    contrastBy: ["time"],
  };
}

function timeLevel(spec: BeliefModelSpec) {
  return (s: BeliefSessionResult): string | null => {
    const coding = spec.timeCoding[s.group];
    if (coding === undefined) return null;
    const hit = Object.entries(coding).find(([, tp]) => tp === s.time_point);
    return hit ? hit[0] : null;
  };
}

/** Patients' paired values: the change of x from pre to `follow`, the MADRS change pre → 1 week. */
function patientChanges(
  sessions: readonly BeliefSessionResult[],
  participants: readonly BeliefParticipant[],
  x: (s: BeliefSessionResult) => number | null,
  follow: BeliefTimePoint,
  xName: string,
) {
  const points: {
    participant_id: string;
    x: number;
    y: number;
    xPre: number;
    xPost: number;
    yPre: number;
    yPost: number;
  }[] = [];
  const excluded: BeliefExclusion[] = [];
  for (const p of participants.filter((q) => q.group === "patient")) {
    const of = (tp: BeliefTimePoint) =>
      sessions.find((s) => s.participant_id === p.participant_id && s.time_point === tp);
    const pre = of("pre");
    const post = of(follow);
    const wk = of("1wk");
    const reasons: string[] = [];
    if (!pre) reasons.push("no pre session");
    if (!post) reasons.push(`no ${follow} session`);
    if (follow !== "1wk" && !wk) reasons.push("no 1wk session");
    const xPre = pre ? x(pre) : null;
    const xPost = post ? x(post) : null;
    if (pre && xPre === null) reasons.push(`${xName} missing at pre`);
    if (post && xPost === null) reasons.push(`${xName} missing at ${follow}`);
    const yPre = pre?.madrs_total ?? null;
    const yPost = wk?.madrs_total ?? null;
    if (pre && yPre === null) reasons.push("MADRS missing at pre");
    if (wk && yPost === null) reasons.push("MADRS missing at 1wk");
    if (reasons.length > 0 || xPre === null || xPost === null || yPre === null || yPost === null) {
      excluded.push({ participant_id: p.participant_id, session_id: null, reason: reasons.join("; ") });
      continue;
    }
    points.push({
      participant_id: p.participant_id,
      x: xPost - xPre,
      y: yPost - yPre,
      xPre,
      xPost,
      yPre,
      yPost,
    });
  }
  return { points, excluded };
}

function regression(
  name: string,
  xDefinition: string,
  data: ReturnType<typeof patientChanges>,
): BeliefRegression {
  const { points, excluded } = data;
  const base = {
    name,
    y_definition: "MADRS total at 1wk − MADRS total at pre (points)",
    x_definition: xDefinition,
    n: points.length,
    points: points.map((p) => ({ participant_id: p.participant_id, x: p.x, y: p.y })),
    excluded,
  };
  const fit =
    points.length >= 3
      ? leastSquares(
          points.map((p) => p.y),
          points.map((p) => [1, p.x]),
          ["(Intercept)", "x"],
        )
      : null;
  if (fit === null)
    return {
      ...base,
      intercept: null,
      slope: null,
      pearson_r: null,
      pearson_p: null,
      reason:
        points.length < 3
          ? `${points.length} patient(s) with complete data, at least 3 needed`
          : "x is constant",
    };
  const pr = pearsonCorrelation(
    points.map((p) => p.x),
    points.map((p) => p.y),
  );
  return {
    ...base,
    intercept: fit[0]!,
    slope: fit[1]!,
    pearson_r: finite(pr.r),
    pearson_p: finite(pr.p),
    reason: null,
  };
}

/**
 * Within-participant mediation for a two-occasion design (Judd, Kenny & McClelland 2001; Montoya &
 * Hayes 2017, Psychol Methods 22:6, the MEMORE model): X = time (pre → follow-up), M = update
 * bias, Y = MADRS. With M_D = M_post − M_pre, Y_D = Y_1wk − Y_pre and M̄_c the participant's mean
 * of M centred: a = mean(M_D); Y_D = c′ + b·M_D + d·M̄_c + ε (OLS); c = mean(Y_D) = c′ + a·b;
 * indirect effect a·b with a nonparametric bootstrap over participants (percentile and BCa
 * intervals; R's Mersenne Twister seeded with `seed`).
 */
function mediation(
  data: ReturnType<typeof patientChanges>,
  follow: BeliefTimePoint,
  seed: number,
  B: number,
): BeliefMediation {
  const { points, excluded } = data;
  const base = {
    method:
      "within-participant mediation, two occasions (Montoya & Hayes 2017, MEMORE; Judd, Kenny & McClelland 2001); nonparametric bootstrap over participants",
    x_definition: `time: pre → ${follow} (patients)`,
    m_definition: `update bias (good − bad news mean update, points): ${follow} − pre`,
    y_definition: "MADRS total: 1wk − pre",
    n: points.length,
    excluded,
  };
  const none = (reason: string): BeliefMediation => ({
    ...base,
    a: null,
    b: null,
    c: null,
    c_prime: null,
    indirect: null,
    bootstrap: null,
    reason,
  });
  if (points.length < 5) return none(`${points.length} patient(s) with complete data, at least 5 needed`);
  const stat = (idx: readonly number[]) => {
    const sel = idx.map((i) => points[i]!);
    const mBar = sel.reduce((a, p) => a + (p.xPre + p.xPost) / 2, 0) / sel.length;
    const fit = leastSquares(
      sel.map((p) => p.y),
      sel.map((p) => [1, p.x, (p.xPre + p.xPost) / 2 - mBar]),
      ["c_prime", "b", "d"],
    );
    const a = sel.reduce((s, p) => s + p.x, 0) / sel.length;
    return { a, fit };
  };
  const all = stat(points.map((_, i) => i));
  if (all.fit === null) return none("the mediator change is constant or collinear with its mean");
  const n = points.length;
  const tOne = (term: string, values: readonly number[]) =>
    leastSquares(
      values,
      values.map(() => [1]),
      [term],
    )?.[0] ?? null;
  const a = tOne(
    "a",
    points.map((p) => p.x),
  );
  const c = tOne(
    "c",
    points.map((p) => p.y),
  );
  const b = all.fit[1]!;
  const cPrime = all.fit[0]!;
  const indirect = all.a * b.estimate!;
  const boot = bootstrapSubjects(
    n,
    (idx) => {
      const r = stat(idx);
      return r.fit === null || r.fit[1]!.estimate === null ? Number.NaN : r.a * r.fit[1]!.estimate;
    },
    { B, random: randomMersenneTwister(seed) },
  );
  return {
    ...base,
    a,
    b: { ...b, term: "b" },
    c,
    c_prime: { ...cPrime, term: "c_prime" },
    indirect: finite(indirect),
    bootstrap: {
      B,
      n_valid: boot.nValid,
      level: boot.level,
      seed,
      algorithm: boot.algorithm,
      se: finite(boot.se),
      percentile_ci: [finite(boot.percentile[0]), finite(boot.percentile[1])],
      bca_ci: boot.bca ? [finite(boot.bca.ci[0]), finite(boot.bca.ci[1])] : null,
    },
    reason: null,
  };
}

/**
 * The belief-updating study's analysis (Bottemanne et al. 2022 design), everything of
 * results.json but provenance:
 * - per session: trial measures → mean update per valence and update bias (sessionSummaries),
 *   the two-learning-rate fit (fitLearningRates), the MADRS total;
 * - `models.update`: session × valence mean update ~ group × time × valence + (1 | participant),
 *   time = baseline vs follow-up (patients 4 h after the first infusion, controls their second
 *   session); `update_1wk` the same with the patients' one-week session; `update_patients` the
 *   patients' three time points; `learning_rate(_1wk)` the same on the fitted learning rates.
 *   REML, Satterthwaite df, type-III F tests (lmerTest), good − bad contrasts per group × time;
 * - `madrs`: patients' MADRS change (1 wk − pre) regressed on the change (4 h − pre) in update
 *   bias and in the good-news learning rate;
 * - `mediation`: time → update bias → MADRS (MEMORE), bootstrap CI of the indirect effect.
 * Trials of a session missing from `sessions`, and sessions of a participant missing from
 * `participants`, are not analysed and are named in `warnings`. Output is JSON-safe (no NaN or
 * Infinity; a non-estimable value is null with a reason) and deterministic given `seed`.
 */
export function analyseBeliefStudy(input: BeliefStudyInput, options: BeliefAnalysisOptions): BeliefResults {
  const warnings: string[] = [];
  const measures = input.measures ?? trialMeasures(input.trials ?? [], options);
  const group = new Map(input.participants.map((p) => [p.participant_id, p.group]));
  const sessionInfo = new Map<string, BeliefSession>();
  for (const s of input.sessions) {
    if (!group.has(s.participant_id)) {
      warnings.push(
        `${s.participant_id} ${s.session_id}: participant not in participants.tsv; session not analysed`,
      );
      continue;
    }
    sessionInfo.set(key(s.participant_id, s.session_id), s);
  }
  const orphan = new Map<string, number>();
  const known = measures.filter((m) => {
    const k = key(m.participant_id, m.session_id);
    if (sessionInfo.has(k)) return true;
    orphan.set(k, (orphan.get(k) ?? 0) + 1);
    return false;
  });
  for (const [k, n] of [...orphan.entries()].sort()) {
    const [p, s] = k.split("\u0000");
    warnings.push(`${p} ${s}: ${n} trial(s) of a session not in sessions.tsv; not analysed`);
  }
  const summaries = new Map(sessionSummaries(known).map((s) => [key(s.participant_id, s.session_id), s]));
  const byKey = new Map<string, TrialMeasure[]>();
  for (const m of known) {
    const k = key(m.participant_id, m.session_id);
    const list = byKey.get(k);
    if (list) list.push(m);
    else byKey.set(k, [m]);
  }
  const madrsOf = new Map(input.madrs.map((m) => [key(m.participant_id, m.session_id), m.madrs_total]));
  const sessionList = [...sessionInfo.values()].sort(
    (a, b) => compareIds(a.participant_id, b.participant_id) || compareIds(a.session_id, b.session_id),
  );
  const emptyCounts = (): ExclusionCounts =>
    Object.fromEntries(TRIAL_EXCLUSION_REASONS.map((r) => [r, 0])) as ExclusionCounts;
  const sessions: BeliefSessionResult[] = sessionList.map((s) => {
    const k = key(s.participant_id, s.session_id);
    const summary = summaries.get(k);
    const trials = byKey.get(k) ?? [];
    if (trials.length === 0) warnings.push(`${s.participant_id} ${s.session_id}: no trials`);
    const fit: LearningRateFit | null = trials.length > 0 ? fitLearningRates(trials, options) : null;
    return {
      participant_id: s.participant_id,
      session_id: s.session_id,
      group: group.get(s.participant_id)!,
      time_point: s.time_point,
      n_trials: summary?.n_trials ?? 0,
      n_used: summary?.n_used ?? 0,
      n_good: summary?.n_good ?? 0,
      n_bad: summary?.n_bad ?? 0,
      excluded_by_reason: summary?.excluded_by_reason ?? emptyCounts(),
      mean_update_good: summary?.mean_update_good ?? null,
      mean_update_bad: summary?.mean_update_bad ?? null,
      update_bias: summary?.update_bias ?? null,
      mean_abs_error_good: summary?.mean_abs_error_good ?? null,
      mean_abs_error_bad: summary?.mean_abs_error_bad ?? null,
      alpha_good: fit?.alpha_good ?? null,
      alpha_bad: fit?.alpha_bad ?? null,
      se_good: fit?.se_good ?? null,
      se_bad: fit?.se_bad ?? null,
      sigma: fit?.sigma ?? null,
      nll: fit?.nll ?? null,
      fit_problems: fit ? [...fit.problems] : ["no trials"],
      madrs_total: madrsOf.get(k) ?? null,
    };
  });
  for (const p of input.participants)
    if (!sessions.some((s) => s.participant_id === p.participant_id))
      warnings.push(`${p.participant_id}: no session analysed`);

  const update = (s: BeliefSessionResult, v: "good" | "bad") =>
    v === "good" ? s.mean_update_good : s.mean_update_bad;
  const alpha = (s: BeliefSessionResult, v: "good" | "bad") => (v === "good" ? s.alpha_good : s.alpha_bad);
  const model = (spec: BeliefModelSpec, value: typeof update, what: string): BeliefModel => {
    const { rows, excluded } = modelRows(sessions, timeLevel(spec), value, what);
    return fitBeliefModel(rows, spec, excluded);
  };
  const updateSpec = groupTimeSpec("update", "update", "4h", "Mean update (points)");
  const update1wk = groupTimeSpec("update_1wk", "update", "1wk", "Mean update (points)");
  const alphaSpec = groupTimeSpec("learning_rate", "alpha", "4h", "Learning rate");
  const alpha1wk = groupTimeSpec("learning_rate_1wk", "alpha", "1wk", "Learning rate");

  const biasData = patientChanges(sessions, input.participants, (s) => s.update_bias, "4h", "update bias");
  const alphaData = patientChanges(
    sessions,
    input.participants,
    (s) => s.alpha_good,
    "4h",
    "good-news learning rate",
  );

  const all = sessions.flatMap((s) => byKey.get(key(s.participant_id, s.session_id)) ?? []);
  const trialsExcluded = emptyCounts();
  for (const m of all) if (m.exclusion_reason !== null) trialsExcluded[m.exclusion_reason]++;
  const sessionCounts: Record<string, number> = {};
  for (const s of sessions)
    sessionCounts[`${s.group}:${s.time_point}`] = (sessionCounts[`${s.group}:${s.time_point}`] ?? 0) + 1;
  return {
    kind: "belief-updating",
    seed: options.seed,
    counts: {
      participants: {
        patient: input.participants.filter((p) => p.group === "patient").length,
        control: input.participants.filter((p) => p.group === "control").length,
      },
      sessions: Object.fromEntries(Object.entries(sessionCounts).sort(([a], [b]) => compareIds(a, b))),
      trials: all.length,
      trials_used: all.filter((m) => !m.excluded).length,
      trials_good: all.filter((m) => !m.excluded && m.news === "good").length,
      trials_bad: all.filter((m) => !m.excluded && m.news === "bad").length,
      trials_excluded: trialsExcluded,
      learning_rates_at_bound: sessions.reduce(
        (a, s) => a + s.fit_problems.filter((p) => p.includes("bound")).length,
        0,
      ),
      learning_rates_not_estimable: sessions.reduce(
        (a, s) => a + (s.alpha_good === null ? 1 : 0) + (s.alpha_bad === null ? 1 : 0),
        0,
      ),
    },
    sessions,
    models: {
      update: model(updateSpec, update, "mean update"),
      update_1wk: model(update1wk, update, "mean update"),
      update_patients: model(patientsSpec(), update, "mean update"),
      learning_rate: model(alphaSpec, alpha, "learning rate"),
      learning_rate_1wk: model(alpha1wk, alpha, "learning rate"),
    },
    madrs: {
      bias: regression(
        "madrs_change_vs_bias_change",
        "update bias at 4h − update bias at pre (points)",
        biasData,
      ),
      alpha_good: regression(
        "madrs_change_vs_alpha_good_change",
        "good-news learning rate at 4h − at pre",
        alphaData,
      ),
    },
    mediation: mediation(biasData, "4h", options.seed, options.bootstrapB ?? 5000),
    warnings,
  };
}
