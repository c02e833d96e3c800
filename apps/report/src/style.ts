/** The report's inline stylesheet: readable on screen, clean in print (figures and tables kept whole). */
export const REPORT_CSS = `
:root { --fg: #1b1b1b; --muted: #555; --rule: #ccc; --accent: #0072b2; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1100px; padding: 0 1.2rem 3rem; }
header { border-bottom: 2px solid var(--accent); margin-bottom: 1rem; }
h1 { margin: 1rem 0 0.2rem; font-size: 1.6rem; }
h2 { border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; margin-top: 2rem; font-size: 1.25rem; }
.subtitle { color: var(--muted); margin: 0 0 0.5rem; }
nav { margin: 0.4rem 0 0.8rem; }
nav a { color: var(--accent); }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
caption a.csv { font-weight: 400; font-size: 0.85rem; margin-left: 0.6rem; color: var(--accent); }
th, td { border-bottom: 1px solid var(--rule); padding: 0.2rem 0.6rem; text-align: left; }
td { text-align: right; }
thead th { border-bottom: 2px solid var(--fg); }
ul.results li { margin-bottom: 0.4rem; }
code { font-size: 0.85rem; word-break: break-all; }
figure { margin: 1rem 0; break-inside: avoid; }
@media print {
  nav, a.csv { display: none; }
  body { max-width: none; font-size: 11pt; }
  section, table, figure { break-inside: avoid; }
  h2 { break-after: avoid; }
}
`;
