import { InputError } from "@fmrs/schema";
import { numbersIn, parseNumber } from "./bytes";
import { isIdentifyingKey } from "./identifying";

/** One row of the LCModel concentration table. */
export interface LcmConcentration {
  /** Name as printed from column 24 (may start with `-` or `+`, e.g. `-CrCH2`). */
  readonly metabolite: string;
  /** Concentration in the units LCModel used (institutional units unless water-scaled). */
  readonly conc: number;
  /** Cramér–Rao SD in percent of `conc`; 999 means LCModel could not determine it. */
  readonly sdPercent: number;
  /** Ratio to the reference metabolite named in the column header (`/Cr+PCr`). */
  readonly ratio: number;
  /**
   * True when the name joins ≥ 2 names with `+` and every part is another row of the table
   * (`Glu+Gln`, `Cr+PCr`). A basis spectrum named with `+` (`L16+L09+L13`) is false.
   */
  readonly isCombination: boolean;
}

/** The `$$MISC` block: fit quality and phase (null for a line that is absent). */
export interface LcmMisc {
  /** Linewidth FWHM in ppm (× F0 in MHz gives Hz). */
  readonly fwhmPpm: number | null;
  /** LCModel's S/N (peak height / 2·RMS residual), an integer. */
  readonly snr: number | null;
  /** Referencing shift in ppm (`Data shift =-0.019 ppm` reads as −0.019). */
  readonly dataShiftPpm: number | null;
  readonly ph0Deg: number | null;
  readonly ph1DegPerPpm: number | null;
  readonly alphaB: number | null;
  readonly alphaS: number | null;
  readonly splineKnots: number | null;
  readonly inflections: number | null;
  readonly extrema: number | null;
  /** Every misc line, trimmed, as printed. */
  readonly lines: readonly string[];
}

/** One `$$DIAG` line: how many times a routine raised a message of a severity, and its code. */
export interface LcmDiagnostic {
  readonly count: number | null;
  /** `info`, `warning`, `error` (LCModel prints `ERROR`), `fatal`, or `unknown` for an unparsed line. */
  readonly severity: string;
  readonly routine: string | null;
  readonly code: number | null;
  readonly text: string;
}

/** What a .table and a .coord share. */
export interface LcmResults {
  /** e.g. `6.3-1B`; null if the first line has no version. */
  readonly lcmodelVersion: string | null;
  /** The ratio reference as printed in the header (`Cr+PCr`, `Cr`, or truncated `L16+L0`). */
  readonly reference: string | null;
  /**
   * The row the reference names: an exact match, else the only row whose name starts with the
   * (truncated) reference and whose ratio is 1; null when neither exists.
   */
  readonly referenceMetabolite: string | null;
  readonly concentrations: readonly LcmConcentration[];
  readonly misc: LcmMisc;
  readonly diagnostics: readonly LcmDiagnostic[];
  /** True when any diagnostic has severity `error` or `fatal`. */
  readonly hasError: boolean;
  /** Control-parameter changes (`$$INPU`), keys upper-cased, quotes removed, paths dropped. */
  readonly inputChanges: Readonly<Record<string, string>>;
  /** HZPPPM (MHz), DELTAT (s), NUNFIL, ECHOT (ms) from `inputChanges`, when present. */
  readonly f0MHz: number | null;
  readonly dwellS: number | null;
  readonly points: number | null;
  readonly echoTimeMs: number | null;
  /**
   * Names of what was left out because it can identify a person, site or date: `title`,
   * `institution` (the "Data of:" line), `date` (the run date) and input-change keys that hold file
   * paths or identifying values (`FILRAW`, `SRCRAW`, `SAVDIR`, …). Sorted; never values.
   */
  readonly identifyingKeysDropped: readonly string[];
  /** Non-fatal oddities, e.g. a section whose announced line count differs from its content. */
  readonly warnings: readonly string[];
}

const sectionPatterns = {
  conc: /^\s*(?:\$\$CONC\s+)?(\d+)\s+lines in following concentration table/,
  misc: /^\s*(?:\$\$MISC\s+)?(\d+)\s+lines in following misc\. output table/,
  diag: /^\s*(?:\$\$DIAG\s+)?(\d+)\s+lines in following diagnostic table/,
  inpu: /^\s*(?:\$\$INPU\s+)?(\d+)\s+lines in following table of input changes/,
} as const;

/** The LCModel output sections this package reads: concentration, misc, diagnostic, input changes. */
export type LcmSection = keyof typeof sectionPatterns;

/** The section a line opens and its line count, or null. */
export function lcmSectionStart(line: string): { section: LcmSection; count: number } | null {
  for (const [section, re] of Object.entries(sectionPatterns) as [LcmSection, RegExp][]) {
    const m = re.exec(line);
    if (m) return { section, count: Number(m[1]) };
  }
  return null;
}

/** Lines `start+1 … start+count` (0-based `start` is the section header), checked to exist. */
export function sectionLines(lines: readonly string[], start: number, count: number, file: string): string[] {
  if (start + count >= lines.length) {
    throw new InputError(
      { file, line: start + 1 },
      `section announces ${count} lines but the file ends after ${lines.length - start - 1}`,
      `${count} lines`,
    );
  }
  return lines.slice(start + 1, start + 1 + count);
}

const fixedNumber = (text: string, file: string, line: number, field: string): number => {
  const v = parseNumber(text);
  if (v === null) throw new InputError({ file, line, field }, `"${text.trim()}" is not a number`, "a number");
  return v;
};

/**
 * Parses the concentration block. `lines[0]` is the column header (`Conc.  %SD /REF  Metabolite`),
 * the rest rows read by fixed width as LCModel FINOUT writes them: conc cols 1–9, %SD 10–14
 * (`  55%`), ratio 15–22, blank, name from col 24 (widths as in spant `read_lcm_table`).
 */
export function parseConcBlock(
  lines: readonly string[],
  firstLine: number,
  file: string,
): { reference: string | null; rows: LcmConcentration[] } {
  const head = lines[0] ?? "";
  if (!/Conc\./.test(head)) {
    throw new InputError(
      { file, line: firstLine },
      `"${head.trim()}" is not the column header`,
      "Conc.  %SD /REF",
    );
  }
  const reference = /\/(\S+)/.exec(head)?.[1] ?? null;
  const parsed = lines.slice(1).map((line, i) => {
    const n = firstLine + 1 + i;
    if (line.length < 24 || line.slice(23).trim() === "") {
      throw new InputError(
        { file, line: n },
        `row "${line.trimEnd()}" is too short`,
        "conc, %SD, ratio and a name",
      );
    }
    const sd = line.slice(9, 14).trim();
    if (!/^\d+%$/.test(sd))
      throw new InputError({ file, line: n, field: "%SD" }, `"${sd}" is not a percentage`, "e.g. 55%");
    return {
      metabolite: line.slice(23).trim(),
      conc: fixedNumber(line.slice(0, 9), file, n, "Conc."),
      sdPercent: Number(sd.slice(0, -1)),
      ratio: fixedNumber(line.slice(14, 22), file, n, reference === null ? "ratio" : `/${reference}`),
    };
  });
  const names = new Set(parsed.map((r) => r.metabolite));
  const rows = parsed.map((r) => {
    const parts = r.metabolite.replace(/^[-+]/, "").split("+");
    return { ...r, isCombination: parts.length >= 2 && parts.every((p) => p !== "" && names.has(p)) };
  });
  return { reference, rows };
}

/** The row a (possibly truncated) reference label names; see {@link LcmResults.referenceMetabolite}. */
export function referenceRow(reference: string | null, rows: readonly LcmConcentration[]): string | null {
  if (reference === null) return null;
  if (rows.some((r) => r.metabolite === reference)) return reference;
  const candidates = rows.filter((r) => r.metabolite.startsWith(reference) && r.ratio === 1);
  return candidates.length === 1 ? candidates[0]!.metabolite : null;
}

/** Parses the misc block lines (see {@link LcmMisc}). */
export function parseMiscBlock(lines: readonly string[]): LcmMisc {
  const text = lines.map((l) => l.trim());
  const find = (re: RegExp): RegExpExecArray | null => {
    for (const l of text) {
      const m = re.exec(l);
      if (m) return m;
    }
    return null;
  };
  const num = (m: RegExpExecArray | null, i: number): number | null =>
    m?.[i] === undefined ? null : parseNumber(m[i]);
  const n = String.raw`([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)`;
  const fwhm = find(new RegExp(String.raw`FWHM\s*=\s*${n}\s*ppm`));
  const snr = find(new RegExp(String.raw`S/N\s*=\s*${n}`));
  const shift = find(new RegExp(String.raw`Data shift\s*=\s*${n}\s*ppm`));
  const ph = find(new RegExp(String.raw`Ph:\s*${n}\s*deg\s+${n}\s*deg/ppm`));
  const alpha = find(new RegExp(String.raw`alphaB,S\s*=\s*${n}\s*,\s*${n}`));
  const knots = find(/(\d+)\s+spline knots/);
  const infl = find(/(\d+)\s+infls\.\s+\(\s*\d+\)\s*(\d+)\s+extrs\./);
  return {
    fwhmPpm: num(fwhm, 1),
    snr: num(snr, 1),
    dataShiftPpm: num(shift, 1),
    ph0Deg: num(ph, 1),
    ph1DegPerPpm: num(ph, 2),
    alphaB: num(alpha, 1),
    alphaS: num(alpha, 2),
    splineKnots: num(knots, 1),
    inflections: num(infl, 1),
    extrema: num(infl, 2),
    lines: text,
  };
}

/** Parses diagnostic lines such as `   2 info's    TWOREG  8` and `   1 ERROR     MYBASI 10`. */
export function parseDiagBlock(lines: readonly string[]): LcmDiagnostic[] {
  return lines.map((line) => {
    const text = line.trim();
    const m = /^(\d+)\s+([A-Za-z]+?)(?:'s|s)?\s+(\S+)\s+(\d+)$/.exec(text);
    if (!m) return { count: null, severity: "unknown", routine: null, code: null, text };
    return { count: Number(m[1]), severity: m[2]!.toLowerCase(), routine: m[3]!, code: Number(m[4]), text };
  });
}

const identifyingControlKey = (key: string): boolean =>
  /^(FIL|SRC)/.test(key) || ["SAVDIR", "TITLE", "ID", "PATIENT"].includes(key) || isIdentifyingKey(key);

/**
 * Parses the input-change lines. An entry starts with `KEY=` (optionally indexed, `chsimu(15)=`);
 * a quoted value that LCModel wrapped at its line width continues on the next lines, which are
 * joined after trimming (so whitespace at the wrap point is lost). Values holding a path, or keys
 * that name files, titles or patients, are dropped and their keys returned in `dropped`.
 */
export function parseInputBlock(lines: readonly string[]): {
  values: Record<string, string>;
  dropped: string[];
} {
  const entries: [string, string][] = [];
  let open = false;
  for (const raw of lines) {
    const line = raw.trim();
    const last = entries[entries.length - 1];
    if (open && last) {
      // Continuations are indented by LCModel; whitespace at the wrap point cannot be recovered.
      last[1] += raw.replace(/^ {1,3}/, "").trimEnd();
    } else {
      const m = /^([A-Za-z][A-Za-z0-9_]*(?:\([^)]*\))?)\s*=\s*(.*)$/.exec(line);
      if (m) entries.push([m[1]!.toUpperCase().replace(/\s+/g, ""), m[2]!]);
      else if (last) last[1] += line;
    }
    const current = entries[entries.length - 1];
    open = current !== undefined && (current[1].match(/'/g)?.length ?? 0) % 2 === 1;
  }
  const values: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [key, rawValue] of entries) {
    const value = rawValue.trim().replace(/^'(.*)'$/s, "$1");
    if (identifyingControlKey(key.replace(/\(.*$/, "")) || /[/\\]/.test(value)) dropped.push(key);
    else values[key] = value;
  }
  return { values, dropped };
}

/** The control values a results file echoes, as numbers (null when absent or not numeric). */
export function controlNumbers(values: Readonly<Record<string, string>>): {
  f0MHz: number | null;
  dwellS: number | null;
  points: number | null;
  echoTimeMs: number | null;
} {
  const get = (k: string) => (values[k] === undefined ? null : parseNumber(values[k]));
  return { f0MHz: get("HZPPPM"), dwellS: get("DELTAT"), points: get("NUNFIL"), echoTimeMs: get("ECHOT") };
}

/**
 * Reads `count` numbers starting at line `start` (0-based), 10 per line in LCModel's output but
 * any layout is accepted. Returns the values and the index of the next line. Throws InputError
 * when a text line or the end of the file comes first.
 */
export function readNumbers(
  lines: readonly string[],
  start: number,
  count: number,
  file: string,
  what: string,
): { values: Float64Array; next: number } {
  // Every number takes at least one character: a count larger than the text left is refused
  // before the array is allocated (a .coord declaring 10^12 points).
  let room = 0;
  for (let j = start; j < lines.length && room < count; j++) room += lines[j]!.length + 1;
  if (!Number.isSafeInteger(count) || count < 0 || room < count) {
    throw new InputError(
      { file, line: start, field: what },
      `declares ${count} values but only ${room} characters follow`,
      "a count that matches the values in the file",
    );
  }
  const values = new Float64Array(count);
  let k = 0;
  let i = start;
  while (k < count) {
    const line = lines[i];
    if (line === undefined || /[A-CF-Za-cf-z]/.test(line)) {
      throw new InputError(
        { file, line: i + 1, field: what },
        `found ${k} values before ${line === undefined ? "the end of the file" : `"${line.trim()}"`}`,
        `${count} values`,
      );
    }
    for (const v of numbersIn(line)) {
      if (k >= count) {
        throw new InputError(
          { file, line: i + 1, field: what },
          `more than ${count} values`,
          `${count} values`,
        );
      }
      if (!Number.isFinite(v)) {
        throw new InputError(
          { file, line: i + 1, field: `${what} value ${k + 1}` },
          `is ${v}`,
          "a finite number (not NaN or ±Infinity)",
        );
      }
      values[k++] = v;
    }
    i++;
  }
  return { values, next: i };
}

/**
 * Shared reader for .table and .coord: returns the common results and the line index where the
 * concentration table's header was found (the title lines before it are dropped, not returned).
 */
export function parseLcmCommon(
  text: string,
  file: string,
  kind: ".table" | ".coord",
): { results: LcmResults; lines: string[]; sections: Map<LcmSection, { start: number; count: number }> } {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const sections = new Map<LcmSection, { start: number; count: number }>();
  lines.forEach((line, i) => {
    const s = lcmSectionStart(line);
    if (s && !sections.has(s.section)) sections.set(s.section, { start: i, count: s.count });
  });
  const conc = sections.get("conc");
  if (!conc) {
    throw new InputError(
      { file },
      `no concentration table: not an LCModel ${kind} file`,
      '"NN lines in following concentration table = NCONC+1"',
    );
  }
  const lcmodelVersion = /LCModel \(Version ([^)]+)\)/.exec(lines[0] ?? "")?.[1] ?? null;
  const dropped = new Set<string>();
  const titleLines = lines.slice(lcmodelVersion === null ? 0 : 1, conc.start).filter((l) => l.trim() !== "");
  for (const l of titleLines) {
    if (/^\s*Data of:/.test(l)) dropped.add("institution");
    else if (/^\s*[\dX]{1,2}-[A-Za-z]{3,}-[\dX]{4}\b/.test(l)) dropped.add("date");
    else dropped.add("title");
  }
  // The announced count is not always what follows (liver.COORD says 42 and prints 12 lines), so
  // rows end at a blank line or the next section, whichever comes first.
  let concEnd = conc.start + 2;
  while (concEnd < lines.length && lines[concEnd]!.trim() !== "" && !lcmSectionStart(lines[concEnd]!))
    concEnd++;
  const { reference, rows } = parseConcBlock(lines.slice(conc.start + 1, concEnd), conc.start + 2, file);
  const warnings: string[] = [];
  if (concEnd - conc.start - 1 !== conc.count) {
    warnings.push(`concentration table announces ${conc.count} lines but has ${concEnd - conc.start - 1}`);
  }
  const miscAt = sections.get("misc");
  const misc = parseMiscBlock(miscAt ? sectionLines(lines, miscAt.start, miscAt.count, file) : []);
  const diagAt = sections.get("diag");
  const diagnostics = parseDiagBlock(diagAt ? sectionLines(lines, diagAt.start, diagAt.count, file) : []);
  const inpuAt = sections.get("inpu");
  const inpuLines = inpuAt ? lines.slice(inpuAt.start + 1, inpuAt.start + 1 + inpuAt.count) : [];
  const { values, dropped: inpuDropped } = parseInputBlock(inpuLines);
  for (const k of inpuDropped) dropped.add(k);
  return {
    results: {
      lcmodelVersion,
      reference,
      referenceMetabolite: referenceRow(reference, rows),
      concentrations: rows,
      misc,
      diagnostics,
      hasError: diagnostics.some((d) => d.severity === "error" || d.severity === "fatal"),
      inputChanges: values,
      ...controlNumbers(values),
      identifyingKeysDropped: [...dropped].sort(),
      warnings,
    },
    lines,
    sections,
  };
}
