import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_READ_LIMITS,
  type Lined,
  parseMadrsTsv,
  parseTsv,
  parseTsvRowsCollecting,
  type ReadLimits,
} from "@fmrs/formats";
import {
  type AnyStudyConfig,
  InputError,
  InputErrors,
  inputErrorsFromZod,
  type MadrsTsvRow,
  type MrsAdapter,
  type MrsRoute,
  ParticipantTsvRow,
  SessionTsvRow,
  type SourceFile,
  StudyConfig,
  StudyKind,
  studyConfigSchema,
  studyKindOf,
} from "@fmrs/schema";
import { assertStudyFolder, collectProblems, studyTextReader } from "./collect";
import { readInputFile } from "./fsErrors";
import { sha256 } from "./hash";
import { parseJsonText } from "./jsonText";

/** The MRS input found for one session. */
export interface MrsInput {
  readonly participant_id: string;
  readonly session_id: string;
  readonly route: Exclude<MrsRoute, "none">;
  /** The adapter that reads it, chosen here once from the file name. */
  readonly adapter: MrsAdapter;
  /** Path relative to the study folder, with forward slashes. */
  readonly file: string;
}

/** Everything ingest reads from a study folder, parsed but not yet cross-checked. */
export interface StudyInputs {
  /** The folder as the user gave it (used to name files in messages). */
  readonly dir: string;
  readonly config: StudyConfig;
  /** participants.tsv as shown in messages. */
  readonly participantsFile: string;
  readonly participants: readonly Lined<ParticipantTsvRow>[];
  /** sessions.tsv rows by participant id, with the file they came from. */
  readonly sessions: ReadonlyMap<
    string,
    { readonly file: string; readonly rows: readonly Lined<SessionTsvRow>[] }
  >;
  readonly madrs: {
    readonly file: string;
    readonly rows: readonly Lined<MadrsTsvRow>[];
  };
  readonly mrs: readonly MrsInput[];
  /** Every input file read, relative to the study folder, with its sha256; sorted by path. */
  readonly sources: readonly SourceFile[];
  /** Columns of participants.tsv / sessions.tsv / madrs.tsv that were dropped (names only). */
  readonly droppedColumns: readonly string[];
}

const RAW_SUFFIXES = ["_svs.nii.gz", "_svs.nii"];
const FITTED_SUFFIXES = ["_glx.tsv", "_lcmodel.tsv"];

/** Study-relative path → user-facing path (the folder as given, joined). */
function shown(dir: string, rel: string): string {
  return join(dir, rel);
}

/**
 * Reads a study folder in the BIDS layout of DESIGN.md: study.json, participants.tsv,
 * sub-*\/sub-*_sessions.tsv, phenotype/madrs.tsv and, per session, sub-*\/ses-*\/mrs/ holding
 * a raw `*_svs.nii[.gz]`, a fitted `*_glx.tsv`, or an LCModel manifest `*_lcmodel.tsv` (one .table per
 * block). Every file read is hashed (sha256).
 * Collects every problem it can find and throws them together as InputErrors (an InputError
 * when there is one), each naming the file, line and field. A missing folder throws at once.
 */
export function readStudyInputs(dir: string, limits: ReadLimits = DEFAULT_READ_LIMITS): StudyInputs {
  const { inputs, problems } = collectStudyInputs(dir, limits);
  if (problems.length === 1) throw problems[0] as InputError;
  if (problems.length > 1) throw new InputErrors(problems);
  if (inputs === null) throw new InputError({ file: shown(dir, "study.json") }, "could not be read");
  return inputs;
}

/**
 * Like readStudyInputs, but returns what could be read (rows that parsed; null inputs when
 * study.json is unusable) together with every problem, for `fmrs validate`.
 */
export function collectStudyInputs(
  dir: string,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): { inputs: StudyInputs | null; problems: InputError[]; warnings: InputError[] } {
  assertStudyFolder(dir);
  const problems: InputError[] = [];
  const warnings: InputError[] = [];
  const sources: SourceFile[] = [];
  const dropped = new Set<string>();

  const readText = studyTextReader(dir, limits, problems, sources);
  const collect = <T>(fn: () => T): T | null => collectProblems(problems, fn);

  // study.json
  let config: StudyConfig | null = null;
  const studyText = readText("study.json");
  if (studyText !== null) {
    collect(() => {
      config = parseStudyConfig(studyText, shown(dir, "study.json"), limits.maxJsonDepth);
    });
  }

  // participants.tsv
  let participants: Lined<ParticipantTsvRow>[] = [];
  const participantsText = readText("participants.tsv");
  if (participantsText !== null) {
    collect(() => {
      const tsv = parseTsv(shown(dir, "participants.tsv"), participantsText);
      for (const c of tsv.columns)
        if (!["participant_id", "sex", "age", "sequence"].includes(c)) dropped.add(`participants.tsv:${c}`);
      const parsed = parseTsvRowsCollecting(tsv, ParticipantTsvRow);
      problems.push(...parsed.problems);
      participants = parsed.rows;
    });
  }

  // sessions.tsv per subject folder, and the MRS files
  const sessions = new Map<string, { file: string; rows: Lined<SessionTsvRow>[] }>();
  const mrs: MrsInput[] = [];
  const subjectDirs = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.startsWith("sub-"))
    .map((d) => d.name)
    .sort();
  for (const sub of subjectDirs) {
    const rel = `${sub}/${sub}_sessions.tsv`;
    const text = readText(rel);
    if (text !== null) {
      collect(() => {
        const tsv = parseTsv(shown(dir, rel), text);
        for (const c of tsv.columns)
          if (!["session_id", "condition"].includes(c)) dropped.add(`sessions.tsv:${c}`);
        const parsed = parseTsvRowsCollecting(tsv, SessionTsvRow);
        problems.push(...parsed.problems);
        sessions.set(sub, { file: shown(dir, rel), rows: parsed.rows });
      });
    }
    const listed = sessions.get(sub)?.rows.map((r) => r.value.session_id) ?? [];
    const sessionDirs = readdirSync(join(dir, sub), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name.startsWith("ses-"))
      .map((d) => d.name)
      .sort();
    for (const ses of sessionDirs) {
      const mrsDir = `${sub}/${ses}/mrs`;
      if (!existsSync(join(dir, mrsDir))) {
        if (listed.includes(ses))
          warnings.push(
            new InputError(
              { file: shown(dir, `${sub}/${ses}`) },
              "session listed in sessions.tsv has no mrs/ folder: it contributes MADRS only",
            ),
          );
        continue;
      }
      const names = readdirSync(join(dir, mrsDir)).sort();
      const prefix = `${sub}_${ses}`;
      const raw = names.filter((n) => n.startsWith(prefix) && RAW_SUFFIXES.some((s) => n.endsWith(s)));
      const fitted = names.filter((n) => n.startsWith(prefix) && FITTED_SUFFIXES.some((s) => n.endsWith(s)));
      const found = [...raw, ...fitted];
      if (found.length > 1) {
        problems.push(
          new InputError(
            { file: shown(dir, mrsDir) },
            `${found.length} MRS inputs (${found.join(", ")})`,
            `one of ${prefix}_svs.nii.gz, ${prefix}_glx.tsv or ${prefix}_lcmodel.tsv`,
          ),
        );
        continue;
      }
      const name = found[0];
      if (name === undefined) {
        problems.push(
          new InputError(
            { file: shown(dir, mrsDir) },
            `no MRS input in the session's mrs/ folder (${names.length === 0 ? "empty" : names.join(", ")})`,
            `${prefix}_svs.nii.gz, ${prefix}_svs.nii, ${prefix}_glx.tsv or ${prefix}_lcmodel.tsv`,
          ),
        );
        continue;
      }
      const fileRel = `${mrsDir}/${name}`;
      const bytes = collect(() => readInputFile(join(dir, fileRel), { shown: shown(dir, fileRel), limits }));
      if (bytes === null) continue;
      sources.push({ path: fileRel, sha256: sha256(bytes) });
      mrs.push({
        participant_id: sub,
        session_id: ses,
        route: raw.length > 0 ? "raw" : "fitted",
        adapter: raw.length > 0 ? "nifti-mrs" : name.endsWith("_lcmodel.tsv") ? "lcmodel" : "tidy-tsv",
        file: fileRel,
      });
    }
  }

  // phenotype/madrs.tsv
  let madrs: StudyInputs["madrs"] = { file: shown(dir, "phenotype/madrs.tsv"), rows: [] };
  const madrsText = readText("phenotype/madrs.tsv");
  if (madrsText !== null) {
    collect(() => {
      const parsed = parseMadrsTsv(shown(dir, "phenotype/madrs.tsv"), madrsText);
      for (const c of parsed.droppedColumns) dropped.add(`madrs.tsv:${c}`);
      problems.push(...parsed.problems);
      madrs = { file: parsed.file, rows: parsed.rows };
    });
  }

  // Sessions listed in sessions.tsv without a folder at all.
  for (const [sub, s] of sessions) {
    for (const r of s.rows) {
      if (!existsSync(join(dir, sub, r.value.session_id))) {
        warnings.push(
          new InputError(
            { file: s.file, line: r.line, field: "session_id" },
            `${r.value.session_id} has no folder ${sub}/${r.value.session_id}: no MRS for this session`,
          ),
        );
      }
    }
  }
  if (config === null) return { inputs: null, problems, warnings };
  sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const inputs: StudyInputs = {
    dir,
    config,
    participantsFile: shown(dir, "participants.tsv"),
    participants,
    sessions,
    madrs,
    mrs,
    sources,
    droppedColumns: [...dropped].sort(),
  };
  return { inputs, problems, warnings };
}

function parseStudyConfig(text: string, file: string, maxJsonDepth: number): StudyConfig {
  const json = parseJsonText(text, file, maxJsonDepth);
  const parsed = StudyConfig.safeParse(json);
  if (!parsed.success) throw new InputErrors(inputErrorsFromZod({ file }, parsed.error, json));
  return parsed.data;
}

/**
 * Reads and zod-parses `<study>/study.json` alone (with its defaults filled in; BOM, line:column
 * syntax errors and the depth limit as readStudyInputs); throws InputError(s) naming the file and
 * field, or the study folder when it is missing.
 */
export function readStudyConfig(dir: string, limits: ReadLimits = DEFAULT_READ_LIMITS): StudyConfig {
  assertStudyFolder(dir);
  const path = join(dir, "study.json");
  if (!existsSync(path)) throw new InputError({ file: shown(dir, "study.json") }, "file not found");
  const bytes = readInputFile(path, { shown: shown(dir, "study.json"), limits });
  return parseStudyConfig(bytes.toString("utf8"), shown(dir, "study.json"), limits.maxJsonDepth);
}

/**
 * Reads and zod-parses `<study>/study.json` by the kind it declares (`kind`, default
 * "fmrs-crossover"): the fMRS crossover's schema or the belief-updating study's. Errors as
 * readStudyConfig; an unknown kind is named with the kinds there are.
 */
export function readAnyStudyConfig(dir: string, limits: ReadLimits = DEFAULT_READ_LIMITS): AnyStudyConfig {
  assertStudyFolder(dir);
  const file = shown(dir, "study.json");
  if (!existsSync(join(dir, "study.json"))) throw new InputError({ file }, "file not found");
  const bytes = readInputFile(join(dir, "study.json"), { shown: file, limits });
  const json = parseJsonText(bytes.toString("utf8"), file, limits.maxJsonDepth);
  const kind = studyKindOf(json);
  if (kind === null)
    throw new InputError({ file, field: "kind" }, "unknown study kind", StudyKind.options.join(" or "));
  const parsed = studyConfigSchema(kind).safeParse(json);
  if (!parsed.success) throw new InputErrors(inputErrorsFromZod({ file }, parsed.error, json));
  return parsed.data;
}
