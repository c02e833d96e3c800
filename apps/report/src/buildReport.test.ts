import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalJson, tableSpecFromSchema, writeArrowFile } from "@fmrs/io";
import { OutcomeRow, type ParticipantRecord, Results, StudyConfig } from "@fmrs/schema";
import { analyseTrial } from "@fmrs/trial";
import { describe, expect, it } from "vitest";
import { buildReport } from "./buildReport";
import { tableCsv } from "./html";

const EVIL = `<script>alert("x")</script>&`;

/** A small derivatives folder: 8 subjects, one with a hostile id, a hostile condition label. */
function derivatives(): { dir: string; results: Results } {
  const study = StudyConfig.parse({
    name: `Report test ${EVIL}`,
    conditions: [
      { id: "PBO", label: `Placebo ${EVIL}` },
      { id: "NTX", label: "Naltrexone" },
    ],
    reference_condition: "PBO",
    infusion: { duration_min: 40 },
    baseline_window: { start_min: -10, end_min: 0 },
    response_window: { start_min: 0, end_min: 30 },
    block_length_min: 2,
  });
  const ids = ["sub-01", "sub-02", "sub-03", "sub-04", "sub-05", "sub-06", "sub-07", "sub-<script>alert(1)<"];
  const participants: ParticipantRecord[] = ids.map((id, i) => ({
    participant_id: id,
    sex: i % 2 === 0 ? "F" : "M",
    age: 30,
    sequence: i % 2 === 0 ? "PBO-NTX" : "NTX-PBO",
  }));
  const rows: OutcomeRow[] = participants.flatMap((p, i) =>
    [1, 2].map((period) => {
      const condition = (p.sequence.split("-")[period - 1] ?? "PBO") as string;
      const pre = 30 + (i % 3);
      const change = condition === "PBO" ? -12 - (i % 4) : -8 - (i % 3) + period;
      return {
        participant_id: p.participant_id,
        session_id: `ses-${period}`,
        period,
        condition,
        sequence: p.sequence,
        sex: p.sex,
        mrs_available: true,
        n_blocks_baseline: 5,
        n_blocks_response: 15,
        n_blocks_post: 5,
        n_blocks_failed_qc: i === 2 ? 1 : 0,
        baseline_mean: 1.2,
        response_mean: 1.25,
        post_mean: 1.22,
        glx_pct_change: (condition === "PBO" ? 4 : 2) + (i % 3) * 0.7 - period * 0.2,
        glx_post_pct_change: 1,
        madrs_pre: pre,
        madrs_24h: pre + change,
        madrs_change: change,
        madrs_pct_change: (100 * change) / pre,
      };
    }),
  );
  const results = Results.parse({
    ...analyseTrial(study, participants, rows),
    provenance: {
      generated_by: [{ Name: "fmrs-crossover", Version: "test" }],
      sources: [],
      parameters: { seed: 1 },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), "fmrs-report-"));
  writeFileSync(join(dir, "results.json"), canonicalJson(results));
  writeArrowFile(join(dir, "outcomes.arrow"), tableSpecFromSchema(OutcomeRow), rows, {});
  return { dir, results };
}

function valueAt(json: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (v, k) => (v === null || typeof v !== "object" ? undefined : (v as Record<string, unknown>)[k]),
      json,
    );
}

describe("buildReport", () => {
  const { dir, results } = derivatives();
  const html = buildReport(dir);

  it("buildReport(dir) has every section, warnings always present", () => {
    for (const id of ["summary", "flow", "crossover", "sessions", "warnings", "provenance"]) {
      expect(html).toContain(`<section id="${id}"`);
    }
    expect(html).toMatch(
      /<h2 id="warnings-h">Warnings<\/h2>\n<ul>\n(<li>[^\n]*\n)*<li>2 MRS blocks in 2 sessions failed QC/,
    );
  });

  it("buildReport(dir) shows each tagged number with the exact value from results.json", () => {
    const tags = [...html.matchAll(/data-result="([^"]+)" data-value="([^"]+)">([^<]*)</g)];
    expect(tags.length).toBeGreaterThan(20);
    for (const [, path, value] of tags) {
      const expected = valueAt(results, path as string);
      expect(expected, path).not.toBeUndefined();
      expect(value, path).toBe(String(expected));
    }
    const estimate = results.hills_armitage.madrs_change?.treatment.estimate as number;
    expect(html).toContain(
      `data-result="hills_armitage.madrs_change.treatment.estimate" data-value="${estimate}">${estimate.toFixed(2)}<`,
    );
  });

  it("buildReport(dir) escapes hostile ids and labels so they show as text", () => {
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;");
    expect(html).toContain("sub-&lt;script&gt;alert(1)&lt;");
    expect(html).toContain("script-src 'none'");
  });

  it("buildReport(dir) fetches nothing: no external URLs in src or href", () => {
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(urls.every((u) => u.startsWith("#") || u.startsWith("data:"))).toBe(true);
  });

  it("buildReport(dir) fails naming results.json when it does not match the schema", () => {
    const bad = mkdtempSync(join(tmpdir(), "fmrs-report-bad-"));
    writeFileSync(join(bad, "results.json"), JSON.stringify({ ...results, schema_version: 2 }));
    expect(() => buildReport(bad)).toThrow(/results\.json: schema_version:/);
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
