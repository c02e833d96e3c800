import type { InputErrors } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { parseLcmodelSeries } from "./lcmodelSeries";
import { parseTsv } from "./tsv";

describe("parseLcmodelSeries", () => {
  it("parseLcmodelSeries(tsv) returns blocks sorted by number with their table and optional F0", () => {
    const tsv = parseTsv(
      "m.tsv",
      "block\tt_start_s\tt_end_s\ttable\tf0_mhz\n2\t0\t60\tb2.table\tn/a\n1\t-60\t0\tb1.TABLE\t123.2\n",
    );
    expect(parseLcmodelSeries(tsv)).toEqual([
      { line: 3, block: 1, t_start_s: -60, t_end_s: 0, table: "b1.TABLE", f0_mhz: 123.2 },
      { line: 2, block: 2, t_start_s: 0, t_end_s: 60, table: "b2.table", f0_mhz: null },
    ]);
  });

  it("parseLcmodelSeries(tsv) reports a path outside the folder, a duplicate block and inverted times together", () => {
    const tsv = parseTsv(
      "m.tsv",
      "block\tt_start_s\tt_end_s\ttable\n1\t0\t60\t../x.table\n1\t60\t30\tb.table\n",
    );
    try {
      parseLcmodelSeries(tsv);
      expect.unreachable();
    } catch (error) {
      expect((error as InputErrors).problems.map((p) => p.message)).toEqual([
        'm.tsv:2: table: a .table file name in the same folder (got "../x.table")',
        "m.tsv:3: t_end_s: 30 is not after t_start_s 60",
      ]);
    }
  });

  it("parseLcmodelSeries(tsv) names the missing columns", () => {
    expect(() => parseLcmodelSeries(parseTsv("m.tsv", "block\n1\n"))).toThrow(
      /m\.tsv:1: t_start_s, t_end_s, table: missing columns/,
    );
  });
});
