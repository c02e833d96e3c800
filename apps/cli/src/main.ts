import { existsSync, statSync } from "node:fs";
import { acquireStudyLock, checkOutputLocation, defaultDerivativesDir, fsErrorAsInputError } from "@fmrs/io";
import {
  ALL_STAGE_NAMES,
  analyseStage,
  beliefModelStage,
  beliefTrialsStage,
  fitStage,
  ingestStage,
  outcomesStage,
  type StageName,
} from "@fmrs/pipeline";
import { InputError, InputErrors } from "@fmrs/schema";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { PACKAGE_VERSION } from "./context";
import { type FitFileFlags, runFitFile } from "./fitFileCommand";
import { inspectFile } from "./inspect";
import { createLogger, jsonTerminalSafe, type Logger, logOptionsFromEnv, terminalSafe } from "./log";
import { defaultJobs } from "./pool";
import { runStudy, type StageSelection } from "./run";
import { DEFAULT_SIMULATION_BASIS, runSimulate, type SimulateFlags } from "./simulate";
import { runSimulateBelief } from "./simulateBelief";
import { addSlurmOptions, runOnSlurm, type SlurmFlags } from "./slurm";
import { validateStudy } from "./validate";

/** The stages of every study kind; `run` executes the study kind's from --from (or all), or only --only. */
export const STAGES = ALL_STAGE_NAMES;
export type { StageName };

const STAGE_HELP: Record<StageName, string> = {
  ingest: ingestStage.description,
  fit: fitStage.description,
  outcomes: outcomesStage.description,
  analyse: `${analyseStage.description}; a belief-updating study: its mixed models, MADRS association and mediation`,
  trials: `belief-updating study: ${beliefTrialsStage.description}`,
  model: `belief-updating study: ${beliefModelStage.description}`,
  report: "build the static HTML report from the derivatives folder",
};

export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  internal failure (a bug: please report it with the command and the message)
  2  bad input: a missing or malformed file, a file system fault (not found, permission denied,
     read-only, disk full), an output folder that would overwrite inputs, or a study locked by
     another run; the message names the file, line and field and what to do
  3  cluster jobs failed (--executor slurm): each failed task is listed with its log file; run
     the same command again to resubmit only what failed`;

/** Exit code for bad input. */
export const EXIT_BAD_INPUT = 2;
/** Exit code for an internal failure. */
export const EXIT_INTERNAL = 1;
/** Exit code when cluster jobs failed (the failed tasks are listed with their logs). */
export const EXIT_JOBS_FAILED = 3;

interface CommonFlags {
  out?: string;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
  jobs?: number;
}

function checkStudyFolder(studyDir: string): void {
  if (!existsSync(studyDir) || !statSync(studyDir).isDirectory()) {
    throw new InputError(
      { file: studyDir },
      "study folder not found",
      "a folder holding study.json and participants.tsv",
    );
  }
}

async function runStages(
  studyDir: string,
  stages: StageSelection,
  flags: CommonFlags,
  log: Logger,
  level?: { level: "participant" | "group"; participants?: readonly string[] },
): Promise<void> {
  const outDir = flags.out ?? defaultDerivativesDir(studyDir);
  checkStudyFolder(studyDir);
  // Before anything is written: the output may not overwrite inputs, and one run at a time (at
  // participant level: one run per participant, so the jobs of an array run side by side).
  checkOutputLocation(studyDir, outDir);
  const releases =
    level?.level === "participant"
      ? participantLocks(level.participants).map((name) => acquireStudyLock(outDir, undefined, name))
      : [acquireStudyLock(outDir)];
  try {
    await runStudy(studyDir, stages, {
      out: outDir,
      force: flags.force === true,
      jobs: flags.jobs ?? defaultJobs(),
      log,
      logOptions: logOptionsFromEnv(flags),
      ...(level ?? {}),
    });
  } finally {
    for (const release of releases.reverse()) release();
  }
}

/** The lock files of a participant-level run: one per participant (sorted), or one for all. */
function participantLocks(participants: readonly string[] | undefined): string[] {
  return participants === undefined
    ? [".fmrs-participant-all.lock"]
    : [...new Set(participants)].sort().map((p) => `.fmrs-participant-${p}.lock`);
}

/** A BIDS participant label ("01" or "sub-01") as the participant id ("sub-01"). */
export function participantId(label: string): string {
  const bare = label.replace(/^sub-/, "");
  if (!/^[A-Za-z0-9]+$/.test(bare))
    throw new InvalidArgumentError(
      `${label}: a BIDS participant label (letters and digits, e.g. 01 or sub-01)`,
    );
  return `sub-${bare}`;
}

function addCommon(cmd: Command): Command {
  return cmd
    .option("--out <dir>", "derivatives folder (default: <study>/derivatives/fmrs-crossover)")
    .option("--force", "redo the work even when inputs are unchanged")
    .option("--jobs <n>", "worker threads for per-session fitting (default: all cores)", parseJobs)
    .option("--quiet", "print only warnings and errors")
    .option("--json", "log lines as JSON objects on stderr");
}

function parseWhole(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("a whole number");
  return n;
}

function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("a whole number of at least 1");
  return n;
}

/**
 * Prints an input problem (or several) and returns exit code 2; a filesystem fault (ENOENT,
 * EACCES, ENOSPC, EROFS, …) is an input problem too, named by its path; anything else → 1.
 */
function reportFailure(error: unknown, log: Logger): number {
  const fs = fsErrorAsInputError(error);
  if (fs !== null) {
    log.error("input", fs.message);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof InputErrors) {
    for (const p of error.problems) log.error("input", p.message);
    log.error("input", `${error.problems.length} problems; nothing was written for the failing stage`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof InputError) {
    log.error("input", error.message);
    return EXIT_BAD_INPUT;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  log.error("internal", message);
  return EXIT_INTERNAL;
}

/** The fmrs command. Returns the exit code instead of exiting, so tests can call it. */
export async function main(
  argv: readonly string[],
  stdout: (s: string) => void = (s) => process.stdout.write(s),
): Promise<number> {
  let exitCode = 0;
  let log = createLogger(logOptionsFromEnv({}));
  const program = new Command()
    .name("fmrs")
    .description(
      "fMRS crossover-trial pipeline: a BIDS study folder in; Arrow derivatives, results.json and an HTML report out.",
    )
    .version(PACKAGE_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: stdout, writeErr: (s) => process.stderr.write(s) })
    .addHelpText("after", EXIT_CODES_HELP);

  const runCommand = addCommon(
    program
      .command("run")
      .description(
        `run the pipeline stages on a study folder (${STAGES.join(" → ")}); unchanged stages are skipped`,
      )
      .argument("<study>", "study folder (BIDS layout with study.json)"),
  )
    .addOption(new Option("--from <stage>", "start at this stage").choices(STAGES))
    .addOption(new Option("--only <stage>", "run only this stage").choices(STAGES))
    .addOption(
      new Option(
        "--executor <name>",
        "where the work runs: local (worker threads here) or slurm (participant level as an sbatch job array, group level as a job that depends on it)",
      )
        .choices(["local", "slurm"])
        .default("local"),
    );
  addSlurmOptions(runCommand)
    .addHelpText("after", EXIT_CODES_HELP)
    .action(
      async (
        study: string,
        flags: CommonFlags & { from?: StageName; only?: StageName; executor: string } & SlurmFlags,
      ) => {
        log = createLogger(logOptionsFromEnv(flags));
        if (flags.executor === "slurm") {
          if (flags.from !== undefined || flags.only !== undefined)
            throw new InputError(
              { file: study },
              "--from and --only are for the local executor",
              "fmrs run --executor slurm without them (up-to-date work is skipped anyway)",
            );
          checkStudyFolder(study);
          exitCode = await runOnSlurm(study, flags.out ?? defaultDerivativesDir(study), flags, log);
          return;
        }
        const selection: StageSelection = {
          ...(flags.from === undefined ? {} : { from: flags.from }),
          ...(flags.only === undefined ? {} : { only: flags.only }),
        };
        await runStages(study, selection, flags, log);
      },
    );

  program
    .command("participant")
    .description(
      "BIDS-App participant level: check the study and run the per-participant stages (the fit) for the labelled participants, writing per-session derivatives and records; jobs for different participants may run side by side",
    )
    .argument("<study>", "study folder (BIDS layout with study.json)")
    .argument("<out>", "derivatives folder")
    .option(
      "--participant-label <label...>",
      "participants to run (01 or sub-01; default: all)",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), participantId(value)],
    )
    .option("--force", "redo the work even when inputs are unchanged")
    .option("--jobs <n>", "worker threads for per-session fitting (default: all cores)", parseJobs)
    .option("--quiet", "print only warnings and errors")
    .option("--json", "log lines as JSON objects on stderr")
    .addHelpText("after", EXIT_CODES_HELP)
    .action(async (study: string, out: string, flags: CommonFlags & { participantLabel?: string[] }) => {
      log = createLogger(logOptionsFromEnv(flags));
      await runStages(study, {}, { ...flags, out }, log, {
        level: "participant",
        ...(flags.participantLabel === undefined ? {} : { participants: flags.participantLabel }),
      });
    });

  program
    .command("group")
    .description(
      "BIDS-App group level: the study-wide stages (ingest, outcomes, analyse, report) once every participant's derivatives are there; refuses, listing each session missing or stale, otherwise",
    )
    .argument("<study>", "study folder (BIDS layout with study.json)")
    .argument("<out>", "derivatives folder")
    .option("--force", "redo the group-level work even when inputs are unchanged")
    .option("--quiet", "print only warnings and errors")
    .option("--json", "log lines as JSON objects on stderr")
    .addHelpText("after", EXIT_CODES_HELP)
    .action(async (study: string, out: string, flags: CommonFlags) => {
      log = createLogger(logOptionsFromEnv(flags));
      await runStages(study, {}, { ...flags, out }, log, { level: "group" });
    });

  for (const stage of STAGES) {
    const cmd = addCommon(
      program.command(stage).description(STAGE_HELP[stage]).argument("<study>", "study folder"),
    );
    if (stage === "fit") {
      cmd
        .usage(
          "[options] <study>  |  fmrs fit <file> --basis <path> [--wref <file>] [--control <file>] [--plot <out.svg>] [--block-length <s>] [--table-json] [--strict]",
        )
        .option(
          "--basis <path>",
          "with a single file: the basis set (a folder of FSL-MRS JSON files, or an LCModel .BASIS file or a folder holding one)",
        )
        .option(
          "--block-length <s>",
          "with a single file: block length in seconds (default: all transients)",
          Number,
        )
        .option("--table-json", "with a single file: print JSON rows instead of a table")
        .option(
          "--wref <file>",
          "with a single file: unsuppressed water reference (any format fit reads) for coil weights and eddy-current correction",
        )
        .option(
          "--control <file>",
          "with an LCModel .RAW: its control file (default: control.file or *.control beside it)",
        )
        .option(
          "--plot <out.svg>",
          "with a single file: write the fit plot (data, fit, baseline, residual, metabolites)",
        )
        .option(
          "--strict",
          "with a single file: exit 2 when the fit names a problem (default: warn, exit 0)",
        );
    }
    cmd.addHelpText("after", EXIT_CODES_HELP).action(async (study: string, ...rest: unknown[]) => {
      const flags =
        rest.find(
          (r): r is CommonFlags & FitFileFlags =>
            typeof r === "object" && r !== null && !(r instanceof Command),
        ) ?? {};
      log = createLogger(logOptionsFromEnv(flags));
      if (stage === "fit" && existsSync(study) && statSync(study).isFile()) {
        exitCode = runFitFile(study, flags, stdout, (s) => process.stderr.write(s));
        return;
      }
      await runStages(study, { only: stage }, flags, log);
    });
  }

  program
    .command("validate")
    .description("check a whole study folder and list every problem found, not only the first")
    .argument("<study>", "study folder")
    .option("--json", "print the problems as a JSON array on stdout")
    .addHelpText("after", EXIT_CODES_HELP)
    .action((study: string, flags: { json?: boolean }) => {
      const { problems, warnings, summary } = validateStudy(study);
      if (flags.json) {
        stdout(
          `${jsonTerminalSafe(
            JSON.stringify(
              [
                ...problems.map((p) => ({ ...p.location, level: "error", message: p.message })),
                ...warnings.map((p) => ({ ...p.location, level: "warning", message: p.message })),
              ],
              null,
              2,
            ),
          )}\n`,
        );
      } else {
        for (const p of problems) stdout(`${terminalSafe(p.message)}\n`);
        for (const w of warnings) stdout(`warning: ${terminalSafe(w.message)}\n`);
        const notes =
          warnings.length === 0 ? "" : `, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`;
        stdout(
          problems.length === 0
            ? `${terminalSafe(study)}: valid (${summary}${notes})\n`
            : `${terminalSafe(study)}: ${problems.length} problem${problems.length === 1 ? "" : "s"}${notes}\n`,
        );
      }
      exitCode = problems.length === 0 ? 0 : EXIT_BAD_INPUT;
    });

  program
    .command("simulate")
    .description(
      "write a synthetic study with known truth: a crossover fMRS study (raw NIfTI-MRS spectra from a real basis set, MADRS, truth.json) or, with --kind belief-updating, a belief-updating task study (patients and controls, MADRS, truth.json)",
    )
    .requiredOption("--out <dir>", "study folder to write")
    .option("--seed <n>", "random seed (default: the spec's)", parseWhole)
    .option("--subjects <n>", "number of participants (default 26)", parseWhole)
    .option("--female <n>", "number of female participants (default 14 of 26)", parseWhole)
    .option("--full", "store every transient (full size, for benchmarks) instead of averages of 12")
    .option("--spec <file>", "simulation spec JSON (see packages/simulate README); options override it")
    .option("--basis <dir>", `FSL-MRS basis set to simulate from (default ${DEFAULT_SIMULATION_BASIS})`)
    .addOption(
      new Option(
        "--kind <kind>",
        "study kind: the fMRS crossover, or a belief-updating study (patients and controls, --spec/--seed only; see packages/belief)",
      )
        .choices(["fmrs-crossover", "belief-updating"])
        .default("fmrs-crossover"),
    )
    .option("--quiet", "print only warnings and errors")
    .option("--json", "log lines as JSON objects on stderr")
    .addHelpText("after", EXIT_CODES_HELP)
    .action((flags: SimulateFlags & { kind: string; quiet?: boolean; json?: boolean }) => {
      log = createLogger(logOptionsFromEnv(flags));
      if (flags.kind === "belief-updating") {
        for (const f of ["subjects", "female", "full", "basis"] as const)
          if (flags[f] !== undefined)
            throw new InputError(
              { file: `--${f}` },
              "not an option of a belief-updating simulation",
              "--spec, --seed",
            );
        runSimulateBelief(
          {
            out: flags.out,
            ...(flags.seed === undefined ? {} : { seed: flags.seed }),
            ...(flags.spec === undefined ? {} : { spec: flags.spec }),
          },
          log,
        );
      } else runSimulate(flags, log);
    });

  program
    .command("inspect")
    .description(
      "print a JSON summary of an MRS file (NIfTI-MRS, LCModel, RDA, SDAT/SPAR): format, dims, header values, identifying keys dropped",
    )
    .argument("<file>", "an MRS file")
    .addHelpText("after", EXIT_CODES_HELP)
    .action((file: string) => {
      stdout(`${jsonTerminalSafe(JSON.stringify(inspectFile(file), null, 2))}\n`);
    });

  try {
    await program.parseAsync(argv as string[], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    return reportFailure(error, log);
  }
  return exitCode;
}
