// The reports in a real browser: Debian's Chromium driven by playwright-core opens index.html from
// file://. The same tests run on the fMRS crossover report and on the belief-updating report (each
// from its own declared section list). A missing Chromium fails these tests with the install
// command (never a silent pass).
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BELIEF_REPORT_SECTIONS } from "./belief/buildBeliefReport";
import { buildReport, REPORT_SECTIONS } from "./buildReport";
import { writeBeliefSampleDerivatives } from "./testing/beliefSampleDerivatives";
import { launchChromium } from "./testing/chromium";
import { shownMatches, valueAt } from "./testing/reportChecks";
import { writeSampleDerivatives } from "./testing/sampleDerivatives";

const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), "..", "test-results");

interface Opened {
  readonly page: Page;
  readonly url: string;
  readonly requests: string[];
  readonly errors: string[];
}

let browser: Promise<Browser> | undefined;

interface Built {
  readonly results: unknown;
  readonly url: string;
}

/** Writes a report into test-results/ and returns its file:// URL. */
async function writeReport(
  name: string,
  options: Parameters<typeof writeSampleDerivatives>[1],
): Promise<Built> {
  const built = await writeSampleDerivatives(mkdtempSync(join(tmpdir(), `fmrs-browser-${name}-`)), options);
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, buildReport(built.dir));
  return { results: built.results as unknown, url: pathToFileURL(file).href };
}

const HOSTILE_ID = `sub-<script>window.__pwnedId=1<b>&"x"`;
const HOSTILE_NAME = `<img src=x onerror="window.__pwned=2">Study & co`;

/** A report under test: how to build it and what the shared checks expect of it. */
interface ReportCase {
  readonly name: string;
  /** The report's declared section list. */
  readonly sections: readonly { readonly id: string; readonly title: string }[];
  /** A figure whose data table the keyboard test opens. */
  readonly firstFigure: string;
  readonly minFigures: number;
  /** Texts that must show, as text, in the hostile report's main. */
  readonly hostileTexts: readonly string[];
  /** Builds the plain and the hostile report (the same one when one build covers both). */
  build(): Promise<{ sample: Built; hostile: Built }>;
}

const CASES: readonly ReportCase[] = [
  {
    name: "fMRS crossover",
    sections: REPORT_SECTIONS,
    firstFigure: "fig-timecourse",
    minFigures: 10,
    hostileTexts: ["Placebo <script>window.__pwned=1</script>", HOSTILE_ID],
    build: async () => ({
      sample: await writeReport("report-sample", { acquisition: "fitted" }),
      hostile: await writeReport("report-hostile", {
        renameParticipants: { "sub-03": HOSTILE_ID },
        conditionLabels: {
          PBO: `Placebo <script>window.__pwned=1</script>`,
          NTX: `<img src=x onerror="window.__pwned=3">NTX`,
        },
        studyName: HOSTILE_NAME,
        acquisition: "raw",
        spectra: true,
      }),
    }),
  },
  {
    name: "belief updating",
    sections: BELIEF_REPORT_SECTIONS,
    firstFigure: "fig-task",
    minFigures: 10,
    hostileTexts: ["TRD <script>window.__pwned=1</script>", HOSTILE_ID],
    build: async () => {
      // One build (the hostile one) serves every check: the pipeline on 56 participants is the slow part.
      const built = await writeBeliefSampleDerivatives(mkdtempSync(join(tmpdir(), "fmrs-browser-belief-")), {
        renameParticipants: { "sub-03": HOSTILE_ID },
        studyName: HOSTILE_NAME,
        groupLabels: {
          patient: `TRD <script>window.__pwned=1</script>`,
          control: `<img src=x onerror="window.__pwned=3">HC`,
        },
        treatmentLabel: `ketamine <b onmouseover="window.__pwned=4">0.5 mg/kg</b>`,
      });
      const file = join(ARTIFACTS, "belief-report-hostile.html");
      writeFileSync(file, buildReport(built.dir));
      const one = { results: built.results as unknown, url: pathToFileURL(file).href };
      return { sample: one, hostile: one };
    },
  },
];

/**
 * The browser, launched on first use inside a test, so that a missing Chromium fails every test
 * with the install command instead of skipping them.
 */
function chromium(): Promise<Browser> {
  browser ??= launchChromium();
  return browser;
}

/** Opens a page recording every request and every console error or page error. */
async function open(url: string, viewport = { width: 1200, height: 900 }): Promise<Opened> {
  const page = await (await chromium()).newPage({ viewport });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => {
    requests.push(r.url());
  });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => {
    errors.push(`pageerror: ${e.message}`);
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, url, requests, errors };
}

afterAll(async () => {
  if (browser !== undefined) await (await browser.catch(() => null))?.close();
});

describe.each(CASES)("$name report in Chromium", (c) => {
  let sample: Built;
  let hostile: Built;
  const prefix = c.name === "fMRS crossover" ? "" : "belief-";
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ sample, hostile } = await c.build());
  });

  it("index.html opens from file:// with no request but the page itself and no console error", async () => {
    for (const url of [sample.url, hostile.url]) {
      const o = await open(url);
      await o.page.waitForTimeout(300);
      expect(o.requests).toEqual([url]);
      expect(o.errors).toEqual([]);
      await o.page.close();
    }
  });

  it("index.html shows every section and every figure with its caption, accessible chart and data table", async () => {
    const { page } = await open(hostile.url);
    for (const s of c.sections) {
      await expect(page.locator(`section#${s.id} > h2`).textContent()).resolves.toBe(s.title);
    }
    const figs = await page.$$eval("figure.chart", (list) =>
      list.map((f) => ({
        id: f.id,
        caption: f.querySelector("figcaption")?.textContent ?? "",
        name: f.querySelector("svg[role=img]")?.getAttribute("aria-label") ?? "",
        rows: f.querySelectorAll("details.data table tbody tr").length,
        width: f.querySelector("svg[role=img]")?.getBoundingClientRect().width ?? 0,
        overflow: f.scrollWidth > f.clientWidth + 1,
      })),
    );
    expect(figs.length).toBeGreaterThanOrEqual(c.minFigures);
    figs.forEach((f, i) => {
      expect(f.caption, f.id).toMatch(new RegExp(`^Figure ${i + 1}\\. \\S`));
      expect(f.name.length, f.id).toBeGreaterThan(10);
      expect(f.rows, f.id).toBeGreaterThan(0);
      expect(f.width, f.id).toBeGreaterThan(300);
      expect(f.overflow, f.id).toBe(false);
    });
    const label = await page.locator(`#${c.firstFigure}`).getAttribute("aria-labelledby");
    expect(label).toBe(`${c.firstFigure}-cap`);
    await page.close();
  });

  it("index.html never runs a hostile label or id: it shows as text", async () => {
    const { page, errors } = await open(hostile.url);
    await page.waitForTimeout(300);
    const flags = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return [w.__pwned, w.__pwnedId];
    });
    expect(flags).toEqual([undefined, undefined]);
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("main img").count()).toBe(0);
    await expect(page.locator("h1").textContent()).resolves.toBe(HOSTILE_NAME);
    const text = (await page.locator("main").textContent()) ?? "";
    for (const t of c.hostileTexts) expect(text).toContain(t);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("index.html shows each tagged number as results.json holds it", async () => {
    for (const { url, results } of [sample, hostile]) {
      const { page } = await open(url);
      const shown = await page.$$eval("[data-result]", (list) =>
        list.map((e) => ({
          path: e.getAttribute("data-result") ?? "",
          value: e.getAttribute("data-value") ?? "",
          text: e.textContent ?? "",
        })),
      );
      expect(shown.length).toBeGreaterThan(150);
      for (const s of shown) {
        const expected = valueAt(results, s.path);
        expect(s.value, s.path).toBe(String(expected));
        expect(shownMatches(s.text, expected), `${s.path}: "${s.text}"`).toBe(true);
      }
      await page.close();
    }
  });

  it("index.html prints: figures kept whole, navigation hidden; screenshot and PDF written to test-results/", async () => {
    const { page } = await open(sample.url);
    await page.screenshot({ path: join(ARTIFACTS, `${prefix}report.png`), fullPage: true });
    await page.emulateMedia({ media: "print" });
    const print = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector("nav") as Element).display,
      figures: [...document.querySelectorAll("figure.chart")].map((f) => getComputedStyle(f).breakInside),
      csv: getComputedStyle(document.querySelector("a.csv") as Element).display,
    }));
    expect(print.nav).toBe("none");
    expect(print.csv).toBe("none");
    expect(new Set(print.figures)).toEqual(new Set(["avoid"]));
    const pdf = join(ARTIFACTS, `${prefix}report.pdf`);
    await page.pdf({ path: pdf, format: "A4", printBackground: true });
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    expect(statSync(pdf).size).toBeGreaterThan(50_000);
    expect(statSync(join(ARTIFACTS, `${prefix}report.png`)).size).toBeGreaterThan(50_000);
    await page.close();
  });

  it("index.html is readable on a narrow screen and keyboard-reachable", async () => {
    const { page } = await open(sample.url, { width: 420, height: 800 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide).toBeLessThanOrEqual(420);
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      "Skip to the report",
    );
    const summary = page.locator(`#${c.firstFigure} details.data > summary`);
    await summary.focus();
    await page.keyboard.press("Enter");
    await expect(page.locator(`#${c.firstFigure} details.data`).getAttribute("open")).resolves.toBe("");
    await page.close();
  });
});
