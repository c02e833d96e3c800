// `pnpm bench` (turbo runs each package's `bench` script): builds the report of data-samples'
// derivatives (from `pnpm pipeline`), or of the fitted-route sample processed in a temp dir, then
// measures in Chromium the time from navigation start to the load event over a few runs, the
// file size, the number of fit thumbnails, and the A4 print (pages, least-filled page). Targets:
// load < 1 s, file < 3 MB, no printed page under 30 % filled but the last. Prints plain lines; not a test.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance as clock } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { buildReport } from "../src/buildReport";
import { launchChromium } from "../src/testing/chromium";
import { GHOSTSCRIPT, pdfPageFill } from "../src/testing/layoutChecks";
import { DATA_SAMPLES, writeSampleDerivatives } from "../src/testing/sampleDerivatives";
import { printedPageFill } from "../src/testing/spectralChecks";

const RUNS = 5;
const LOAD_TARGET_MS = 1000;
const SIZE_TARGET_BYTES = 3 * 1024 * 1024;

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "fmrs-report-bench-"));
  try {
    // The main sample's derivatives when `pnpm pipeline` has made them (26 subjects, raw route, with
    // fitted spectra); otherwise the fitted-route sample built here.
    const pipelineOutput = join(DATA_SAMPLES, "..", "derivatives", "fmrs-crossover");
    const usePipeline = existsSync(join(pipelineOutput, "results.json"));
    const derivatives = usePipeline ? pipelineOutput : join(work, "derivatives");
    if (!usePipeline) await writeSampleDerivatives(derivatives, { acquisition: "fitted" });
    const label = usePipeline
      ? "data-samples, 26 subjects, raw route"
      : "data-samples/fitted-route, 12 subjects";
    const builds: number[] = [];
    let html = "";
    for (let i = 0; i < 3; i++) {
      const t0 = clock.now();
      html = buildReport(derivatives);
      builds.push(clock.now() - t0);
    }
    const file = join(work, "index.html");
    writeFileSync(file, html);
    const bytes = statSync(file).size;
    const thumbnails = (html.match(/<g class="panel thumbnail" data-panel="/g) ?? []).length;
    console.log(`report spectra: ${thumbnails} fit thumbnails (one per session with fitted spectra)`);
    console.log(
      `report build: median ${Math.round(median(builds))} ms over ${builds.length} runs (${label})`,
    );

    const browser = await launchChromium();
    const loads: number[] = [];
    try {
      for (let i = 0; i <= RUNS; i++) {
        const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
        const page = await context.newPage();
        await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
        const ms = await page.evaluate(() => {
          const nav = performance.getEntriesByType("navigation")[0] as
            | PerformanceNavigationTiming
            | undefined;
          return nav === undefined ? Number.NaN : nav.loadEventEnd - nav.startTime;
        });
        if (i > 0) loads.push(ms);
        await context.close();
      }
      // Print: the A4 PDF's page count and the least-filled page but the last (Ghostscript's bbox).
      let printLine = "report print: Ghostscript not found, page fill not measured";
      if (existsSync(GHOSTSCRIPT)) {
        const page = await (await browser.newContext()).newPage();
        await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
        const fill = await printedPageFill(page, join(work, "index.pdf"), pdfPageFill);
        const early = fill.slice(0, -1);
        printLine = `report print: ${fill.length} A4 pages, least-filled page but the last ${Math.round(100 * Math.min(1, ...early))} % (target: no page under 30 %)`;
      }
      console.log(printLine);
    } finally {
      await browser.close();
    }
    const load = median(loads);
    console.log(
      `report load: median ${Math.round(load)} ms over ${loads.length} runs (file ${Math.round(bytes / 1024)} kB)`,
    );
    const met = load < LOAD_TARGET_MS && bytes < SIZE_TARGET_BYTES;
    console.log(
      `report targets (load < ${LOAD_TARGET_MS} ms, file < ${SIZE_TARGET_BYTES / 1024 / 1024} MB): ${met ? "met" : "MISSED"}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
