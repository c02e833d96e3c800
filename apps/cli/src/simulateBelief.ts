import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { BeliefStudySpecSchema, type SimulatedBeliefStudy, simulateBeliefStudy } from "@fmrs/belief";
import { canonicalJson, writeFileAtomic } from "@fmrs/io";
import { InputError, InputErrors, inputErrorsFromZod } from "@fmrs/schema";
import pkg from "../package.json";
import type { Logger } from "./log";

/** The default seed of a simulated belief-updating study (also data-samples/belief-updating's). */
export const BELIEF_DEFAULT_SEED = 20221128;

const TASK = "beliefupdate";
const cell = (v: number | string | null | undefined) => (v === null || v === undefined ? "n/a" : String(v));
const tsv = (
  columns: readonly string[],
  rows: readonly (readonly (number | string | null | undefined)[])[],
) => `${[columns.join("\t"), ...rows.map((r) => r.map(cell).join("\t"))].join("\n")}\n`;

/** One file of a simulated study: its path in the study folder and its text. */
export interface StudyFile {
  readonly path: string;
  readonly text: string;
}

function readme(sim: SimulatedBeliefStudy, seed: number, name: string): string {
  const s = sim.truth.spec;
  return `# ${name}

Synthetic belief-updating study made by fmrs-crossover ${pkg.version} (\`fmrs simulate --kind belief-updating --seed ${seed}\`,
@fmrs/belief simulateBeliefStudy, seed ${seed}). No person took part: every value is simulated.

Design (after Bottemanne et al., JAMA Psychiatry 2022): ${s.n_patients} patients with treatment-resistant
depression rated their own risk of ${s.n_events} adverse life events, saw each event's base rate and rated
again, 24 h before a first ketamine infusion (0.5 mg/kg over 40 min; time point \`pre\`), 4 h after it (\`4h\`)
and one week later, 4 h after the third infusion (\`1wk\`); ${s.n_controls} healthy controls did the task twice,
a week apart, without ketamine (\`pre\`, \`1wk\`).

- \`participants.tsv\`: participant_id, group (patient | control), sex, age.
- \`sub-<label>/sub-<label>_sessions.tsv\`: session_id, time_point, days_from_first_infusion.
- \`sub-<label>/ses-<label>/beh/*_task-${TASK}_beh.tsv\`: one row per trial (trial, event_id,
  first_estimate, base_rate, second_estimate in percent, rt_first, rt_second in seconds; n/a = no response).
- \`phenotype/madrs.tsv\`: MADRS total at each session.

Missingness as in a real study: single responses missed at random (first estimate ${s.p_missing_first * 100} %,
second ${s.p_missing_second * 100} % of trials), ${s.missing_sessions.length} whole sessions missed, ${s.missing_madrs.length} MADRS rating(s) missing.

Not BIDS (listed in .bidsignore): study.json (the fmrs-crossover pipeline's settings, \`"kind": "belief-updating"\`)
and truth.json (every simulated true value: learning rates per session, the group × time × valence effect,
the mediation path).

Run it: \`fmrs run <this folder>\` (derivatives in derivatives/fmrs-crossover/, report in its report/index.html).
`;
}

/**
 * The files of a simulated belief-updating study as BIDS lays them out: dataset_description.json,
 * README.md, CHANGES, participants.tsv/.json, per participant sessions.tsv/.json, per session the
 * task file `beh/*_task-beliefupdate_beh.tsv` with its JSON sidecar (task description and column
 * dictionary), phenotype/madrs.tsv/.json, the validator settings and .bidsignore, study.json
 * (kind "belief-updating") and truth.json. Deterministic text (canonical JSON).
 */
export function beliefStudyFiles(sim: SimulatedBeliefStudy, seed: number, name: string): StudyFile[] {
  const files: StudyFile[] = [];
  const add = (path: string, text: string) => files.push({ path, text });
  add(
    "dataset_description.json",
    canonicalJson({
      Name: name,
      BIDSVersion: "1.10.0",
      DatasetType: "raw",
      License: "CC0",
      Authors: ["fmrs-crossover (simulated data)", "fmrs-crossover contributors"],
      GeneratedBy: [
        {
          Name: "@fmrs/belief simulateBeliefStudy",
          Version: pkg.version,
          Description: `Synthetic belief-updating study, seed ${seed}; truth.json holds every true value.`,
        },
      ],
    }),
  );
  add(
    ".bidsignore",
    "# Not BIDS: the pipeline's settings and the simulation's truth.\nstudy.json\ntruth.json\n",
  );
  add(".bids-validator-config.json", canonicalJson({ warn: [51] }));
  add("README.md", readme(sim, seed, name));
  add(
    "CHANGES",
    `${pkg.version} 2019-01-07\n  - Simulated by fmrs-crossover ${pkg.version}, seed ${seed}.\n`,
  );
  add(
    "study.json",
    canonicalJson({
      kind: "belief-updating",
      name,
      description:
        "Ketamine and belief updating: patients with treatment-resistant depression (pre, 4 h, 1 week) and healthy controls (twice, a week apart); simulated",
      events: sim.truth.spec.n_events,
      seed,
    }),
  );
  add(
    "participants.tsv",
    tsv(
      ["participant_id", "group", "sex", "age"],
      sim.participants.map((p) => [p.participant_id, p.group, p.sex, p.age]),
    ),
  );
  add(
    "participants.json",
    canonicalJson({
      group: {
        Description: "Group of the participant",
        Levels: {
          patient: "treatment-resistant depression, ketamine infusions",
          control: "healthy control, no ketamine",
        },
      },
      sex: { Description: "Sex of the participant", Levels: { F: "female", M: "male" } },
      age: { Description: "Age at the first session", Units: "year" },
    }),
  );
  const sessionsJson = canonicalJson({
    time_point: {
      Description: "Time point of the session",
      Levels: {
        pre: "24 h before the first infusion (controls: first session)",
        "4h": "4 h after the first infusion (patients only)",
        "1wk":
          "one week after the first infusion, 4 h after the third (controls: a week after the first session)",
      },
    },
    days_from_first_infusion: {
      Description:
        "Days from the first infusion (controls: from their first session's infusion-equivalent day)",
      Units: "d",
    },
  });
  const behJson = canonicalJson({
    TaskName: "beliefupdate",
    TaskDescription:
      "Belief-update task (Sharot et al. 2011): rate one's own risk of an adverse life event, see its base rate, rate again.",
    Instructions:
      "Estimate how likely this event is to happen to you; then estimate again after seeing the average risk.",
    trial: { Description: "Trial number within the session (1 = first)" },
    event_id: {
      Description: "The adverse life event shown (the same id is the same event in every session)",
    },
    first_estimate: { Description: "First estimate of one's own risk; n/a = no response", Units: "%" },
    base_rate: { Description: "Base rate of the event shown after the first estimate", Units: "%" },
    second_estimate: {
      Description: "Second estimate after seeing the base rate; n/a = no response",
      Units: "%",
    },
    rt_first: { Description: "Response time of the first estimate", Units: "s" },
    rt_second: { Description: "Response time of the second estimate", Units: "s" },
  });
  const trialsOf = new Map<string, SimulatedBeliefStudy["trials"]>();
  for (const t of sim.trials) {
    const k = `${t.participant_id}/${t.session_id}`;
    const list = trialsOf.get(k) ?? [];
    list.push(t);
    trialsOf.set(k, list);
  }
  for (const p of sim.participants) {
    const sub = p.participant_id;
    const sessions = sim.sessions.filter((s) => s.participant_id === sub);
    add(
      `${sub}/${sub}_sessions.tsv`,
      tsv(
        ["session_id", "time_point", "days_from_first_infusion"],
        sessions.map((s) => [s.session_id, s.time_point, s.days_from_first_infusion]),
      ),
    );
    add(`${sub}/${sub}_sessions.json`, sessionsJson);
    for (const s of sessions) {
      const trials = trialsOf.get(`${sub}/${s.session_id}`) ?? [];
      if (trials.length === 0) continue;
      const base = `${sub}/${s.session_id}/beh/${sub}_${s.session_id}_task-${TASK}_beh`;
      add(
        `${base}.tsv`,
        tsv(
          ["trial", "event_id", "first_estimate", "base_rate", "second_estimate", "rt_first", "rt_second"],
          trials.map((t) => [
            t.trial,
            t.event_id,
            t.first_estimate,
            t.base_rate,
            t.second_estimate,
            t.rt_first,
            t.rt_second,
          ]),
        ),
      );
      add(`${base}.json`, behJson);
    }
  }
  add(
    "phenotype/madrs.tsv",
    tsv(
      ["participant_id", "session_id", "madrs_total"],
      sim.madrs.map((m) => [m.participant_id, m.session_id, m.madrs_total]),
    ),
  );
  add(
    "phenotype/madrs.json",
    canonicalJson({
      MeasurementToolMetadata: {
        Description: "Montgomery–Åsberg Depression Rating Scale (10 items, each 0–6)",
      },
      session_id: {
        Description: "The session the rating belongs to (rated on the day of the session's task)",
      },
      madrs_total: { LongName: "MADRS total", Description: "MADRS total score (0–60); n/a = not rated" },
    }),
  );
  add("truth.json", canonicalJson(sim.truth));
  return files;
}

/** Flags of `fmrs simulate --kind belief-updating`. */
export interface BeliefSimulateFlags {
  readonly out: string;
  readonly seed?: number;
  readonly spec?: string;
}

/**
 * `fmrs simulate --kind belief-updating`: simulates a belief-updating study (@fmrs/belief
 * simulateBeliefStudy; `--spec` JSON for BeliefStudySpecSchema, `--seed`) and writes it into
 * `--out` as a BIDS dataset, every file atomically. An earlier simulation there (it has
 * truth.json) is replaced; a non-empty folder without one is refused. Returns the number of files.
 */
export function runSimulateBelief(flags: BeliefSimulateFlags, log: Logger): number {
  let input: unknown = {};
  if (flags.spec !== undefined) {
    if (!existsSync(flags.spec)) throw new InputError({ file: flags.spec }, "file not found");
    try {
      input = JSON.parse(readFileSync(flags.spec, "utf8"));
    } catch (error) {
      throw new InputError({ file: flags.spec }, `not valid JSON (${(error as Error).message})`);
    }
  }
  const parsed = BeliefStudySpecSchema.safeParse(input);
  if (!parsed.success)
    throw new InputErrors(inputErrorsFromZod({ file: flags.spec ?? "simulation options" }, parsed.error));
  const seed = flags.seed ?? BELIEF_DEFAULT_SEED;
  if (existsSync(flags.out)) {
    const entries = readdirSync(flags.out);
    if (entries.length > 0 && !entries.includes("truth.json"))
      throw new InputError(
        { file: flags.out },
        "is not empty and holds no earlier simulation (no truth.json)",
        "an empty or new folder for --out",
      );
    for (const name of entries) rmSync(join(flags.out, name), { recursive: true, force: true });
  }
  const sim = simulateBeliefStudy(parsed.data, seed);
  const files = beliefStudyFiles(sim, seed, "Simulated ketamine belief-updating study");
  for (const f of files) writeFileAtomic(join(flags.out, f.path), f.text);
  log.info(
    "simulate",
    `wrote ${files.length} files to ${flags.out}: ${sim.participants.length} participants (${sim.truth.spec.n_patients} patients, ${sim.truth.spec.n_controls} controls), ${sim.trials.length} trials, seed ${seed}`,
  );
  return files.length;
}
