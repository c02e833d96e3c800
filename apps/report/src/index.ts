export { BELIEF_REPORT_SECTIONS } from "./belief/buildBeliefReport";
export {
  buildReport,
  CONTENT_SECURITY_POLICY,
  derivativesKind,
  REPORT_SECTIONS,
  type ReportSection,
  reportSections,
} from "./buildReport";
export { type Derivatives, type ReportInput, readDerivatives, readResults } from "./derivatives";
export { escapeHtml, fmt, fmtP, tableCsv } from "./html";
