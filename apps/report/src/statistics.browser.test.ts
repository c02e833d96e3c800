// The report's statistical content in Chromium (issue 15): the summary's first bullet is the
// primary estimand with its CI and standardised effect, every number shown equals results.json,
// and each statistical figure (CONSORT flow, paired slopegraphs, the within-subject difference
// curve, forest panels, model diagnostics, attenuation by sex, association) exists with its
// caption, accessible chart and data table.
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Results } from "@fmrs/schema";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "./buildReport";
import { launchChromium } from "./testing/chromium";
import { shownMatches, valueAt } from "./testing/reportChecks";
import { writeSampleDerivatives } from "./testing/sampleDerivatives";

const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), "..", "test-results");

let browser: Promise<Browser> | undefined;
let results: Results;
let url: string;
let file: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const built = await writeSampleDerivatives(mkdtempSync(join(tmpdir(), "fmrs-stats-browser-")), {
    acquisition: "fitted",
  });
  results = built.results as Results;
  file = join(ARTIFACTS, "report-statistics.html");
  writeFileSync(file, buildReport(built.dir));
  url = pathToFileURL(file).href;
});

afterAll(async () => {
  if (browser !== undefined) await (await browser.catch(() => null))?.close();
});

async function open(): Promise<Page> {
  browser ??= launchChromium();
  const page = await (await browser).newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(url, { waitUntil: "load" });
  return page;
}

interface Tagged {
  readonly path: string;
  readonly value: string;
  readonly text: string;
}

function checkTagged(list: readonly Tagged[]): void {
  for (const s of list) {
    const expected = valueAt(results, s.path);
    expect(s.value, s.path).toBe(String(expected));
    expect(shownMatches(s.text, expected), `${s.path}: "${s.text}"`).toBe(true);
  }
}

/** The statistical figures of the report and what each must show. */
function expectedFigures(r: Results): string[] {
  return [
    "fig-consort",
    "fig-pairs-madrs",
    "fig-pairs-glx",
    "fig-difference",
    "fig-forest-madrs",
    "fig-forest-glx",
    ...(Object.entries(r.models).some(([k, m]) => m !== null && k.startsWith("glutamate"))
      ? ["fig-diagnostics-glutamate"]
      : []),
    ...(Object.entries(r.models).some(([k, m]) => m !== null && k.startsWith("madrs"))
      ? ["fig-diagnostics-madrs"]
      : []),
    "fig-attenuation",
    "fig-association",
  ];
}

describe("the report's statistical content in Chromium", () => {
  it("the first bullet of the summary carries the primary estimate with its CI, Cohen's d_z with its CI, test and p, all equal to results.json", async () => {
    const page = await open();
    const first = page.locator("#summary ul.results > li").first();
    await expect(first.getAttribute("class")).resolves.toBe("primary");
    const primary = results.primary;
    expect(primary).not.toBeNull();
    await expect(first.getAttribute("data-primary")).resolves.toBe(primary?.source);
    const tagged: Tagged[] = await first.locator("[data-result]").evaluateAll((list) =>
      list.map((e) => ({
        path: e.getAttribute("data-result") ?? "",
        value: e.getAttribute("data-value") ?? "",
        text: e.textContent ?? "",
      })),
    );
    const paths = tagged.map((t) => t.path);
    for (const p of [
      "primary.estimate.estimate",
      "primary.estimate.ci95.0",
      "primary.estimate.ci95.1",
      "primary.estimate.t",
      "primary.estimate.df",
      "primary.estimate.p",
      "primary.standardised.estimate",
      "primary.standardised.ci95.0",
      "primary.standardised.ci95.1",
      "primary.n",
    ])
      expect(paths, p).toContain(p);
    checkTagged(tagged);
    // The primary estimate is the analysis it names, not a copy that could drift.
    expect(results.primary?.estimate).toEqual(valueAt(results, primary?.source ?? ""));
    const text = (await first.textContent()) ?? "";
    expect(text).toMatch(/^Primary result/);
    expect(text).toContain("Cohen's d_z");
    expect(text).toContain("95 % CI");
    await page.close();
  });

  it("every number shown anywhere is the results.json value it is tagged with", async () => {
    const page = await open();
    const tagged: Tagged[] = await page.$$eval("[data-result]", (list) =>
      list.map((e) => ({
        path: e.getAttribute("data-result") ?? "",
        value: e.getAttribute("data-value") ?? "",
        text: e.textContent ?? "",
      })),
    );
    expect(tagged.length).toBeGreaterThan(500);
    checkTagged(tagged);
    await page.close();
  });

  it("a figure exists for every statistical item, with a numbered caption, an accessible chart and a data table", async () => {
    const page = await open();
    for (const id of expectedFigures(results)) {
      const fig = page.locator(`figure#${id}`);
      await expect(fig.count(), id).resolves.toBe(1);
      const caption = (await fig.locator("figcaption").textContent()) ?? "";
      expect(caption, id).toMatch(/^Figure \d+\. \S/);
      expect(caption, id).not.toMatch(/when results\.json has them/);
      const label = (await fig.locator("svg[role=img]").getAttribute("aria-label")) ?? "";
      expect(label.length, id).toBeGreaterThan(10);
      const rows = await fig.locator("details.data table tbody tr").count();
      expect(rows, id).toBeGreaterThan(0);
      const box = await fig.locator("svg[role=img]").boundingBox();
      expect(box?.width ?? 0, id).toBeGreaterThan(300);
    }
    // The diagnostics are small multiples, one figure per outcome: one row of panels (residuals vs fitted, QQ of the
    // residuals, QQ of the random effects) for every mixed model in results.json.
    for (const [k, m] of Object.entries(results.models)) {
      const row = page.locator(`figure[id^="fig-diagnostics"] svg g.model[data-model="${k}"]`);
      await expect(row.count(), k).resolves.toBe(m === null ? 0 : 1);
      if (m !== null) {
        const n = await row
          .locator("path.points")
          .evaluateAll((ps) => ps.map((p) => p.getAttribute("data-n")));
        const re =
          m.diagnostics.random_effects.find((g) => g.group === "subject") ?? m.diagnostics.random_effects[0];
        expect(n, k).toEqual([
          String(m.diagnostics.residuals.length),
          String(m.diagnostics.residuals.length),
          ...(re === undefined ? [] : [String(re.values.length)]),
        ]);
      }
    }
    // The sensitivity table lists the primary analysis and its alternatives; the multiplicity statement follows.
    const roles = await page.locator("#sensitivity tbody tr td:nth-child(3)").allTextContents();
    expect(roles.filter((r) => r === "primary")).toHaveLength(1);
    expect(roles.filter((r) => r === "sensitivity").length).toBeGreaterThanOrEqual(5);
    await expect(page.locator("#sensitivity p.multiplicity").textContent()).resolves.toMatch(
      /not adjusted for multiplicity/,
    );
    await page.close();
  });

  it("the forest panels print every row's estimate, CI and p, and the panel notes give the sex interaction p", async () => {
    const page = await open();
    const rows = await page.locator("#fig-forest-madrs svg g.row").count();
    const texts = await page.locator("#fig-forest-madrs svg text.row-text").allTextContents();
    expect(texts).toHaveLength(rows);
    for (const t of texts)
      expect(t).toMatch(/^(not estimable|−?\d+\.\d+ \[−?\d+\.\d+, −?\d+\.\d+\] {2}p (=|<) )/);
    const notes = await page.locator("#fig-forest-madrs svg text.panel-note").allTextContents();
    expect(notes.join(" ")).toMatch(/Condition × sex interaction/);
    const labels = await page.locator("#fig-forest-glx svg text.row-label").allTextContents();
    expect(labels.join(" ")).not.toContain("…");
    await page.close();
  });

  it("sexes read as words beside statistics, and the association shows words, units and the test − reference direction", async () => {
    const page = await open();
    const summary = (await page.locator("#summary ul.results").textContent()) ?? "";
    expect(summary).toContain("female");
    expect(summary).not.toMatch(/(^|[\s;(])[FM] [−\d]/);
    const axes = await page.locator("#fig-association svg text.axis-label").allTextContents();
    expect(axes.join(" ")).toMatch(/NTX − PBO \(pp\)/);
    expect(axes.join(" ")).not.toMatch(/glx_pct_change|madrs_change/);
    expect(results.association.x_definition).toBe("glx_pct_change(NTX) − glx_pct_change(PBO)");
    await page.close();
  });

  it("the report stays under 3 MB", () => {
    expect(statSync(file).size).toBeLessThan(3 * 1024 * 1024);
  });
});
