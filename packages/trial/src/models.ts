import type {
  BlockOutcomeRow,
  Exclusion,
  LmmCoefficientResult,
  LmmResult,
  LmmTermTest,
  OutcomeRow,
} from "@fmrs/schema";
import {
  fitLmm,
  type LmmAnovaRow,
  type LmmCoefficient,
  type LmmFit,
  lmmAnova,
  lmmEmmeans,
  lmmFixedEffects,
  lmmRatio,
} from "@fmrs/stats";
import { compareLabels } from "./studyRecords";

type Row = Record<string, string | number | null>;

/** What one model needs besides its rows. */
interface ModelSpec {
  readonly description: string;
  readonly formula: string;
  readonly factors: Readonly<Record<string, readonly (string | number)[]>>;
  readonly keyTerm: string;
  /** Factor within whose levels condition contrasts are computed; null for one overall contrast. */
  readonly contrastBy: string | null;
  /** Kenward–Roger as well (skipped for the 60-coefficient block model to keep runs short). */
  readonly kenwardRoger: boolean;
}

/** The fitted model and its summary for results.json. */
export interface FittedModel {
  readonly fit: LmmFit;
  readonly result: LmmResult;
}

const coef = (c: LmmCoefficient): LmmCoefficientResult => ({
  term: c.term,
  estimate: c.estimate,
  se: c.se,
  df: c.df,
  t: c.t,
  p: c.p,
  ci95: [c.ciLower, c.ciUpper],
});

const termTest = (r: LmmAnovaRow): LmmTermTest => ({
  term: r.term,
  num_df: r.numDf,
  den_df: r.denDf,
  F: r.F,
  p: r.p,
});

/**
 * Fits one linear mixed model by REML (lme4's profiled deviance; see @fmrs/stats) and summarises
 * it for results.json: coefficients with Satterthwaite t tests (and Kenward–Roger), the type-III F
 * table of both, variance components, REML logLik/AIC/BIC, the key term's F test, and the
 * condition contrast test − reference within each level of `contrastBy` (emmeans-style, equal
 * weights over the other factors). `excluded` lists the rows left out, as the caller explains them.
 */
export function fitModel(rows: readonly Row[], spec: ModelSpec, excluded: readonly Exclusion[]): FittedModel {
  const fit = fitLmm(rows as Row[], {
    formula: spec.formula,
    factors: Object.fromEntries(Object.entries(spec.factors).map(([k, v]) => [k, [...v]])),
  });
  const anova = lmmAnova(fit).map(termTest);
  const key = anova.find((a) => a.term === spec.keyTerm);
  if (key === undefined) throw new Error(`fitModel(): no term ${spec.keyTerm} in ${spec.formula}`);
  const emm = lmmEmmeans(
    fit,
    spec.contrastBy === null ? { specs: "condition" } : { specs: "condition", by: spec.contrastBy },
  );
  const contrasts = emm.contrasts.map((c) => ({
    level: spec.contrastBy === null ? "overall" : (c.by[spec.contrastBy] ?? "?"),
    estimate: c.estimate,
    se: c.se,
    df: c.df,
    t: c.t,
    p: c.p,
    ci95: [c.ciLower, c.ciUpper] as [number, number],
  }));
  const subjects = new Set(fit.rowsUsed.map((i) => rows[i]?.subject));
  // Kenward–Roger can be undefined on a degenerate fit (e.g. a handful of subjects with the
  // subject variance at or near its boundary): then it is reported as null with a message, never
  // as NaN (Satterthwaite stays).
  let fixedKr = spec.kenwardRoger ? lmmFixedEffects(fit, { ddf: "kenward-roger" }).map(coef) : null;
  let anovaKr = spec.kenwardRoger ? lmmAnova(fit, { ddf: "kenward-roger" }).map(termTest) : null;
  const finite = (o: object): boolean =>
    Object.values(o).every((v) =>
      typeof v === "number"
        ? Number.isFinite(v)
        : Array.isArray(v)
          ? v.every((x) => typeof x !== "number" || Number.isFinite(x))
          : true,
    );
  const krMessages: string[] = [];
  if (fixedKr !== null && (!fixedKr.every(finite) || !(anovaKr ?? []).every(finite))) {
    fixedKr = null;
    anovaKr = null;
    krMessages.push("Kenward-Roger degrees of freedom undefined for this fit; Satterthwaite reported only");
  }
  return {
    fit,
    result: {
      description: spec.description,
      formula: fit.formula,
      coding: Object.fromEntries(Object.entries(spec.factors).map(([k, v]) => [k, v.map(String)])),
      n_obs: fit.nObs,
      n_subjects: subjects.size,
      excluded: [...excluded],
      converged: fit.optimizer.converged,
      singular: fit.isSingular,
      messages: [...fit.messages, ...krMessages],
      loglik_reml: fit.logLik,
      aic: fit.aic,
      bic: fit.bic,
      variance_components: fit.varianceComponents.map((v) => ({
        group: v.group,
        variance: v.variance,
        sd: v.sd,
      })),
      fixed_effects: lmmFixedEffects(fit).map(coef),
      fixed_effects_kr: fixedKr,
      anova,
      anova_kr: anovaKr,
      key_term: spec.keyTerm,
      key_test: key,
      contrast_by: spec.contrastBy,
      contrasts,
    },
  };
}

function levelsPresent<T extends string | number>(values: readonly T[], order: readonly T[]): T[] {
  const present = new Set(values);
  return order.filter((v) => present.has(v));
}

/** Condition levels with the reference first (treatment coding: effects are test − reference). */
function conditionLevels(reference: string, test: string): [string, string] {
  return [reference, test];
}

/** QC-passing blocks with a percent change, as model rows, and the sessions that contribute none. */
function blockRows(blocks: readonly BlockOutcomeRow[]): { rows: Row[]; excluded: Exclusion[] } {
  const rows: Row[] = [];
  const bySession = new Map<
    string,
    { participant_id: string; session_id: string; used: number; failed: number }
  >();
  for (const b of blocks) {
    const key = `${b.participant_id}/${b.session_id}`;
    const entry = bySession.get(key) ?? {
      participant_id: b.participant_id,
      session_id: b.session_id,
      used: 0,
      failed: 0,
    };
    if (b.qc_pass && b.pct_change !== null) {
      entry.used++;
      rows.push({
        pct_change: b.pct_change,
        condition: b.condition,
        phase: b.phase,
        period: b.period,
        block: b.block,
        sex: b.sex,
        subject: b.participant_id,
        session: b.session_id,
      });
    } else entry.failed++;
    bySession.set(key, entry);
  }
  const excluded = [...bySession.values()]
    .filter((s) => s.failed > 0)
    .sort(
      (a, b) =>
        compareLabels(a.participant_id, b.participant_id) || compareLabels(a.session_id, b.session_id),
    )
    .map((s) => ({
      participant_id: s.participant_id,
      session_id: s.session_id,
      reason:
        s.used === 0
          ? `all ${s.failed} blocks left out (failed QC or no baseline)`
          : `${s.failed} block${s.failed === 1 ? "" : "s"} left out (failed QC or no baseline)`,
    }));
  return { rows, excluded };
}

/** Glutamate model over infusion phases (primary): pct_change ~ condition * phase + period. */
export function glutamatePhaseModel(
  blocks: readonly BlockOutcomeRow[],
  reference: string,
  test: string,
): FittedModel {
  const { rows, excluded } = blockRows(blocks);
  const phases = levelsPresent(
    rows.map((r) => r.phase as string),
    ["baseline", "infusion", "post"],
  );
  return fitModel(
    rows,
    {
      description: `Does the glutamate response (percent change from baseline per block) differ between ${test} and ${reference} by infusion phase?`,
      formula: "pct_change ~ condition * phase + period + (1 | subject) + (1 | subject:session)",
      factors: { condition: conditionLevels(reference, test), phase: phases, period: [1, 2] },
      keyTerm: "condition:phase",
      contrastBy: "phase",
      kenwardRoger: true,
    },
    excluded,
  );
}

/** Glutamate model block by block: pct_change ~ condition * block (block as a factor). */
export function glutamateBlockModel(
  blocks: readonly BlockOutcomeRow[],
  reference: string,
  test: string,
): FittedModel {
  const { rows, excluded } = blockRows(blocks);
  const numbers = [...new Set(rows.map((r) => r.block as number))].sort((a, b) => a - b);
  return fitModel(
    rows.map((r) => ({ ...r, block: String(r.block) })),
    {
      description: `Block-by-block view: does the ${test} − ${reference} difference in percent change vary over blocks?`,
      formula: "pct_change ~ condition * block + (1 | subject) + (1 | subject:session)",
      factors: { condition: conditionLevels(reference, test), block: numbers.map(String) },
      keyTerm: "condition:block",
      contrastBy: "block",
      kenwardRoger: false,
    },
    excluded,
  );
}

/** MADRS raw scores in long form (pre and 24 h per session), the published model's data. */
export function madrsLongRows(rows: readonly OutcomeRow[]): { rows: Row[]; excluded: Exclusion[] } {
  const out: Row[] = [];
  const excluded: Exclusion[] = [];
  for (const r of rows) {
    for (const [time, score] of [
      ["pre", r.madrs_pre],
      ["24h", r.madrs_24h],
    ] as const) {
      if (score === null) {
        excluded.push({
          participant_id: r.participant_id,
          session_id: r.session_id,
          reason: `MADRS ${time} missing`,
        });
        continue;
      }
      out.push({
        madrs: score,
        condition: r.condition,
        time,
        period: r.period,
        sex: r.sex,
        subject: r.participant_id,
        session: r.session_id,
      });
    }
  }
  return { rows: out, excluded };
}

/** MADRS raw scores: madrs ~ condition * time + (1 | subject) (the published form: F(1, ~74) on 26 subjects). */
export function madrsRawModel(rows: readonly OutcomeRow[], reference: string, test: string): FittedModel {
  const long = madrsLongRows(rows);
  return fitModel(
    long.rows,
    {
      description: `Does the MADRS drop from pre-infusion to 24 h differ between ${test} and ${reference}?`,
      formula: "madrs ~ condition * time + (1 | subject)",
      factors: { condition: conditionLevels(reference, test), time: ["pre", "24h"] },
      keyTerm: "condition:time",
      contrastBy: "time",
      kenwardRoger: true,
    },
    long.excluded,
  );
}

function sessionRows(
  rows: readonly OutcomeRow[],
  outcome: "madrs_change" | "glx_pct_change",
): { rows: Row[]; excluded: Exclusion[] } {
  const out: Row[] = [];
  const excluded: Exclusion[] = [];
  for (const r of rows) {
    const value = r[outcome];
    if (value === null) {
      excluded.push({ participant_id: r.participant_id, session_id: r.session_id, reason: `no ${outcome}` });
      continue;
    }
    out.push({
      [outcome]: value,
      condition: r.condition,
      period: r.period,
      sex: r.sex,
      subject: r.participant_id,
    });
  }
  return { rows: out, excluded };
}

/** MADRS 24 h change: madrs_change ~ condition + period + (1 | subject). */
export function madrsChangeModel(rows: readonly OutcomeRow[], reference: string, test: string): FittedModel {
  const s = sessionRows(rows, "madrs_change");
  return fitModel(
    s.rows,
    {
      description: `Is the MADRS 24 h change different under ${test} than under ${reference}, adjusting for period?`,
      formula: "madrs_change ~ condition + period + (1 | subject)",
      factors: { condition: conditionLevels(reference, test), period: [1, 2] },
      keyTerm: "condition",
      contrastBy: null,
      kenwardRoger: true,
    },
    s.excluded,
  );
}

/** The condition × sex model of a per-session outcome, with the condition contrast within each sex. */
export function sexModel(
  rows: readonly OutcomeRow[],
  outcome: "madrs_change" | "glx_pct_change",
  reference: string,
  test: string,
): FittedModel {
  const s = sessionRows(rows, outcome);
  const sexes = levelsPresent(
    s.rows.map((r) => r.sex as string),
    ["F", "M", "O"],
  );
  return fitModel(
    s.rows,
    {
      description: `Does the ${test} − ${reference} effect on ${outcome} differ between sexes?`,
      formula: `${outcome} ~ condition * sex + period + (1 | subject)`,
      factors: { condition: conditionLevels(reference, test), sex: sexes, period: [1, 2] },
      keyTerm: "condition:sex",
      contrastBy: "sex",
      kenwardRoger: true,
    },
    s.excluded,
  );
}

/**
 * Model-based attenuation of the MADRS response from the change model: the condition effect over
 * the reference-condition mean with both periods weighted equally,
 * attenuation = β_condition / −(β_0 + β_period2/2), with a delta-method SE.
 */
export function modelAttenuation(
  model: FittedModel,
  test: string,
): { estimate: number; se: number; definition: string } {
  const r = lmmRatio(model.fit, { [`condition${test}`]: 1 }, { "(Intercept)": -1, period2: -0.5 });
  return {
    estimate: r.estimate,
    se: r.se,
    definition: `condition${test} / -((Intercept) + period2/2) from the MADRS change model, delta-method SE`,
  };
}
