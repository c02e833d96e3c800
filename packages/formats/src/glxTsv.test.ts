import type { InputErrors } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { parseGlxTsv } from "./glxTsv";
import { parseTsv } from "./tsv";

const HEADER = "block\tt_start_s\tt_end_s\tGlu\tGln\tGlx\tGlx_crlb_pct\ttNAA\tfwhm_hz\tsnr";

describe("parseGlxTsv", () => {
  it("parseGlxTsv(tsv) returns blocks sorted by number with values, CRLB, FWHM and SNR", () => {
    const text = `${HEADER}\n2\t0\t120\t9.1\t2.9\t12.0\t6.5\t11.2\t6.1\t42\n1\t-120\t0\t9.0\t3.0\t12.0\t6.4\t11.1\tn/a\t40\n`;
    const blocks = parseGlxTsv(parseTsv("sub-01_ses-1_glx.tsv", text));
    expect(blocks.map((b) => b.block)).toEqual([1, 2]);
    expect(blocks[0]).toEqual({
      block: 1,
      t_start_s: -120,
      t_end_s: 0,
      fwhm_hz: null,
      snr: 40,
      values: { Glu: 9, Gln: 3, Glx: 12, tNAA: 11.1 },
      crlb_pct: { Glx: 6.4 },
      problems: [],
    });
  });

  it("parseGlxTsv(tsv) reports every bad cell, duplicate block and inverted time with its line", () => {
    const text = `${HEADER}\n1\t0\t120\tabc\t2.9\t12\t6\t11\t6\t40\n1\t120\t100\t9\t3\t12\t6\t11\t6\t40\n`;
    try {
      parseGlxTsv(parseTsv("g.tsv", text));
      expect.unreachable();
    } catch (error) {
      const messages = (error as InputErrors).problems.map((p) => p.message);
      expect(messages).toEqual([
        'g.tsv:2: Glu: "abc" is not a number (expected a finite number or n/a)',
        "g.tsv:3: t_end_s: 100 is not after t_start_s 120",
        "g.tsv:3: block: block 1 already on line 2 (expected each block once)",
      ]);
    }
  });

  it("parseGlxTsv(tsv) rejects a table without block timing columns", () => {
    expect(() => parseGlxTsv(parseTsv("g.tsv", "Glu\n9"))).toThrow(
      /g\.tsv:1: block, t_start_s, t_end_s: missing columns/,
    );
  });
});
