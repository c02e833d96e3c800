import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "@fmrs/schema";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { arrowFileBytes, readArrowBytes, readArrowFile, writeArrowFile } from "./arrow";
import { removeStaleTemporaryFiles, writeFileAtomic } from "./atomic";
import { canonicalJson } from "./canonicalJson";
import { sha256 } from "./hash";
import { inputKey, isUpToDate, writeStageRecord } from "./stageRecord";
import { tableSpecFromSchema } from "./tableSpec";

/** A block table of the shape the pipeline writes (strings, ints, nullable floats, booleans). */
const TimeseriesRow = z.strictObject({
  participant_id: z.string(),
  session_id: z.string(),
  block: z.int().min(1),
  t_start_s: z.number(),
  t_end_s: z.number(),
  phase: z.enum(["baseline", "infusion", "post"]),
  glu: z.number().nullable(),
  gln: z.number().nullable(),
  glx: z.number().nullable(),
  tnaa: z.number().nullable(),
  tcr: z.number().nullable(),
  outcome: z.number().nullable(),
  outcome_crlb_pct: z.number().nullable(),
  fwhm_hz: z.number().nullable(),
  snr: z.number().nullable(),
  qc_pass: z.boolean(),
  qc_reason: z.string(),
});
type TimeseriesRow = z.infer<typeof TimeseriesRow>;

const tmp = () => mkdtempSync(join(tmpdir(), "fmrs-io-"));

describe("canonicalJson", () => {
  it("canonicalJson(value) sorts keys recursively, indents by 2 and ends with a newline", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      2,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it("canonicalJson(value) refuses NaN and Infinity, naming the path", () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(/\$\.a\[1\] is NaN/);
  });
});

describe("writeFileAtomic", () => {
  it("writeFileAtomic(path, data) creates folders and leaves no temporary file", () => {
    const dir = tmp();
    const path = join(dir, "x", "y", "out.txt");
    writeFileAtomic(path, "hello");
    expect(readFileSync(path, "utf8")).toBe("hello");
    expect(readdirSync(join(dir, "x", "y"))).toEqual(["out.txt"]);
  });
});

describe("tableSpecFromSchema", () => {
  it("tableSpecFromSchema(schema) maps strings, ints, numbers, booleans and nullables", () => {
    const schema = z.strictObject({
      s: z.string(),
      e: z.enum(["a", "b"]),
      i: z.int().min(1),
      f: z.number().nullable(),
      b: z.boolean(),
    });
    expect(tableSpecFromSchema(schema)).toEqual([
      { name: "s", type: "utf8", nullable: false },
      { name: "e", type: "utf8", nullable: false },
      { name: "i", type: "int32", nullable: false },
      { name: "f", type: "float64", nullable: true },
      { name: "b", type: "bool", nullable: false },
    ]);
  });

  it("tableSpecFromSchema(schema) refuses a field with no Arrow type", () => {
    expect(() => tableSpecFromSchema(z.strictObject({ x: z.array(z.number()) }))).toThrow(
      /column x has zod type array/,
    );
  });
});

describe("Arrow IPC files", () => {
  const rows: TimeseriesRow[] = [1, 2].map((block) => ({
    participant_id: "sub-01",
    session_id: "ses-1",
    block,
    t_start_s: -120 + 120 * (block - 1),
    t_end_s: 120 * (block - 1),
    phase: "baseline",
    glu: 9.1,
    gln: null,
    glx: 12.2,
    tnaa: 11,
    tcr: 8,
    outcome: block === 2 ? null : 12.2 / 11,
    outcome_crlb_pct: 6.5,
    fwhm_hz: 6,
    snr: 40,
    qc_pass: block === 1,
    qc_reason: block === 1 ? "" : "outcome missing",
  }));
  const spec = tableSpecFromSchema(TimeseriesRow);

  it("arrowFileBytes(spec, rows, meta) round-trips rows, nulls and metadata through the IPC file format", () => {
    const bytes = arrowFileBytes(spec, rows, { provenance: '{"x":1}\n' });
    expect(new TextDecoder().decode(bytes.slice(0, 6))).toBe("ARROW1");
    const back = readArrowBytes(bytes);
    expect(back.rows).toEqual(rows);
    expect(back.metadata.get("provenance")).toBe('{"x":1}\n');
    const table = tableFromIPC(bytes);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toContain("participant_id:Utf8");
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toContain("block:Int32");
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toContain("glu:Float64");
  });

  it("arrowFileBytes(spec, rows) gives the same bytes for the same rows", () => {
    expect(sha256(arrowFileBytes(spec, rows))).toBe(
      sha256(
        arrowFileBytes(
          spec,
          rows.map((r) => ({ ...r })),
        ),
      ),
    );
  });

  it("readArrowFile(path, schema) names the file, row and column of a row that does not match", () => {
    const dir = tmp();
    const path = join(dir, "t.arrow");
    writeArrowFile(path, spec, rows, { stage: "test" });
    expect(readArrowFile(path, TimeseriesRow)).toEqual(rows);
    const strict = TimeseriesRow.extend({ glu: z.number().max(5) });
    expect(() => readArrowFile(path, strict)).toThrow(InputError);
    expect(() => readArrowFile(path, strict)).toThrow(/t\.arrow:1: glu:/);
    writeFileSync(join(dir, "bad.arrow"), "not arrow");
    expect(() => readArrowFile(join(dir, "bad.arrow"), TimeseriesRow)).toThrow(
      /bad\.arrow: not a readable Arrow IPC file/,
    );
  });
});

describe("stage records", () => {
  it("inputKey(...) changes with any input hash or parameter and not with source order", () => {
    const a = { path: "a", sha256: "0".repeat(64) };
    const b = { path: "b", sha256: "1".repeat(64) };
    const k = inputKey("s", "1", [a, b], { x: 1 });
    expect(inputKey("s", "1", [b, a], { x: 1 })).toBe(k);
    expect(inputKey("s", "1", [a, { ...b, sha256: "2".repeat(64) }], { x: 1 })).not.toBe(k);
    expect(inputKey("s", "1", [a, b], { x: 2 })).not.toBe(k);
    expect(inputKey("s", "2", [a, b], { x: 1 })).not.toBe(k);
  });

  it("isUpToDate(record, root, key) is true only for the same key with untouched outputs", () => {
    const root = tmp();
    const out = join(root, "o.txt");
    writeFileAtomic(out, "x");
    const record = join(root, "stages", "s.json");
    expect(isUpToDate(record, root, "k")).toBe(false);
    writeStageRecord(record, root, "s", "k", [out]);
    expect(existsSync(record)).toBe(true);
    expect(isUpToDate(record, root, "k")).toBe(true);
    expect(isUpToDate(record, root, "other")).toBe(false);
    writeFileAtomic(out, "edited");
    expect(isUpToDate(record, root, "k")).toBe(false);
  });
});

describe("removeStaleTemporaryFiles", () => {
  it("removeStaleTemporaryFiles(root) deletes what an interrupted writeFileAtomic left, and nothing else", () => {
    const root = tmp();
    writeFileAtomic(join(root, "a", "keep.arrow"), "x");
    writeFileSync(join(root, "a", "keep.arrow.tmp-123-4"), "half");
    writeFileSync(join(root, "b.json.tmp-9-0"), "half");
    expect(removeStaleTemporaryFiles(root)).toEqual(["a/keep.arrow.tmp-123-4", "b.json.tmp-9-0"]);
    expect(readdirSync(join(root, "a"))).toEqual(["keep.arrow"]);
    expect(removeStaleTemporaryFiles(join(root, "missing"))).toEqual([]);
  });
});
