import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type Table, tableFromIPC, tableToIPC } from "apache-arrow";
import * as parquet from "parquet-wasm/esm";

/** The Parquet file written beside an Arrow file (`x.arrow` → `x.parquet`). */
export function parquetPath(arrowPath: string): string {
  return arrowPath.replace(/\.arrow$/, ".parquet");
}

/** The software named in each Parquet file's `created_by`. */
const CREATED_BY = "fmrs-crossover via parquet-wasm 0.8.0 (parquet-rs)";

let ready = false;

/**
 * Loads parquet-wasm's WebAssembly module once per process. The bundled CLI carries the .wasm file
 * next to its bundle (build.mjs copies it); from source it comes from the installed package.
 */
function initParquet(): void {
  if (ready) return;
  const beside = fileURLToPath(new URL("./parquet_wasm_bg.wasm", import.meta.url));
  const wasmFile = existsSync(beside)
    ? beside
    : createRequire(import.meta.url).resolve("parquet-wasm/esm/parquet_wasm_bg.wasm");
  parquet.initSync({ module: readFileSync(wasmFile) });
  ready = true;
}

/**
 * Parquet bytes of an Arrow table (via Arrow IPC stream into parquet-wasm): Snappy-compressed (read by DuckDB, pyarrow/pandas, polars, R arrow and Spark), the Arrow schema
 * and its metadata kept (`ARROW:schema`), and each `metadata` entry also as a plain key-value pair
 * (e.g. `provenance`, so `parquet_kv_metadata()` in DuckDB shows it). Deterministic: the same
 * table and metadata give the same bytes (no clock or host in the file).
 */
export function parquetBytes(table: Table, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  initParquet();
  const wasmTable = parquet.Table.fromIPCStream(tableToIPC(table, "stream"));
  const kv = new Map(
    Object.keys(metadata)
      .sort()
      .map((k) => [k, metadata[k] as string]),
  );
  const properties = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.SNAPPY)
    .setCreatedBy(CREATED_BY)
    .setKeyValueMetadata(kv)
    .build();
  return parquet.writeParquet(wasmTable, properties);
}

/** Reads Parquet bytes back into an Arrow table (for tests and checks). */
export function tableFromParquetBytes(bytes: Uint8Array): Table {
  initParquet();
  return tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
}
