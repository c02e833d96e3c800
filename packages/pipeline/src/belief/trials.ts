import { join } from "node:path";
import { type BeliefTrial, fitLearningRates, sessionSummaries, trialMeasures } from "@fmrs/belief";
import { parseBeliefBehTsv } from "@fmrs/formats";
import {
  BeliefSessionRecord,
  type BeliefSummaryRow,
  type BeliefTrialRow,
  InputError,
  InputErrors,
  type LearningRateRow,
} from "@fmrs/schema";
import { derivativeInput } from "../derivatives";
import { outputPath } from "../layout";
import type { Stage } from "../stage";
import { tableRows } from "../tables";
import { studyUri } from "../uris";

/** The trials of one session's task file (bytes → typed trials); InputErrors listing every bad row. */
export function behTrials(
  file: { readonly path: string; readonly bytes: Uint8Array },
  session: { readonly participant_id: string; readonly session_id: string },
): BeliefTrial[] {
  const parsed = parseBeliefBehTsv(file.path, new TextDecoder().decode(file.bytes));
  if (parsed.problems.length === 1) throw parsed.problems[0] as InputError;
  if (parsed.problems.length > 1) throw new InputErrors(parsed.problems);
  return parsed.rows.map(({ value: r }) => ({
    participant_id: session.participant_id,
    session_id: session.session_id,
    trial: r.trial,
    event_id: r.event_id,
    first_estimate: r.first_estimate,
    base_rate: r.base_rate,
    second_estimate: r.second_estimate,
    rt_first: r.rt_first ?? null,
    rt_second: r.rt_second ?? null,
  }));
}

/**
 * trials (belief-updating): every session's task file → per-trial measures (estimation error,
 * good or bad news, update towards the base rate, exclusions with their reasons; no trial
 * dropped) and per-session summaries (mean update per valence, update bias, counts), by
 * @fmrs/belief's trialMeasures and sessionSummaries.
 */
export const beliefTrialsStage: Stage = {
  name: "trials",
  description:
    "per-trial measures of the belief-update task (estimation error, news, update, exclusions with reasons) and per-session summaries (mean update after good and bad news, update bias)",
  study: [],
  plan(env) {
    const sessions = env.readTable("beliefSessions", BeliefSessionRecord).filter((s) => s.beh_file !== null);
    return [
      {
        id: "",
        inputs: [
          derivativeInput(env.root, "sessions", outputPath(env.root, "beliefSessions")),
          ...sessions.map((s) => ({
            key: `${s.participant_id}/${s.session_id}`,
            path: join(env.studyDir, s.beh_file as string),
            uri: studyUri(s.beh_file as string),
          })),
        ],
        study: [],
        parameters: {},
        outputs: [{ name: "beliefTrials" }, { name: "beliefSummaries" }],
      },
    ];
  },
  run(input) {
    const sessions = tableRows(input.files.sessions, BeliefSessionRecord);
    const trials: BeliefTrial[] = [];
    const problems: InputError[] = [];
    for (const s of sessions) {
      const file = input.files[`${s.participant_id}/${s.session_id}`];
      if (file === undefined) continue;
      try {
        trials.push(...behTrials(file, s));
      } catch (error) {
        if (error instanceof InputErrors) problems.push(...error.problems);
        else if (error instanceof InputError) problems.push(error);
        else throw error;
      }
    }
    if (problems.length > 0) throw new InputErrors(problems);
    const measures = trialMeasures(trials);
    const rows: BeliefTrialRow[] = measures.map((m) => ({
      participant_id: m.participant_id,
      session_id: m.session_id,
      trial: m.trial,
      event_id: m.event_id,
      first_estimate: m.first_estimate,
      base_rate: m.base_rate,
      second_estimate: m.second_estimate,
      rt_first: m.rt_first ?? null,
      rt_second: m.rt_second ?? null,
      estimation_error: m.estimation_error,
      news: m.news,
      update: m.update,
      excluded: m.excluded,
      exclusion_reason: m.exclusion_reason,
    }));
    const bySession = new Map(sessions.map((s) => [`${s.participant_id}/${s.session_id}`, s]));
    const summaries: BeliefSummaryRow[] = sessionSummaries(measures).map((m) => {
      const s = bySession.get(`${m.participant_id}/${m.session_id}`) as BeliefSessionRecord;
      const x = m.excluded_by_reason;
      return {
        participant_id: m.participant_id,
        session_id: m.session_id,
        group: s.group,
        time_point: s.time_point,
        n_trials: m.n_trials,
        n_used: m.n_used,
        n_good: m.n_good,
        n_bad: m.n_bad,
        n_excluded: m.n_excluded,
        n_missing_first_estimate: x.missing_first_estimate,
        n_missing_base_rate: x.missing_base_rate,
        n_missing_second_estimate: x.missing_second_estimate,
        n_out_of_range: x.out_of_range,
        n_no_estimation_error: x.no_estimation_error,
        mean_update_good: m.mean_update_good,
        mean_update_bad: m.mean_update_bad,
        mean_abs_error_good: m.mean_abs_error_good,
        mean_abs_error_bad: m.mean_abs_error_bad,
        update_bias: m.update_bias,
      };
    });
    return [
      { name: "beliefTrials", rows },
      { name: "beliefSummaries", rows: summaries },
    ];
  },
  summary: (_ran, _skipped, outputs) => {
    const o = outputs[0] ?? [];
    const rows = (name: string) => {
      const x = o.find((y) => "name" in y && y.name === name);
      return x !== undefined && "rows" in x ? (x.rows as readonly BeliefTrialRow[]) : [];
    };
    const trials = rows("beliefTrials");
    return `${trials.length} trials (${trials.filter((t) => t.excluded).length} excluded, with reasons), ${rows("beliefSummaries").length} session summaries`;
  },
};

/** The learning-rate table row of a session's fit. */
export function learningRateRow(
  session: { readonly participant_id: string; readonly session_id: string },
  fit: ReturnType<typeof fitLearningRates>,
): LearningRateRow {
  return {
    participant_id: session.participant_id,
    session_id: session.session_id,
    alpha_good: fit.alpha_good,
    alpha_bad: fit.alpha_bad,
    se_good: fit.se_good,
    se_bad: fit.se_bad,
    asymmetry: fit.asymmetry,
    se_asymmetry: fit.se_asymmetry,
    sigma: fit.sigma,
    se_sigma: fit.se_sigma,
    nll: fit.nll,
    n_trials: fit.n_trials,
    n_good: fit.n_good,
    n_bad: fit.n_bad,
    n_excluded: fit.n_excluded,
    at_bound_good: fit.at_bound.good,
    at_bound_bad: fit.at_bound.bad,
    converged: fit.converged,
    model_problems: fit.problems.join("; "),
  };
}

/**
 * model (belief-updating): one unit per session with a task file, depending only on that file:
 * the two-learning-rate model (good and bad news) fitted by maximum likelihood within bounds
 * (@fmrs/belief fitLearningRates), with standard errors. Units run on worker threads when the
 * runner has an executor.
 */
export const beliefModelStage: Stage = {
  name: "model",
  description:
    "fit the good/bad-news learning-rate model to each session by maximum likelihood within bounds, with standard errors (one unit per session, on worker threads)",
  study: [],
  parallel: true,
  plan(env) {
    const sessions = env.readTable("beliefSessions", BeliefSessionRecord);
    return sessions.flatMap((s) => {
      if (s.beh_file === null) return [];
      const ids = { participant_id: s.participant_id, session_id: s.session_id };
      return [
        {
          id: `${s.participant_id}_${s.session_id}`,
          participant: s.participant_id,
          inputs: [{ key: "beh", path: join(env.studyDir, s.beh_file as string), uri: studyUri(s.beh_file) }],
          study: [],
          parameters: { session: ids },
          outputs: [{ name: "learningRates", session: ids }],
        },
      ];
    });
  },
  run(input) {
    const session = input.parameters.session as { participant_id: string; session_id: string };
    const file = input.files.beh;
    if (file === undefined) throw new Error("model: the task file was not declared");
    const fit = fitLearningRates(behTrials(file, session));
    return [{ name: "learningRates", session, rows: [learningRateRow(session, fit)] }];
  },
  summary: (ran, skipped) => `${ran.length} sessions fitted, ${skipped} up to date`,
};
