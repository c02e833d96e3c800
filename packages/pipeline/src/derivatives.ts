import { relative, resolve } from "node:path";
import type { InputFile, Output, PlanEnv, UnitInput } from "./stage";
import { derivativeUri } from "./uris";

/**
 * The study folder as the derivatives' source dataset, as a path relative to the derivatives
 * folder ending in `/` (no absolute paths in outputs).
 */
export function datasetLink(env: PlanEnv): string {
  return `${relative(resolve(env.root), resolve(env.studyDir)).split("\\").join("/") || "."}/`;
}

/** dataset_description.json of the derivatives (a BIDS derivative dataset linked to the raw study). */
export function datasetDescriptionOutput(input: UnitInput, link: string): Output {
  return {
    name: "datasetDescription",
    json: {
      Name: `fmrs-crossover derivatives of ${input.study.name}`,
      BIDSVersion: "1.10.0",
      DatasetType: "derivative",
      GeneratedBy: input.generatedBy,
      SourceDatasets: [{ URL: "bids:raw:" }],
      DatasetLinks: { raw: link },
    },
  };
}

/** How many rows the first unit's output `name` has (0 when it has none), for a stage's summary line. */
export function rowsOf(outputs: readonly (readonly Output[])[], name: string): number {
  const o = outputs[0]?.find((x) => "name" in x && x.name === name);
  return o !== undefined && "rows" in o ? o.rows.length : 0;
}

/** An input file of a unit that an earlier stage wrote under the derivatives folder `root`, with its BIDS URI. */
export function derivativeInput(root: string, key: string, path: string): InputFile {
  return { key, path, uri: derivativeUri(relative(root, path).split("\\").join("/")) };
}
