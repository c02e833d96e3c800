import type { Condition } from "@fmrs/charts";
import type { Derivatives } from "./derivatives";

/** What every section renders from: the parsed derivatives plus figure/table numbering and build notes. */
export interface ReportContext extends Derivatives {
  /** The study's conditions in study.json order (the same order gives every chart the same styles). */
  readonly conditions: readonly Condition[];
  /** The test condition (effects are test − reference) and the reference. */
  readonly test: string;
  readonly reference: string;
  /** Running numbers of figures and tables, in document order. */
  readonly numbering: { figure: number; table: number };
  /** Problems the report build itself noticed (shown under Warnings). */
  readonly notes: string[];
}

/** The context of a report build. */
export function reportContext(d: Derivatives): ReportContext {
  return {
    ...d,
    conditions: d.results.study.conditions.map((c) => ({ id: c.id, label: c.label })),
    test: d.results.study.test_condition,
    reference: d.results.study.reference_condition,
    numbering: { figure: 0, table: 0 },
    notes: [],
  };
}

/** A condition's label from results.json (its id when unknown). */
export function conditionLabel(ctx: ReportContext, id: string): string {
  return ctx.conditions.find((c) => c.id === id)?.label ?? id;
}
