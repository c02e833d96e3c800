export { buildReport, readResults } from "./buildReport";
export { escapeHtml, fmt, fmtP, tableCsv } from "./html";
