import { z } from "zod";
import { ParticipantId, SessionId, Sex } from "./ids";
import { StudyConfig } from "./study";
import { MadrsTotal, TsvInteger, TsvNumber, TsvNumberOrNa } from "./tsvRows";

/**
 * The kinds of study the pipeline runs, declared by study.json's `kind` (default
 * "fmrs-crossover", so a study.json without it is the fMRS crossover it always was).
 */
export const StudyKind = z.enum(["fmrs-crossover", "belief-updating"]);
export type StudyKind = z.infer<typeof StudyKind>;

/** Time points of the belief-updating study: before the first infusion, 4 h after it, 1 week later. */
export const BeliefTimePoint = z.enum(["pre", "4h", "1wk"]);
export type BeliefTimePoint = z.infer<typeof BeliefTimePoint>;

/** Groups of the belief-updating study. */
export const BeliefGroup = z.enum(["patient", "control"]);
export type BeliefGroup = z.infer<typeof BeliefGroup>;

/**
 * study.json of a belief-updating study (kind "belief-updating"): patients and controls rate
 * their risk of adverse life events, see the base rate and rate again (Sharot et al. 2011), at
 * the time points pre / 4h / 1wk (patients) and pre / 1wk (controls).
 */
export const BeliefStudyConfig = z.strictObject({
  kind: z.literal("belief-updating"),
  name: z.string().min(1),
  description: z.string().optional(),
  /** How the groups are named in the report. */
  groups: z
    .strictObject({ patient: z.string().min(1), control: z.string().min(1) })
    .default({ patient: "Treatment-resistant depression", control: "Healthy controls" }),
  /** The treatment the patients received between sessions (report text only). */
  treatment: z
    .strictObject({ label: z.string().min(1) })
    .default({ label: "ketamine 0.5 mg/kg IV over 40 min" }),
  /** Adverse life events per session (the task's design; sessions with other counts are reported). */
  events: z.int().positive().default(40),
  /** The mediation analysis: bootstrap resamples of the indirect effect. */
  mediation: z
    .strictObject({ bootstrap_resamples: z.int().min(100).default(5000) })
    .default({ bootstrap_resamples: 5000 }),
  /** Seed for every random step (the bootstrap); recorded in the provenance. */
  seed: z.int().min(0).default(20221128),
});
export type BeliefStudyConfig = z.infer<typeof BeliefStudyConfig>;

/** Any study.json the pipeline runs, by kind. */
export type AnyStudyConfig = StudyConfig | BeliefStudyConfig;

/** The kind a parsed study.json value declares (absent → "fmrs-crossover"); null when not a known kind. */
export function studyKindOf(json: unknown): StudyKind | null {
  const kind =
    json !== null && typeof json === "object" && !Array.isArray(json)
      ? (json as Record<string, unknown>).kind
      : undefined;
  if (kind === undefined) return "fmrs-crossover";
  const parsed = StudyKind.safeParse(kind);
  return parsed.success ? parsed.data : null;
}

/** The zod schema of study.json for a kind. */
export function studyConfigSchema(kind: StudyKind): typeof StudyConfig | typeof BeliefStudyConfig {
  return kind === "belief-updating" ? BeliefStudyConfig : StudyConfig;
}

/** Whether a study config is a belief-updating study. */
export function isBeliefStudy(study: AnyStudyConfig): study is BeliefStudyConfig {
  return study.kind === "belief-updating";
}

/** participants.tsv of a belief-updating study: participant_id, group, sex, age. */
export const BeliefParticipantTsvRow = z.object({
  participant_id: ParticipantId,
  group: BeliefGroup,
  sex: Sex,
  age: TsvNumberOrNa,
});
export type BeliefParticipantTsvRow = z.infer<typeof BeliefParticipantTsvRow>;

/** sub-XX/sub-XX_sessions.tsv of a belief-updating study: session_id, time_point, days_from_first_infusion. */
export const BeliefSessionTsvRow = z.object({
  session_id: SessionId,
  time_point: BeliefTimePoint,
  days_from_first_infusion: TsvNumberOrNa,
});
export type BeliefSessionTsvRow = z.infer<typeof BeliefSessionTsvRow>;

/** A percentage cell (0–100) or n/a. */
const TsvPercentOrNa = TsvNumber.pipe(
  z.number().min(0, "a percentage of at least 0").max(100, "a percentage of at most 100"),
).nullable();

/**
 * One trial of `sub-XX_ses-N_task-beliefupdate_beh.tsv`: trial number, event id, the first
 * estimate of one's own risk (%), the base rate shown (%), the second estimate (%), and optional
 * response times (s). A missing estimate is `n/a` (the trial is excluded with its reason).
 */
export const BeliefBehTsvRow = z.object({
  trial: TsvInteger.pipe(z.int().min(1, "a trial number of at least 1")),
  event_id: z.string().min(1, "an event id"),
  first_estimate: TsvPercentOrNa,
  base_rate: TsvPercentOrNa,
  second_estimate: TsvPercentOrNa,
  rt_first: TsvNumber.pipe(z.number().min(0, "a response time of at least 0")).nullable().optional(),
  rt_second: TsvNumber.pipe(z.number().min(0, "a response time of at least 0")).nullable().optional(),
});
export type BeliefBehTsvRow = z.infer<typeof BeliefBehTsvRow>;

/** phenotype/madrs.tsv of a belief-updating study: participant_id, session_id, madrs_total (0–60 or n/a). */
export const BeliefMadrsTsvRow = z.object({
  participant_id: ParticipantId,
  session_id: SessionId,
  madrs_total: MadrsTotal,
});
export type BeliefMadrsTsvRow = z.infer<typeof BeliefMadrsTsvRow>;
