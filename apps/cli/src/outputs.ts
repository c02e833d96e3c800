import { relative } from "node:path";
import { canonicalJson, sidecarPath, tableSpecFromSchema, writeArrowFile, writeFileAtomic } from "@fmrs/io";
import { columnDictionary, type Provenance, type SourceFile } from "@fmrs/schema";
import type { z } from "zod";
import { GENERATED_BY, type StageContext } from "./context";

/** Provenance of one output (no clocks, hosts or absolute paths). */
export function provenanceOf(
  stage: string,
  sources: readonly SourceFile[],
  parameters: Record<string, unknown>,
  key: string,
): Provenance {
  return { generated_by: GENERATED_BY, stage, sources: [...sources], parameters, input_key: key };
}

/**
 * Writes rows as an Arrow IPC file with the schema derived from `schema`, provenance in the
 * schema metadata, the same table as Parquet beside it (`x.parquet`), and a JSON sidecar: the
 * BIDS data dictionary of every column (Description, Units, Levels; see COLUMN_DICTIONARY) plus
 * the table's description, sort key, row count, column order and provenance. Returns the three
 * paths written. `announce` logs the write (off for per-session files, which the progress covers).
 */
export function writeTable<S extends z.ZodObject>(
  ctx: StageContext,
  path: string,
  schema: S,
  rows: readonly z.infer<S>[],
  description: { text: string; sortedBy: readonly string[] },
  provenance: Provenance,
  announce = true,
): string[] {
  const tables = writeArrowFile(
    path,
    tableSpecFromSchema(schema),
    rows as readonly Record<string, unknown>[],
    provenance,
  );
  const sidecar = sidecarPath(path);
  writeFileAtomic(
    sidecar,
    canonicalJson({
      ...columnDictionary(schema),
      Description: description.text,
      SortedBy: description.sortedBy,
      NumRows: rows.length,
      Columns: Object.keys(schema.shape),
      Provenance: provenance,
    }),
  );
  if (announce) ctx.log.info(provenance.stage, `wrote ${relative(ctx.out.root, path)} (${rows.length} rows)`);
  return [...tables, sidecar];
}
