// The spectral-quality figures and the print layout of the report in Chromium (Debian's, through
// playwright-core), on the fitted-route sample with synthetic fitted spectra and transient
// decisions written for every session (so every figure of the report is drawn). The whole raw
// pipeline on data-samples, with its PDF, is in dataSamples.science.test.ts.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "./buildReport";
import { type Derivatives, readDerivatives } from "./derivatives";
import { launchChromium } from "./testing/chromium";
import { pdfPageFill, smallestChartTextPt, svgTextProblems } from "./testing/layoutChecks";
import { writeSampleDerivatives } from "./testing/sampleDerivatives";
import { checkSpectralFigures, PRINT_PAGES, printedPageFill } from "./testing/spectralChecks";

const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), "..", "test-results");

let browser: Promise<Browser> | undefined;
let sample: { url: string; derivatives: Derivatives };
let hostile: { url: string };

function chromium(): Promise<Browser> {
  browser ??= launchChromium();
  return browser;
}

async function open(url: string, viewport = { width: 1200, height: 900 }): Promise<Page> {
  const page = await (await chromium()).newPage({ viewport });
  await page.goto(url, { waitUntil: "load" });
  return page;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const built = await writeSampleDerivatives(mkdtempSync(join(tmpdir(), "fmrs-spectral-")), {
    acquisition: "raw",
    spectra: "all",
  });
  const file = join(ARTIFACTS, "report-spectral.html");
  writeFileSync(file, buildReport(built.dir));
  sample = { url: pathToFileURL(file).href, derivatives: readDerivatives(built.dir) };
  const bad = await writeSampleDerivatives(mkdtempSync(join(tmpdir(), "fmrs-spectral-hostile-")), {
    renameParticipants: { "sub-03": `sub-<b>&"x"-with-a-much-longer-identifier` },
    conditionLabels: {
      PBO: "Placebo (identical capsule, same schedule) <b>&",
      NTX: "Naltrexone 50 mg by mouth",
    },
    studyName: "A study with a long name & <odd> characters",
    acquisition: "raw",
    spectra: "all",
  });
  const hostileFile = join(ARTIFACTS, "report-spectral-hostile.html");
  writeFileSync(hostileFile, buildReport(bad.dir));
  hostile = { url: pathToFileURL(hostileFile).href };
});

afterAll(async () => {
  if (browser !== undefined) await (await browser.catch(() => null))?.close();
});

describe("spectral quality in Chromium", () => {
  it("index.html draws a fit thumbnail (data, fit, residual) for every session with spectra, a distribution and a time course of linewidth and SNR by condition, each figure with caption and data table", async () => {
    const page = await open(sample.url);
    await checkSpectralFigures(page, sample.derivatives);
    await page.close();
  });

  it("index.html lists every session's transients with the rejected count and reasons, and describes the rule", async () => {
    const page = await open(sample.url);
    const rows = await page.$$eval("table#transients tbody tr", (trs) =>
      trs.map((tr) => [...tr.children].map((c) => c.textContent ?? "")),
    );
    const d = sample.derivatives;
    expect(rows).toHaveLength(d.transients.length);
    for (const t of d.transients) {
      const row = rows.find((r) => r[0] === t.participant_id && r[1] === t.session_id);
      expect(row, `${t.participant_id} ${t.session_id}`).toBeDefined();
      const rejected = t.rows.filter((r) => !r.kept);
      expect(row?.[3]).toBe(String(t.rows.length));
      expect(row?.[4]).toBe(String(rejected.length));
      const deviation = rejected.filter((r) => r.reason.startsWith("spectral deviation")).length;
      if (deviation > 0) expect(row?.[7]).toContain(`spectral deviation (${deviation})`);
    }
    const text = (await page.locator("#spectral-quality").textContent()) ?? "";
    expect(text).toContain("Transients table");
    expect(text).toMatch(/robust z-score \(median and 1\.4826·MAD/);
    await page.close();
  });
});

describe("layout and print in Chromium", () => {
  it("no text in any chart is clipped by its SVG or overlaps another text, on screen and in print, with ordinary and long hostile labels", async () => {
    for (const url of [sample.url, hostile.url]) {
      for (const { viewport, media } of [
        { viewport: { width: 1200, height: 900 }, media: "screen" as const },
        {
          viewport: { width: Math.floor(PRINT_PAGES.A4.contentWidthPx), height: 1000 },
          media: "print" as const,
        },
      ]) {
        const page = await open(url, viewport);
        await page.emulateMedia({ media });
        const charts = await page.locator("svg.fmrs-chart").count();
        expect(charts).toBeGreaterThanOrEqual(12);
        expect(await svgTextProblems(page), `${url} ${media}`).toEqual([]);
        await page.close();
      }
    }
  });

  it("chart text prints at 8 pt or more on A4 and on Letter", async () => {
    for (const size of [PRINT_PAGES.A4, PRINT_PAGES.Letter]) {
      const page = await open(sample.url, { width: Math.floor(size.contentWidthPx), height: 1000 });
      await page.emulateMedia({ media: "print" });
      // Nothing may be wider than the text block: Chromium would shrink the whole PDF to fit it,
      // and every chart's text with it (a 861-px table once printed all charts at 82 %).
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(wide, `${size.name}: page content wider than the text block`).toBeLessThanOrEqual(
        Math.floor(size.contentWidthPx),
      );
      const smallest = await smallestChartTextPt(page);
      expect(smallest.pt, `${size.name}: ${smallest.figure} "${smallest.text}"`).toBeGreaterThanOrEqual(8);
      await page.close();
    }
  });

  it("the printed PDF (A4) has no page under 30 % filled but the last, by Ghostscript's bounding box of each page", async () => {
    const page = await open(sample.url);
    const pdf = join(ARTIFACTS, "report-spectral.pdf");
    const fill = await printedPageFill(page, pdf, pdfPageFill);
    const early = fill.slice(0, -1);
    expect(fill.length).toBeGreaterThan(5);
    expect(
      early.filter((f) => f < 0.3),
      `page fill ${fill.map((f) => f.toFixed(2)).join(" ")}`,
    ).toEqual([]);
    await page.close();
  });
});
