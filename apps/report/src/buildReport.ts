import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readArrowFile } from "@fmrs/io";
import {
  type ConditionSummary,
  type HillsArmitageResult,
  InputError,
  OutcomeRow,
  Results,
  type TEstimate,
} from "@fmrs/schema";
import { cell, type DataTable, escapeHtml, fmt, fmtP, renderTable } from "./html";
import { REPORT_CSS } from "./style";

/** Reads and zod-parses results.json; a bad file fails the build with its name. */
export function readResults(derivativesDir: string): Results {
  const path = join(derivativesDir, "results.json");
  if (!existsSync(path)) throw new InputError({ file: path }, "not found: run the analyse stage first");
  const parsed = Results.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InputError(
      { file: path, field: first?.path.join(".") ?? "" },
      first?.message ?? "does not match the results schema",
    );
  }
  return parsed.data;
}

/**
 * A displayed number tied to its source in results.json: the text is rounded for reading, and
 * `data-result` (path) plus `data-value` (full value) let a test, or a reviewer, check it.
 */
function num(path: string, value: number | null, text: string): string {
  return `<span class="num" data-result="${escapeHtml(path)}" data-value="${escapeHtml(value === null ? "null" : String(value))}">${escapeHtml(text)}</span>`;
}

function estimateText(path: string, e: TEstimate, digits = 2): string {
  return `${num(`${path}.estimate`, e.estimate, fmt(e.estimate, digits))} (95 % CI ${num(`${path}.ci95.0`, e.ci95[0], fmt(e.ci95[0], digits))} to ${num(`${path}.ci95.1`, e.ci95[1], fmt(e.ci95[1], digits))}; t(${num(`${path}.df`, e.df, fmt(e.df, e.df % 1 === 0 ? 0 : 1))}) = ${num(`${path}.t`, e.t, fmt(e.t, 2))}, p = ${num(`${path}.p`, e.p, fmtP(e.p))})`;
}

function conditionLabel(results: Results, id: string): string {
  return results.study.conditions.find((c) => c.id === id)?.label ?? id;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}" aria-labelledby="${id}-h">\n<h2 id="${id}-h">${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

function summarySection(results: Results): string {
  const { test_condition: test, reference_condition: ref, outcome_label } = results.study;
  const items: string[] = [];
  const madrs = results.hills_armitage.madrs_change;
  const glx = results.hills_armitage.glx_pct_change;
  const contrast = `${escapeHtml(conditionLabel(results, test))} − ${escapeHtml(conditionLabel(results, ref))}`;
  if (madrs !== null) {
    items.push(
      `<li>MADRS change from pre-infusion to 24 h, ${contrast} (Hills–Armitage, n = ${num("hills_armitage.madrs_change.n", madrs.n, String(madrs.n))}): ${estimateText("hills_armitage.madrs_change.treatment", madrs.treatment)} points. A positive difference means a smaller drop in depression scores under ${escapeHtml(conditionLabel(results, test))}.</li>`,
    );
  }
  if (glx !== null) {
    items.push(
      `<li>${escapeHtml(outcome_label)} percent change in the response window, ${contrast} (Hills–Armitage, n = ${num("hills_armitage.glx_pct_change.n", glx.n, String(glx.n))}): ${estimateText("hills_armitage.glx_pct_change.treatment", glx.treatment)} percentage points.</li>`,
    );
  }
  const a = results.attenuation;
  if (a.estimate !== null) {
    items.push(
      `<li>Attenuation of the antidepressant effect, 1 − Δ(${escapeHtml(test)})/Δ(${escapeHtml(ref)}) from raw means over ${num("attenuation.n", a.n, String(a.n))} subjects with both sessions: ${num("attenuation.estimate", a.estimate, `${fmt(a.estimate * 100, 1)} %`)} (mean change ${num("attenuation.mean_change_test", a.mean_change_test, fmt(a.mean_change_test, 2))} vs ${num("attenuation.mean_change_reference", a.mean_change_reference, fmt(a.mean_change_reference, 2))} points).</li>`,
    );
  }
  if (items.length === 0) items.push("<li>No primary analysis could be run; see Warnings.</li>");
  return section(
    "summary",
    "Summary of primary results",
    `<p>Study <strong>${escapeHtml(results.study.name)}</strong>: ${num("flow.enrolled", results.flow.enrolled, String(results.flow.enrolled))} participants, two sessions each (${results.study.conditions.map((c) => `${escapeHtml(c.id)} = ${escapeHtml(c.label)}`).join("; ")}).</p>\n<ul class="results">\n${items.join("\n")}\n</ul>`,
  );
}

function flowSection(results: Results): string {
  const f = results.flow;
  const counts = `<ul>
<li>Enrolled: ${num("flow.enrolled", f.enrolled, String(f.enrolled))} participants, ${num("flow.sessions_expected", f.sessions_expected, String(f.sessions_expected))} sessions expected.</li>
<li>Sessions with MRS data: ${num("flow.mrs_sessions_available", f.mrs_sessions_available, String(f.mrs_sessions_available))}; analysed for glutamate: ${num("flow.mrs_sessions_analysed", f.mrs_sessions_analysed, String(f.mrs_sessions_analysed))}.</li>
<li>Sessions with MADRS change (pre and 24 h): ${num("flow.madrs_sessions_analysed", f.madrs_sessions_analysed, String(f.madrs_sessions_analysed))}.</li>
</ul>`;
  const table: DataTable = {
    id: "exclusions",
    caption: "Sessions left out of an analysis, and why",
    columns: ["participant", "session", "reason"],
    rows: f.exclusions.map((e) => [
      cell(e.participant_id),
      cell(e.session_id ?? "–", e.session_id),
      cell(e.reason),
    ]),
  };
  return section(
    "flow",
    "Participant flow",
    `${counts}\n${f.exclusions.length === 0 ? "<p>No session was left out.</p>" : renderTable(table)}`,
  );
}

function summaryTable(
  id: string,
  caption: string,
  rows: readonly ConditionSummary[],
  path: string,
  results: Results,
): string {
  const table: DataTable = {
    id,
    caption,
    columns: ["condition", "n", "mean", "SD", "95 % CI"],
    rows: rows.map((r) => [
      cell(conditionLabel(results, r.condition), r.condition),
      cell(String(r.n), r.n),
      cell(fmt(r.mean), r.mean),
      cell(fmt(r.sd), r.sd),
      cell(
        r.ci95 === null ? "–" : `${fmt(r.ci95[0])} to ${fmt(r.ci95[1])}`,
        r.ci95 === null ? null : `${r.ci95[0]};${r.ci95[1]}`,
      ),
    ]),
  };
  const numbers = rows.map((r, i) => `${num(`${path}.${i}.mean`, r.mean, fmt(r.mean))}`).join(" ");
  return `${renderTable(table)}\n<p class="check" hidden>${numbers}</p>`;
}

function haTable(results: Results, key: "madrs_change" | "glx_pct_change", ha: HillsArmitageResult): string {
  const p = `hills_armitage.${key}`;
  const row = (label: string, path: string, e: TEstimate) => [
    cell(label),
    cell(fmt(e.estimate, 3), e.estimate),
    cell(fmt(e.se, 3), e.se),
    cell(fmt(e.df, e.df % 1 === 0 ? 0 : 2), e.df),
    cell(fmt(e.t, 3), e.t),
    cell(fmtP(e.p), e.p),
    cell(`${fmt(e.ci95[0], 3)} to ${fmt(e.ci95[1], 3)}`, `${e.ci95[0]};${e.ci95[1]}`),
    cell(path),
  ];
  const table: DataTable = {
    id: `ha-${key}`,
    caption: `Hills–Armitage analysis of ${key === "madrs_change" ? "MADRS change (24 h − pre)" : `${results.study.outcome_label} percent change`}: ${ha.test} − ${ha.reference}`,
    columns: ["effect", "estimate", "SE", "df", "t", "p", "95 % CI", "results.json path"],
    rows: [
      row(`treatment (${ha.test} − ${ha.reference}), pooled`, `${p}.treatment`, ha.treatment),
      row("treatment, Welch", `${p}.treatment_welch`, ha.treatment_welch),
      row("period (2 − 1)", `${p}.period`, ha.period),
      row("carryover (sums), pooled", `${p}.carryover.pooled`, ha.carryover.pooled),
      row("carryover (sums), Welch", `${p}.carryover.welch`, ha.carryover.welch),
    ],
  };
  const seq = Object.keys(ha.n_by_sequence)
    .map(
      (s) =>
        `${escapeHtml(s)}: n = ${num(`${p}.n_by_sequence.${s}`, ha.n_by_sequence[s] ?? null, String(ha.n_by_sequence[s]))}, mean d = ${num(`${p}.mean_d_by_sequence.${s}`, ha.mean_d_by_sequence[s] ?? null, fmt(ha.mean_d_by_sequence[s], 3))}`,
    )
    .join("; ");
  const excluded =
    ha.excluded.length === 0
      ? "none"
      : ha.excluded.map((e) => `${escapeHtml(e.participant_id)} (${escapeHtml(e.reason)})`).join("; ");
  return `${renderTable(table)}\n<p>Sequences: ${seq}. Subjects left out: ${excluded}.</p>`;
}

function crossoverSection(results: Results): string {
  const parts: string[] = [
    `<p>Period differences d = y(period 1) − y(period 2) are compared between sequences with a two-sample t test; half the difference of the sequence means is the period-adjusted treatment effect (Hills &amp; Armitage 1979; Jones &amp; Kenward 2003). The carryover test compares subject sums between sequences and has low power.</p>`,
  ];
  for (const key of ["madrs_change", "glx_pct_change"] as const) {
    const ha = results.hills_armitage[key];
    if (ha !== null) parts.push(haTable(results, key, ha));
  }
  parts.push(
    summaryTable(
      "summary-madrs-change",
      "MADRS change (24 h − pre) by condition",
      results.summaries.madrs_change,
      "summaries.madrs_change",
      results,
    ),
  );
  parts.push(
    summaryTable(
      "summary-madrs-pre",
      "MADRS before infusion by condition",
      results.summaries.madrs_pre,
      "summaries.madrs_pre",
      results,
    ),
  );
  parts.push(
    summaryTable(
      "summary-madrs-24h",
      "MADRS 24 h after infusion by condition",
      results.summaries.madrs_24h,
      "summaries.madrs_24h",
      results,
    ),
  );
  parts.push(
    summaryTable(
      "summary-glx",
      `${results.study.outcome_label} percent change (response window vs baseline) by condition`,
      results.summaries.glx_pct_change,
      "summaries.glx_pct_change",
      results,
    ),
  );
  return section("crossover", "Crossover analysis", parts.join("\n"));
}

function sessionsSection(rows: readonly OutcomeRow[]): string {
  const table: DataTable = {
    id: "sessions",
    caption: "Per-session outcomes (outcomes.arrow)",
    columns: [
      "participant",
      "session",
      "period",
      "condition",
      "sex",
      "baseline blocks",
      "response blocks",
      "blocks failing QC",
      "Glx % change",
      "MADRS pre",
      "MADRS 24 h",
      "MADRS change",
    ],
    rows: rows.map((r) => [
      cell(r.participant_id),
      cell(r.session_id),
      cell(String(r.period), r.period),
      cell(r.condition),
      cell(r.sex),
      cell(String(r.n_blocks_baseline), r.n_blocks_baseline),
      cell(String(r.n_blocks_response), r.n_blocks_response),
      cell(String(r.n_blocks_failed_qc), r.n_blocks_failed_qc),
      cell(fmt(r.glx_pct_change), r.glx_pct_change),
      cell(fmt(r.madrs_pre, 0), r.madrs_pre),
      cell(fmt(r.madrs_24h, 0), r.madrs_24h),
      cell(fmt(r.madrs_change, 0), r.madrs_change),
    ]),
  };
  return section("sessions", "Data per session", renderTable(table));
}

function warningsSection(results: Results): string {
  const body =
    results.warnings.length === 0
      ? "<p>None.</p>"
      : `<ul>\n${results.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("\n")}\n</ul>`;
  return section("warnings", "Warnings", body);
}

function provenanceSection(results: Results): string {
  const p = results.provenance;
  const software = p.generated_by.map((g) => `${escapeHtml(g.Name)} ${escapeHtml(g.Version)}`).join(", ");
  const table: DataTable = {
    id: "provenance-sources",
    caption: "Inputs of the analysis with their sha256",
    columns: ["input", "sha256"],
    rows: p.sources.map((s) => [cell(s.path), cell(s.sha256)]),
  };
  return section(
    "provenance",
    "Provenance",
    `<p>Generated by ${software}. Seed ${num("study.seed", results.study.seed, String(results.study.seed))}. Parameters: <code>${escapeHtml(JSON.stringify(p.parameters))}</code>.</p>\n${renderTable(table)}`,
  );
}

/**
 * The static, self-contained report (one HTML string: inline CSS, no scripts fetched, nothing
 * loaded at view time) built from a derivatives folder alone: results.json and outcomes.arrow,
 * both zod-parsed (a bad derivative fails the build naming the file). Every number shown is read
 * from results.json (tagged with data-result) or the outcome table, never recomputed here.
 */
export function buildReport(derivativesDir: string): string {
  const results = readResults(derivativesDir);
  const rows = readArrowFile(join(derivativesDir, "outcomes.arrow"), OutcomeRow);
  const sections = [
    summarySection(results),
    flowSection(results),
    crossoverSection(results),
    sessionsSection(rows),
    warningsSection(results),
    provenanceSection(results),
  ];
  const nav = [
    ["summary", "Summary"],
    ["flow", "Participant flow"],
    ["crossover", "Crossover analysis"],
    ["sessions", "Data per session"],
    ["warnings", "Warnings"],
    ["provenance", "Provenance"],
  ]
    .map(([id, title]) => `<a href="#${id}">${title}</a>`)
    .join(" · ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'">
<title>${escapeHtml(results.study.name)}: fMRS crossover report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(results.study.name)}</h1>
<p class="subtitle">fMRS crossover trial report · ${escapeHtml(results.study.outcome_label)} and MADRS · generated by ${results.provenance.generated_by.map((g) => `${escapeHtml(g.Name)} ${escapeHtml(g.Version)}`).join(", ")}</p>
<nav aria-label="Sections">${nav}</nav>
</header>
<main>
${sections.join("\n")}
</main>
</body>
</html>
`;
}
