/** The report's inline stylesheet: readable on screen, clean in print (figures and tables kept whole, numbered). */
export const REPORT_CSS = `
:root { --fg: #1b1b1b; --muted: #555; --rule: #ccc; --accent: #0072b2; --bg-soft: #f5f7fa; --warn: #d55e00; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1040px; padding: 0 1.2rem 3rem; background: #fff; }
a { color: var(--accent); }
a:focus-visible, summary:focus-visible { outline: 3px solid var(--warn); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 0.5rem; background: #fff; padding: 0.3rem 0.6rem; z-index: 2; }
header { border-bottom: 2px solid var(--accent); margin-bottom: 1rem; }
h1 { margin: 1rem 0 0.2rem; font-size: 1.6rem; line-height: 1.25; overflow-wrap: anywhere; }
h2 { border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; margin-top: 2.2rem; font-size: 1.3rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
.subtitle { color: var(--muted); margin: 0 0 0.5rem; overflow-wrap: anywhere; }
nav ol { list-style: none; padding: 0; margin: 0.4rem 0 0.8rem; display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; }
.table-wrap { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.86rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; caption-side: top; }
caption a.csv { font-weight: 400; font-size: 0.82rem; margin-left: 0.6rem; white-space: nowrap; }
.tab-no, .fig-no { font-weight: 700; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.2rem 0.55rem; text-align: left; vertical-align: top; }
td { text-align: left; }
td.n { text-align: right; }
tbody th { font-weight: 500; overflow-wrap: anywhere; }
thead th { border-bottom: 2px solid var(--fg); }
td.empty { text-align: left; color: var(--muted); font-style: italic; }
#primary-results td:nth-child(5), #primary-results td:nth-child(6) { white-space: nowrap; }
table { min-width: 60%; }
.not-reported { color: var(--muted); font-style: italic; }
ul.results li { margin-bottom: 0.4rem; }
code { font-size: 0.85rem; overflow-wrap: anywhere; }
pre.json { background: var(--bg-soft); padding: 0.6rem; font-size: 0.8rem; overflow-x: auto; white-space: pre-wrap; }
.note { color: var(--muted); }
.absent { border-left: 4px solid var(--rule); padding: 0.3rem 0.7rem; background: var(--bg-soft); }
figure.chart { margin: 1.2rem 0 1.6rem; padding: 0.6rem 0.8rem; border: 1px solid var(--rule); border-radius: 4px; break-inside: avoid; page-break-inside: avoid; }
figure.chart .svg-wrap { overflow-x: auto; }
figure.chart svg.fmrs-chart { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { font-size: 0.9rem; margin-top: 0.5rem; }
.key { display: block; margin-top: 0.25rem; }
.key-item { white-space: normal; overflow-wrap: anywhere; }
.key svg.swatch { vertical-align: middle; margin: 0 0.25rem 0 0.1rem; }
details.data, details.more, details.fold { margin-top: 0.5rem; }
details > summary { cursor: pointer; color: var(--accent); }
details.data table { font-size: 0.8rem; }
.flow { display: grid; grid-template-columns: 1fr auto 1fr; align-items: stretch; gap: 0.3rem 0.6rem; margin: 0.8rem 0; }
.flow-box { border: 1px solid var(--accent); border-radius: 4px; padding: 0.4rem 0.7rem; background: var(--bg-soft); }
.flow-box.wide { grid-column: 1 / -1; }
.flow-box.wide ul { columns: 2 18rem; column-gap: 2rem; }
.flow-box li { break-inside: avoid; }
.flow-arrow.down { grid-column: 1 / -1; text-align: center; line-height: 1; }
.flow-box p { margin: 0.2rem 0; }
.flow-box ul { margin: 0.2rem 0; padding-left: 1.1rem; font-size: 0.9rem; }
.flow-title { font-weight: 700; }
.flow-arrow { align-self: center; font-size: 1.5rem; color: var(--accent); }
article.model { border-top: 1px dashed var(--rule); margin-top: 1rem; }
.formula code { background: var(--bg-soft); padding: 0.15rem 0.35rem; }
ol.references li { margin-bottom: 0.25rem; }
ul.warnings li { color: #8a3b00; margin-bottom: 0.3rem; }
footer { margin-top: 2.5rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; }
@media screen {
  figure.chart svg.fmrs-chart { width: 100%; max-width: 900px; }
}
@media print {
  /* A4 with 12 mm side margins prints 186 mm = 703 CSS px: charts are laid out 680 px wide
     (CHART_WIDTH) and print unscaled, so their 11-px text prints at 8.25 pt; Letter is wider. */
  @page { margin: 12mm 12mm 13mm; }
  nav, a.csv, .skip { display: none; }
  html, body { background: #fff; }
  body { max-width: none; font-size: 9pt; line-height: 1.3; padding: 0; }
  header { margin-bottom: 0.4rem; }
  h1 { font-size: 15pt; margin-top: 0; }
  h2 { font-size: 12pt; margin: 0.8rem 0 0.3rem; }
  h3 { font-size: 10pt; margin: 0.6rem 0 0.25rem; }
  p { margin: 0.3rem 0; }
  a { color: inherit; text-decoration: none; }
  /* Figures, flow boxes and rows stay whole; tables may run on across pages (their header row
     repeats), so a long table never leaves most of a page blank before it. */
  figure.chart, .flow, article.model > p, tr, caption { break-inside: avoid; page-break-inside: avoid; }
  table { break-inside: auto; page-break-inside: auto; font-size: 8.5pt; min-width: 0; }
  thead { display: table-header-group; }
  caption { break-after: avoid; page-break-after: avoid; }
  figure.chart { border: none; padding: 0; margin: 0.3rem 0 0.6rem; }
  figure.chart svg.fmrs-chart { width: auto; max-width: 100%; }
  figcaption { font-size: 8pt; line-height: 1.25; }
  details.data { display: none; }
  details.more:not([open]) { display: none; }
  details.fold > summary { color: inherit; font-size: 8.5pt; list-style: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  section { break-before: auto; }
  .table-wrap { overflow: visible; }
  /* Checksum tables (provenance) are an appendix: two entries a line, each hash shortened to its
     first 12 hex digits, sizes left out; the full values stay in the HTML and its CSV downloads. */
  table.hashes { display: block; font-size: 7pt; line-height: 1.25; }
  table.hashes caption { display: block; font-size: 8.5pt; }
  table.hashes caption::after { content: " (printed two a line, hashes shortened to 12 hex digits; full values in the HTML and CSV)"; font-weight: 400; }
  table.hashes thead { display: none; }
  table.hashes tbody { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); column-gap: 5mm; }
  table.hashes tr { display: flex; justify-content: space-between; gap: 2mm; border-bottom: 1px solid #ddd; }
  table.hashes th, table.hashes td { display: block; border: none; padding: 0; }
  table.hashes tbody th { font-weight: 400; min-width: 0; overflow-wrap: anywhere; }
  table.hashes td.n { display: none; }
  table.hashes td.hash { flex: none; width: 12ch; font-family: ui-monospace, "DejaVu Sans Mono", monospace; white-space: nowrap; overflow: hidden; }
  ul.results li, ol.references li { break-inside: avoid; }
}
`;
