import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type DerivativesLayout, derivativesLayout, sha256 } from "@fmrs/io";
import type { GeneratedBy } from "@fmrs/schema";
import pkg from "../package.json";
import type { Logger, LogOptions } from "./log";

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

/** What every stage gets: the study folder, the derivatives layout, the logger, and --force. */
export interface StageContext {
  readonly studyDir: string;
  readonly out: DerivativesLayout;
  readonly log: Logger;
  readonly logOptions: LogOptions;
  readonly force: boolean;
  /** Worker threads for per-session work (fit). */
  readonly jobs: number;
}

export function stageContext(
  studyDir: string,
  outDir: string,
  log: Logger,
  options: { force: boolean; jobs: number; logOptions: LogOptions },
): StageContext {
  return { studyDir, out: derivativesLayout(outDir), log, ...options };
}

/** What a stage did: ran, or found its outputs up to date. */
export interface StageOutcome {
  readonly stage: string;
  readonly ran: boolean;
  readonly detail: string;
}

/**
 * dataset_description.json of the derivatives folder (BIDS-Derivatives): DatasetType derivative,
 * GeneratedBy (name, version, code URL), and the study as the source dataset, linked by a path
 * relative to the derivatives folder (no absolute paths in outputs).
 */
export function derivativesDescription(studyName: string, studyDir: string, derivativesDir: string) {
  const link = relative(resolve(derivativesDir), resolve(studyDir)).split("\\").join("/") || ".";
  return {
    Name: `fmrs-crossover derivatives of ${studyName}`,
    BIDSVersion: "1.10.0",
    DatasetType: "derivative",
    GeneratedBy: GENERATED_BY,
    SourceDatasets: [{ URL: "bids:raw:" }],
    DatasetLinks: { raw: `${link}/` },
  };
}

/** BIDS URI of a file in the study (raw) dataset. */
export function studyUri(rel: string): string {
  return `bids::${rel}`;
}

/** BIDS URI of a file in this pipeline's derivatives. */
export function derivativeUri(rel: string): string {
  return `bids:fmrs-crossover:${rel}`;
}
