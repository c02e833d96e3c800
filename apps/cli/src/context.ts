import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sha256 } from "@fmrs/io";
import type { GeneratedBy } from "@fmrs/schema";
import pkg from "../package.json";

/** The software that made an output, as BIDS GeneratedBy records it. */
export const GENERATED_BY: GeneratedBy[] = [
  {
    Name: "fmrs-crossover",
    Version: pkg.version,
    CodeURL: pkg.homepage,
    Description: "fMRS crossover-trial pipeline: ingest, fit, outcomes, analyse, report",
  },
];

/**
 * The version that goes into every stage's input key: the package version plus the sha256 of the
 * running bundle (dist/fmrs.mjs), so rebuilding the CLI with changed code reruns the stages even
 * when the version number did not change. Run from source (tests), it is the version alone.
 */
export const VERSION = `${pkg.version}+${codeKey()}`;

/** The package version, as `fmrs --version` prints it. */
export const PACKAGE_VERSION = pkg.version;

function codeKey(): string {
  const url = import.meta.url;
  if (!url.startsWith("file:") || !url.endsWith(".mjs")) return "source";
  try {
    return sha256(readFileSync(fileURLToPath(url))).slice(0, 16);
  } catch {
    return "unknown";
  }
}
