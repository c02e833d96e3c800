import type { ReportContext } from "../context";
import { escapeHtml } from "../html";

/** Warnings of the analysis (results.json) and of the report build; always present, "None." when empty. */
export function warningsSection(ctx: ReportContext): string {
  const all = [
    ...ctx.results.warnings.map((w) => ({ w, from: "analysis" })),
    ...ctx.notes.map((w) => ({ w, from: "report" })),
  ];
  if (all.length === 0) return `<p class="none">None.</p>`;
  return `<ul class="warnings">\n${all.map(({ w, from }) => `<li data-from="${from}">${escapeHtml(w)}</li>`).join("\n")}\n</ul>`;
}
