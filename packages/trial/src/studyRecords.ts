import {
  InputError,
  InputErrors,
  MADRS_ITEMS,
  type MadrsRecord,
  type MadrsScoring,
  type MadrsTsvRow,
  type MrsAdapter,
  type MrsRoute,
  type ParticipantRecord,
  type ParticipantTsvRow,
  type SessionRecord,
  type SessionTsvRow,
  type StudyConfig,
} from "@fmrs/schema";

/** A parsed row with the 1-based line of its file. */
export interface LinedRow<T> {
  readonly line: number;
  readonly value: T;
}

/** The parsed study inputs that `studyRecords` cross-checks (what io's readStudyInputs returns). */
export interface StudyRecordInputs {
  readonly config: StudyConfig;
  readonly participantsFile: string;
  readonly participants: readonly LinedRow<ParticipantTsvRow>[];
  readonly sessions: ReadonlyMap<
    string,
    { readonly file: string; readonly rows: readonly LinedRow<SessionTsvRow>[] }
  >;
  readonly madrs: { readonly file: string; readonly rows: readonly LinedRow<MadrsTsvRow>[] };
  readonly mrs: readonly {
    readonly participant_id: string;
    readonly session_id: string;
    readonly route: Exclude<MrsRoute, "none">;
    readonly adapter: MrsAdapter;
    readonly file: string;
  }[];
}

/** The cross-checked records of a study, each sorted by its documented key. */
export interface StudyRecords {
  readonly participants: ParticipantRecord[];
  readonly sessions: SessionRecord[];
  readonly madrs: MadrsRecord[];
}

/** Natural, locale-free order of BIDS labels: ses-2 before ses-10, sub-a before sub-b. */
export function compareLabels(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The MADRS total of one rating: the sum of the ten items when all are present; when some are
 * missing and `scoring.prorate` allows it (at most `max_missing_items` missing), the prorated
 * total round(mean of present items × 10); otherwise null. A plain `madrs_total` is used when the
 * file has no items; when it has both they must agree (else InputError).
 */
export function madrsTotal(
  row: MadrsTsvRow,
  scoring: MadrsScoring,
  where: { file: string; line: number },
): { total: number | null; n_items: number; prorated: boolean } {
  const items = MADRS_ITEMS.map((k) => row[k]).filter((v): v is number | null => v !== undefined);
  if (items.length === 0) {
    return { total: row.madrs_total ?? null, n_items: 0, prorated: false };
  }
  const present = items.filter((v): v is number => v !== null);
  let total: number | null = null;
  let prorated = false;
  if (present.length === 10) total = present.reduce((a, b) => a + b, 0);
  else if (scoring.prorate && present.length > 0 && 10 - present.length <= scoring.max_missing_items) {
    total = Math.round((present.reduce((a, b) => a + b, 0) / present.length) * 10);
    prorated = true;
  }
  if (
    row.madrs_total !== undefined &&
    row.madrs_total !== null &&
    total !== null &&
    !prorated &&
    row.madrs_total !== total
  ) {
    throw new InputError(
      { file: where.file, line: where.line, field: "madrs_total" },
      `${row.madrs_total} differs from the item sum ${total}`,
      "the sum of madrs_01..madrs_10",
    );
  }
  return { total, n_items: present.length, prorated };
}

/**
 * Cross-checks the parsed study files and returns its records: every participant has a
 * sessions.tsv with exactly two sessions whose conditions follow the participant's sequence
 * (period = session order), every condition is one of study.json's, every MADRS row and MRS file
 * belongs to a known session, no MADRS rating appears twice. Collects every problem and throws
 * them together (InputErrors), each with file, line and field.
 */
export function studyRecords(inputs: StudyRecordInputs): StudyRecords {
  const problems: InputError[] = [];
  const conditionIds = inputs.config.conditions.map((c) => c.id);
  const participants: ParticipantRecord[] = [];
  const sessions: SessionRecord[] = [];
  const known = new Map<string, ParticipantTsvRow>();

  for (const { line, value } of inputs.participants) {
    const where = { file: inputs.participantsFile, line };
    if (known.has(value.participant_id)) {
      problems.push(
        new InputError({ ...where, field: "participant_id" }, `${value.participant_id} appears twice`),
      );
      continue;
    }
    known.set(value.participant_id, value);
    for (const c of value.sequence) {
      if (!conditionIds.includes(c)) {
        problems.push(
          new InputError(
            { ...where, field: "sequence" },
            `unknown condition ${c}`,
            `conditions of study.json: ${conditionIds.join(", ")}`,
          ),
        );
      }
    }
    if (value.sequence[0] === value.sequence[1]) {
      problems.push(
        new InputError(
          { ...where, field: "sequence" },
          `${value.sequence.join("-")} repeats a condition`,
          "both conditions once",
        ),
      );
    }
    participants.push({
      participant_id: value.participant_id,
      sex: value.sex,
      age: value.age,
      sequence: value.sequence.join("-"),
    });

    const ses = inputs.sessions.get(value.participant_id);
    if (ses === undefined) {
      problems.push(
        new InputError(
          { file: `${value.participant_id}/${value.participant_id}_sessions.tsv` },
          "file not found",
          `a sessions file for ${value.participant_id}, listed in participants.tsv line ${line}`,
        ),
      );
      continue;
    }
    const ordered = [...ses.rows].sort((a, b) => compareLabels(a.value.session_id, b.value.session_id));
    if (ordered.length !== 2) {
      problems.push(
        new InputError(
          { file: ses.file },
          `${ordered.length} sessions`,
          "2 sessions (one per crossover period)",
        ),
      );
    }
    const seen = new Set<string>();
    ordered.forEach((row, i) => {
      const here = { file: ses.file, line: row.line };
      if (seen.has(row.value.session_id)) {
        problems.push(
          new InputError({ ...here, field: "session_id" }, `${row.value.session_id} appears twice`),
        );
        return;
      }
      seen.add(row.value.session_id);
      if (!conditionIds.includes(row.value.condition)) {
        problems.push(
          new InputError(
            { ...here, field: "condition" },
            `unknown condition ${row.value.condition}`,
            `one of ${conditionIds.join(", ")}`,
          ),
        );
      }
      const expected = value.sequence[i];
      if (expected !== undefined && expected !== row.value.condition) {
        problems.push(
          new InputError(
            { ...here, field: "condition" },
            `${row.value.condition} in period ${i + 1}, but participants.tsv line ${line} gives sequence ${value.sequence.join("-")}`,
            `${expected}`,
          ),
        );
      }
      const mrs = inputs.mrs.find(
        (m) => m.participant_id === value.participant_id && m.session_id === row.value.session_id,
      );
      sessions.push({
        participant_id: value.participant_id,
        session_id: row.value.session_id,
        period: i + 1,
        condition: row.value.condition,
        mrs_route: mrs?.route ?? "none",
        mrs_adapter: mrs?.adapter ?? null,
        mrs_file: mrs?.file ?? null,
      });
    });
  }

  for (const [sub, ses] of inputs.sessions) {
    if (!known.has(sub)) {
      problems.push(
        new InputError(
          { file: ses.file },
          `${sub} is not in participants.tsv`,
          "every subject folder listed in participants.tsv",
        ),
      );
    }
  }
  const sessionKey = (p: string, s: string) => `${p}\u0000${s}`;
  const sessionKeys = new Set(sessions.map((s) => sessionKey(s.participant_id, s.session_id)));
  for (const m of inputs.mrs) {
    if (known.has(m.participant_id) && !sessionKeys.has(sessionKey(m.participant_id, m.session_id))) {
      problems.push(
        new InputError({ file: m.file }, `${m.session_id} is not in ${m.participant_id}_sessions.tsv`),
      );
    }
  }

  const { madrs, problems: madrsProblems } = collectMadrsRecords(
    inputs.config,
    inputs.madrs.file,
    inputs.madrs.rows,
    known,
    sessions,
  );
  problems.push(...madrsProblems);
  if (problems.length === 1) throw problems[0] as InputError;
  if (problems.length > 1) throw new InputErrors(problems);
  participants.sort((a, b) => compareLabels(a.participant_id, b.participant_id));
  sessions.sort((a, b) => compareLabels(a.participant_id, b.participant_id) || a.period - b.period);
  return { participants, sessions, madrs: sortMadrs(madrs) };
}

/**
 * MADRS totals of every rating in phenotype/madrs.tsv, checked against the study's sessions: each
 * row belongs to a known participant and session, no rating (session × timepoint) appears twice,
 * item sums agree with a given total. Sorted by participant, session, timepoint (pre first).
 * Throws InputErrors listing every problem.
 */
export function madrsRecords(
  config: Pick<StudyConfig, "madrs">,
  madrsFile: string,
  rows: readonly LinedRow<MadrsTsvRow>[],
  sessions: readonly { readonly participant_id: string; readonly session_id: string }[],
): MadrsRecord[] {
  const known = new Set(sessions.map((s) => s.participant_id));
  const { madrs, problems } = collectMadrsRecords(config, madrsFile, rows, known, sessions);
  if (problems.length === 1) throw problems[0] as InputError;
  if (problems.length > 1) throw new InputErrors(problems);
  return sortMadrs(madrs);
}

function sortMadrs(madrs: MadrsRecord[]): MadrsRecord[] {
  return madrs.sort(
    (a, b) =>
      compareLabels(a.participant_id, b.participant_id) ||
      compareLabels(a.session_id, b.session_id) ||
      (a.timepoint === b.timepoint ? 0 : a.timepoint === "pre" ? -1 : 1),
  );
}

function collectMadrsRecords(
  config: Pick<StudyConfig, "madrs">,
  madrsFile: string,
  rows: readonly LinedRow<MadrsTsvRow>[],
  known: { has(id: string): boolean },
  sessions: readonly { readonly participant_id: string; readonly session_id: string }[],
): { madrs: MadrsRecord[]; problems: InputError[] } {
  const problems: InputError[] = [];
  const sessionKey = (p: string, s: string) => `${p}\u0000${s}`;
  const sessionKeys = new Set(sessions.map((s) => sessionKey(s.participant_id, s.session_id)));
  const madrs: MadrsRecord[] = [];
  const ratings = new Map<string, number>();
  for (const { line, value } of rows) {
    const where = { file: madrsFile, line };
    if (!known.has(value.participant_id)) {
      problems.push(
        new InputError(
          { ...where, field: "participant_id" },
          `${value.participant_id} is not in participants.tsv`,
        ),
      );
      continue;
    }
    if (!sessionKeys.has(sessionKey(value.participant_id, value.session_id))) {
      problems.push(
        new InputError(
          { ...where, field: "session_id" },
          `${value.session_id} is not a session of ${value.participant_id}`,
        ),
      );
      continue;
    }
    const key = `${sessionKey(value.participant_id, value.session_id)}\u0000${value.timepoint}`;
    const earlier = ratings.get(key);
    if (earlier !== undefined) {
      problems.push(
        new InputError(
          { ...where, field: "timepoint" },
          `${value.timepoint} rating already on line ${earlier}`,
        ),
      );
      continue;
    }
    ratings.set(key, line);
    try {
      const scored = madrsTotal(value, config.madrs, where);
      madrs.push({
        participant_id: value.participant_id,
        session_id: value.session_id,
        timepoint: value.timepoint,
        ...scored,
      });
    } catch (error) {
      if (error instanceof InputError) problems.push(error);
      else throw error;
    }
  }

  return { madrs, problems };
}
