import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalJson } from "@fmrs/io";
import { describe, expect, it } from "vitest";
import { buildReport, REPORT_SECTIONS } from "./buildReport";
import { tableCsv } from "./html";
import { shownMatches, valueAt } from "./testing/reportChecks";
import { writeSampleDerivatives } from "./testing/sampleDerivatives";

const HOSTILE_ID = `sub-<script>window.__pwnedId=1<b>&"x"`;
const HOSTILE_LABEL = `Placebo <script>window.__pwned=1</script>`;
const HOSTILE_NAME = `<img src=x onerror="window.__pwned=2">Study & co`;

function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `fmrs-report-${prefix}-`));
}

/** The sample study through the pipeline's stage graph (fitted route: fitted-route acquisition summaries). */
const sample = await writeSampleDerivatives(tmp("sample"), { acquisition: "fitted" });
const sampleHtml = buildReport(sample.dir);

/** The same with a hostile subject id, condition label and study name, raw-route headers and fitted spectra. */
const hostile = await writeSampleDerivatives(tmp("hostile"), {
  renameParticipants: { "sub-03": HOSTILE_ID },
  conditionLabels: { PBO: HOSTILE_LABEL },
  studyName: HOSTILE_NAME,
  acquisition: "raw",
  spectra: true,
});
const hostileHtml = buildReport(hostile.dir);

/** No models in results.json and no acquisition summaries. */
const bare = await writeSampleDerivatives(tmp("bare"), { models: "none", acquisition: "none" });
const bareHtml = buildReport(bare.dir);

function tags(html: string, attr: "data-result" | "data-study") {
  return [...html.matchAll(new RegExp(`${attr}="([^"]+)" data-value="([^"]*)">([^<]*)<`, "g"))].map((m) => ({
    path: m[1] as string,
    value: m[2] as string,
    text: (m[3] as string).replaceAll("&lt;", "<").replaceAll("&amp;", "&"),
  }));
}

function figures(html: string): string[] {
  return [...html.matchAll(/<figure [\s\S]*?<\/figure>/g)].map((m) => m[0]);
}

/** A copy of the sample derivatives with one file replaced. */
function withFile(rel: string, content: string | Uint8Array): string {
  const dir = tmp("bad");
  cpSync(sample.dir, dir, { recursive: true });
  writeFileSync(join(dir, rel), content);
  return dir;
}

describe("buildReport", () => {
  it("buildReport(dir) has every declared section in order, each in the contents, warnings last", () => {
    let at = -1;
    for (const s of REPORT_SECTIONS) {
      const i = sampleHtml.indexOf(`<section id="${s.id}" aria-labelledby="${s.id}-h">`);
      expect(i, s.id).toBeGreaterThan(at);
      at = i;
      expect(sampleHtml).toContain(`<h2 id="${s.id}-h">${s.title}</h2>`);
      expect(sampleHtml).toContain(`<a href="#${s.id}">`);
    }
    expect(REPORT_SECTIONS.at(-1)?.id).toBe("warnings");
    expect(REPORT_SECTIONS.map((s) => s.id)).toEqual([
      "summary",
      "flow",
      "design",
      "glutamate",
      "madrs",
      "pairing",
      "effects",
      "models",
      "diagnostics",
      "crossover",
      "sensitivity",
      "association",
      "quality",
      "spectral-quality",
      "methods",
      "checklist",
      "provenance",
      "warnings",
    ]);
  });

  it("buildReport(dir) tags every number from results.json with its exact value, and shows it rounded", () => {
    for (const [html, results] of [
      [sampleHtml, sample.results],
      [hostileHtml, hostile.results],
      [bareHtml, bare.results],
    ] as const) {
      const found = tags(html, "data-result");
      expect(found.length).toBeGreaterThan(150);
      for (const t of found) {
        const expected = valueAt(results, t.path);
        expect(expected, t.path).not.toBeUndefined();
        expect(t.value, t.path).toBe(String(expected));
        expect(shownMatches(t.text, expected), `${t.path}: "${t.text}" vs ${String(expected)}`).toBe(true);
      }
    }
  });

  it("buildReport(dir) tags the primary tests, the Hills–Armitage effects, the attenuation CI and the sex contrasts", () => {
    const paths = new Set(tags(sampleHtml, "data-result").map((t) => t.path));
    const r = sample.results;
    for (const p of [
      "hills_armitage.madrs_change.treatment.estimate",
      "hills_armitage.madrs_change.treatment.ci95.0",
      "hills_armitage.madrs_change.treatment.p",
      "hills_armitage.glx_pct_change.treatment.estimate",
      "attenuation.estimate",
      "attenuation.bootstrap.percentile_ci95.0",
      "attenuation.bootstrap.percentile_ci95.1",
      "association.pearson.r",
      "timecourse.0.mean",
      "association.points.0.x",
    ]) {
      expect(paths.has(p), p).toBe(true);
    }
    for (const key of ["glutamate_phase", "madrs_raw", "madrs_change_sex", "glutamate_sex"] as const) {
      const m = r.models[key];
      if (m === null) continue;
      expect(paths.has(`models.${key}.key_test.F`), key).toBe(true);
      expect(paths.has(`models.${key}.key_test.p`), key).toBe(true);
      for (let i = 0; i < m.contrasts.length; i++) {
        expect(paths.has(`models.${key}.contrasts.${i}.estimate`), key).toBe(true);
      }
    }
    expect(r.models.glutamate_phase).not.toBeNull();
    expect(r.models.madrs_change_sex).not.toBeNull();
  });

  it("buildReport(dir) tags the Methods and checklist parameters with their study.json values", () => {
    const found = tags(sampleHtml, "data-study");
    expect(found.map((t) => t.path)).toEqual(
      expect.arrayContaining(["qc.max_crlb_pct", "qc.max_fwhm_hz", "qc.min_snr", "pretreatment.time_min"]),
    );
    for (const t of found) expect(t.value, t.path).toBe(String(valueAt(sample.study, t.path)));
  });

  it("buildReport(dir) shows a hostile subject id, condition label and study name as text, never as markup", () => {
    expect(hostileHtml).not.toMatch(/<script/i);
    expect(hostileHtml).not.toMatch(/<img /i);
    expect(hostileHtml).not.toMatch(/<b>/);
    expect(hostileHtml).toContain("Placebo &lt;script&gt;window.__pwned=1&lt;/script&gt;");
    expect(hostileHtml).toContain("&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;Study &amp; co");
    expect(hostileHtml).toContain("sub-&lt;script&gt;window.__pwnedId=1&lt;b&gt;&amp;&quot;x&quot;");
    expect(hostileHtml).toContain("script-src 'none'");
  });

  it("buildReport(dir) loads nothing: every src/href is an anchor or a data: URL, and the CSP allows nothing", () => {
    for (const html of [sampleHtml, hostileHtml]) {
      const urls = [...html.matchAll(/\s(?:src|href|xlink:href)="([^"]+)"/g)].map((m) => m[1] as string);
      expect(urls.length).toBeGreaterThan(10);
      expect(urls.filter((u) => !u.startsWith("#") && !u.startsWith("data:text/csv"))).toEqual([]);
      expect(html).not.toMatch(/url\((?!#)/);
      expect(html).toContain(
        `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'`,
      );
    }
  });

  it("buildReport(dir) gives every figure a numbered caption, an accessible chart and a data table", () => {
    const figs = figures(hostileHtml);
    expect(figs.length).toBeGreaterThanOrEqual(10);
    figs.forEach((f, i) => {
      expect(f, `figure ${i + 1}`).toContain(`<span class="fig-no">Figure ${i + 1}.</span>`);
      expect(f).toMatch(/<figcaption id="[^"]+">/);
      expect(f).toMatch(/<svg [^>]*role="img"[^>]*aria-label="[^"]+"/);
      expect(f).toMatch(/<title id="[^"]+">[^<]+<\/title>/);
      expect(f).toMatch(/<details class="data"><summary>Data table of Figure \d+/);
      expect(f).toMatch(
        /<table id="data-[^"]+"[\s\S]*<a class="csv" download="[^"]+\.csv" href="data:text\/csv/,
      );
    });
    for (const id of [
      "fig-design",
      "fig-timecourse",
      "fig-subjects",
      "fig-madrs",
      "fig-forest-madrs",
      "fig-forest-glx",
      "fig-association",
      "fig-qc",
    ]) {
      expect(hostileHtml).toContain(`<figure id="${id}"`);
    }
  });

  it("buildReport(dir) numbers tables in order and gives each a CSV download of its raw values", () => {
    const numbers = [...sampleHtml.matchAll(/<span class="tab-no">Table (\d+)\.<\/span>/g)].map((m) =>
      Number(m[1]),
    );
    expect(numbers.length).toBeGreaterThan(10);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const link = sampleHtml.match(
      /<table id="primary-results"[\s\S]*?href="data:text\/csv;charset=utf-8,([^"]+)"/,
    );
    const csv = decodeURIComponent(
      (link?.[1] ?? "").replaceAll("&amp;", "&").replaceAll("&#39;", "'").replaceAll("&quot;", '"'),
    );
    expect(csv.split("\n")[0]).toBe("Outcome,Effect,Method,Estimate (95 % CI),Test,p,n");
    expect(csv).toContain(String(sample.results.hills_armitage.madrs_change?.treatment.p));
  });

  it("buildReport(dir) shows the per-subject figures from the derivative tables", () => {
    const subjects = new Set(sample.results.flow.exclusions.map((e) => e.participant_id));
    expect(subjects.size).toBeGreaterThan(0);
    const subjectPanels = [...sampleHtml.matchAll(/data-subject="(sub-[^"]+)"/g)].map((m) => m[1]);
    expect(new Set(subjectPanels).size).toBe(12);
    expect(sampleHtml).toMatch(/Data table of Figure \d+ \(690 rows/);
    expect(sampleHtml).toContain('data-session="sub-03 ses-1 PBO" data-fails="1"');
    expect(sampleHtml).toContain("CRLB 31.5% &gt; 20%; FWHM 14.2 Hz &gt; 12 Hz");
  });

  it("buildReport(dir) says honestly that there are no fitted spectra, and shows them when present", () => {
    expect(sampleHtml).toContain('data-absent="spectra"');
    expect(sampleHtml).toContain("No fitted spectra in the derivatives");
    expect(hostileHtml).not.toContain('data-absent="spectra"');
    expect(hostileHtml).toContain('<figure id="fig-fit-thumbnails"');
    expect(hostileHtml).toContain('<figure id="fig-mean-spectrum"');
    // Fitted elsewhere: the spectral Methods and the transients table say so instead of inventing.
    expect(sampleHtml).toContain("The spectra were not processed by this pipeline");
    expect(sampleHtml).toContain('data-absent="transients"');
  });

  it("buildReport(dir) fills the MRSinMRS checklist from acquisition.json and says 'not reported by the inputs' otherwise", () => {
    const checklist = (html: string) =>
      html.slice(html.indexOf('<section id="checklist"'), html.indexOf('<section id="provenance"'));
    expect(checklist(hostileHtml)).toContain("2.89 T");
    expect(checklist(hostileHtml)).toContain("svs_slaser");
    expect(checklist(hostileHtml)).toContain("20.0 × 20.0 × 20.0 mm");
    expect(checklist(sampleHtml)).toContain("fitted route: tidy time series (*_glx.tsv), fitted elsewhere");
    const rows = [
      ...checklist(bareHtml).matchAll(/<tr><th scope="row">([^<]+)<\/th><td>([^<]+)<\/td><td>(.*?)<\/td>/g),
    ];
    const hardware = rows.filter((m) => m[1]?.startsWith("1 Hardware"));
    expect(hardware).toHaveLength(6);
    for (const m of hardware) expect(m[3]).toContain("not reported by the inputs");
    expect(bareHtml).toContain("acquisition.json is absent from the derivatives");
  });

  it("buildReport(dir) without models says so and still renders every section", () => {
    expect(bareHtml).toContain("Not in results.json (not estimable, or not fitted by this analysis version");
    expect(bareHtml).not.toContain('<article class="model"');
    for (const s of REPORT_SECTIONS) expect(bareHtml).toContain(`<section id="${s.id}"`);
  });

  it("buildReport(dir) lists every warning, and says None. when there is none", () => {
    const warnings = (html: string) => html.slice(html.indexOf('<section id="warnings"'));
    for (const w of sample.results.warnings)
      expect(warnings(sampleHtml)).toContain(w.replaceAll(">", "&gt;").replaceAll("<", "&lt;"));
    const quiet = withFile("results.json", canonicalJson({ ...sample.results, warnings: [] }));
    expect(warnings(buildReport(quiet))).toContain('<p class="none">None.</p>');
  });

  it("buildReport(dir) lists the derivative files it read with their sha256", () => {
    expect(sampleHtml).toMatch(
      /<th scope="row">results\.json<\/th><td class="n">\d+<\/td><td class="hash">[0-9a-f]{64}<\/td>/,
    );
    expect(sampleHtml).toContain("sub-01/ses-1/mrs/sub-01_ses-1_desc-acquisition.json");
    expect(sampleHtml).toContain("outcome_blocks.arrow");
    expect(sampleHtml).toContain("sub-01/ses-1/mrs/sub-01_ses-1_desc-fit_blocks.arrow");
  });

  it("buildReport(dir) is deterministic and well under 3 MB", () => {
    expect(buildReport(sample.dir)).toBe(sampleHtml);
    for (const html of [sampleHtml, hostileHtml])
      expect(Buffer.byteLength(html)).toBeLessThan(3 * 1024 * 1024);
  });

  it("buildReport(dir) fails naming results.json when it does not match the schema", () => {
    const dir = withFile("results.json", JSON.stringify({ ...sample.results, schema_version: 2 }));
    expect(() => buildReport(dir)).toThrow(/results\.json: schema_version:/);
    expect(() => buildReport(withFile("results.json", "{ not json"))).toThrow(
      /results\.json: not valid JSON/,
    );
  });

  it("buildReport(dir) fails naming study.json, an acquisition summary or an Arrow table that is bad", () => {
    const study = JSON.parse(readFileSync(join(sample.dir, "study.json"), "utf8"));
    expect(() =>
      buildReport(withFile("study.json", JSON.stringify({ ...study, block_length_min: -1 }))),
    ).toThrow(/study\.json: block_length_min:/);
    expect(() =>
      buildReport(
        withFile(
          "sub-01/ses-1/mrs/sub-01_ses-1_desc-acquisition.json",
          JSON.stringify({ participant_id: "x" }),
        ),
      ),
    ).toThrow(/sub-01_ses-1_desc-acquisition\.json: participant_id:/);
    expect(() => buildReport(withFile("outcomes.arrow", "not arrow"))).toThrow(
      /outcomes\.arrow: not a readable Arrow IPC file/,
    );
    expect(() =>
      buildReport(withFile("outcome_blocks.arrow", readFileSync(join(sample.dir, "outcomes.arrow")))),
    ).toThrow(/outcome_blocks\.arrow:1:/);
  });

  it("buildReport(dir) fails naming a missing required derivative", () => {
    const dir = tmp("empty");
    expect(() => buildReport(dir)).toThrow(/results\.json: not found/);
  });

  it("tableCsv(table) quotes cells with commas, quotes and newlines", () => {
    const csv = tableCsv({
      id: "t",
      caption: "c",
      columns: ["a", "b"],
      rows: [
        [
          { text: "x", raw: 'say "hi", ok' },
          { text: "1", raw: 1 },
        ],
      ],
    });
    expect(csv).toBe('a,b\n"say ""hi"", ok",1\n');
  });
});

describe("buildReport MRSinMRS checklist", () => {
  it("buildReport(dir) fills the checklist items no header carries from study.json reporting", async () => {
    const dir = tmp("reporting");
    await writeSampleDerivatives(dir, { acquisition: "fitted" });
    const studyPath = join(dir, "study.json");
    const study = JSON.parse(readFileSync(studyPath, "utf8"));
    study.reporting = {
      voi_location: "pregenual anterior cingulate <ACC>",
      shimming: "FASTESTMAP, water FWHM < 12 Hz",
    };
    writeFileSync(studyPath, canonicalJson(study));
    const html = buildReport(dir);
    expect(html).toContain("pregenual anterior cingulate &lt;ACC&gt;");
    expect(html).toContain("FASTESTMAP, water FWHM &lt; 12 Hz");
    expect(html).toContain("study.json (reporting)");
  });
});
