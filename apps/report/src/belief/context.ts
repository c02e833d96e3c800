import type { Condition } from "@fmrs/charts";
import type { ReportContext } from "../context";
import { type FigureSpec, figure, numberedTable } from "../figure";
import type { DataTable } from "../html";
import type { BeliefDerivatives } from "./derivatives";

/** What every section of the belief-updating report renders from. */
export interface BeliefReportContext extends BeliefDerivatives {
  /** The two groups (patients first) with their study.json labels: the charts' "conditions". */
  readonly groups: readonly Condition[];
  /** Running numbers of figures and tables, in document order. */
  readonly numbering: { figure: number; table: number };
  /** Problems the report build noticed (shown under Warnings). */
  readonly notes: string[];
}

/** The context of a belief-updating report build. */
export function beliefReportContext(d: BeliefDerivatives): BeliefReportContext {
  return {
    ...d,
    groups: [
      { id: "patient", label: d.study.groups.patient },
      { id: "control", label: d.study.groups.control },
    ],
    numbering: { figure: 0, table: 0 },
    notes: [],
  };
}

// The shared figure and table helpers read only the numbering of their context.
type Numbered = Pick<ReportContext, "numbering">;

/** A numbered figure (the report app's `figure`, for this context). */
export function beliefFigure(ctx: BeliefReportContext, spec: FigureSpec): string {
  return figure(ctx satisfies Numbered as unknown as ReportContext, spec);
}

/** A numbered table (the report app's `numberedTable`, for this context). */
export function beliefTable(ctx: BeliefReportContext, table: DataTable): string {
  return numberedTable(ctx satisfies Numbered as unknown as ReportContext, table);
}

/** A group's label from study.json (its id when unknown). */
export function groupLabel(ctx: BeliefReportContext, id: string | null): string {
  if (id === null) return "both groups";
  return ctx.groups.find((g) => g.id === id)?.label ?? id;
}

/** How a time point reads in the report. */
export const TIME_LABELS: Readonly<Record<string, string>> = {
  pre: "before (pre)",
  "4h": "4 h after the first infusion",
  "1wk": "1 week",
  post: "follow-up",
};
