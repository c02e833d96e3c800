import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type StudyKind, studyKindOf } from "@fmrs/schema";
import { BELIEF_REPORT_SECTIONS, buildBeliefReport } from "./belief/buildBeliefReport";
import { type ReportContext, reportContext } from "./context";
import { readDerivatives } from "./derivatives";
import { section } from "./figure";
import { escapeHtml } from "./html";
import { associationSection } from "./sections/association";
import { checklistSection } from "./sections/checklist";
import { crossoverSection } from "./sections/crossover";
import { designSection } from "./sections/design";
import { diagnosticsSection } from "./sections/diagnostics";
import { effectsSection } from "./sections/effects";
import { flowSection } from "./sections/flow";
import { glutamateSection } from "./sections/glutamate";
import { madrsSection } from "./sections/madrs";
import { methodsSection } from "./sections/methods";
import { modelsSection } from "./sections/models";
import { pairingSection } from "./sections/pairing";
import { provenanceSection } from "./sections/provenance";
import { qualitySection } from "./sections/quality";
import { sensitivitySection } from "./sections/sensitivity";
import { spectralQualitySection } from "./sections/spectralQuality";
import { summarySection } from "./sections/summary";
import { warningsSection } from "./sections/warnings";
import { REPORT_CSS } from "./style";

/** One section of the report: its id (the anchor), heading, short name for the contents, and renderer. */
export interface ReportSection<C = ReportContext> {
  readonly id: string;
  readonly title: string;
  readonly nav: string;
  readonly render: (ctx: C) => string;
}

/** The report's sections, in document order (the single list the page, the contents and the tests use). */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  { id: "summary", title: "Summary of primary results", nav: "Summary", render: summarySection },
  { id: "flow", title: "Participant flow", nav: "Flow", render: flowSection },
  { id: "design", title: "Design of a session", nav: "Design", render: designSection },
  { id: "glutamate", title: "Glutamate time courses", nav: "Glutamate", render: glutamateSection },
  { id: "madrs", title: "MADRS before and 24 h after the infusion", nav: "MADRS", render: madrsSection },
  { id: "pairing", title: "The crossover, subject by subject", nav: "Pairs", render: pairingSection },
  { id: "effects", title: "Condition effects overall and by sex", nav: "Effects", render: effectsSection },
  { id: "models", title: "Mixed models", nav: "Models", render: modelsSection },
  { id: "diagnostics", title: "Model diagnostics", nav: "Diagnostics", render: diagnosticsSection },
  { id: "crossover", title: "Crossover analysis details", nav: "Crossover", render: crossoverSection },
  {
    id: "sensitivity",
    title: "Sensitivity analyses and multiplicity",
    nav: "Sensitivity",
    render: sensitivitySection,
  },
  {
    id: "association",
    title: "Glutamate response and MADRS change",
    nav: "Association",
    render: associationSection,
  },
  { id: "quality", title: "Data quality per session", nav: "Quality", render: qualitySection },
  { id: "spectral-quality", title: "Spectral quality", nav: "Spectra", render: spectralQualitySection },
  { id: "methods", title: "Methods", nav: "Methods", render: methodsSection },
  {
    id: "checklist",
    title: "MRS reporting checklist (MRSinMRS)",
    nav: "Checklist",
    render: checklistSection,
  },
  { id: "provenance", title: "Provenance", nav: "Provenance", render: provenanceSection },
  { id: "warnings", title: "Warnings", nav: "Warnings", render: warningsSection },
];

/** The page's Content-Security-Policy: nothing may load, no script may run; inline styles and data: images only. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; base-uri 'none'; form-action 'none'";

/** The declared section list of a study kind's report (what the page, its contents and the tests use). */
export function reportSections(kind: StudyKind): readonly ReportSection<never>[] {
  return kind === "belief-updating" ? BELIEF_REPORT_SECTIONS : REPORT_SECTIONS;
}

/** The study kind of a derivatives folder, from the study.json the report stage wrote (absent kind: the fMRS crossover). */
export function derivativesKind(derivativesDir: string): StudyKind {
  try {
    return (
      studyKindOf(JSON.parse(readFileSync(join(derivativesDir, "study.json"), "utf8"))) ?? "fmrs-crossover"
    );
  } catch {
    return "fmrs-crossover";
  }
}

/**
 * The static, self-contained reviewer report (one HTML string: inline SVG and CSS, no script,
 * nothing loaded at view time) built from a derivatives folder alone. Every file it reads is
 * zod-parsed (a bad derivative fails the build naming the file); every statistic shown is read
 * from results.json and tagged with its path (`data-result`), never recomputed; per-subject
 * figures come from the derivative tables. Deterministic: the same folder gives the same bytes.
 */
export function buildReport(derivativesDir: string): string {
  // Each study kind declares its own section list; a belief-updating study has its own page.
  if (derivativesKind(derivativesDir) === "belief-updating")
    return buildBeliefReport(derivativesDir, CONTENT_SECURITY_POLICY);
  const ctx = reportContext(readDerivatives(derivativesDir));
  if (ctx.acquisition === null) {
    ctx.notes.push(
      "acquisition.json is absent from the derivatives: the MRSinMRS hardware and acquisition items are not reported",
    );
  }
  const rendered = REPORT_SECTIONS.map((s) => section(s.id, s.title, s.render(ctx)));
  const r = ctx.results;
  const nWarnings = r.warnings.length + ctx.notes.length;
  const nav = REPORT_SECTIONS.map(
    (s) =>
      `<li><a href="#${s.id}">${escapeHtml(s.id === "warnings" ? `${s.nav} (${nWarnings})` : s.nav)}</a></li>`,
  ).join("");
  const software = r.provenance.generated_by
    .map((g) => `${escapeHtml(g.Name)} ${escapeHtml(g.Version)}`)
    .join(", ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(r.study.name)}: fMRS crossover report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header>
<h1>${escapeHtml(r.study.name)}</h1>
<p class="subtitle">fMRS crossover trial report · ${escapeHtml(r.study.outcome_label)} and MADRS · ${escapeHtml(ctx.test)} vs ${escapeHtml(ctx.reference)} · generated by ${software} · <a href="#warnings">${nWarnings === 0 ? "no warnings" : `${nWarnings} warning${nWarnings === 1 ? "" : "s"}`}</a></p>
<nav aria-label="Contents"><ol>${nav}</ol></nav>
</header>
<main id="main">
${rendered.join("\n")}
</main>
<footer><p>Every number tagged in this report is read from results.json (its <code>data-result</code> attribute names the path, <code>data-value</code> holds the full value); per-subject figures come from the derivative tables listed under Provenance.</p></footer>
</body>
</html>
`;
}
