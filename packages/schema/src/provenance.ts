import { z } from "zod";

/** BIDS GeneratedBy entry. */
export const GeneratedBy = z.strictObject({
  Name: z.string(),
  Version: z.string(),
  CodeURL: z.string().optional(),
  Description: z.string().optional(),
});
export type GeneratedBy = z.infer<typeof GeneratedBy>;

/** One input of an output: a path relative to the study folder (BIDS URI style) and its sha256. */
export const SourceFile = z.strictObject({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type SourceFile = z.infer<typeof SourceFile>;

/**
 * What made an output: software, inputs with hashes, parameters and seed. Stored in Arrow schema
 * metadata (key `provenance`), JSON sidecars and the report. No clocks, hosts or absolute paths.
 */
export const Provenance = z.strictObject({
  generated_by: z.array(GeneratedBy),
  stage: z.string(),
  sources: z.array(SourceFile),
  parameters: z.record(z.string(), z.unknown()),
  /** sha256 over the sources and parameters: equal keys mean the output is up to date. */
  input_key: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Provenance = z.infer<typeof Provenance>;

/** dataset_description.json of the derivatives folder (BIDS derivative). */
export const DatasetDescription = z.looseObject({
  Name: z.string(),
  BIDSVersion: z.string(),
  DatasetType: z.literal("derivative"),
  GeneratedBy: z.array(GeneratedBy).min(1),
  /** The study the derivatives were made from (a BIDS URI through DatasetLinks). */
  SourceDatasets: z
    .array(z.looseObject({ URL: z.string() }))
    .min(1)
    .optional(),
  DatasetLinks: z.record(z.string(), z.string()).optional(),
});
export type DatasetDescription = z.infer<typeof DatasetDescription>;
