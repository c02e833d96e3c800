// Test support shared by the browser test and the data-samples science test: the checks of the
// spectral-quality figures against the derivative tables (computed here independently of the
// report's own summaries), and the printed page sizes.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Derivatives } from "../derivatives";
import { shownMatches } from "./reportChecks";

const MM_PX = 96 / 25.4;
const MM_PT = 72 / 25.4;

/** A paper size as the report's print CSS lays it out (12 mm side and top margins, 13 mm bottom). */
export interface PrintPage {
  readonly name: "A4" | "Letter";
  /** Width of the printed content in CSS px (page width minus the side margins). */
  readonly contentWidthPx: number;
  readonly heightPt: number;
  readonly marginTopPt: number;
  readonly marginBottomPt: number;
}

export const PRINT_PAGES: Readonly<Record<"A4" | "Letter", PrintPage>> = {
  A4: {
    name: "A4",
    contentWidthPx: (210 - 24) * MM_PX,
    heightPt: 297 * MM_PT,
    marginTopPt: 12 * MM_PT,
    marginBottomPt: 13 * MM_PT,
  },
  Letter: {
    name: "Letter",
    contentWidthPx: (215.9 - 24) * MM_PX,
    heightPt: 279.4 * MM_PT,
    marginTopPt: 12 * MM_PT,
    marginBottomPt: 13 * MM_PT,
  },
};

/** Prints the page to an A4 PDF at `pdfPath` and returns each page's fill (see pdfPageFill). */
export async function printedPageFill(
  page: Page,
  pdfPath: string,
  fill: (path: string, page: { heightPt: number; marginTopPt: number; marginBottomPt: number }) => number[],
): Promise<number[]> {
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: pdfPath, format: "A4", printBackground: true });
  return fill(pdfPath, PRINT_PAGES.A4);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
}

/**
 * The spectral-quality figures of an open report checked against the derivatives it was built
 * from: a thumbnail with data, fit and residual traces for every session with spectra (and none
 * other); FWHM and SNR markers per session and condition at the session's median over its blocks;
 * linewidth and SNR time courses per condition whose block means equal the mean over QC-passing
 * blocks; every spectral figure numbered, captioned, accessible and with a data table.
 */
export async function checkSpectralFigures(page: Page, d: Derivatives): Promise<void> {
  const withSpectra = d.spectra
    .filter((s) => s.rows.length > 0)
    .map((s) => `${s.participant_id}/${s.session_id}`);
  const panels = await page.$$eval('figure[id^="fig-fit-thumbnails"] g.panel', (gs) =>
    gs.map((g) => ({
      id: g.getAttribute("data-panel") ?? "",
      traces: ["data", "fit", "residual"].map(
        (k) => (g.querySelector(`path.${k}`)?.getAttribute("d") ?? "").split(/[ML]/).length - 1,
      ),
    })),
  );
  expect(panels.map((p) => p.id).sort()).toEqual([...withSpectra].sort());
  for (const p of panels) for (const n of p.traces) expect(n, p.id).toBeGreaterThan(10);

  const conditionOf = new Map(
    d.timeseries.map((t) => [`${t.participant_id}/${t.session_id}`, t.rows[0]?.condition]),
  );
  for (const [measure, key] of [
    ["FWHM (Hz)", "fwhm_hz"],
    ["SNR", "snr"],
  ] as const) {
    const markers = await page.$$eval(
      `#fig-qc-distributions g.panel[data-measure="${measure}"] path.value`,
      (ms) =>
        ms.map((m) => ({
          id: m.getAttribute("data-id") ?? "",
          condition: m.getAttribute("data-condition") ?? "",
          value: Number(m.getAttribute("data-value")),
        })),
    );
    const expected = d.timeseries.flatMap((t) => {
      const values = t.rows.map((r) => r[key]).filter((v): v is number => v !== null);
      return values.length === 0
        ? []
        : [{ id: `${t.participant_id}/${t.session_id}`, value: median(values) }];
    });
    expect(markers.map((m) => m.id).sort(), measure).toEqual(expected.map((e) => e.id).sort());
    for (const e of expected) {
      const m = markers.find((x) => x.id === e.id);
      expect(m?.value, `${measure} ${e.id}`).toBeCloseTo(e.value, 9);
      expect(m?.condition).toBe(conditionOf.get(e.id));
    }
    expect(new Set(markers.map((m) => m.condition)).size).toBe(2);
  }

  const courses = await page.$$eval("#fig-qc-timecourse g.panel", (gs) =>
    gs.map((g) => ({
      measure: g.getAttribute("data-measure") ?? "",
      lines: [...g.querySelectorAll("path.mean-line")].map((p) => p.getAttribute("data-condition") ?? ""),
    })),
  );
  expect(courses[0]?.measure).toMatch(/change from baseline \(%\)/);
  for (const name of ["NAA linewidth, FWHM (Hz)", "SNR (NAA)"]) {
    const panel = courses.find((c) => c.measure.startsWith(name));
    expect(panel, name).toBeDefined();
    expect(new Set(panel?.lines)).toEqual(new Set(d.results.study.conditions.map((c) => c.id)));
  }
  // The linewidth time course's table: each condition's block mean over QC-passing blocks.
  const rows = await page.$$eval("#data-qc-timecourse tbody tr", (trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent ?? "")),
  );
  const label = new Map(d.results.study.conditions.map((c) => [c.id, c.label]));
  let checked = 0;
  for (const c of d.results.study.conditions) {
    const passing = d.blocks.filter((b) => b.condition === c.id && b.qc_pass && b.fwhm_hz !== null);
    for (const block of [...new Set(passing.map((b) => b.block))]) {
      const values = passing.filter((b) => b.block === block).map((b) => b.fwhm_hz as number);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const row = rows.find(
        (r) => r[0] === "NAA linewidth, FWHM (Hz)" && r[1] === label.get(c.id) && r[2] === String(block),
      );
      expect(row, `${c.id} block ${block}`).toBeDefined();
      expect(shownMatches(row?.[5] ?? "", mean), `${c.id} block ${block}: ${row?.[5]} vs ${mean}`).toBe(true);
      checked += 1;
    }
  }
  expect(checked).toBeGreaterThan(10);

  const figures = await page.$$eval("#spectral-quality figure.chart", (fs) =>
    fs.map((f) => ({
      id: f.id,
      caption: f.querySelector("figcaption")?.textContent ?? "",
      name: f.querySelector("svg[role=img]")?.getAttribute("aria-label") ?? "",
      rows: f.querySelectorAll("details.data table tbody tr").length,
    })),
  );
  const ids = figures.map((f) => f.id);
  for (const id of ["fig-qc-distributions", "fig-qc-timecourse", "fig-mean-spectrum", "fig-fit-thumbnails"])
    expect(ids).toContain(id);
  for (const f of figures) {
    expect(f.caption, f.id).toMatch(/^Figure \d+\. \S/);
    expect(f.name.length, f.id).toBeGreaterThan(10);
    expect(f.rows, f.id).toBeGreaterThan(0);
  }
}
