/**
 * Header keys that identify a person, a site or a date, and must never leave a reader.
 *
 * Exact names (compared case-insensitively, ignoring `_`, `-`, spaces and `[..]` indices) from the
 * NIfTI-MRS specification (Anon = Y: PatientName, PatientID, PatientDoB, Institution*,
 * DeviceSerialNumber, OriginalFile; wtclarke/mrs_nifti_standard `specification.MD`, Appendix B),
 * Siemens RDA headers (spant `mrs_read_rda.R`) and Philips SPAR files (spant
 * `mrs_read_spar_sdat.R`), plus the DICOM PS3.15 basic profile names that occur in MRS headers.
 * `ManufacturersModelName` is deliberately kept: it names a scanner model, not a person, and
 * MRSinMRS (Lin et al. 2021) asks for it in every report.
 */
export const IDENTIFYING_KEYS: readonly string[] = [
  "PatientName",
  "PatientID",
  "PatientDoB",
  "PatientBirthDate",
  "PatientSex",
  "PatientAge",
  "PatientWeight",
  "PatientSize",
  "PatientHeight",
  "PatientAddress",
  "ConversionTime",
  "AcquisitionDateTime",
  "AcquisitionDate",
  "AcquisitionTime",
  "AcquisitionStartTime",
  "StudyDate",
  "StudyTime",
  "SeriesDate",
  "SeriesTime",
  "InstanceDate",
  "InstanceTime",
  "ContentDate",
  "ContentTime",
  "OperatorName",
  "OperatorsName",
  "PerformingPhysicianName",
  "ReferringPhysicianName",
  "InstitutionName",
  "InstitutionAddress",
  "InstitutionalDepartmentName",
  "StationName",
  "DeviceSerialNumber",
  "OriginalFile",
  "AccessionNumber",
  "StudyID",
  "StudyInstanceUID",
  "SeriesInstanceUID",
  "patient_name",
  "patient_birth_date",
  "scan_date",
  "examination_name",
];

/**
 * Rules applied after the exact names: a `private_` prefix (NIfTI-MRS: "remove on
 * anonymisation"), any `Patient…` key except position/orientation, any key naming a date, a birth,
 * an institution, an operator, a physician or a UID, and a bare `Time` (ProcessingApplied entries).
 * Each pattern is tested against the normalised key (lower case, no `_`, `-`, space or `[n]`),
 * except `private_`, which is tested on the key as written.
 */
export const IDENTIFYING_KEY_PATTERNS: readonly RegExp[] = [
  /^private_/i,
  /^patient(?!position$|orientation$)/,
  /date/,
  /birth/,
  /^institution/,
  /operator/,
  /physician/,
  /uid$/,
  /^time$/,
];

const normalise = (key: string): string => key.toLowerCase().replace(/\[[^\]]*\]|[_\-\s]/g, "");
const exactNames = new Set(IDENTIFYING_KEYS.map(normalise));

/**
 * True when `key` is on the deny-list ({@link IDENTIFYING_KEYS}) or matches one of
 * {@link IDENTIFYING_KEY_PATTERNS}. `EchoTime`, `RepetitionTime`, `PatientPosition` are false.
 */
export function isIdentifyingKey(key: string): boolean {
  if (/^private_/i.test(key)) return true;
  const k = normalise(key);
  if (exactNames.has(k)) return true;
  return IDENTIFYING_KEY_PATTERNS.some((p) => p.test(k));
}

/** A de-identified copy of a JSON-like value and the key paths that were removed from it. */
export interface Deidentified<T> {
  readonly value: T;
  /** Sorted, unique key paths: top-level keys as written, nested ones as `Parent.child` / `List[0].Time`. */
  readonly dropped: string[];
}

/** Default depth limit for JSON read from inputs (see ReadLimits.maxJsonDepth). */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/**
 * The path of the first value nested deeper than `maxDepth` (objects and arrays count one level
 * each; the top level is depth 1), or null. Iterative: a 50 000-deep input costs a loop, not a
 * stack overflow.
 */
export function jsonDepthProblem(value: unknown, maxDepth: number): string | null {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 1, path: "" }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > maxDepth) return path === "" ? "(top level)" : path;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ v: v[i], depth: depth + 1, path: `${path}[${i}]` });
    } else {
      for (const [k, x] of Object.entries(v)) {
        stack.push({ v: x, depth: depth + 1, path: path === "" ? k : `${path}.${k}` });
      }
    }
  }
  return null;
}

/**
 * Returns a deep copy of `record` without identifying keys (at any depth: objects inside arrays
 * and objects are cleaned too) and the sorted list of dropped key paths. Values are never copied
 * into `dropped`, only key names. The walk is iterative (an explicit stack, no recursion), so the
 * nesting depth of an input cannot overflow the call stack; readers refuse inputs nested deeper
 * than their limit first ({@link jsonDepthProblem}).
 */
export function withoutIdentifyingKeys(
  record: Readonly<Record<string, unknown>>,
): Deidentified<Record<string, unknown>> {
  const dropped = new Set<string>();
  const copy = (v: unknown): unknown =>
    Array.isArray(v) ? new Array(v.length) : v !== null && typeof v === "object" ? {} : v;
  const root = copy(record) as Record<string, unknown>;
  const stack: { from: unknown; to: unknown; path: string }[] = [{ from: record, to: root, path: "" }];
  while (stack.length > 0) {
    const { from, to, path } = stack.pop()!;
    if (Array.isArray(from)) {
      const out = to as unknown[];
      from.forEach((v, i) => {
        out[i] = copy(v);
        if (out[i] !== v) stack.push({ from: v, to: out[i], path: `${path}[${i}]` });
      });
    } else {
      const out = to as Record<string, unknown>;
      for (const [k, v] of Object.entries(from as Record<string, unknown>)) {
        const p = path === "" ? k : `${path}.${k}`;
        if (isIdentifyingKey(k)) {
          dropped.add(p);
          continue;
        }
        out[k] = copy(v);
        if (out[k] !== v) stack.push({ from: v, to: out[k], path: p });
      }
    }
  }
  return { value: root, dropped: [...dropped].sort() };
}
