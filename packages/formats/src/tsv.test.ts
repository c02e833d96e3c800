import { InputError, InputErrors, ParticipantTsvRow } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { parseTsvRows } from "./rows";
import { parseTsv, requireColumns } from "./tsv";

describe("parseTsv", () => {
  it("parseTsv(file, text) reads header and rows, n/a and empty as null, CRLF and BOM", () => {
    const tsv = parseTsv("p.tsv", "\uFEFFa\tb\r\n1\tn/a\r\n2\t\r\n\r\n");
    expect(tsv.columns).toEqual(["a", "b"]);
    expect(tsv.rows).toEqual([
      { line: 2, cells: { a: "1", b: null } },
      { line: 3, cells: { a: "2", b: null } },
    ]);
  });

  it("parseTsv(file, text) names file and line of a row with too few fields", () => {
    expect(() => parseTsv("sub-01_sessions.tsv", "a\tb\n1\t2\n3\n")).toThrow(
      /sub-01_sessions\.tsv:3: 1 tab-separated fields \(expected 2 fields/,
    );
  });

  it("parseTsv(file, text) rejects an empty file, duplicate columns and blank lines between rows", () => {
    expect(() => parseTsv("x.tsv", "")).toThrow(InputError);
    expect(() => parseTsv("x.tsv", "a\ta\n1\t2")).toThrow(/x\.tsv:1: a: duplicate column name/);
    expect(() => parseTsv("x.tsv", "a\n1\n\n2\n")).toThrow(/x\.tsv:3: blank line/);
  });

  it("requireColumns(tsv, cols) names the missing columns", () => {
    expect(() => requireColumns(parseTsv("m.tsv", "a\n1"), ["a", "b", "c"])).toThrow(
      /m\.tsv:1: b, c: missing columns/,
    );
  });
});

describe("parseTsvRows", () => {
  it("parseTsvRows(tsv, ParticipantTsvRow) types rows and drops unknown columns", () => {
    const tsv = parseTsv(
      "participants.tsv",
      "participant_id\tsex\tage\tsequence\tname\nsub-01\tF\t31\tPBO-NTX\tJane Doe\n",
    );
    const rows = parseTsvRows(tsv, ParticipantTsvRow);
    expect(rows).toEqual([
      { line: 2, value: { participant_id: "sub-01", sex: "F", age: 31, sequence: ["PBO", "NTX"] } },
    ]);
    expect(JSON.stringify(rows)).not.toContain("Jane");
  });

  it("parseTsvRows(tsv, schema) lists every bad cell with file, line and column", () => {
    const tsv = parseTsv(
      "participants.tsv",
      "participant_id\tsex\tage\tsequence\n01\tF\t31\tPBO-NTX\nsub-02\tX\told\tPBO-NTX\n",
    );
    try {
      parseTsvRows(tsv, ParticipantTsvRow);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputErrors);
      const messages = (error as InputErrors).problems.map((p) => p.message);
      expect(messages).toHaveLength(3);
      expect(messages[0]).toMatch(/^participants\.tsv:2: participant_id:/);
      expect(messages[1]).toMatch(/^participants\.tsv:3: sex:/);
      expect(messages[2]).toMatch(/^participants\.tsv:3: age:/);
    }
  });
});
