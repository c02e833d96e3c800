/**
 * Reference tests against testdata/reference-stats/crossover-reference-1 (R 4.2.2: lme4 1.1-31,
 * lmerTest 3.1-3, pbkrtest 0.5.2, emmeans 1.8.4-1). README tolerances: estimates, SEs, variance
 * components, log-likelihoods 1e-6 relative; Satterthwaite and Kenward–Roger df 1e-4 relative.
 *
 * Each model is checked twice:
 *  1. at lme4's θ (`fitLmm(..., { theta })`): every reported value of the section, at the README
 *     tolerances: this checks the whole computation (GLS, likelihoods, vcov, Satterthwaite, KR,
 *     type III, ML refit at lme4's ML θ) independently of optimiser precision;
 *  2. with our own optimiser: for the sections where lme4's BOBYQA reached the optimum to ~1e-9
 *     in θ ("tight") everything again at the README tolerances; for e2, i and h `main` lme4 stopped
 *     1e-6–1e-5 short in θ (our REML log-likelihood is higher), so there the check is that our
 *     optimum is at least as good and agrees to 1e-4 (estimates to 1e-5 SE).
 */
import { describe, expect, it } from "vitest";
import type { LmmRow, LmmSpec } from "./design";
import { fitLmm, type LmmFit, refitLmm } from "./fitLmm";
import { lmmAnova } from "./lmmAnova";
import type { LmmDdf } from "./lmmContrast";
import { lmmEmmeans } from "./lmmEmmeans";
import { lmmFixedEffects } from "./lmmFixedEffects";
import { lmmRatio } from "./lmmRatio";
import {
  madrsLong,
  num,
  pick,
  qcBlocks,
  readCsv,
  readReference,
  referenceFolder,
  sessionRows,
} from "./lmmReference.testHelper";
import { lmmType3Contrasts } from "./lmmType3Contrasts";

interface RefCoef {
  term: string;
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
  ci95_lower: number;
  ci95_upper: number;
}
interface RefVc {
  group: string;
  variance: number;
  sd: number;
}
interface RefAnova {
  term: string;
  sum_sq: number;
  mean_sq: number;
  num_df: number;
  den_df: number;
  F: number;
  p: number;
}
interface RefModel {
  n_obs: number;
  n_groups: Record<string, number>;
  fixed_effects_satterthwaite: RefCoef[];
  fixed_effects_kenward_roger: RefCoef[] | string;
  vcov_fixed_effects: { terms: string[]; matrix: number[][] } | string;
  variance_components: RefVc[];
  theta: number[];
  sigma: number;
  reml_loglik: number;
  reml_criterion_minus2loglik: number;
  n_params_counted_by_lme4: number;
  AIC_reml: number;
  BIC_reml: number;
  ml_refit: {
    loglik: number;
    AIC: number;
    BIC: number;
    fixed_effects: { term: string; estimate: number }[];
    variance_components: RefVc[];
  };
  is_singular: boolean;
  anova_type3_satterthwaite?: RefAnova[];
  anova_type3_kenward_roger?: RefAnova[];
  anova_type3_contrast_matrices?: Record<string, { columns: string[]; rows: number[][] }>;
}
interface RefEmmean {
  emmean: number;
  se: number;
  df: number;
  lower_cl: number;
  upper_cl: number;
  [key: string]: number | string;
}
interface RefEmContrast {
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
  lower_cl: number;
  upper_cl: number;
  [key: string]: number | string;
}

const README = { estimate: 1e-6, df: 1e-4 };

/** Collects relative-difference failures so one test reports all of them. */
class Checker {
  readonly failures: string[] = [];
  maxRel = 0;
  rel(label: string, actual: number, expected: number, tol: number, absFloor = 0): void {
    const diff = Math.abs(actual - expected);
    const scale = Math.abs(expected);
    if (!(diff <= tol * scale + absFloor)) {
      this.failures.push(
        `${label}: ${actual} vs ${expected} (rel ${(diff / scale).toExponential(2)}, tol ${tol})`,
      );
    }
    if (scale > 0) this.maxRel = Math.max(this.maxRel, diff / scale);
  }
  equal(label: string, actual: unknown, expected: unknown): void {
    if (actual !== expected) this.failures.push(`${label}: ${String(actual)} vs ${String(expected)}`);
  }
  done(): void {
    expect(this.failures).toEqual([]);
  }
}

interface Tolerances {
  /** For estimates: |Δ| ≤ tol·max(|x|, SE). */
  estimate: number;
  se: number;
  df: number;
  vc: number;
  loglik: number;
  /** p values: relative (tiny p move by ≈ t²·Δt/t, so they follow the estimates loosely). */
  p: number;
}

const strict: Tolerances = {
  estimate: README.estimate,
  se: README.estimate,
  df: README.df,
  vc: README.estimate,
  loglik: README.estimate,
  p: 1e-4,
};
const loose: Tolerances = { estimate: 1e-5, se: 1e-4, df: 1e-4, vc: 1e-4, loglik: 1e-6, p: 1e-3 };

function compareCoefs(
  c: Checker,
  label: string,
  fit: LmmFit,
  ref: RefCoef[],
  ddf: LmmDdf,
  tol: Tolerances,
): void {
  const ours = lmmFixedEffects(fit, { ddf });
  c.equal(`${label} number of coefficients`, ours.length, ref.length);
  ref.forEach((r, i) => {
    const o = ours[i]!;
    const l = `${label} ${r.term}`;
    c.equal(`${l} name`, o.term, r.term);
    c.rel(`${l} estimate`, o.estimate, r.estimate, 0, tol.estimate * Math.max(Math.abs(r.estimate), r.se));
    c.rel(`${l} se`, o.se, r.se, tol.se);
    c.rel(`${l} df`, o.df, r.df, tol.df);
    c.rel(`${l} t`, o.t, r.t, tol.se, tol.estimate * 10);
    c.rel(`${l} p`, o.p, r.p, tol.p);
    c.rel(`${l} ci lower`, o.ciLower, r.ci95_lower, 0, tol.se * 10 * r.se);
    c.rel(`${l} ci upper`, o.ciUpper, r.ci95_upper, 0, tol.se * 10 * r.se);
  });
}

function compareAnova(
  c: Checker,
  label: string,
  fit: LmmFit,
  ref: RefAnova[],
  ddf: LmmDdf,
  tol: Tolerances,
): void {
  const ours = lmmAnova(fit, { ddf });
  c.equal(`${label} terms`, ours.map((r) => r.term).join(","), ref.map((r) => r.term).join(","));
  ref.forEach((r, i) => {
    const o = ours[i]!;
    const l = `${label} ${r.term}`;
    c.equal(`${l} NumDF`, o.numDf, r.num_df);
    c.rel(`${l} F`, o.F, r.F, tol.se * 10);
    c.rel(`${l} Sum Sq`, o.sumSq, r.sum_sq, tol.se * 10);
    c.rel(`${l} Mean Sq`, o.meanSq, r.mean_sq, tol.se * 10);
    c.rel(`${l} DenDF`, o.denDf, r.den_df, tol.df);
    c.rel(`${l} p`, o.p, r.p, tol.p);
  });
}

function compareVc(
  c: Checker,
  label: string,
  ours: LmmFit["varianceComponents"],
  ref: RefVc[],
  tol: number,
): void {
  c.equal(`${label} groups`, ours.map((v) => v.group).join(","), ref.map((v) => v.group).join(","));
  ref.forEach((r, i) => {
    c.rel(`${label} ${r.group} variance`, ours[i]!.variance, r.variance, tol, r.variance === 0 ? 1e-12 : 0);
    c.rel(`${label} ${r.group} sd`, ours[i]!.sd, r.sd, tol, r.sd === 0 ? 1e-6 : 0);
  });
}

/** θ of an ML refit from its variance components (θ_k = SD_k / σ). */
function mlTheta(ref: RefModel): number[] {
  const vcs = ref.ml_refit.variance_components;
  const sigma = vcs.find((v) => v.group === "Residual")!.sd;
  return vcs.filter((v) => v.group !== "Residual").map((v) => v.sd / sigma);
}

/** Every value of a model section; `fit` may be at lme4's θ or at our own optimum. */
function compareModel(
  c: Checker,
  fit: LmmFit,
  ref: RefModel,
  tol: Tolerances,
  ml: LmmFit,
  mlTol: Tolerances,
): void {
  c.equal("n_obs", fit.nObs, ref.n_obs);
  for (const [g, n] of Object.entries(ref.n_groups)) c.equal(`n_groups ${g}`, fit.nGroups[g], n);
  c.equal("n_params", fit.nParams, ref.n_params_counted_by_lme4);
  c.equal("is_singular", fit.isSingular, ref.is_singular);
  compareCoefs(c, "Satterthwaite", fit, ref.fixed_effects_satterthwaite, "satterthwaite", tol);
  if (Array.isArray(ref.fixed_effects_kenward_roger)) {
    compareCoefs(c, "Kenward-Roger", fit, ref.fixed_effects_kenward_roger, "kenward-roger", tol);
  }
  if (typeof ref.vcov_fixed_effects !== "string") {
    const m = ref.vcov_fixed_effects.matrix;
    c.equal("vcov terms", ref.vcov_fixed_effects.terms.join(","), fit.coefficientNames.join(","));
    m.forEach((row, i) => {
      row.forEach((v, j) => {
        c.rel(`vcov[${i},${j}]`, fit.vcov[i]![j]!, v, 0, tol.se * 2 * Math.sqrt(m[i]![i]! * m[j]![j]!));
      });
    });
  }
  compareVc(c, "VarCorr", fit.varianceComponents, ref.variance_components, tol.vc);
  ref.theta.forEach((t, k) => {
    c.rel(`theta[${k}]`, fit.theta[k]!, t, tol.vc, t === 0 ? 1e-6 : 0);
  });
  c.rel("sigma", fit.sigma, ref.sigma, tol.vc);
  c.rel("REML logLik", fit.logLik, ref.reml_loglik, tol.loglik);
  c.rel("REML criterion", fit.deviance, ref.reml_criterion_minus2loglik, tol.loglik);
  c.rel("AIC", fit.aic, ref.AIC_reml, tol.loglik);
  c.rel("BIC", fit.bic, ref.BIC_reml, tol.loglik);
  c.rel("ML logLik", ml.logLik, ref.ml_refit.loglik, mlTol.loglik);
  c.rel("ML AIC", ml.aic, ref.ml_refit.AIC, mlTol.loglik);
  c.rel("ML BIC", ml.bic, ref.ml_refit.BIC, mlTol.loglik);
  ref.ml_refit.fixed_effects.forEach((r, i) => {
    c.rel(
      `ML ${r.term}`,
      ml.beta[i]!,
      r.estimate,
      0,
      mlTol.estimate * Math.max(Math.abs(r.estimate), ml.se[i]!),
    );
  });
  compareVc(c, "ML VarCorr", ml.varianceComponents, ref.ml_refit.variance_components, mlTol.vc);
  if (ref.anova_type3_satterthwaite) {
    compareAnova(c, "anova Satterthwaite", fit, ref.anova_type3_satterthwaite, "satterthwaite", tol);
  }
  if (ref.anova_type3_kenward_roger) {
    compareAnova(c, "anova Kenward-Roger", fit, ref.anova_type3_kenward_roger, "kenward-roger", tol);
  }
  if (ref.anova_type3_contrast_matrices) {
    const ours = lmmType3Contrasts(fit);
    for (const [term, m] of Object.entries(ref.anova_type3_contrast_matrices)) {
      const o = ours.find((x) => x.term === term);
      c.equal(`type-III L ${term} present`, o !== undefined, true);
      if (o === undefined) continue;
      c.equal(`type-III L ${term} columns`, o.columns.join(","), m.columns.join(","));
      c.equal(`type-III L ${term} rows`, o.rows.length, m.rows.length);
      m.rows.forEach((row, i) => {
        row.forEach((v, j) => {
          c.equal(`type-III L ${term}[${i},${j}]`, o.rows[i]?.[j], v);
        });
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Data and models (README: coding, data sets).

const factors = { treatment: ["PBO", "NTX"], period: [1, 2], sex: ["F", "M"], time: ["pre", "24h"] };

const memo = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}
const reference = (): unknown => cached("reference", readReference);
const refModel = (...path: (string | number)[]): RefModel => pick(reference(), ...path) as RefModel;
const sessions = (): LmmRow[] => cached("sessions", sessionRows);
const blocks = (): LmmRow[] => cached("blocks", qcBlocks);
const long = (): LmmRow[] => cached("long", madrsLong);

interface ModelCase {
  section: string;
  path: (string | number)[];
  data: () => LmmRow[];
  dataName: string;
  formula: string;
  /** lme4 reached the optimum to ~1e-9 in θ: our own optimum is compared at the README tolerances. */
  tight: boolean;
  /** The same for lme4's ML refit (default: as `tight`). */
  mlTight?: boolean;
  extra?: (ref: RefModel) => RefModel;
}

const cases: ModelCase[] = [
  {
    section: "b_lmm_madrs",
    path: ["b_lmm_madrs"],
    data: sessions,
    dataName: "sessions",
    formula: "madrs_change ~ treatment + period + (1 | subject)",
    tight: true,
  },
  {
    section: "b2_lmm_madrs_with_sequence",
    path: ["b2_lmm_madrs_with_sequence"],
    data: sessions,
    dataName: "sessions",
    formula: "madrs_change ~ sequence + period + treatment + (1 | subject)",
    tight: true,
  },
  {
    section: "b3_lmm_madrs_pct",
    path: ["b3_lmm_madrs_pct"],
    data: sessions,
    dataName: "sessions",
    formula: "madrs_pct_change ~ treatment + period + (1 | subject)",
    tight: true,
  },
  {
    section: "c_lmm_madrs_sex",
    path: ["c_lmm_madrs_sex"],
    data: sessions,
    dataName: "sessions",
    formula: "madrs_change ~ treatment * sex + period + (1 | subject)",
    tight: true,
  },
  {
    section: "e1_treatment_by_time_block",
    path: ["e_glutamate", "e1_treatment_by_time_block"],
    data: blocks,
    dataName: "qc blocks",
    formula: "glu_pct ~ treatment * time_block + (1 | subject) + (1 | subject:session)",
    tight: true,
    // lme4's ML refit of e1 stopped short: its ML log-likelihood is lower than ours, VarCorr 1.1e-6 off.
    mlTight: false,
  },
  {
    section: "e2_treatment_by_phase (+ k_type3_e2)",
    path: ["e_glutamate", "e2_treatment_by_phase"],
    data: blocks,
    dataName: "qc blocks",
    formula: "glu_pct ~ treatment * phase + period + (1 | subject) + (1 | subject:session)",
    tight: false,
    extra: (ref) => ({
      ...ref,
      anova_type3_kenward_roger: pick(reference(), "k_type3_e2", "anova_type3_kenward_roger") as RefAnova[],
      anova_type3_contrast_matrices: pick(
        reference(),
        "k_type3_e2",
        "anova_type3_contrast_matrices",
      ) as RefModel["anova_type3_contrast_matrices"],
    }),
  },
  {
    section: "e3_session_level_pct_change",
    path: ["e_glutamate", "e3_session_level_pct_change"],
    data: sessions,
    dataName: "sessions",
    formula: "glu_pct_change ~ treatment + period + (1 | subject)",
    tight: true,
  },
  {
    section: "h_lmm_madrs_raw main (singular)",
    path: ["h_lmm_madrs_raw", "main"],
    data: long,
    dataName: "long MADRS",
    formula: "madrs ~ treatment * time + period + (1 | subject) + (1 | subject:session)",
    tight: false,
  },
  {
    section: "h_lmm_madrs_raw simple",
    path: ["h_lmm_madrs_raw", "simple"],
    data: long,
    dataName: "long MADRS",
    formula: "madrs ~ treatment * time + (1 | subject)",
    tight: true,
  },
  {
    section: "i_lmm_glu_raw",
    path: ["i_lmm_glu_raw"],
    data: blocks,
    dataName: "qc blocks",
    formula: "glu ~ treatment * phase + period + (1 | subject) + (1 | subject:session)",
    tight: false,
  },
];

const specOf = (m: ModelCase): LmmSpec => ({ formula: m.formula, factors: { ...factors, time_block: true } });
const ownFit = (m: ModelCase): LmmFit => cached(`fit ${m.section}`, () => fitLmm(m.data(), specOf(m)));
const refOf = (m: ModelCase): RefModel => (m.extra ?? ((r: RefModel) => r))(refModel(...m.path));

describe("linear mixed models against crossover-reference-1", () => {
  for (const m of cases) {
    it(`fitLmm(${m.dataName}, "${m.formula}", { theta: lme4's θ }) reproduces ${m.section}`, () => {
      const ref = refOf(m);
      const fit = fitLmm(m.data(), specOf(m), { theta: ref.theta });
      const ml = refitLmm(fit, { method: "ML", theta: mlTheta(ref) });
      const c = new Checker();
      compareModel(c, fit, ref, strict, ml, strict);
      c.done();
    });

    it(`fitLmm(${m.dataName}, "${m.formula}") reaches lme4's REML optimum for ${m.section}`, () => {
      const ref = refOf(m);
      const fit = ownFit(m);
      expect(fit.optimizer.converged).toBe(true);
      // Our optimum is never worse than lme4's (up to rounding of the deviance).
      expect(fit.logLik).toBeGreaterThanOrEqual(ref.reml_loglik - 1e-9 * Math.abs(ref.reml_loglik));
      const ml = refitLmm(fit, { method: "ML" });
      expect(ml.logLik).toBeGreaterThanOrEqual(ref.ml_refit.loglik - 1e-9 * Math.abs(ref.ml_refit.loglik));
      const c = new Checker();
      compareModel(c, fit, ref, m.tight ? strict : loose, ml, (m.mlTight ?? m.tight) ? strict : loose);
      c.done();
    });
  }

  it("fitLmm(sessions, b) lists the session without madrs_change as dropped", () => {
    const fit = ownFit(cases[0]!);
    expect(fit.rowsDropped).toHaveLength(1);
    const row = sessions()[fit.rowsDropped[0]!.row]!;
    expect([row.subject, row.period, row.madrs_change]).toEqual(["S23", 1, null]);
    expect(fit.rowsDropped[0]!.reason).toBe("missing value in madrs_change");
  });

  it("fitLmm(long MADRS, h main) drops exactly h.rows_dropped and is singular at subject:session", () => {
    const h = pick(reference(), "h_lmm_madrs_raw");
    const fit = ownFit(cases[7]!);
    const dropped = fit.rowsDropped.map((d) => long()[d.row]!);
    const expected = pick(h, "rows_dropped") as {
      subject: string;
      period: number;
      treatment: string;
      time: string;
    }[];
    expect(dropped.map((r) => [r.subject, r.period, r.treatment, r.time])).toEqual(
      expected.map((r) => [r.subject, r.period, r.treatment, r.time]),
    );
    expect(fit.nObs).toBe(num(h, "n_rows_used"));
    expect(fit.theta[0]).toBe(0);
    expect(fit.varianceComponents[0]).toEqual({ group: "subject:session", variance: 0, sd: 0 });
    expect(fit.isSingular).toBe(true);
  });

  it("fitLmm(long MADRS, h main) equals the fit without (1 | subject:session) (singular_fit_check)", () => {
    const main = ownFit(cases[7]!);
    const without = fitLmm(long(), { formula: "madrs ~ treatment * time + period + (1 | subject)", factors });
    const c = new Checker();
    main.beta.forEach((b, i) => {
      c.rel(`beta ${i}`, b, without.beta[i]!, 1e-10, 1e-12);
    });
    main.se.forEach((s, i) => {
      c.rel(`se ${i}`, s, without.se[i]!, 1e-10);
    });
    c.rel("logLik", main.logLik, without.logLik, 1e-12);
    c.rel("theta subject", main.theta[1]!, without.theta[0]!, 1e-9);
    const a = lmmFixedEffects(main);
    const b = lmmFixedEffects(without);
    a.forEach((r, i) => {
      c.rel(`Satterthwaite df ${r.term}`, r.df, b[i]!.df, 1e-8);
    });
    c.done();
  });

  it("fitLmm(long MADRS, h main, { theta: { subject:session: θ } }) reproduces the REML profile of the singular fit", () => {
    const profile = pick(
      reference(),
      "h_lmm_madrs_raw",
      "main",
      "singular_fit_check",
      "reml_profile_theta_session",
    ) as {
      theta_session: number;
      theta_subject_at_max: number;
      max_reml_loglik: number;
    }[];
    const c = new Checker();
    let previous = Number.POSITIVE_INFINITY;
    for (const point of profile) {
      const fit = fitLmm(long(), specOf(cases[7]!), { theta: { "subject:session": point.theta_session } });
      c.rel(
        `θ_subject at θ_session = ${point.theta_session}`,
        fit.theta[1]!,
        point.theta_subject_at_max,
        1e-5,
      );
      c.rel(`max REML logLik at θ_session = ${point.theta_session}`, fit.logLik, point.max_reml_loglik, 1e-9);
      // It falls monotonically from the boundary: the singular fit is the REML maximum.
      expect(fit.logLik).toBeLessThanOrEqual(previous);
      previous = fit.logLik;
    }
    c.done();
  });

  it("fitLmm(complete cases, b) reproduces d.lmm_on_complete_cases_satterthwaite (= Hills–Armitage)", () => {
    const complete = sessions().filter(
      (r) => sessions().filter((s) => s.subject === r.subject && s.madrs_change !== null).length === 2,
    );
    const fit = fitLmm(complete, { formula: "madrs_change ~ treatment + period + (1 | subject)", factors });
    expect(fit.rowsDropped).toHaveLength(0);
    const ref = pick(reference(), "d_hills_armitage", "lmm_on_complete_cases_satterthwaite") as RefCoef[];
    const c = new Checker();
    compareCoefs(c, "complete cases", fit, ref, "satterthwaite", strict);
    const treat = lmmFixedEffects(fit)[1]!;
    c.rel(
      "Hills–Armitage estimate",
      treat.estimate,
      num(reference(), "d_hills_armitage", "treatment", "estimate"),
      1e-9,
    );
    c.done();
  });

  it("lmmFixedEffects(c fit) reproduces the interaction treatmentNTX:sexM (Satterthwaite and KR)", () => {
    const fit = ownFit(cases[3]!);
    const c = new Checker();
    for (const [key, ddf] of [
      ["satterthwaite", "satterthwaite"],
      ["kenward_roger", "kenward-roger"],
    ] as const) {
      const ref = pick(reference(), "c_lmm_madrs_sex", "interaction", key) as RefCoef[];
      const row = lmmFixedEffects(fit, { ddf }).find((r) => r.term === "treatmentNTX:sexM")!;
      c.rel(`${key} estimate`, row.estimate, ref[0]!.estimate, 1e-6);
      c.rel(`${key} se`, row.se, ref[0]!.se, 1e-6);
      c.rel(`${key} df`, row.df, ref[0]!.df, 1e-4);
      c.rel(`${key} p`, row.p, ref[0]!.p, 1e-4);
    }
    c.done();
  });

  const emmeansCases = [
    {
      section: "c_lmm_madrs_sex",
      model: 3,
      by: "sex",
      contrasts: "ntx_minus_pbo_by_sex",
      path: ["c_lmm_madrs_sex", "emmeans"],
    },
    {
      section: "e2_treatment_by_phase",
      model: 5,
      by: "phase",
      contrasts: "ntx_minus_pbo_by_phase",
      path: ["e_glutamate", "e2_treatment_by_phase", "emmeans"],
    },
    {
      section: "h main",
      model: 7,
      by: "time",
      contrasts: "ntx_minus_pbo_by_time",
      path: ["h_lmm_madrs_raw", "main", "emmeans"],
    },
    {
      section: "h simple",
      model: 8,
      by: "time",
      contrasts: "ntx_minus_pbo_by_time",
      path: ["h_lmm_madrs_raw", "simple", "emmeans"],
    },
    {
      section: "i_lmm_glu_raw",
      model: 9,
      by: "phase",
      contrasts: "ntx_minus_pbo_by_phase",
      path: ["i_lmm_glu_raw", "emmeans"],
    },
  ];
  for (const e of emmeansCases) {
    for (const [key, ddf] of [
      ["satterthwaite", "satterthwaite"],
      ["kenward_roger", "kenward-roger"],
    ] as const) {
      it(`lmmEmmeans(${e.section} fit at lme4's θ, { specs: "treatment", by: "${e.by}", ddf: "${ddf}" }) reproduces emmeans`, () => {
        const m = cases[e.model]!;
        const fit = fitLmm(m.data(), specOf(m), { theta: refOf(m).theta });
        const { emmeans, contrasts } = lmmEmmeans(fit, { specs: "treatment", by: e.by, ddf });
        const refCells = pick(reference(), ...e.path, key, "cell_means") as RefEmmean[];
        const refContrasts = pick(reference(), ...e.path, key, e.contrasts) as RefEmContrast[];
        const c = new Checker();
        c.equal("cells", emmeans.length, refCells.length);
        refCells.forEach((r, i) => {
          const o = emmeans[i]!;
          const l = `${r.treatment} ${r[e.by]}`;
          c.equal(`${l} levels`, `${o.levels.treatment} ${o.levels[e.by]}`, l);
          c.rel(`${l} emmean`, o.emmean, r.emmean, 0, 1e-6 * Math.max(Math.abs(r.emmean), r.se));
          c.rel(`${l} se`, o.se, r.se, 1e-6);
          c.rel(`${l} df`, o.df, r.df, 1e-4);
          c.rel(`${l} lower`, o.ciLower, r.lower_cl, 0, 1e-5 * r.se);
          c.rel(`${l} upper`, o.ciUpper, r.upper_cl, 0, 1e-5 * r.se);
        });
        c.equal("contrasts", contrasts.length, refContrasts.length);
        refContrasts.forEach((r, i) => {
          const o = contrasts[i]!;
          const l = `NTX - PBO | ${r[e.by]}`;
          c.equal(`${l} label`, `${o.contrast} | ${o.by[e.by]}`, l);
          c.rel(`${l} estimate`, o.estimate, r.estimate, 0, 1e-6 * Math.max(Math.abs(r.estimate), r.se));
          c.rel(`${l} se`, o.se, r.se, 1e-6);
          c.rel(`${l} df`, o.df, r.df, 1e-4);
          c.rel(`${l} t`, o.t, r.t, 1e-6, 1e-9);
          c.rel(`${l} p`, o.p, r.p, 1e-4);
          c.rel(`${l} lower`, o.ciLower, r.lower_cl, 0, 1e-5 * r.se);
          c.rel(`${l} upper`, o.ciUpper, r.upper_cl, 0, 1e-5 * r.se);
        });
        c.done();
      });
    }
  }

  it("lmmFTest(h fits, key term) reproduces the 1-df treatment:time F = t² and its coefficient", () => {
    const c = new Checker();
    for (const [idx, name] of [
      [7, "main"],
      [8, "simple"],
    ] as const) {
      const m = cases[idx]!;
      const fit = fitLmm(m.data(), specOf(m), { theta: refOf(m).theta });
      const key = pick(reference(), "h_lmm_madrs_raw", name, "key_term");
      const anovaRef = (pick(key, "satterthwaite") as RefAnova[])[0]!;
      const coefRef = (pick(key, "coefficient_satterthwaite") as RefCoef[])[0]!;
      const row = lmmAnova(fit).find((r) => r.term === "treatment:time")!;
      const coef = lmmFixedEffects(fit).find((r) => r.term === "treatmentNTX:time24h")!;
      c.rel(`${name} F`, row.F, anovaRef.F, 1e-6);
      c.rel(`${name} DenDF`, row.denDf, anovaRef.den_df, 1e-4);
      c.rel(`${name} F = t²`, row.F, coef.t ** 2, 1e-12);
      c.rel(`${name} coefficient`, coef.estimate, coefRef.estimate, 1e-6);
      c.rel(`${name} coefficient df`, coef.df, coefRef.df, 1e-4);
    }
    c.done();
  });

  it("lmmRatio(b fit, treatmentNTX, −((Intercept) + period2/2)) reproduces j.model_b attenuation and delta-method SE", () => {
    const j = pick(reference(), "j_attenuation", "model_b");
    const fit = ownFit(cases[0]!);
    const att = lmmRatio(fit, { treatmentNTX: 1 }, { "(Intercept)": -1, period2: -0.5 });
    const c = new Checker();
    c.rel("attenuation", att.estimate, num(j, "attenuation"), 1e-6);
    c.rel("se_delta_method", att.se, num(j, "se_delta_method"), 1e-6);
    c.rel("pbo_mean", -att.denominator, num(j, "pbo_mean"), 1e-6);
    const p1 = lmmRatio(fit, { treatmentNTX: 1 }, { "(Intercept)": -1 });
    c.rel(
      "variant_period1_intercept_only",
      p1.estimate,
      num(j, "variant_period1_intercept_only", "attenuation"),
      1e-6,
    );
    c.done();
  });

  it("lmmRatio on lmmEmmeans(c fit, treatment | sex) reproduces j.model_c_by_sex", () => {
    const j = pick(reference(), "j_attenuation", "model_c_by_sex");
    const fit = ownFit(cases[3]!);
    const { emmeans, contrasts } = lmmEmmeans(fit, { specs: "treatment", by: "sex" });
    const c = new Checker();
    for (const sex of ["F", "M"]) {
      const pbo = emmeans.find((e) => e.levels.sex === sex && e.levels.treatment === "PBO")!;
      const diff = contrasts.find((e) => e.by.sex === sex)!;
      const att = lmmRatio(
        fit,
        diff.weights,
        pbo.weights.map((w) => -w),
      );
      c.rel(`${sex} attenuation`, att.estimate, num(j, sex, "attenuation"), 1e-6);
      c.rel(`${sex} pbo_mean_change`, pbo.emmean, num(j, sex, "pbo_mean_change"), 1e-6);
      c.rel(`${sex} ntx_minus_pbo`, diff.estimate, num(j, sex, "ntx_minus_pbo"), 1e-6);
    }
    c.done();
  });

  it("lmmRatio(h main fit, treatmentNTX:time24h, −time24h) reproduces j.model_h_raw_long", () => {
    const j = pick(reference(), "j_attenuation", "model_h_raw_long");
    const m = cases[7]!;
    const c = new Checker();
    // At lme4's θ (the value in the reference) and at our own optimum (lme4 stopped 2e-6 short in θ).
    const atRef = fitLmm(m.data(), specOf(m), { theta: refOf(m).theta });
    for (const [label, fit, tol] of [
      ["lme4 θ", atRef, 1e-6],
      ["own optimum", ownFit(m), 1e-5],
    ] as const) {
      const att = lmmRatio(fit, { "treatmentNTX:time24h": 1 }, { time24h: -1 });
      c.rel(`${label} attenuation`, att.estimate, num(j, "attenuation"), tol);
      c.rel(`${label} time24h`, -att.denominator, num(j, "time24h"), tol);
      c.rel(`${label} treatmentNTX:time24h`, att.numerator, num(j, "treatmentNTX_time24h"), tol);
    }
    c.done();
  });

  it("fitLmm(qc blocks, e1) with 60 fixed effects fits, and gives Satterthwaite, type III and Kenward–Roger", () => {
    const m = cases[4]!;
    const data = m.data();
    const fit = fitLmm(data, specOf(m));
    const coefs = lmmFixedEffects(fit);
    const anova = lmmAnova(fit);
    const kr = lmmFixedEffects(fit, { ddf: "kenward-roger" });
    expect(fit.coefficientNames).toHaveLength(60);
    expect(coefs).toHaveLength(60);
    expect(anova.map((r) => r.term)).toEqual(["treatment", "time_block", "treatment:time_block"]);
    expect(kr.every((r) => Number.isFinite(r.df) && r.df > 0)).toBe(true);
  });

  it("readCsv(mrs_blocks.csv) gives the 1514 QC-passing blocks of section e", () => {
    expect(blocks()).toHaveLength(num(reference(), "e_glutamate", "n_blocks_used"));
    expect(readCsv("per_subject.csv")).toHaveLength(26);
  });
});
