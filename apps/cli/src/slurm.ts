// The SLURM executor of `fmrs run --executor slurm`: the participant level as one `sbatch --array`
// (one task per participant, or per chunk of participants), the group level as one job that
// depends on the array (`--dependency=afterok`), progress followed with sacct (or squeue where
// accounting is off), failed tasks reported with their log files. The stages know nothing of it:
// every job runs the same `fmrs participant` / `fmrs group` commands a user could type, and which
// participants need work comes from the runner's records, so a rerun resubmits only what failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkOutputLocation, readAnyStudyConfig, readLimitsFromEnv, writeFileAtomic } from "@fmrs/io";
import { participantStatus, type UnitStatus } from "@fmrs/pipeline";
import { InputError } from "@fmrs/schema";
import { type Command, InvalidArgumentError } from "commander";
import { z } from "zod";
import { GENERATED_BY, VERSION } from "./context";
import type { Logger } from "./log";
import { graphOf } from "./run";

/** Resources and behaviour of the SLURM executor (a --slurm-config JSON file holds the same keys). */
export const SlurmSettings = z
  .object({
    partition: z.string().min(1).optional(),
    account: z.string().min(1).optional(),
    /** Wall time per job, in sbatch's form (e.g. "00:30:00"). */
    time: z.string().min(1).optional(),
    /** Memory per job, in sbatch's form (e.g. "2G"). */
    mem: z.string().min(1).optional(),
    cpus_per_task: z.number().int().min(1).default(1),
    /** Participants per array task. */
    chunk_size: z.number().int().min(1).default(1),
    /** At most this many array tasks at once (sbatch --array=…%N). */
    max_running: z.number().int().min(1).optional(),
    /** Wall time and memory of the group job, when they differ from the participant tasks'. */
    group_time: z.string().min(1).optional(),
    group_mem: z.string().min(1).optional(),
    /** Seconds between progress queries. */
    poll_s: z.number().positive().default(10),
    /** Further sbatch arguments, given to every job (e.g. ["--qos=short"]). */
    sbatch_args: z.array(z.string()).default([]),
  })
  .strict();
export type SlurmSettings = z.infer<typeof SlurmSettings>;

/** The command-line flags of the SLURM executor (they override --slurm-config). */
export interface SlurmFlags {
  slurmConfig?: string;
  partition?: string;
  account?: string;
  time?: string;
  mem?: string;
  cpusPerTask?: number;
  chunkSize?: number;
  maxRunning?: number;
  poll?: number;
  force?: boolean;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("a whole number of at least 1");
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError("a positive number of seconds");
  return n;
}

export function addSlurmOptions(cmd: Command): Command {
  return cmd
    .option(
      "--slurm-config <file>",
      "JSON file of SLURM settings: partition, account, time, mem, cpus_per_task, chunk_size, max_running, group_time, group_mem, poll_s, sbatch_args (options override it)",
    )
    .option("--partition <name>", "slurm: partition")
    .option("--account <name>", "slurm: account")
    .option("--time <limit>", "slurm: wall time per job (e.g. 00:30:00)")
    .option("--mem <size>", "slurm: memory per job (e.g. 2G)")
    .option("--cpus-per-task <n>", "slurm: CPUs (fit worker threads) per array task (default 1)", positiveInt)
    .option("--chunk-size <n>", "slurm: participants per array task (default 1)", positiveInt)
    .option("--max-running <n>", "slurm: at most n array tasks at once", positiveInt)
    .option("--poll <s>", "slurm: seconds between progress queries (default 10)", positive);
}

/** The settings from --slurm-config (zod-checked) with the options on top. */
export function slurmSettings(flags: SlurmFlags): SlurmSettings {
  let base: unknown = {};
  if (flags.slurmConfig !== undefined) {
    const file = flags.slurmConfig;
    if (!existsSync(file)) throw new InputError({ file }, "not found", "a JSON file of SLURM settings");
    try {
      base = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new InputError({ file }, `not valid JSON (${(error as Error).message})`);
    }
    const parsed = SlurmSettings.safeParse(base);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        { file: flags.slurmConfig, field: issue?.path.join(".") || "(top level)" },
        issue?.message ?? "invalid",
        "the keys listed in fmrs run --help",
      );
    }
    base = parsed.data;
  }
  const over: Record<string, unknown> = {
    partition: flags.partition,
    account: flags.account,
    time: flags.time,
    mem: flags.mem,
    cpus_per_task: flags.cpusPerTask,
    chunk_size: flags.chunkSize,
    max_running: flags.maxRunning,
    poll_s: flags.poll,
  };
  for (const k of Object.keys(over)) if (over[k] === undefined) delete over[k];
  return SlurmSettings.parse({ ...(base as object), ...over });
}

/** A job's (or array task's) state as the scheduler reports it. */
export type JobState = string;

const FAILED_STATES = [
  "FAILED",
  "CANCELLED",
  "TIMEOUT",
  "OUT_OF_MEMORY",
  "NODE_FAIL",
  "PREEMPTED",
  "BOOT_FAIL",
  "DEADLINE",
];
const ACTIVE_STATES = [
  "PENDING",
  "RUNNING",
  "CONFIGURING",
  "COMPLETING",
  "SUSPENDED",
  "REQUEUED",
  "RESIZING",
  "STAGE_OUT",
];

/** A task the scheduler no longer lists that was last seen pending (or never seen): SLURM drops a pending array task that is cancelled. */
const GONE_PENDING = "CANCELLED before it started";
/** A task the scheduler no longer lists after it ran (its record purged; the runner's records tell how it ended). */
const GONE = "ENDED (no longer listed by the scheduler)";

function taskState(now: JobState | undefined, last: JobState | undefined): JobState {
  if (now !== undefined) return now;
  if (last === undefined || last === "PENDING") return GONE_PENDING;
  return last === "RUNNING" || last === "COMPLETING" ? GONE : last;
}

/** The scheduler commands the executor needs (sbatch, squeue/sacct, scancel). */
export interface Scheduler {
  /** Submits a batch script with sbatch arguments; returns the job id. */
  submit(args: readonly string[], script: string): string;
  /** States by job id (array tasks as `<array>_<index>`); jobs the scheduler no longer knows are absent. */
  states(jobIds: readonly string[]): Map<string, JobState>;
  cancel(jobId: string): void;
}

function command(name: string, args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(name, args as string[], { encoding: "utf8" });
  if (r.error !== undefined)
    throw new InputError(
      { file: name },
      `cannot run ${name} (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`,
      "SLURM's commands on the PATH (run fmrs run --executor slurm on a login node)",
    );
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Parses `id|STATE` lines (sacct -P or squeue -o "%i|%T"); "CANCELLED by 0" → CANCELLED. */
export function parseStates(text: string): Map<string, JobState> {
  const out = new Map<string, JobState>();
  for (const line of text.split("\n")) {
    const [id, state] = line.trim().split("|");
    if (id === undefined || state === undefined || id === "") continue;
    // Steps (123.batch) are not jobs; a pending array range (123_[2-5]) is listed per task by squeue -r.
    if (id.includes(".")) continue;
    out.set(id, (state.split(" ")[0] ?? state).replace(/\+$/, ""));
  }
  return out;
}

/** The real scheduler: SLURM's commands on the PATH. */
export const slurmScheduler: Scheduler = {
  submit(args, script) {
    const r = command("sbatch", ["--parsable", ...args, script]);
    if (r.code !== 0)
      throw new InputError({ file: script }, `sbatch refused the job: ${r.stderr.trim() || r.stdout.trim()}`);
    const id = r.stdout.trim().split(";")[0] ?? "";
    if (!/^\d+$/.test(id)) throw new Error(`sbatch printed no job id: ${r.stdout}`);
    return id;
  },
  states(jobIds) {
    if (jobIds.length === 0) return new Map();
    // sacct when accounting is on (it remembers finished jobs), squeue otherwise (finished jobs
    // stay listed for MinJobAge, 300 s by default).
    const acct = command("sacct", ["-n", "-P", "-X", "-o", "JobID,State", "-j", jobIds.join(",")]);
    const fromAcct = acct.code === 0 ? parseStates(acct.stdout) : new Map<string, JobState>();
    // sacct lists a pending array as one range (123_[2-5]); squeue -r lists each task.
    const queue = command("squeue", ["-h", "-r", "--states=all", "-o", "%i|%T", "-j", jobIds.join(",")]);
    const fromQueue = queue.code === 0 ? parseStates(queue.stdout) : new Map<string, JobState>();
    for (const [id, state] of fromAcct) if (!id.includes("[")) fromQueue.set(id, fromQueue.get(id) ?? state);
    return fromQueue;
  },
  cancel(jobId) {
    command("scancel", [jobId]);
  },
};

/** A string as one single-quoted shell word. */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The command that runs this fmrs (node and the bundle); the executor needs the built CLI. */
function fmrsCommand(): string[] {
  const url = import.meta.url;
  if (process.env.FMRS_COMMAND !== undefined) return process.env.FMRS_COMMAND.split(" ");
  if (!url.startsWith("file:") || !url.endsWith(".mjs"))
    throw new Error("--executor slurm needs the built CLI (apps/cli/dist/fmrs.mjs): run pnpm build first");
  return [process.execPath, fileURLToPath(url)];
}

/** What a submission wrote to logs/slurm/<n>/submission.json. */
interface Submission {
  readonly array: string | null;
  readonly group: string;
  readonly tasks: readonly {
    readonly index: number;
    readonly participants: string[];
    readonly log: string;
  }[];
  readonly group_log: string;
}

function resourceArgs(s: SlurmSettings, group: boolean): string[] {
  const time = group ? (s.group_time ?? s.time) : s.time;
  const mem = group ? (s.group_mem ?? s.mem) : s.mem;
  return [
    ...(s.partition === undefined ? [] : [`--partition=${s.partition}`]),
    ...(s.account === undefined ? [] : [`--account=${s.account}`]),
    ...(time === undefined ? [] : [`--time=${time}`]),
    ...(mem === undefined ? [] : [`--mem=${mem}`]),
    `--cpus-per-task=${group ? 1 : s.cpus_per_task}`,
    ...s.sbatch_args,
  ];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The earlier submissions' folders under logs/slurm, in order (1, 2, …). */
function submissionDirs(logRoot: string): number[] {
  if (!existsSync(logRoot)) return [];
  return readdirSync(logRoot)
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * `fmrs run --executor slurm`: finds the participants whose participant-level units are missing
 * or stale (all with --force), submits them as one sbatch array and the group level as a job
 * depending on it, follows both until they end and reports each failed task with its log.
 * Returns the exit code: 0 when all went through, 3 when a job failed.
 */
export async function runOnSlurm(
  studyDir: string,
  outDir: string,
  flags: SlurmFlags,
  log: Logger,
  scheduler: Scheduler = slurmScheduler,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<number> {
  const settings = slurmSettings(flags);
  const study = resolve(studyDir);
  const out = resolve(outDir);
  checkOutputLocation(study, out);
  // Any study kind: the participant and group levels come from its own stage graph.
  const config = readAnyStudyConfig(study, readLimitsFromEnv());
  const base = {
    studyDir: study,
    root: out,
    study: config,
    graph: graphOf(config.kind),
    version: VERSION,
    generatedBy: GENERATED_BY,
  };
  const logRoot = join(out, "logs", "slurm");

  // One submission at a time: refuse while an earlier one still has jobs in the queue.
  const earlier = submissionDirs(logRoot).at(-1);
  if (earlier !== undefined) {
    const file = join(logRoot, String(earlier), "submission.json");
    if (existsSync(file)) {
      const prev = JSON.parse(readFileSync(file, "utf8")) as Submission;
      const ids = [prev.array, prev.group].filter((x): x is string => x !== null);
      const active = [...scheduler.states(ids)].filter(([, s]) => ACTIVE_STATES.includes(s));
      if (active.length > 0)
        throw new InputError(
          { file },
          `jobs of an earlier submission are still queued or running (${active.map(([id, s]) => `${id} ${s}`).join(", ")})`,
          `them to end first, or scancel ${ids.join(" ")}`,
        );
    }
  }

  const status = await participantStatus(base);
  const todo = [
    ...new Set(status.filter((s) => flags.force === true || s.state !== "done").map((s) => s.participant)),
  ].sort();
  const done = status.filter((s) => s.state === "done").length;
  log.info(
    "slurm",
    todo.length === 0
      ? `participant level: all ${status.length} units up to date, nothing to submit`
      : `participant level: ${todo.length} participants to run (${status.length - done} of ${status.length} units missing or stale${flags.force === true ? ", --force: all" : ""}): ${todo.join(" ")}`,
  );

  const n = (earlier ?? 0) + 1;
  const dir = join(logRoot, String(n));
  mkdirSync(dir, { recursive: true });
  const [node, ...fmrs] = fmrsCommand();
  const cli = [node as string, ...fmrs].map(shellQuote).join(" ");
  const force = flags.force === true ? " --force" : "";
  const taskList = chunks(todo, settings.chunk_size);
  const tasks = taskList.map((participants, index) => ({
    index,
    participants,
    log: join(dir, `participant-${index}.log`),
  }));
  let array: string | null = null;
  if (tasks.length > 0) {
    writeFileAtomic(join(dir, "tasks.txt"), `${taskList.map((t) => t.join(" ")).join("\n")}\n`);
    const script = join(dir, "participant.sh");
    writeFileAtomic(
      script,
      [
        "#!/bin/sh",
        "# fmrs participant level: array task i runs the participants on line i+1 of tasks.txt",
        "set -eu",
        `labels=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" ${shellQuote(join(dir, "tasks.txt"))})`,
        `exec ${cli} participant ${shellQuote(study)} ${shellQuote(out)} --participant-label $labels --jobs "\${SLURM_CPUS_PER_TASK:-1}"${force}`,
        "",
      ].join("\n"),
    );
    array = scheduler.submit(
      [
        "--job-name=fmrs-participant",
        `--array=0-${tasks.length - 1}${settings.max_running === undefined ? "" : `%${settings.max_running}`}`,
        `--output=${join(dir, "participant-%a.log")}`,
        ...resourceArgs(settings, false),
      ],
      script,
    );
    log.info("slurm", `submitted participant array ${array} (${tasks.length} tasks), logs in ${dir}`);
  }
  const groupScript = join(dir, "group.sh");
  const groupLog = join(dir, "group.log");
  writeFileAtomic(
    groupScript,
    [
      "#!/bin/sh",
      "# fmrs group level: runs once every participant task has ended well",
      "set -eu",
      `exec ${cli} group ${shellQuote(study)} ${shellQuote(out)}${force}`,
      "",
    ].join("\n"),
  );
  const group = scheduler.submit(
    [
      "--job-name=fmrs-group",
      `--output=${groupLog}`,
      ...(array === null ? [] : [`--dependency=afterok:${array}`, "--kill-on-invalid-dep=yes"]),
      ...resourceArgs(settings, true),
    ],
    groupScript,
  );
  log.info(
    "slurm",
    `submitted group job ${group}${array === null ? "" : ` (after array ${array})`}, log ${groupLog}`,
  );
  const submission: Submission = { array, group, tasks, group_log: groupLog };
  writeFileAtomic(join(dir, "submission.json"), `${JSON.stringify(submission, null, 2)}\n`);

  // Follow until every task and the group job have ended (or the scheduler forgot them).
  const taskId = (i: number) => `${array}_${i}`;
  let last = "";
  let taskStates = new Map<number, JobState>();
  let groupState: JobState = "PENDING";
  const lastSeen = new Map<number, JobState>();
  for (;;) {
    const states = scheduler.states([...(array === null ? [] : [array]), group]);
    taskStates = new Map(
      tasks.map((t) => [t.index, taskState(states.get(taskId(t.index)), lastSeen.get(t.index))]),
    );
    for (const [i, st] of taskStates) if (st !== GONE_PENDING && st !== GONE) lastSeen.set(i, st);
    groupState = states.get(group) ?? "GONE";
    const count = (pred: (s: JobState) => boolean) => [...taskStates.values()].filter(pred).length;
    const line =
      (tasks.length === 0
        ? ""
        : `participant tasks: ${count((s) => s === "COMPLETED")} done, ${count((s) => s === "RUNNING")} running, ${count((s) => s === "PENDING")} pending, ${count((s) => FAILED_STATES.includes(s) || s === GONE_PENDING)} failed of ${tasks.length}; `) +
      `group job: ${groupState}`;
    if (line !== last) log.info("slurm", line);
    last = line;
    const tasksOver = [...taskStates.values()].every((s) => !ACTIVE_STATES.includes(s));
    if (tasksOver && !ACTIVE_STATES.includes(groupState)) break;
    // A group job whose dependency can never be met (a task failed) is cancelled by SLURM
    // (--kill-on-invalid-dep); cancel it here too in case the site's SLURM keeps it pending.
    if (tasksOver && groupState === "PENDING" && count((s) => s !== "COMPLETED") > 0) {
      scheduler.cancel(group);
      groupState = "CANCELLED";
      break;
    }
    await sleep(settings.poll_s * 1000);
  }

  // What the records say now is the truth about the participant level (a task may end "COMPLETED" in
  // a state the scheduler forgot): each participant whose units are not done failed.
  const after = await participantStatus({ ...base, participants: todo });
  const notDone = new Set(after.filter((s) => s.state !== "done").map((s) => s.participant));
  const failed = tasks.filter((t) => t.participants.some((p) => notDone.has(p)));
  for (const t of failed)
    log.error(
      "slurm",
      `array task ${taskId(t.index)} (${t.participants.join(" ")}) ${taskStates.get(t.index) ?? "GONE"}: ${notDoneText(t.participants, after)}; log ${t.log}`,
    );
  const groupOk = groupState === "COMPLETED" || (groupState === "GONE" && groupFinished(out, groupLog));
  if (!groupOk)
    log.error(
      "slurm",
      failed.length > 0
        ? `group job ${group} ${groupState}: it waits for every participant task; run the same command again to resubmit only the failed participants`
        : `group job ${group} ${groupState}: see its log ${groupLog}`,
    );
  if (failed.length === 0 && groupOk) {
    log.info("slurm", `all jobs completed; report: ${join(out, "report", "index.html")}`);
    return 0;
  }
  return 3;
}

function notDoneText(participants: readonly string[], status: readonly UnitStatus[]): string {
  const units = status.filter((s) => participants.includes(s.participant) && s.state !== "done");
  return `${units.length} unit${units.length === 1 ? "" : "s"} not done (${units.map((u) => u.unit.replace("_", " ")).join(", ")})`;
}

/** A group job the scheduler forgot ended well when its log says the run finished. */
function groupFinished(out: string, groupLog: string): boolean {
  if (!existsSync(groupLog)) return false;
  return (
    /stages? (ran|up to date)/.test(readFileSync(groupLog, "utf8")) && existsSync(join(out, "results.json"))
  );
}
