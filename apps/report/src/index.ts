export { buildReport, CONTENT_SECURITY_POLICY, REPORT_SECTIONS, type ReportSection } from "./buildReport";
export { type Derivatives, type ReportInput, readDerivatives, readResults } from "./derivatives";
export { escapeHtml, fmt, fmtP, tableCsv } from "./html";
