import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readArrowBytes, type TableSpec, writeArrowFile } from "./arrow";
import { parquetPath, tableFromParquetBytes } from "./parquet";

const tmp = () => mkdtempSync(join(tmpdir(), "fmrs-parquet-"));

const spec: TableSpec = [
  { name: "participant_id", type: "utf8", nullable: false },
  { name: "block", type: "int32", nullable: false },
  { name: "outcome", type: "float64", nullable: true },
  { name: "qc_pass", type: "bool", nullable: false },
];
const rows = [
  { participant_id: "sub-01", block: 1, outcome: 1.2345678901234567, qc_pass: true },
  { participant_id: "sub-01", block: 2, outcome: null, qc_pass: false },
  { participant_id: "sub-02", block: 1, outcome: -0.5, qc_pass: true },
];

/** Rows of a Parquet file as plain objects (int64 → number). */
function parquetRows(path: string): Record<string, unknown>[] {
  const table = tableFromParquetBytes(readFileSync(path));
  return table.toArray().map((r) => {
    const o = r.toJSON() as Record<string, unknown>;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]));
  });
}

describe("writeArrowFile writes Parquet beside Arrow", () => {
  it("writeArrowFile(x.arrow) also writes x.parquet with the same rows, types and provenance, leaving no temp file", () => {
    const dir = tmp();
    const path = join(dir, "t.arrow");
    const written = writeArrowFile(path, spec, rows, { stage: "test", n: 3 });
    expect(written).toEqual([path, join(dir, "t.parquet")]);
    expect(readdirSync(dir).sort()).toEqual(["t.arrow", "t.parquet"]);
    const fromArrow = readArrowBytes(readFileSync(path)).rows;
    expect(parquetRows(written[1])).toEqual(fromArrow);
    expect(fromArrow).toEqual(rows);
    const table = tableFromParquetBytes(readFileSync(written[1]));
    expect(table.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([
      ["participant_id", "Utf8", false],
      ["block", "Int32", false],
      ["outcome", "Float64", true],
      ["qc_pass", "Bool", false],
    ]);
    expect(JSON.parse(table.schema.metadata.get("provenance") ?? "null")).toEqual({ n: 3, stage: "test" });
  });

  it("writeArrowFile(same rows) twice gives byte-identical Parquet; other rows give other bytes", () => {
    const a = join(tmp(), "a.arrow");
    const b = join(tmp(), "b.arrow");
    const c = join(tmp(), "c.arrow");
    writeArrowFile(a, spec, rows, { k: 1 });
    writeArrowFile(b, spec, rows, { k: 1 });
    writeArrowFile(c, spec, rows.slice(1), { k: 1 });
    expect(readFileSync(parquetPath(a))).toEqual(readFileSync(parquetPath(b)));
    expect(readFileSync(parquetPath(a))).not.toEqual(readFileSync(parquetPath(c)));
  });

  it("writeArrowFile(no rows) writes a Parquet file with the schema and 0 rows", () => {
    const path = join(tmp(), "empty.arrow");
    writeArrowFile(path, spec, [], {});
    const table = tableFromParquetBytes(readFileSync(parquetPath(path)));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(spec.map((c) => c.name));
  });

  it("parquetPath(x.arrow) is x.parquet", () => {
    expect(parquetPath("/d/sub-01_ses-1_desc-glx_timeseries.arrow")).toBe(
      "/d/sub-01_ses-1_desc-glx_timeseries.parquet",
    );
  });
});
