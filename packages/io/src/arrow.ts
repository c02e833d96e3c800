import { readFileSync } from "node:fs";
import { InputError, inputErrorsFromZod } from "@fmrs/schema";
import {
  Bool,
  Field,
  Float64,
  Int32,
  makeVector,
  Schema,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import type { z } from "zod";
import { writeFileAtomic } from "./atomic";
import { canonicalJson } from "./canonicalJson";
import { parquetBytes, parquetPath } from "./parquet";

/** Column types used between stages. */
export type ColumnType = "utf8" | "float64" | "int32" | "bool";

/** One column of an explicit Arrow schema. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

/** The explicit schema of one table: its columns in order. */
export type TableSpec = readonly ColumnSpec[];

function arrowType(type: ColumnType) {
  switch (type) {
    case "utf8":
      return new Utf8();
    case "float64":
      return new Float64();
    case "int32":
      return new Int32();
    case "bool":
      return new Bool();
  }
}

function columnVector(spec: ColumnSpec, rows: readonly Record<string, unknown>[]): Vector {
  const values = rows.map((r) => r[spec.name] ?? null);
  if (!spec.nullable && values.some((v) => v === null)) {
    throw new TypeError(`arrow column ${spec.name} is not nullable but has a null`);
  }
  if (spec.type === "float64" && !spec.nullable) {
    return makeVector(Float64Array.from(values as number[]));
  }
  if (spec.type === "int32" && !spec.nullable) {
    return makeVector(Int32Array.from(values as number[]));
  }
  return vectorFromArray(values, arrowType(spec.type));
}

/**
 * The Arrow table of row objects with an explicit schema (Utf8 strings, not inferred
 * dictionaries) and schema metadata (keys sorted).
 */
export function arrowTable(
  spec: TableSpec,
  rows: readonly Record<string, unknown>[],
  metadata: Readonly<Record<string, string>> = {},
): Table {
  const fields = spec.map((c) => new Field(c.name, arrowType(c.type), c.nullable));
  const meta = new Map(
    Object.keys(metadata)
      .sort()
      .map((k) => [k, metadata[k] as string]),
  );
  const schema = new Schema(fields, meta);
  if (rows.length === 0) return new Table(schema);
  const columns = Object.fromEntries(spec.map((c) => [c.name, columnVector(c, rows)]));
  return new Table(schema, columns);
}

/**
 * Builds Arrow IPC *file* bytes from row objects with an explicit schema (Utf8 strings, not
 * inferred dictionaries) and schema metadata (e.g. `provenance` as canonical JSON). Deterministic:
 * the same rows and metadata give the same bytes.
 */
export function arrowFileBytes(
  spec: TableSpec,
  rows: readonly Record<string, unknown>[],
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  return tableToIPC(arrowTable(spec, rows, metadata), "file");
}

/**
 * Writes rows as an Arrow IPC file and, from the same Arrow table, a Parquet file beside it
 * (`x.arrow` → `x.parquet`, for DuckDB, pandas, polars, R and Spark), each atomically;
 * `provenance` (any JSON value) goes into the schema metadata (and the Parquet key-value metadata)
 * under the key `provenance` as canonical JSON. Both files are deterministic. Returns the two
 * paths written, Arrow first.
 */
export function writeArrowFile(
  path: string,
  spec: TableSpec,
  rows: readonly Record<string, unknown>[],
  provenance: unknown,
): [arrow: string, parquet: string] {
  const metadata = { provenance: canonicalJson(provenance) };
  const table = arrowTable(spec, rows, metadata);
  const parquet = parquetPath(path);
  writeFileAtomic(path, tableToIPC(table, "file"));
  writeFileAtomic(parquet, parquetBytes(table, metadata));
  return [path, parquet];
}

/** Rows of an Arrow IPC file (or stream) as plain objects, with the schema metadata. */
export function readArrowBytes(bytes: Uint8Array): {
  rows: Record<string, unknown>[];
  metadata: Map<string, string>;
} {
  const table = tableFromIPC(bytes);
  const names = table.schema.fields.map((f) => f.name);
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (const name of names) {
      const value: unknown = table.getChild(name)?.get(i) ?? null;
      row[name] = typeof value === "bigint" ? Number(value) : value;
    }
    rows.push(row);
  }
  return { rows, metadata: table.schema.metadata };
}

/**
 * Reads an Arrow file and parses every row with `schema`. A derivative that does not match
 * fails with InputError naming the file, the row (1-based) and the column.
 */
export function readArrowFile<S extends z.ZodType>(path: string, schema: S): z.infer<S>[] {
  let decoded: ReturnType<typeof readArrowBytes>;
  try {
    decoded = readArrowBytes(readFileSync(path));
  } catch (error) {
    throw new InputError({ file: path }, `not a readable Arrow IPC file (${(error as Error).message})`);
  }
  return decoded.rows.map((row, i) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw inputErrorsFromZod({ file: path, line: i + 1 }, parsed.error)[0] as InputError;
    return parsed.data;
  });
}
