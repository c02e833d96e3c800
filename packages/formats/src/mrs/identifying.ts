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

/**
 * Returns a deep copy of `record` without identifying keys (at any depth: objects inside arrays
 * and objects are cleaned too) and the sorted list of dropped key paths. Values are never copied
 * into `dropped`, only key names.
 */
export function withoutIdentifyingKeys(
  record: Readonly<Record<string, unknown>>,
): Deidentified<Record<string, unknown>> {
  const dropped = new Set<string>();
  const clean = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => clean(v, `${path}[${i}]`));
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const p = path === "" ? k : `${path}.${k}`;
        if (isIdentifyingKey(k)) dropped.add(p);
        else out[k] = clean(v, p);
      }
      return out;
    }
    return value;
  };
  const value = clean(record, "") as Record<string, unknown>;
  return { value, dropped: [...dropped].sort() };
}
