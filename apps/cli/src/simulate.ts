import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "@fmrs/io";
import { InputError, InputErrors, inputErrorsFromZod } from "@fmrs/schema";
import { acquisitionBasis, basisFiles, SimulationSpec, simulateStudyStream } from "@fmrs/simulate";
import { basisSetOf, parseFslBasis } from "@fmrs/spectra";
import type { Logger } from "./log";

/**
 * The real 3 T basis set the repository carries (testdata/reference-data, see testdata/PROVENANCE.md),
 * found from this module's own location (apps/cli/src or the bundle in apps/cli/dist), so `fmrs
 * simulate` works from any folder.
 */
export const DEFAULT_SIMULATION_BASIS = defaultBasisDir();

/**
 * The installed package carries the basis set next to its bundle (dist/basis_3T, copied by
 * build.mjs); from a clone (source or bundle), it is testdata/ of the repository.
 */
function defaultBasisDir(): string {
  const beside = fileURLToPath(new URL("./basis_3T", import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(
    new URL("../../../testdata/reference-data/fmrs_bold_dynamic_fitting/basis_3T", import.meta.url),
  );
}
const BASIS_SOURCE =
  "the 3 T FSL-MRS basis set basis_3T of wtclarke/fmrs_bold_dynamic_fitting (commit d9dbfbcf, MIT licence, © 2026 William T Clarke; Wilson, Finney & Clarke)";

export interface SimulateFlags {
  out: string;
  seed?: number;
  subjects?: number;
  female?: number;
  full?: boolean;
  spec?: string;
  basis?: string;
}

/**
 * `fmrs simulate`: writes a complete synthetic crossover fMRS study (see @fmrs/simulate) into
 * `--out`, every file atomically as it is made: study.json, participants, sessions, item-level
 * MADRS, a dynamic NIfTI-MRS file and water reference per session, truth.json, and the basis set
 * resampled to the acquisition under basis/ (study.json `raw.basis` points there), plus the BIDS files
 * (README.md, CHANGES, data dictionaries, .bidsignore). A README.md already in `--out` is kept, and
 * folders kept from before (e.g. data-samples/fitted-route) are added to .bidsignore. Options override
 * the spec (`--spec` JSON, then --seed, --subjects, --female). Returns the number of files.
 */
export function runSimulate(flags: SimulateFlags, log: Logger): number {
  let input: Record<string, unknown> = {};
  if (flags.spec !== undefined) {
    if (!existsSync(flags.spec)) throw new InputError({ file: flags.spec }, "file not found");
    try {
      input = JSON.parse(readFileSync(flags.spec, "utf8")) as Record<string, unknown>;
    } catch (error) {
      throw new InputError({ file: flags.spec }, `not valid JSON (${(error as Error).message})`);
    }
  }
  const participants = { ...((input.participants as Record<string, unknown> | undefined) ?? {}) };
  if (flags.subjects !== undefined) participants.n = flags.subjects;
  if (flags.female !== undefined) participants.n_female = flags.female;
  if (flags.subjects !== undefined && flags.female === undefined && participants.n_female === undefined) {
    participants.n_female = Math.round((flags.subjects * 14) / 26);
  }
  if (flags.subjects !== undefined && participants.n_reference_first === undefined) {
    participants.n_reference_first = Math.ceil(flags.subjects / 2);
  }
  const parsed = SimulationSpec.safeParse({
    ...input,
    participants,
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
  });
  if (!parsed.success)
    throw new InputErrors(inputErrorsFromZod({ file: flags.spec ?? "simulation options" }, parsed.error));
  const spec = parsed.data;

  const basisDir = flags.basis ?? DEFAULT_SIMULATION_BASIS;
  if (!existsSync(basisDir)) {
    throw new InputError(
      { file: basisDir },
      "basis set folder not found",
      "an FSL-MRS basis folder (--basis <dir>)",
    );
  }
  // Sorted by name: the member order changes floating-point sums, and so the bytes.
  const names = readdirSync(basisDir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const basis = basisSetOf(
    names.map((f) => parseFslBasis(f.slice(0, -5), JSON.parse(readFileSync(join(basisDir, f), "utf8")))),
  );

  clearPreviousSimulation(flags.out);
  const kept = existsSync(flags.out) ? readdirSync(flags.out).sort() : [];
  const keptFolders = kept.filter((name) => statSync(join(flags.out, name)).isDirectory());
  let files = 0;
  const truth = simulateStudyStream(
    spec,
    basis,
    {
      full: flags.full === true,
      rawBasisPath: "basis",
      onSession: (done, total) => {
        if (done === total || done % 10 === 0) log.info("simulate", `${done}/${total} sessions`);
      },
    },
    (file) => {
      if (file.path === "README.md" && kept.includes("README.md")) return;
      const bytes =
        file.path === ".bidsignore" && keptFolders.length > 0
          ? Buffer.concat([
              file.bytes,
              Buffer.from(
                ["# Folders that were here before the simulation (not part of this dataset).", ...keptFolders]
                  .map((line) => `${line.includes("#") ? line : `${line}/`}\n`)
                  .join(""),
              ),
            ])
          : file.bytes;
      writeFileAtomic(join(flags.out, file.path), bytes);
      files++;
    },
  );
  for (const file of basisFiles(acquisitionBasis(basis, spec.acquisition).basis, "basis", BASIS_SOURCE)) {
    writeFileAtomic(join(flags.out, file.path), file.bytes);
    files++;
  }
  log.info(
    "simulate",
    `wrote ${files} files to ${flags.out}: ${truth.participants.length} participants, seed ${spec.seed}${flags.full ? ", every transient" : ""}`,
  );
  return files;
}

/** What a simulation writes at the top of its folder (besides sub-* folders). */
const SIMULATED_ENTRIES = [
  ".bids-validator-config.json",
  ".bidsignore",
  "CHANGES",
  "basis",
  "dataset_description.json",
  "derivatives",
  "participants.json",
  "participants.tsv",
  "phenotype",
  "study.json",
  "truth.json",
];

/**
 * Makes `out` ready for a new simulation: an absent or empty folder is fine; a folder holding an
 * earlier simulation (it has truth.json) loses that simulation's files (sub-*, phenotype, basis,
 * derivatives and the top-level files), so no subject of a larger earlier study is left behind;
 * anything else in it (e.g. data-samples/fitted-route) is kept. A non-empty folder without
 * truth.json is refused: it may be someone's real study.
 */
function clearPreviousSimulation(out: string): void {
  if (!existsSync(out)) return;
  const entries = readdirSync(out);
  if (entries.length === 0) return;
  if (!entries.includes("truth.json")) {
    throw new InputError(
      { file: out },
      "is not empty and holds no earlier simulation (no truth.json)",
      "an empty or new folder for --out",
    );
  }
  for (const name of entries) {
    if (name.startsWith("sub-") || SIMULATED_ENTRIES.includes(name))
      rmSync(join(out, name), { recursive: true, force: true });
  }
}
