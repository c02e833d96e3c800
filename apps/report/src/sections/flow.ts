import type { Exclusion } from "@fmrs/schema";
import type { ReportContext } from "../context";
import { numberedTable } from "../figure";
import { type Cell, cell, escapeHtml, num } from "../html";
import { MODEL_KEYS, MODEL_NAMES } from "../resultText";

function box(title: string, body: string, wide = false): string {
  return `<div class="flow-box${wide ? " wide" : ""}"><div class="flow-title">${escapeHtml(title)}</div>${body}</div>`;
}

/**
 * Participant flow: enrolled, sessions with data, analysed per outcome and per analysis, and every
 * exclusion with its reason (the session-level ones and those of each analysis).
 */
export function flowSection(ctx: ReportContext): string {
  const r = ctx.results;
  const f = r.flow;
  const ha = r.hills_armitage;
  const analysed: string[] = [];
  if (ha.glx_pct_change !== null)
    analysed.push(
      `<li>Glutamate, Hills–Armitage: ${num("hills_armitage.glx_pct_change.n", ha.glx_pct_change.n, String(ha.glx_pct_change.n))} subjects with both sessions</li>`,
    );
  if (ha.madrs_change !== null)
    analysed.push(
      `<li>MADRS change, Hills–Armitage: ${num("hills_armitage.madrs_change.n", ha.madrs_change.n, String(ha.madrs_change.n))} subjects with both sessions</li>`,
    );
  analysed.push(
    `<li>Glutamate–MADRS association: ${num("association.n", r.association.n, String(r.association.n))} subjects</li>`,
  );
  for (const key of MODEL_KEYS) {
    const m = r.models[key];
    if (m === null) continue;
    analysed.push(
      `<li>${escapeHtml(MODEL_NAMES[key])} (mixed model): ${num(`models.${key}.n_subjects`, m.n_subjects, String(m.n_subjects))} subjects, ${num(`models.${key}.n_obs`, m.n_obs, String(m.n_obs))} observations</li>`,
    );
  }
  const diagram = `<div class="flow" role="group" aria-label="Participant flow">
${box("Enrolled", `<p>${num("flow.enrolled", f.enrolled, String(f.enrolled))} participants</p><p>${num("flow.sessions_expected", f.sessions_expected, String(f.sessions_expected))} sessions expected</p>`)}
<div class="flow-arrow" aria-hidden="true">→</div>
${box("Sessions with data", `<p>MRS: ${num("flow.mrs_sessions_available", f.mrs_sessions_available, String(f.mrs_sessions_available))} sessions</p><p>Glutamate analysed: ${num("flow.mrs_sessions_analysed", f.mrs_sessions_analysed, String(f.mrs_sessions_analysed))}</p><p>MADRS pre and 24 h: ${num("flow.madrs_sessions_analysed", f.madrs_sessions_analysed, String(f.madrs_sessions_analysed))}</p>`)}
<div class="flow-arrow down" aria-hidden="true">↓</div>
${box("Analysed", `<ul>${analysed.join("")}</ul>`, true)}
</div>`;

  const rows: (readonly Cell[])[] = [];
  const add = (analysis: string, list: readonly Exclusion[]) => {
    for (const e of list) {
      rows.push([
        cell(e.participant_id),
        cell(e.session_id ?? "–", e.session_id),
        cell(analysis),
        cell(e.reason),
      ]);
    }
  };
  add("session outcomes", f.exclusions);
  if (ha.glx_pct_change !== null) add("glutamate, Hills–Armitage", ha.glx_pct_change.excluded);
  if (ha.madrs_change !== null) add("MADRS change, Hills–Armitage", ha.madrs_change.excluded);
  add("glutamate–MADRS association", r.association.excluded);
  for (const key of MODEL_KEYS) {
    const m = r.models[key];
    if (m !== null) add(`${MODEL_NAMES[key]} (mixed model)`, m.excluded);
  }
  const table = numberedTable(ctx, {
    id: "exclusions",
    caption: "Sessions and subjects left out of an analysis, and why",
    columns: ["participant", "session", "analysis", "reason"],
    rows,
    empty: "No session or subject was left out of any analysis.",
  });
  return `${diagram}\n${table}`;
}
