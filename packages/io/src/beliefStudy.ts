import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_READ_LIMITS,
  type Lined,
  parseBeliefBehTsv,
  parseTsv,
  parseTsvRowsCollecting,
  type ReadLimits,
  requireColumns,
} from "@fmrs/formats";
import {
  type BeliefBehTsvRow,
  BeliefMadrsTsvRow,
  BeliefParticipantTsvRow,
  BeliefSessionTsvRow,
  BeliefStudyConfig,
  InputError,
  InputErrors,
  inputErrorsFromZod,
  type SourceFile,
} from "@fmrs/schema";
import { assertStudyFolder, collectProblems, studyTextReader } from "./collect";
import { parseJsonText } from "./jsonText";

/** The task file name of a session, in its beh/ folder. */
export function beliefBehFile(participantId: string, sessionId: string): string {
  return `${participantId}/${sessionId}/beh/${participantId}_${sessionId}_task-beliefupdate_beh.tsv`;
}

/** One session's task data as read: the file (study-relative) and its trials. */
export interface BeliefBehInput {
  readonly participant_id: string;
  readonly session_id: string;
  readonly file: string;
  readonly rows: readonly Lined<BeliefBehTsvRow>[];
}

/** A belief-updating study folder, read and cross-checked. */
export interface BeliefStudyInputs {
  readonly dir: string;
  readonly config: BeliefStudyConfig;
  readonly participants: readonly Lined<BeliefParticipantTsvRow>[];
  /** Each participant's sessions file (shown path) and rows. */
  readonly sessions: ReadonlyMap<string, { file: string; rows: readonly Lined<BeliefSessionTsvRow>[] }>;
  readonly beh: readonly BeliefBehInput[];
  readonly madrs: { readonly file: string; readonly rows: readonly Lined<BeliefMadrsTsvRow>[] };
  /** Every file read (study-relative path + sha256), sorted by path. */
  readonly sources: readonly SourceFile[];
  /** Columns dropped at ingest (file:column), names only. */
  readonly droppedColumns: readonly string[];
}

/**
 * Reads a belief-updating study folder: study.json (kind "belief-updating"), participants.tsv
 * (participant_id, group, sex, age), sub-*\/sub-*_sessions.tsv (session_id, time_point,
 * days_from_first_infusion), each session's beh/ task file and phenotype/madrs.tsv
 * (participant_id, session_id, madrs_total). Returns what could be read with every problem
 * found (file, line, field), not only the first: rows that fail their schema, repeated trials,
 * participants without a folder or a folder without a participant, a session folder not in the
 * sessions file, a time point the group does not have (controls: pre and 1wk), a repeated time
 * point, MADRS rows of unknown sessions. A session listed without a task file is a warning (it
 * contributes MADRS only).
 */
export function collectBeliefStudyInputs(
  dir: string,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): { inputs: BeliefStudyInputs | null; problems: InputError[]; warnings: InputError[] } {
  assertStudyFolder(dir);
  const problems: InputError[] = [];
  const warnings: InputError[] = [];
  const sources: SourceFile[] = [];
  const dropped = new Set<string>();
  const shown = (rel: string) => join(dir, rel);
  const collect = <T>(fn: () => T): T | null => collectProblems(problems, fn);
  const readText = studyTextReader(dir, limits, problems, sources);
  const dropUnknown = (name: string, columns: readonly string[], known: readonly string[]) => {
    for (const c of columns) if (!known.includes(c)) dropped.add(`${name}:${c}`);
  };

  let config: BeliefStudyConfig | null = null;
  const studyText = readText("study.json");
  if (studyText !== null)
    collect(() => {
      const json = parseJsonText(studyText, shown("study.json"), limits.maxJsonDepth);
      const parsed = BeliefStudyConfig.safeParse(json);
      if (!parsed.success)
        throw new InputErrors(inputErrorsFromZod({ file: shown("study.json") }, parsed.error, json));
      config = parsed.data;
    });

  let participants: Lined<BeliefParticipantTsvRow>[] = [];
  const pText = readText("participants.tsv");
  if (pText !== null)
    collect(() => {
      const tsv = parseTsv(shown("participants.tsv"), pText);
      requireColumns(tsv, ["participant_id", "group", "sex", "age"]);
      dropUnknown("participants.tsv", tsv.columns, ["participant_id", "group", "sex", "age"]);
      const parsed = parseTsvRowsCollecting(tsv, BeliefParticipantTsvRow);
      problems.push(...parsed.problems);
      participants = parsed.rows;
      const seen = new Map<string, number>();
      for (const r of parsed.rows) {
        const first = seen.get(r.value.participant_id);
        if (first !== undefined)
          problems.push(
            new InputError(
              { file: tsv.file, line: r.line, field: "participant_id" },
              `${r.value.participant_id} repeats line ${first}`,
              "each participant once",
            ),
          );
        else seen.set(r.value.participant_id, r.line);
      }
    });
  const groupOf = new Map(participants.map((p) => [p.value.participant_id, p.value.group]));

  const sessions = new Map<string, { file: string; rows: Lined<BeliefSessionTsvRow>[] }>();
  const beh: BeliefBehInput[] = [];
  const subjectDirs = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.startsWith("sub-"))
    .map((d) => d.name)
    .sort();
  for (const sub of subjectDirs) {
    if (pText !== null && !groupOf.has(sub))
      problems.push(
        new InputError(
          { file: shown(sub) },
          "participant folder not listed in participants.tsv",
          "a row for it",
        ),
      );
  }
  for (const p of participants) {
    if (!subjectDirs.includes(p.value.participant_id))
      problems.push(
        new InputError(
          { file: shown("participants.tsv"), line: p.line, field: "participant_id" },
          `${p.value.participant_id} has no folder`,
          `a folder ${p.value.participant_id}/ with its sessions file`,
        ),
      );
  }
  for (const sub of subjectDirs) {
    const rel = `${sub}/${sub}_sessions.tsv`;
    const text = readText(rel);
    if (text !== null)
      collect(() => {
        const tsv = parseTsv(shown(rel), text);
        requireColumns(tsv, ["session_id", "time_point"]);
        dropUnknown("sessions.tsv", tsv.columns, ["session_id", "time_point", "days_from_first_infusion"]);
        const parsed = parseTsvRowsCollecting(
          tsv,
          tsv.columns.includes("days_from_first_infusion")
            ? BeliefSessionTsvRow
            : BeliefSessionTsvRow.extend({
                days_from_first_infusion: BeliefSessionTsvRow.shape.days_from_first_infusion.optional(),
              }),
        );
        problems.push(...parsed.problems);
        const rows = parsed.rows.map((r) => ({
          line: r.line,
          value: { ...r.value, days_from_first_infusion: r.value.days_from_first_infusion ?? null },
        }));
        const group = groupOf.get(sub);
        const seenIds = new Set<string>();
        const seenPoints = new Map<string, number>();
        for (const r of rows) {
          const at = { file: tsv.file, line: r.line };
          if (seenIds.has(r.value.session_id))
            problems.push(
              new InputError({ ...at, field: "session_id" }, `${r.value.session_id} listed twice`),
            );
          seenIds.add(r.value.session_id);
          const first = seenPoints.get(r.value.time_point);
          if (first !== undefined)
            problems.push(
              new InputError(
                { ...at, field: "time_point" },
                `${r.value.time_point} repeats line ${first}`,
                "each time point once",
              ),
            );
          else seenPoints.set(r.value.time_point, r.line);
          if (group === "control" && r.value.time_point === "4h")
            problems.push(
              new InputError(
                { ...at, field: "time_point" },
                "a control session at 4h (controls have no infusion)",
                "pre or 1wk for a control",
              ),
            );
        }
        sessions.set(sub, { file: tsv.file, rows });
      });
    const listed = sessions.get(sub)?.rows.map((r) => r.value.session_id) ?? [];
    const sessionDirs = readdirSync(join(dir, sub), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name.startsWith("ses-"))
      .map((d) => d.name)
      .sort();
    for (const ses of sessionDirs)
      if (sessions.has(sub) && !listed.includes(ses))
        problems.push(
          new InputError(
            { file: shown(`${sub}/${ses}`) },
            "session folder not listed in the sessions file",
            `a row ${ses} in ${rel}`,
          ),
        );
    for (const ses of listed) {
      const file = beliefBehFile(sub, ses);
      if (!existsSync(join(dir, file))) {
        warnings.push(
          new InputError(
            { file: shown(file) },
            "no task file for this listed session: it contributes MADRS only",
          ),
        );
        continue;
      }
      const text = readText(file);
      if (text === null) continue;
      collect(() => {
        const parsed = parseBeliefBehTsv(shown(file), text);
        problems.push(...parsed.problems);
        beh.push({ participant_id: sub, session_id: ses, file, rows: parsed.rows });
      });
    }
  }

  let madrs: BeliefStudyInputs["madrs"] = { file: shown("phenotype/madrs.tsv"), rows: [] };
  const mText = readText("phenotype/madrs.tsv");
  if (mText !== null)
    collect(() => {
      const tsv = parseTsv(shown("phenotype/madrs.tsv"), mText);
      requireColumns(tsv, ["participant_id", "session_id", "madrs_total"]);
      dropUnknown("madrs.tsv", tsv.columns, ["participant_id", "session_id", "madrs_total"]);
      const parsed = parseTsvRowsCollecting(tsv, BeliefMadrsTsvRow);
      problems.push(...parsed.problems);
      const seen = new Set<string>();
      for (const r of parsed.rows) {
        const key = `${r.value.participant_id}/${r.value.session_id}`;
        const known = sessions
          .get(r.value.participant_id)
          ?.rows.some((s) => s.value.session_id === r.value.session_id);
        if (sessions.size > 0 && !known)
          problems.push(
            new InputError(
              { file: tsv.file, line: r.line, field: "session_id" },
              `${key} is not a listed session`,
              "a participant and session of the sessions files",
            ),
          );
        if (seen.has(key))
          problems.push(
            new InputError({ file: tsv.file, line: r.line, field: "session_id" }, `${key} rated twice`),
          );
        seen.add(key);
      }
      madrs = { file: tsv.file, rows: parsed.rows };
    });

  if (config === null) return { inputs: null, problems, warnings };
  sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  beh.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    inputs: {
      dir,
      config,
      participants,
      sessions,
      beh,
      madrs,
      sources,
      droppedColumns: [...dropped].sort(),
    },
    problems,
    warnings,
  };
}

/** Like collectBeliefStudyInputs, but throws every problem together (InputErrors; InputError for one). */
export function readBeliefStudyInputs(
  dir: string,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): BeliefStudyInputs {
  const { inputs, problems } = collectBeliefStudyInputs(dir, limits);
  if (problems.length === 1) throw problems[0] as InputError;
  if (problems.length > 1) throw new InputErrors(problems);
  if (inputs === null) throw new InputError({ file: join(dir, "study.json") }, "could not be read");
  return inputs;
}
