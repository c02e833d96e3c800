// Science tier (slow: the whole raw pipeline fits data-samples' 51 sessions of dynamic NIfTI-MRS):
// the report of the repository's main sample in Chromium: a fit thumbnail for every session with
// spectra, the linewidth and SNR figures, the spectral Methods stating what the fit recorded, no
// chart text clipped or overlapping, chart text ≥ 8 pt in print, and its A4 PDF: fewer than 22
// pages (the count before issue 15) with no page under 30 % filled but the last; ≤ 3 MB.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readArrowBytes } from "@fmrs/io";
import { outputPath } from "@fmrs/pipeline";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "./buildReport";
import { type Derivatives, readDerivatives } from "./derivatives";
import { launchChromium } from "./testing/chromium";
import { pdfPageFill, smallestChartTextPt, svgTextProblems } from "./testing/layoutChecks";
import { MAIN_SAMPLE, writeSampleDerivatives } from "./testing/sampleDerivatives";
import { checkSpectralFigures, PRINT_PAGES, printedPageFill } from "./testing/spectralChecks";
import { threadExecutor } from "./testing/threadExecutor";

const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), "..", "test-results");
/** Pages of data-samples' A4 PDF before issue 15 (the reviewer's count). */
const PAGES_BEFORE = 22;

let browser: Browser;
let file: string;
let derivatives: Derivatives;
let dir: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = (await writeSampleDerivatives(mkdtempSync(join(tmpdir(), "fmrs-data-samples-")), {}, MAIN_SAMPLE))
    .dir;
  derivatives = readDerivatives(dir);
  file = join(ARTIFACTS, "report-data-samples.html");
  writeFileSync(file, buildReport(dir));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe("data-samples' report (raw route, 26 subjects)", () => {
  it("draws a fit thumbnail for every session with spectra and the linewidth and SNR distributions and time courses by condition", async () => {
    expect(derivatives.spectra.length).toBeGreaterThanOrEqual(50);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    await checkSpectralFigures(page, derivatives);
    await page.close();
  });

  it("states in Methods the spectral processing the fit recorded (water band, rejection threshold, fit range, basis)", async () => {
    const s = derivatives.acquisition?.sessions[0];
    const meta = readArrowBytes(readFileSync(outputPath(dir, "fitBlocks", s))).metadata.get("provenance");
    const parameters = JSON.parse(meta ?? "{}").parameters;
    const band: [number, number] = parameters.spectral_fit.waterRemoval.bandPpm;
    const range: [number, number] = parameters.raw.fit_ppm_range;
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    const methods = (await page.locator("#methods").textContent()) ?? "";
    await page.close();
    expect(methods).toContain(`HLSVD`);
    expect(methods).toContain(`${band[0].toFixed(1)}–${band[1].toFixed(1)} ppm`);
    expect(methods).toContain(`${range[0].toFixed(1)}–${range[1].toFixed(1)} ppm`);
    expect(methods).toContain(
      `robust z-score (median, 1.4826·MAD) above ${parameters.raw.outlier_threshold.toFixed(1)}`,
    );
    const basisFiles = readdirSync(join(MAIN_SAMPLE, "basis")).filter((f) => f.endsWith(".json"));
    expect(methods).toContain(`${basisFiles.length} basis spectra`);
    expect(methods).toMatch(/receive-coil signals were combined|no coil dimension/);
  });

  it("has no chart text clipped or overlapping, and chart text prints at 8 pt or more", async () => {
    for (const media of ["screen", "print"] as const) {
      const page = await browser.newPage({
        viewport: {
          width: media === "print" ? Math.floor(PRINT_PAGES.A4.contentWidthPx) : 1200,
          height: 1000,
        },
      });
      await page.goto(pathToFileURL(file).href);
      await page.emulateMedia({ media });
      expect(await svgTextProblems(page), media).toEqual([]);
      if (media === "print") {
        // Nothing wider than the text block, else Chromium shrinks the whole PDF (charts' text too).
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(wide).toBeLessThanOrEqual(Math.floor(PRINT_PAGES.A4.contentWidthPx));
        expect((await smallestChartTextPt(page)).pt).toBeGreaterThanOrEqual(8);
      }
      await page.close();
    }
  });

  it(`prints to fewer than ${PAGES_BEFORE} A4 pages, none under 30 % filled but the last, from a file of at most 3 MB`, async () => {
    expect(statSync(file).size).toBeLessThanOrEqual(3 * 1024 * 1024);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    const fill = await printedPageFill(page, join(ARTIFACTS, "report-data-samples.pdf"), pdfPageFill);
    await page.close();
    const shown = fill.map((f) => f.toFixed(2)).join(" ");
    expect(fill.length, shown).toBeLessThan(PAGES_BEFORE);
    expect(
      fill.slice(0, -1).filter((f) => f < 0.3),
      shown,
    ).toEqual([]);
  });
});
