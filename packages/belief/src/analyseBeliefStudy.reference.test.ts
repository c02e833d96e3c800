// The belief-updating analysis against R (lme4 1.1-31, lmerTest 3.1-3, emmeans 1.8.4-1) on the
// reference set testdata/reference-stats/belief-updating (inputs, belief-updating.R, reference.json).
// R derives the trial measures, session means and learning rates itself (closed form, checked
// against optim), so the whole chain from trials to models is compared, not only the LMM step.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { describe, expect, it } from "vitest";
import { analyseBeliefStudy } from "./analyseBeliefStudy";
import type { BeliefCoefficient, BeliefModel } from "./results";
import { BeliefMadrsSchema, BeliefParticipantSchema, BeliefSessionSchema, BeliefTrialSchema } from "./schema";

const folder = join(testdataFolder("reference-stats"), "belief-updating");

/** Reads one of the reference CSVs (header row, comma separated, `NA` = missing). */
function readCsv(name: string): Record<string, string | number | null>[] {
  const [header, ...lines] = readFileSync(join(folder, name), "utf8").trim().split("\n");
  const cols = header!.split(",");
  return lines.map((line) => {
    const f = line.split(",");
    return Object.fromEntries(
      cols.map((c, i) => {
        const v = f[i]!;
        if (v === "NA") return [c, null];
        return [c, /^-?[\d.]+(e[-+]?\d+)?$/i.test(v) && !/_id$/.test(c) ? Number(v) : v];
      }),
    );
  });
}

const participants = readCsv("participants.csv").map((r) => BeliefParticipantSchema.parse(r));
const sessions = readCsv("sessions.csv").map((r) => BeliefSessionSchema.parse(r));
const trials = readCsv("trials.csv").map((r) =>
  BeliefTrialSchema.parse({ ...r, event_id: String(r.event_id) }),
);
const madrs = readCsv("madrs.csv").map((r) => BeliefMadrsSchema.parse(r));
const ref = JSON.parse(readFileSync(join(folder, "reference.json"), "utf8"));
const results = analyseBeliefStudy({ participants, sessions, trials, madrs }, { seed: 1, bootstrapB: 2000 });

/** R printed 15 significant digits; the agreement asked for is 1e-6 (relative, absolute near 0). */
function close(actual: number | null, expected: number | null | undefined, what: string, tol = 1e-6): void {
  if (expected === undefined) throw new Error(`${what}: no R value in reference.json`);
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  const err = Math.abs(actual! - expected);
  expect(err <= tol * Math.max(Math.abs(expected), 1e-3), `${what}: ${actual} vs R ${expected}`).toBe(true);
}

/** A row of an R table in reference.json: its label columns and numbers. */
type RRow = Record<string, number | null> & { term: string; group: string; time: string; contrast: string };
interface RModel {
  n_obs: number;
  reml_criterion: number;
  fixed_effects: RRow[];
  anova: RRow[];
  variance_components: RRow[];
  valence_contrasts: RRow[];
  bias_change: RRow[];
}

function compareModel(model: BeliefModel, r: RModel): void {
  expect(model.status).toBe("fitted");
  expect(model.n_obs).toBe(r.n_obs);
  close(-2 * model.loglik_reml!, r.reml_criterion, `${model.name} REML criterion`);
  expect(model.fixed_effects.map((c) => c.term)).toEqual(r.fixed_effects.map((c) => c.term));
  model.fixed_effects.forEach((c: BeliefCoefficient, i) => {
    const e = r.fixed_effects[i]!;
    for (const k of ["estimate", "se", "df", "t", "p"] as const)
      close(c[k], e[k], `${model.name} ${c.term} ${k}`);
  });
  expect(model.anova.map((a) => a.term)).toEqual(r.anova.map((a) => a.term));
  model.anova.forEach((a, i) => {
    const e = r.anova[i]!;
    for (const k of ["num_df", "den_df", "F", "p"] as const)
      close(a[k], e[k], `${model.name} anova ${a.term} ${k}`);
  });
  const vc = Object.fromEntries(model.variance_components.map((v) => [v.group, v]));
  for (const e of r.variance_components) {
    const name = e.group === "participant_id" ? "participant_id" : "Residual";
    close(vc[name]!.variance, e.variance, `${model.name} variance ${name}`);
    close(vc[name]!.sd, e.sd, `${model.name} sd ${name}`);
  }
  expect(model.valence_contrasts).toHaveLength(r.valence_contrasts.length);
  for (const e of r.valence_contrasts) {
    const c = model.valence_contrasts.find((x) => x.time === e.time && (x.group ?? undefined) === e.group);
    expect(c, `${model.name} contrast ${e.group}/${e.time}`).toBeDefined();
    expect(c!.term).toBe(e.contrast);
    const where = `${model.name} good-bad ${e.group ?? ""}/${e.time}`;
    close(c!.estimate, e.estimate, `${where} estimate`);
    close(c!.se, e.SE, `${where} SE`);
    close(c!.df, e.df, `${where} df`);
    close(c!.t, e["t.ratio"], `${where} t`);
    close(c!.p, e["p.value"], `${where} p`);
    close(c!.ci_lower, e["lower.CL"], `${where} CI lower`);
    close(c!.ci_upper, e["upper.CL"], `${where} CI upper`);
  }
  expect(model.bias_change).toHaveLength(r.bias_change.length);
  for (const e of r.bias_change) {
    const time = e["time_trt.vs.ctrl"] as unknown as string;
    const c = model.bias_change.find((x) => x.time === time && (x.group ?? undefined) === e.group);
    expect(c, `${model.name} bias change ${e.group}/${time}`).toBeDefined();
    const where = `${model.name} bias change ${e.group ?? ""}/${time}`;
    close(c!.estimate, e.estimate, `${where} estimate`);
    close(c!.se, e.SE, `${where} SE`);
    close(c!.df, e.df, `${where} df`);
    close(c!.t, e["t.ratio"], `${where} t`);
    close(c!.p, e["p.value"], `${where} p`);
    close(c!.ci_lower, e["lower.CL"], `${where} CI lower`);
    close(c!.ci_upper, e["upper.CL"], `${where} CI upper`);
  }
}

describe("analyseBeliefStudy on the R reference set (belief-updating)", () => {
  it("analyseBeliefStudy(study) counts trials and exclusions as R does", () => {
    expect(results.counts.trials).toBe(ref.n_trials);
    expect(results.counts.trials_used).toBe(ref.n_used);
    for (const [reason, n] of Object.entries(ref.trial_reasons))
      expect(
        results.counts.trials_excluded[reason as keyof typeof results.counts.trials_excluded],
        reason,
      ).toBe(n);
  });

  it("analyseBeliefStudy(study) gives R's per-session mean updates, bias and learning-rate fits", () => {
    expect(results.sessions).toHaveLength(ref.sessions.length);
    for (const e of ref.sessions) {
      const s = results.sessions.find(
        (x) => x.participant_id === e.participant_id && x.session_id === e.session_id,
      )!;
      const where = `${e.participant_id} ${e.session_id}`;
      expect([s.n_trials, s.n_used, s.n_good, s.n_bad, s.time_point, s.group]).toEqual([
        e.n_trials,
        e.n_used,
        e.n_good,
        e.n_bad,
        e.time_point,
        e.group,
      ]);
      for (const k of [
        "mean_update_good",
        "mean_update_bad",
        "update_bias",
        "alpha_good",
        "alpha_bad",
        "sigma",
        "nll",
      ] as const)
        close(s[k], e[k], `${where} ${k}`, 1e-9);
      close(s.madrs_total, e.madrs_total ?? null, `${where} MADRS`);
    }
  });

  for (const name of [
    "update",
    "update_1wk",
    "update_patients",
    "learning_rate",
    "learning_rate_1wk",
  ] as const) {
    it(`analyseBeliefStudy(study).models.${name} agrees with lmerTest/emmeans to 1e-6 (coefficients, SEs, Satterthwaite df, p, type-III F, variance components, good - bad contrasts and their change over time)`, () => {
      compareModel(results.models[name], ref.models[name]);
    });
  }

  it("analyseBeliefStudy(study) MADRS-change regressions and the mediation paths agree with R lm()", () => {
    const lm = (c: BeliefCoefficient | null, e: RRow, what: string) => {
      for (const k of ["estimate", "se", "t", "p", "df"] as const) close(c![k], e[k], `${what} ${k}`);
    };
    expect(results.madrs.bias.n).toBe(ref.madrs_n);
    lm(results.madrs.bias.intercept, ref.madrs_bias[0], "bias intercept");
    lm(results.madrs.bias.slope, ref.madrs_bias[1], "bias slope");
    lm(results.madrs.alpha_good.intercept, ref.madrs_alpha_good[0], "alpha_good intercept");
    lm(results.madrs.alpha_good.slope, ref.madrs_alpha_good[1], "alpha_good slope");
    const m = results.mediation;
    close(m.a!.estimate, ref.mediation.a, "a");
    close(m.c!.estimate, ref.mediation.c, "c");
    lm(m.c_prime, ref.mediation.coefficients[0], "c'");
    lm(m.b, ref.mediation.coefficients[1], "b");
    close(m.indirect, ref.mediation.indirect, "indirect");
  });

  it("analyseBeliefStudy(study, {seed: 1}) bootstraps the indirect effect exactly as R boot() after set.seed(1) (same resamples, percentile limits, SE)", () => {
    const b = results.mediation.bootstrap!;
    const e = ref.mediation.bootstrap;
    expect([b.B, b.n_valid, b.seed]).toEqual([e.B, e.n_valid, e.seed]);
    close(b.percentile_ci[0], e.percentile[0], "percentile lower");
    close(b.percentile_ci[1], e.percentile[1], "percentile upper");
    close(b.se, e.se, "bootstrap SE");
  });
});
