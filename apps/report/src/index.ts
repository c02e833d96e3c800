export { buildReport, CONTENT_SECURITY_POLICY, REPORT_SECTIONS, type ReportSection } from "./buildReport";
export { type Derivatives, type ReportInput, readDerivatives, readResults } from "./derivatives";
export { FIT_SPECTRA_SUFFIX, TIMESERIES_SUFFIX } from "./fitSpectra";
export { escapeHtml, fmt, fmtP, tableCsv } from "./html";
