import { type Mat, zeros } from "./linalg";
import { type LmmFixedTerm, type LmmFormula, parseLmmFormula } from "./parseLmmFormula";

/** One cell of the input data: a missing value is null, undefined or NaN. */
export type LmmCell = string | number | boolean | null | undefined;

/** One row of input data: column name → value. */
export type LmmRow = Readonly<Record<string, LmmCell>>;

/** Input data: an array of row objects, or an object of equally long columns. */
export type LmmData = readonly LmmRow[] | Readonly<Record<string, readonly LmmCell[]>>;

/**
 * How a column is coded as a factor: `true` (a factor with R's default level order), an array of
 * levels (the first is the reference), or `{ levels?, reference? }` (`reference` moves that level
 * to the front, like R's `relevel`).
 */
export type LmmFactorSpec =
  | true
  | readonly (string | number)[]
  | { readonly levels?: readonly (string | number)[]; readonly reference?: string | number };

/** Options shared by both ways of writing a model. */
export interface LmmSpecCommon {
  /**
   * Columns to treat as factors and their levels. String and boolean columns are factors anyway
   * (levels sorted by code point, i.e. R's order in the C locale; numbers sort numerically); a
   * numeric column not listed here is a numeric covariate.
   */
  readonly factors?: Readonly<Record<string, LmmFactorSpec>>;
}

/** A model written as an lme4 formula, e.g. `"y ~ treatment * sex + period + (1 | subject)"`. */
export interface LmmFormulaSpec extends LmmSpecCommon {
  readonly formula: string;
}

/**
 * A model written in parts: `fixed` is a right-hand side (`"treatment * sex + period"`) or a list
 * of terms (`["treatment", "sex", "treatment:sex", "period"]`); `random` lists grouping factors
 * of random intercepts (`["subject", "subject:session"]`; `"(1 | subject)"` is accepted too).
 */
export interface LmmPartsSpec extends LmmSpecCommon {
  readonly response: string;
  readonly fixed: string | readonly string[];
  readonly random: readonly string[];
}

/** A model specification: an lme4 formula or its parts. */
export type LmmSpec = LmmFormulaSpec | LmmPartsSpec;

/** A data row left out of the fit and why. */
export interface LmmDroppedRow {
  /** 0-based index of the row in the input data. */
  readonly row: number;
  readonly reason: string;
}

/** How a variable of the fixed part is coded. */
export type LmmVariable =
  | { readonly kind: "factor"; readonly levels: readonly string[] }
  | { readonly kind: "numeric"; readonly mean: number };

/** A random-intercept grouping factor of the fitted model (in lme4's order). */
export interface LmmGrouping {
  readonly label: string;
  readonly variables: readonly string[];
  readonly levels: readonly string[];
  /** Per used observation, the index of its level. */
  readonly index: Int32Array;
}

/** The model frame and design matrices of a fit (internal representation, documented in README). */
export interface LmmDesign {
  readonly formula: LmmFormula;
  readonly n: number;
  /** Input-row index of each used observation. */
  readonly rowIndex: readonly number[];
  readonly dropped: readonly LmmDroppedRow[];
  readonly y: Float64Array;
  /** n × p fixed-effects design (R's model.matrix with treatment contrasts). */
  readonly X: Mat;
  readonly coefficientNames: readonly string[];
  /** Per column of X: index into formula.fixedTerms, or -1 for the intercept. */
  readonly assign: readonly number[];
  readonly variables: Readonly<Record<string, LmmVariable>>;
  /** Per fixed term and per variable in it: coded by contrasts (true) or by indicators (false). */
  readonly contrastCoded: readonly (readonly boolean[])[];
  readonly groupings: readonly LmmGrouping[];
  /** Per used observation, the value of each fixed-part variable (level index or number). */
  readonly values: Readonly<Record<string, Float64Array>>;
}

function isMissing(v: LmmCell): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}

function labelOf(v: string | number | boolean): string {
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

/** Reads the data as columns (row objects are transposed). */
function columnsOf(data: LmmData, names: readonly string[]): { n: number; get: (name: string) => LmmCell[] } {
  if (Array.isArray(data)) {
    const rows = data as readonly LmmRow[];
    return {
      n: rows.length,
      get: (name) => {
        if (rows.length > 0 && !rows.some((r) => name in r)) throw new Error(`fitLmm: no column "${name}"`);
        return rows.map((r) => r[name]);
      },
    };
  }
  const cols = data as Readonly<Record<string, readonly LmmCell[]>>;
  let n = -1;
  for (const name of names) {
    const c = cols[name];
    if (c === undefined) throw new Error(`fitLmm: no column "${name}"`);
    if (n >= 0 && c.length !== n)
      throw new Error(`fitLmm: column "${name}" has ${c.length} values, expected ${n}`);
    n = c.length;
  }
  return { n: Math.max(n, 0), get: (name) => [...(cols[name] as readonly LmmCell[])] };
}

/** The parsed formula of a spec. */
export function formulaOfSpec(spec: LmmSpec): LmmFormula {
  if ("formula" in spec) return parseLmmFormula(spec.formula);
  const fixed =
    typeof spec.fixed === "string" ? spec.fixed : spec.fixed.length ? spec.fixed.join(" + ") : "1";
  const random = spec.random.map((g) => (g.includes("|") ? g : `(1 | ${g})`));
  return parseLmmFormula([fixed, ...random].join(" + "), spec.response);
}

function factorLevels(
  name: string,
  values: readonly LmmCell[],
  spec: LmmFactorSpec | undefined,
): { levels: string[]; explicit: boolean } {
  let levels: string[];
  let explicit = false;
  const given =
    spec === undefined || spec === true
      ? undefined
      : Array.isArray(spec)
        ? spec
        : (spec as { levels?: readonly (string | number)[] }).levels;
  if (given !== undefined) {
    levels = given.map((v) => labelOf(v));
    explicit = true;
    if (new Set(levels).size !== levels.length)
      throw new Error(`fitLmm: duplicated levels for factor "${name}"`);
  } else {
    const present = values.filter((v) => !isMissing(v)) as (string | number | boolean)[];
    if (present.every((v) => typeof v === "number")) {
      levels = [...new Set(present as number[])].sort((a, b) => a - b).map((v) => labelOf(v));
    } else if (present.every((v) => typeof v === "boolean")) {
      levels = ["FALSE", "TRUE"].filter((l) => present.some((v) => labelOf(v) === l));
    } else {
      levels = [...new Set(present.map((v) => labelOf(v)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
  }
  const reference =
    spec !== undefined && spec !== true && !Array.isArray(spec)
      ? (spec as { reference?: string | number }).reference
      : undefined;
  if (reference !== undefined) {
    const r = labelOf(reference);
    if (!levels.includes(r)) throw new Error(`fitLmm: reference level "${r}" is not a level of "${name}"`);
    levels = [r, ...levels.filter((l) => l !== r)];
  }
  return { levels, explicit };
}

/**
 * R's coding rule (Chambers & Hastie 1992, ch. 2; R's model.c): a factor F in term T is coded by
 * contrasts when the term T∖F is in the model before T (the empty term counts as present), by
 * indicators otherwise; without an intercept, the first factor of the first term that has a factor
 * is coded by indicators.
 */
export function contrastCodingOf(
  terms: readonly LmmFixedTerm[],
  intercept: boolean,
  isFactor: (v: string) => boolean,
): boolean[][] {
  const keyOf = (vars: readonly string[]): string => [...vars].sort().join("\u0000");
  const coded = terms.map((term, t) => {
    const earlier = new Set(terms.slice(0, t).map((x) => keyOf(x.variables)));
    return term.variables.map((v) => {
      if (!isFactor(v)) return false;
      const margin = term.variables.filter((u) => u !== v);
      return margin.length === 0 || earlier.has(keyOf(margin));
    });
  });
  if (!intercept) {
    outer: for (let t = 0; t < terms.length; t++) {
      const vars = terms[t]!.variables;
      for (let i = 0; i < vars.length; i++) {
        if (isFactor(vars[i]!)) {
          coded[t]![i] = false;
          break outer;
        }
      }
    }
  }
  return coded;
}

/** The columns (names and a row evaluator) of one term under a given per-variable coding. */
export function termColumns(
  term: LmmFixedTerm,
  contrast: readonly boolean[],
  variables: Readonly<Record<string, LmmVariable>>,
): { names: string[]; slots: (number | null)[][] } {
  // Each column is a choice of one "slot" per variable: a level index for factors, null for numerics.
  let combos: (number | null)[][] = [[]];
  let names: string[] = [""];
  term.variables.forEach((v, i) => {
    const info = variables[v]!;
    const options: { slot: number | null; name: string }[] =
      info.kind === "numeric"
        ? [{ slot: null, name: v }]
        : info.levels.map((l, li) => ({ slot: li as number | null, name: v + l })).slice(contrast[i] ? 1 : 0);
    const nextCombos: (number | null)[][] = [];
    const nextNames: string[] = [];
    // First variable varies fastest (R's column order).
    for (const o of options) {
      combos.forEach((c, ci) => {
        nextCombos.push([...c, o.slot]);
        nextNames.push(i === 0 ? o.name : `${names[ci]}:${o.name}`);
      });
    }
    combos = nextCombos;
    names = nextNames;
  });
  return { names, slots: combos };
}

/** Value of one column (a slot choice) for an observation's variable values. */
export function slotValue(
  term: LmmFixedTerm,
  slots: readonly (number | null)[],
  value: (v: string) => number,
): number {
  let prod = 1;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i]!;
    const x = value(term.variables[i]!);
    if (s === null) prod *= x;
    else if (x !== s) return 0;
  }
  return prod;
}

/**
 * Builds the model frame and design: drops rows with a missing value in any used column (or a
 * factor value outside the given levels), recording each with its reason; drops unused factor
 * levels (lme4's `drop.unused.levels`); builds X with treatment contrasts and R's coefficient
 * names; orders the random terms as lme4 does (by decreasing number of levels).
 */
export function buildDesign(data: LmmData, spec: LmmSpec): LmmDesign {
  const formula = formulaOfSpec(spec);
  if (formula.randomTerms.length === 0)
    throw new Error("fitLmm: the model needs at least one random term (1 | g)");
  const groupVars = [...new Set(formula.randomTerms.flatMap((r) => r.variables))];
  const used = [...new Set([formula.response, ...formula.fixedVariables, ...groupVars])];
  const cols = columnsOf(data, used);
  const raw: Record<string, LmmCell[]> = {};
  for (const name of used) raw[name] = cols.get(name);
  const factorSpecs = spec.factors ?? {};
  const isFactorVar = (name: string): boolean => {
    if (factorSpecs[name] !== undefined) return true;
    return raw[name]!.some((v) => typeof v === "string" || typeof v === "boolean");
  };
  // Pass 1: missing values and unknown levels.
  const dropped: LmmDroppedRow[] = [];
  const keep: number[] = [];
  const givenLevels: Record<string, Set<string> | undefined> = {};
  for (const name of formula.fixedVariables) {
    if (!isFactorVar(name)) continue;
    const fs = factorSpecs[name];
    const given =
      fs === undefined || fs === true
        ? undefined
        : Array.isArray(fs)
          ? fs
          : (fs as { levels?: readonly (string | number)[] }).levels;
    if (given !== undefined) givenLevels[name] = new Set(given.map((v) => labelOf(v)));
  }
  for (let r = 0; r < cols.n; r++) {
    const missing = used.filter((name) => isMissing(raw[name]![r]));
    if (missing.length > 0) {
      dropped.push({ row: r, reason: `missing value in ${missing.join(", ")}` });
      continue;
    }
    const y = raw[formula.response]![r];
    if (typeof y !== "number" || !Number.isFinite(y)) {
      throw new Error(
        `fitLmm: response "${formula.response}" is not a finite number in row ${r}: ${String(y)}`,
      );
    }
    const outside = formula.fixedVariables.filter((name) => {
      const set = givenLevels[name];
      return set !== undefined && !set.has(labelOf(raw[name]![r] as string | number | boolean));
    });
    if (outside.length > 0) {
      dropped.push({
        row: r,
        reason: outside
          .map((name) => `${name} = ${labelOf(raw[name]![r] as string)} is not among its levels`)
          .join("; "),
      });
      continue;
    }
    keep.push(r);
  }
  const n = keep.length;
  // Variables of the fixed part.
  const variables: Record<string, LmmVariable> = {};
  const values: Record<string, Float64Array> = {};
  for (const name of formula.fixedVariables) {
    const vals = keep.map((r) => raw[name]![r]!);
    if (isFactorVar(name)) {
      const { levels } = factorLevels(name, vals, factorSpecs[name]);
      const labels = vals.map((v) => labelOf(v as string | number | boolean));
      const usedLevels = levels.filter((l) => labels.includes(l));
      const idx = new Map(usedLevels.map((l, i) => [l, i]));
      variables[name] = { kind: "factor", levels: usedLevels };
      values[name] = Float64Array.from(labels.map((l) => idx.get(l)!));
    } else {
      const nums = vals.map((v, i) => {
        if (typeof v !== "number")
          throw new Error(`fitLmm: column "${name}" is not numeric in row ${keep[i]}: ${String(v)}`);
        return v;
      });
      variables[name] = { kind: "numeric", mean: nums.reduce((a, b) => a + b, 0) / Math.max(nums.length, 1) };
      values[name] = Float64Array.from(nums);
    }
  }
  // Fixed-effects design.
  const contrastCoded = contrastCodingOf(
    formula.fixedTerms,
    formula.intercept,
    (v) => variables[v]?.kind === "factor",
  );
  const names: string[] = [];
  const assign: number[] = [];
  const columnSpecs: { term: LmmFixedTerm; slots: (number | null)[] }[] = [];
  if (formula.intercept) {
    names.push("(Intercept)");
    assign.push(-1);
  }
  formula.fixedTerms.forEach((term, t) => {
    const tc = termColumns(term, contrastCoded[t]!, variables);
    tc.names.forEach((nm, j) => {
      names.push(nm);
      assign.push(t);
      columnSpecs.push({ term, slots: tc.slots[j]! });
    });
  });
  const p = names.length;
  const X = zeros(n, p);
  const off = formula.intercept ? 1 : 0;
  for (let i = 0; i < n; i++) {
    if (formula.intercept) X.data[i * p] = 1;
    const value = (v: string): number => values[v]![i]!;
    columnSpecs.forEach((c, j) => {
      X.data[i * p + off + j] = slotValue(c.term, c.slots, value);
    });
  }
  const y = Float64Array.from(keep.map((r) => raw[formula.response]![r] as number));
  // Random-effect groupings, in lme4's order.
  let groupings: LmmGrouping[] = formula.randomTerms.map((rt) => {
    const keys = keep.map((r) =>
      rt.variables.map((v) => labelOf(raw[v]![r] as string | number | boolean)).join(":"),
    );
    const levels = [...new Set(keys)].sort();
    const idx = new Map(levels.map((l, i) => [l, i]));
    if (levels.length >= n) {
      throw new Error(
        `fitLmm: grouping factor "${rt.label}" has ${levels.length} levels for ${n} observations`,
      );
    }
    return {
      label: rt.label,
      variables: rt.variables,
      levels,
      index: Int32Array.from(keys.map((k) => idx.get(k)!)),
    };
  });
  const nl = groupings.map((g) => g.levels.length);
  if (nl.some((v, i) => i > 0 && v > nl[i - 1]!)) {
    // lme4 (mkReTrms): ord <- rev(order(nl)), order() being stable ascending.
    const order = groupings.map((_, i) => i).sort((a, b) => nl[a]! - nl[b]! || a - b);
    groupings = order.reverse().map((i) => groupings[i]!);
  }
  return {
    formula,
    n,
    rowIndex: keep,
    dropped,
    y,
    X,
    coefficientNames: names,
    assign,
    variables,
    contrastCoded,
    groupings,
    values,
  };
}

/**
 * The design row x' for one combination of variable values (factor levels by label, numerics by
 * value) under the fit's coding; used for estimated marginal means.
 */
export function designRow(design: LmmDesign, at: Readonly<Record<string, string | number>>): Float64Array {
  const { formula, variables } = design;
  const p = design.coefficientNames.length;
  const row = new Float64Array(p);
  const value = (v: string): number => {
    const info = variables[v]!;
    const given = at[v];
    if (info.kind === "numeric") return typeof given === "number" ? given : info.mean;
    if (given === undefined) throw new Error(`designRow: no level given for factor "${v}"`);
    const li = info.levels.indexOf(String(given));
    if (li < 0) throw new Error(`designRow: "${String(given)}" is not a level of "${v}"`);
    return li;
  };
  let j = 0;
  if (formula.intercept) row[j++] = 1;
  formula.fixedTerms.forEach((term, t) => {
    const tc = termColumns(term, design.contrastCoded[t]!, variables);
    for (const slots of tc.slots) row[j++] = slotValue(term, slots, value);
  });
  return row;
}
