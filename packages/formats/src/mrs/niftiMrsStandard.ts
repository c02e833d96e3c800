import { NIFTI_MRS_DIM_TAGS, readNiftiMrsRaw } from "./parseNiftiMrs";

/**
 * The NIfTI-MRS standard's typed header keys and the rules its reference validator
 * (nifti_mrs_tools `validate_nifti_mrs`) applies, encoded from the standard's definitions
 * (mrs_nifti_standard specification §5, nifti_mrs_tools `definitions.py`).
 *
 * JSON has one number type but the validator reads the header with Python's `json`, where `123`
 * is an int and `123.0` a float: a float-typed key written as `123` fails. So the writer formats
 * numbers by the key's type ({@link niftiMrsJsonText}) and the checker reads the raw text
 * ({@link checkNiftiMrsHeaderExtension}).
 */

/** A JSON type of the standard: a scalar, or an array of a type (outermost first). */
export type NiftiMrsType =
  | "float"
  | "int"
  | "str"
  | "bool"
  | "dict"
  | "list"
  | readonly ["list", ...string[]];

/** Required keys and their types. */
export const NIFTI_MRS_REQUIRED: Readonly<Record<string, NiftiMrsType>> = {
  SpectrometerFrequency: ["list", "float"],
  ResonantNucleus: ["list", "str"],
};

/** Optional keys defined by the standard (§5.1–5.8) and their types; they must not be redefined. */
export const NIFTI_MRS_DEFINED: Readonly<Record<string, NiftiMrsType>> = {
  EchoTime: "float",
  RepetitionTime: "float",
  InversionTime: "float",
  MixingTime: "float",
  AcquisitionStartTime: "float",
  ExcitationFlipAngle: "float",
  TxOffset: "float",
  VOI: ["list", "list", "float"],
  WaterSuppressed: "bool",
  WaterSuppressionType: "str",
  SequenceTriggered: "bool",
  Manufacturer: "str",
  ManufacturersModelName: "str",
  DeviceSerialNumber: "str",
  SoftwareVersions: "str",
  InstitutionName: "str",
  InstitutionAddress: "str",
  TxCoil: "str",
  RxCoil: "str",
  SequenceName: "str",
  ProtocolName: "str",
  PatientPosition: "str",
  PatientName: "str",
  PatientID: "str",
  PatientWeight: "float",
  PatientDoB: "str",
  PatientSex: "str",
  ConversionMethod: "str",
  ConversionTime: "str",
  OriginalFile: ["list", "str"],
  kSpace: ["list", "bool"],
  EditCondition: ["list", "str"],
  EditPulse: "dict",
  ProcessingApplied: "list",
};

const typeOfKey = (key: string): NiftiMrsType | undefined =>
  NIFTI_MRS_REQUIRED[key] ?? NIFTI_MRS_DEFINED[key];

/** The element type inside one level of array (`["list","float"]` → `"float"`). */
function elementType(type: NiftiMrsType | undefined): NiftiMrsType | undefined {
  if (type === undefined || typeof type === "string") return undefined;
  const rest = type.slice(1);
  if (rest.length === 0) return undefined;
  return (rest.length === 1 ? rest[0] : ["list", ...rest.slice(1)]) as NiftiMrsType;
}

function numberText(x: number, asFloat: boolean): string {
  const text = JSON.stringify(x) ?? "null";
  if (!asFloat || !Number.isFinite(x) || /[.eE]/.test(text)) return text;
  return `${text}.0`;
}

function stringifyTyped(value: unknown, type: NiftiMrsType | undefined): string {
  if (typeof value === "number") return numberText(value, type === "float");
  if (Array.isArray(value)) {
    const inner = Array.isArray(type) ? elementType(type) : undefined;
    return `[${value.map((v) => stringifyTyped(v, inner)).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stringifyTyped(v, undefined)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A dynamic header value of a standard key: an array of its values, or {start, increment}. */
function stringifyDimHeaderValue(value: unknown, type: NiftiMrsType | undefined): string {
  if (Array.isArray(value)) return `[${value.map((v) => stringifyTyped(v, type)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .map(
        ([k, v]) =>
          `${JSON.stringify(k)}:${k === "start" || k === "increment" ? stringifyTyped(v, type) : stringifyTyped(v, undefined)}`,
      )
      .join(",")}}`;
  }
  return stringifyTyped(value, type);
}

/**
 * The NIfTI-MRS JSON header extension as compact text (key order kept), with every number at a
 * float-typed position of the standard written as a float: `SpectrometerFrequency: [123.0]`,
 * `EchoTime: 0.028`, `RepetitionTime: 2.0`, `PatientWeight: 72.0`, also inside `dim_N_header`
 * (standard keys' arrays and `start`/`increment`). Everything else is written as JSON.stringify would.
 */
export function niftiMrsJsonText(json: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (value === undefined) continue;
    let text: string;
    if (
      /^dim_[567]_header$/.test(key) &&
      value !== null &&
      typeof value === "object" &&
      !Array.isArray(value)
    ) {
      text = `{${Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}:${stringifyDimHeaderValue(v, typeOfKey(k))}`)
        .join(",")}}`;
    } else {
      text = stringifyTyped(value, typeOfKey(key));
    }
    parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(",")}}`;
}

/** A JSON number as written: its value and whether Python's json would read it as a float. */
export class JsonNumber {
  constructor(
    readonly value: number,
    readonly isFloat: boolean,
  ) {}
}

/**
 * Parses JSON text like JSON.parse, except that numbers become {@link JsonNumber}s that remember
 * whether they were written as floats (with `.`, `e` or `E`). Throws SyntaxError on bad JSON.
 */
export function parseJsonKeepingNumberTypes(text: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at character ${i}`);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === "}") {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a key");
        const key = string();
        ws();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        out[key] = value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return out;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return out;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null) return fail("unexpected character");
    i += m[0].length;
    return new JsonNumber(Number(m[0]), m[2] !== undefined || m[3] !== undefined);
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail("unterminated string");
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const result = value();
  ws();
  if (i !== text.length) fail("unexpected text after the JSON value");
  return result;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof JsonNumber);

/** Whether a value (from {@link parseJsonKeepingNumberTypes}) has a standard type; arrays are checked element by element. */
function hasType(value: unknown, type: NiftiMrsType): boolean {
  if (Array.isArray(type)) {
    if (!Array.isArray(value)) return false;
    const inner = elementType(type);
    return inner === undefined || value.every((v) => hasType(v, inner));
  }
  switch (type) {
    case "float":
      return value instanceof JsonNumber && value.isFloat;
    case "int":
      return value instanceof JsonNumber && !value.isFloat;
    case "str":
      return typeof value === "string";
    case "bool":
      return typeof value === "boolean";
    case "dict":
      return isObject(value);
    case "list":
      return Array.isArray(value);
  }
  return false;
}

function describeType(type: NiftiMrsType): string {
  if (typeof type === "string") return type;
  return `${type.slice(0, -1).join(" of ")} of ${type.at(-1)}s`;
}

/**
 * Checks a NIfTI-MRS JSON header extension (raw text) against the standard's rules as its
 * reference validator applies them, given the NIfTI dim sizes (dim[1..dim[0]]):
 * 1. the text is JSON; 2. `SpectrometerFrequency` is a list of floats and `ResonantNucleus` a list
 * of strings; 3. each higher dimension in use has a `dim_N` tag from the standard's list, a string
 * `dim_N_info` and an object `dim_N_header`; no tags for unused dimensions or for dims 0–4;
 * 4. every standard-defined key has its type (floats written as floats, every array element
 * checked); 5. every other key is an object with a `Description`; 6. each `dim_N_header` entry is
 * an array as long as its dimension or an object with `start` and `increment` (non-standard keys
 * nested in `{Value, Description}`). Returns the problems (empty when the header conforms).
 */
export function checkNiftiMrsHeaderExtension(text: string, dimSizes: readonly number[]): string[] {
  const problems: string[] = [];
  let parsed: unknown;
  try {
    parsed = parseJsonKeepingNumberTypes(text);
  } catch (error) {
    return [`header extension is not JSON (${(error as Error).message})`];
  }
  if (!isObject(parsed)) return ["header extension is not a JSON object"];
  const json = parsed;
  for (const [key, type] of Object.entries(NIFTI_MRS_REQUIRED)) {
    if (!(key in json)) problems.push(`header extension must contain ${key}`);
    else if (!hasType(json[key], type)) problems.push(`${key} must be a ${describeType(type)}`);
  }
  let used = 4;
  for (let d = 5; d <= 7; d++) if (`dim_${d}` in json) used = d;
  const sizes = [...dimSizes];
  while (sizes.length < used) sizes.push(1);
  for (let d = 5; d <= 7; d++) {
    if (used > d - 1) {
      const tag = json[`dim_${d}`];
      if (tag === undefined)
        problems.push(`with ${used} dimensions the header extension must contain dim_${d}`);
      else if (typeof tag !== "string" || !NIFTI_MRS_DIM_TAGS.includes(tag))
        problems.push(`dim_${d} must be a defined tag (${NIFTI_MRS_DIM_TAGS.join(", ")})`);
      const info = json[`dim_${d}_info`];
      if (info !== undefined && typeof info !== "string") problems.push(`dim_${d}_info must be a string`);
      const header = json[`dim_${d}_header`];
      if (header !== undefined && !isObject(header)) problems.push(`dim_${d}_header must be an object`);
    } else {
      for (const k of [`dim_${d}`, `dim_${d}_info`, `dim_${d}_header`])
        if (k in json) problems.push(`${k} exceeds the ${used} dimensions in use`);
    }
  }
  for (let d = 0; d < 5; d++)
    for (const k of [`dim_${d}`, `dim_${d}_info`, `dim_${d}_header`])
      if (k in json) problems.push(`${k} is forbidden: dim_N tags take N = 5–7 only`);
  for (const [key, value] of Object.entries(json)) {
    if (key in NIFTI_MRS_REQUIRED || /^dim_[567](_info|_header)?$/.test(key)) continue;
    const type = NIFTI_MRS_DEFINED[key];
    if (type !== undefined) {
      if (!hasType(value, type)) problems.push(`${key} must be a ${describeType(type)}`);
    } else if (!isObject(value) || !("Description" in value)) {
      problems.push(`user-defined key ${key} must be a JSON object with a "Description"`);
    }
  }
  for (let d = 5; d <= 7; d++) {
    const header = json[`dim_${d}_header`];
    if (!isObject(header)) continue;
    const size = sizes[d - 1] ?? 1;
    const checkFormat = (key: string, x: unknown) => {
      if (Array.isArray(x)) {
        if (x.length !== size)
          problems.push(`dim_${d}_header ${key} has ${x.length} values; dimension ${d} has ${size}`);
      } else if (isObject(x)) {
        if (!("start" in x && "increment" in x))
          problems.push(`dim_${d}_header ${key} is an object without "start" and "increment"`);
      } else problems.push(`dim_${d}_header ${key} is neither an array nor an object`);
    };
    for (const [key, value] of Object.entries(header)) {
      if (typeOfKey(key) !== undefined) checkFormat(key, value);
      else if (isObject(value) && "Value" in value && "Description" in value) checkFormat(key, value.Value);
      else problems.push(`dim_${d}_header ${key} (not a standard key) must hold "Value" and "Description"`);
    }
  }
  return problems;
}

/** NIfTI datatypes the standard allows: complex64, complex128, complex256. */
const COMPLEX_DATATYPES = [32, 1792, 2048];

/**
 * Checks a whole NIfTI-MRS file (bytes, gzipped or not) as the reference validator does: complex
 * data with 4–7 dimensions, a dwell time (pixdim[4]) in (0, 1] s, an intent name `mrs_vM_m`, and
 * the header extension ({@link checkNiftiMrsHeaderExtension}). Returns the problems; a file that
 * cannot be read as NIfTI at all throws the reader's InputError.
 */
export function checkNiftiMrsFile(bytes: Uint8Array, file: string): string[] {
  const raw = readNiftiMrsRaw(bytes, file);
  const problems: string[] = [];
  if (!COMPLEX_DATATYPES.includes(raw.datatype)) problems.push(`datatype ${raw.datatype} is not complex`);
  const ndim = raw.dim[0] ?? 0;
  if (ndim < 4 || ndim > 7) problems.push(`data must have between 4 and 7 dimensions; it has ${ndim}`);
  const dwell = raw.pixdim[4] ?? 0;
  if (!(dwell > 0 && dwell <= 1)) problems.push(`dwell time (pixdim[4] = ${dwell}) is unrealistic`);
  if (!/^mrs_v\d+_\d+/.test(raw.intentName))
    problems.push(`intent name "${raw.intentName}" does not match "mrs_vMajor_minor"`);
  problems.push(...checkNiftiMrsHeaderExtension(raw.extensionText, raw.dim.slice(1, 1 + Math.max(0, ndim))));
  return problems;
}
