import { type FittedBlock, InputError, METABOLITE_SUMS, type StudyConfig } from "@fmrs/schema";
import {
  all,
  create,
  type EvalFunction,
  type FactoryFunctionMap,
  type MathJsInstance,
  type MathNode,
} from "mathjs";

/**
 * The mathjs instance, made on first use: building its typed functions costs about a second of CPU,
 * which every `fmrs` command that evaluates no measure (validate, inspect, --help) would otherwise pay
 * at start-up. (Bundled, the package's `sideEffects: false` lets esbuild drop mathjs's eagerly built
 * default instance; `create(all)` is the same full instance, so every mathjs function still works.)
 */
let mathjs: MathJsInstance | undefined;
const parse = (expression: string): MathNode => {
  // mathjs's types mark `all` optional; the package always exports it.
  mathjs ??= create(all as FactoryFunctionMap);
  return mathjs.parse(expression);
};

/** The study.json fields that define the measures. */
export type MeasureFields = Pick<StudyConfig, "measures" | "outcome" | "qc">;

/** One measure: its name, the study.json expression, the names it reads, and the compiled form. */
export interface Measure {
  readonly name: string;
  readonly expression: string;
  /** Names the expression reads (metabolites as the fit names them, or other measures). */
  readonly symbols: readonly string[];
  readonly compiled: EvalFunction;
}

/** The measures of a study, in output order, the outcome last. */
export interface MeasureSet {
  /** Combinations (e.g. Glx, tNAA, tCr) followed by the outcome (named `outcome`). */
  readonly measures: readonly Measure[];
  readonly outcome: Measure;
  /** The outcome as a label, e.g. "Glx/tNAA" (the expression without spaces). */
  readonly outcomeLabel: string;
  /** The measure whose CRLB QC checks (qc.crlb_of, default the outcome's first name). */
  readonly crlbOf: string;
}

/** The default measures: the metabolite sums of METABOLITE_SUMS written as expressions. */
export const DEFAULT_MEASURES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(METABOLITE_SUMS).map(([name, parts]) => [name, parts.join(" + ")]),
);

function symbolsOf(node: MathNode): string[] {
  const names = node
    .filter(
      (n, path, parent) =>
        (n as { isSymbolNode?: boolean }).isSymbolNode === true &&
        !((parent as { isFunctionNode?: boolean } | null)?.isFunctionNode === true && path === "fn"),
    )
    .map((n) => (n as unknown as { name: string }).name);
  return [...new Set(names)];
}

function compileMeasure(name: string, expression: string): Measure {
  let node: MathNode;
  try {
    node = parse(expression);
  } catch (error) {
    throw new InputError(
      { file: "study.json", field: `measures.${name}` },
      `"${expression}" is not a valid expression (${(error as Error).message})`,
      'an arithmetic expression of metabolite or measure names, e.g. "Glu + Gln"',
    );
  }
  return { name, expression, symbols: symbolsOf(node), compiled: node.compile() };
}

/** The outcome expression of a study: `measures.outcome`, else `outcome.metabolite / outcome.reference`. */
export function outcomeExpression(study: Pick<StudyConfig, "measures" | "outcome">): string {
  return study.measures?.outcome ?? `${study.outcome.metabolite} / ${study.outcome.reference}`;
}

/** The outcome as a label, e.g. "Glx/tNAA": the outcome expression without spaces. */
export function outcomeLabel(study: Pick<StudyConfig, "measures" | "outcome">): string {
  return outcomeExpression(study).replace(/\s+/g, "");
}

/**
 * The study's measures from study.json: the defaults (Glx = Glu + Gln, tNAA = NAA + NAAG,
 * tCr = Cr + PCr), replaced or extended by `measures`, and the outcome: `measures.outcome`, else
 * `outcome.metabolite / outcome.reference`. Throws InputError for an expression mathjs cannot
 * parse or one that refers to itself.
 */
export function studyMeasures(study: MeasureFields): MeasureSet {
  const given = study.measures ?? {};
  const definitions: Record<string, string> = { ...DEFAULT_MEASURES };
  for (const [name, expression] of Object.entries(given))
    if (name !== "outcome") definitions[name] = expression;
  const measures = Object.entries(definitions).map(([name, expression]) => compileMeasure(name, expression));
  const outcome = compileMeasure("outcome", outcomeExpression(study));
  for (const m of [...measures, outcome]) {
    if (m.symbols.includes(m.name))
      throw new InputError(
        { file: "study.json", field: `measures.${m.name}` },
        `"${m.expression}" refers to ${m.name} itself`,
      );
  }
  const first = outcome.symbols[0];
  if (first === undefined && study.qc.crlb_of === undefined)
    throw new InputError(
      { file: "study.json", field: "measures.outcome" },
      `"${outcome.expression}" names no measure`,
      'an expression such as "Glx / tNAA"',
    );
  return {
    measures: [...measures, outcome],
    outcome,
    outcomeLabel: outcomeLabel(study),
    crlbOf: study.qc.crlb_of ?? (first as string),
  };
}

/**
 * The value a fit reports under `name`: that exact key, else the key equal ignoring case, else
 * (for a measure) the key spelled like its expression without spaces, as LCModel names sums
 * ("Glu+Gln"). Undefined when the fit reports nothing under these names.
 */
function reported(
  record: Readonly<Record<string, number | null>>,
  name: string,
  expression?: string,
): number | null | undefined {
  if (name in record) return record[name] ?? null;
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return record[key] ?? null;
  if (expression !== undefined) {
    const compact = expression.replace(/\s+/g, "").toLowerCase();
    for (const key of Object.keys(record))
      if (key.replace(/\s+/g, "").toLowerCase() === compact) return record[key] ?? null;
  }
  return undefined;
}

/** The measures of one block: each measure's value (null when an input is missing or the result is not finite), and the CRLB of the QC measure. */
export interface BlockMeasures {
  readonly values: Readonly<Record<string, number | null>>;
  readonly outcome: number | null;
  readonly crlbPct: number | null;
}

/**
 * Evaluates the study's measures on one fitted block. A measure the fit reports itself (see
 * `reported`) is taken from the fit; otherwise its expression is evaluated with mathjs on the
 * block's metabolites and the measures before it. A missing or null input, or a non-finite result
 * (e.g. a ratio to 0), gives null.
 */
export function blockMeasures(block: FittedBlock, set: MeasureSet): BlockMeasures {
  const values: Record<string, number | null> = {};
  const byName = new Map(set.measures.map((m) => [m.name, m]));
  const resolving = new Set<string>();
  const measureValue = (name: string): number | null => {
    if (name in values) return values[name] ?? null;
    const measure = byName.get(name);
    if (measure === undefined) return reported(block.values, name) ?? null;
    const direct = measure.name === "outcome" ? undefined : reported(block.values, name, measure.expression);
    let value: number | null;
    if (direct !== undefined) value = direct;
    else if (resolving.has(name)) value = null;
    else {
      resolving.add(name);
      const scope: Record<string, number> = {};
      let complete = true;
      for (const s of measure.symbols) {
        const v = measureValue(s);
        if (v === null) complete = false;
        else scope[s] = v;
      }
      resolving.delete(name);
      const result = complete ? (measure.compiled.evaluate(scope) as unknown) : null;
      value = typeof result === "number" && Number.isFinite(result) ? result : null;
    }
    values[name] = value;
    return value;
  };
  for (const m of set.measures) measureValue(m.name);
  const crlbMeasure = byName.get(set.crlbOf);
  return {
    values,
    outcome: values.outcome ?? null,
    crlbPct: reported(block.crlb_pct, set.crlbOf, crlbMeasure?.expression) ?? null,
  };
}
