// Fuzz targets and mutators shared by the property tests (src/fuzz.test.ts) and the long
// campaign (`pnpm fuzz`, fuzz/run.mjs): real files from testdata/reference-data (and the
// sample study's TSVs) are mutated — NIfTI header fields, the extension JSON, the gzip stream,
// text tokens and lines — and handed to every reader. A reader may succeed or throw InputError /
// InputErrors; anything else is a crash.
import { gzipSync } from "node:zlib";
import { InputError, InputErrors } from "@fmrs/schema";
import fc from "fast-check";
import { parseGlxTsv } from "../src/glxTsv";
import { parseLcmodelSeries } from "../src/lcmodelSeries";
import type { ReadLimits } from "../src/limits";
import { parseMadrsTsv } from "../src/madrsTsv";
import { bytesToText } from "../src/mrs/bytes";
import { inspectMrsFile } from "../src/mrs/inspectMrsFile";
import { parseLcmCoord } from "../src/mrs/parseLcmCoord";
import { parseLcmCsv } from "../src/mrs/parseLcmCsv";
import { parseLcmRaw } from "../src/mrs/parseLcmRaw";
import { parseLcmTable } from "../src/mrs/parseLcmTable";
import { parseNiftiMrs } from "../src/mrs/parseNiftiMrs";
import { parseRda } from "../src/mrs/parseRda";
import { parseSdat, parseSpar } from "../src/mrs/parseSparSdat";
import { parseTsv } from "../src/tsv";

/** Memory budget the fuzzed readers run under (keeps a campaign's children well under 500 MB). */
export const FUZZ_LIMITS: ReadLimits = { maxDecodedBytes: 128 * 1024 ** 2, maxJsonDepth: 64 };

/** How a seed file is mutated. */
export type SeedKind = "nifti" | "binary" | "text";

/** One reader under fuzz: the files it starts from (repo-relative) and how it is called. */
export interface FuzzTarget {
  readonly reader: string;
  readonly kind: SeedKind;
  readonly files: readonly string[];
  /** `companion`: the other file of a pair (SPAR for an SDAT), unmutated. */
  readonly companion?: string;
  run(bytes: Uint8Array, name: string, limits: ReadLimits, companion?: Uint8Array): void;
}

const ref = (p: string) => `testdata/reference-data/${p}`;
const text = (b: Uint8Array) => bytesToText(b);

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  {
    reader: "nifti-mrs",
    kind: "nifti",
    files: [ref("nifti_mrs_tools/metab.nii.gz"), ref("nifti_mrs_tools/metab_int_freq.nii.gz")],
    run: (b, name, limits) => void parseNiftiMrs(b, name, limits),
  },
  {
    reader: "rda",
    kind: "binary",
    files: [ref("suspect/siemens/SVS_30.rda")],
    run: (b, name, limits) => void parseRda(b, name, limits),
  },
  {
    reader: "spar",
    kind: "text",
    files: [ref("spant/philips_spar_sdat_WS.SPAR"), ref("osprey/philips-sdat/sub-01_PRESS_35_act.spar")],
    run: (b, name) => void parseSpar(bytesToText(b, true), name),
  },
  {
    reader: "sdat",
    kind: "binary",
    files: [ref("spant/philips_spar_sdat_WS.SDAT")],
    companion: ref("spant/philips_spar_sdat_WS.SPAR"),
    run: (b, name, limits, spar) =>
      void parseSdat(b, parseSpar(bytesToText(spar ?? new Uint8Array(), true), "x.spar"), name, limits),
  },
  {
    reader: "lcmodel-table",
    kind: "text",
    files: [ref("suspect/lcmodel/svs_97.TABLE"), ref("mrshub-mm-94T/GM_Summed_Averaged_TE24.table")],
    run: (b, name) => void parseLcmTable(bytesToText(b, true), name),
  },
  {
    reader: "lcmodel-coord",
    kind: "text",
    files: [ref("suspect/lcmodel/liver.COORD")],
    run: (b, name) => void parseLcmCoord(bytesToText(b, true), name),
  },
  {
    reader: "lcmodel-csv",
    kind: "text",
    files: [ref("suspect/lcmodel/svs_97.CSV"), ref("mrshub-mm-94T/GM_Summed_Averaged_TE24.csv")],
    run: (b, name) => void parseLcmCsv(text(b), name),
  },
  {
    reader: "lcmodel-raw",
    kind: "text",
    files: [ref("lcmodel-test/data.raw")],
    run: (b, name) => void parseLcmRaw(text(b), name),
  },
  {
    reader: "glx-tsv",
    kind: "text",
    files: ["data-samples/fitted-route/sub-01/ses-1/mrs/sub-01_ses-1_glx.tsv"],
    run: (b, name) => void parseGlxTsv(parseTsv(name, text(b))),
  },
  {
    reader: "madrs-tsv",
    kind: "text",
    files: ["data-samples/fitted-route/phenotype/madrs.tsv"],
    run: (b, name) => void parseMadrsTsv(name, text(b)),
  },
  {
    reader: "lcmodel-manifest",
    kind: "text",
    files: ["(built in)"],
    run: (b, name) => void parseLcmodelSeries(parseTsv(name, text(b))),
  },
  {
    reader: "inspect",
    kind: "binary",
    files: [
      ref("suspect/siemens/SVS_30.rda"),
      ref("suspect/lcmodel/svs_97.TABLE"),
      ref("lcmodel-test/data.raw"),
    ],
    run: (b, name, limits) => void inspectMrsFile(name, b, undefined, limits),
  },
];

/** The LCModel-route manifest seed (no such file ships with the reference data). */
export const MANIFEST_SEED = new TextEncoder().encode(
  "block\tt_start_s\tt_end_s\ttable\tf0_mhz\n1\t-600\t-480\tb1.table\t123.2\n2\t-480\t-360\tb2.table\tn/a\n",
);

const INTERESTING = [
  0,
  -1,
  1,
  2,
  7,
  8,
  255,
  256,
  32767,
  -32768,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 32,
  2 ** 53,
  2e8,
  180000,
  1e300,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.5,
  -0,
];
const TOKENS = [
  "",
  "n/a",
  "NaN",
  "nan",
  "Infinity",
  "-Infinity",
  "inf",
  "1e400",
  "-1e400",
  "1e-400",
  "0",
  "-0",
  "-1",
  "99999999999999999999",
  "2147483648",
  "9007199254740993",
  "0x10",
  "1,5",
  "1.0D+400",
  "\u202e123",
  "\u001b]0;x\u0007",
  "\t",
  '"',
  "'",
  "sub-01",
  "ses-1",
  "-",
  ".",
  "$END",
  "$$CONC 999999999 lines",
  "999999999999 points on ppm-axis = NY",
];

/** NIfTI-2 header fields: [byte offset, type]. */
const NIFTI2_FIELDS: readonly [number, "i16" | "i32" | "i64" | "f64" | "u8"][] = [
  [0, "i32"],
  [12, "i16"],
  [14, "i16"],
  ...Array.from({ length: 8 }, (_, i) => [16 + 8 * i, "i64"] as [number, "i64"]),
  ...Array.from({ length: 8 }, (_, i) => [104 + 8 * i, "f64"] as [number, "f64"]),
  [168, "i64"],
  [500, "i32"],
  [540, "u8"],
  [544, "i32"],
  [548, "i32"],
];

/** One mutation; a case applies one to three in order. */
export type Mutation =
  | { readonly op: "field"; readonly field: number; readonly value: number }
  | { readonly op: "flip"; readonly at: readonly number[]; readonly xor: number }
  | { readonly op: "truncate"; readonly keep: number }
  | {
      readonly op: "splice";
      readonly at: number;
      readonly insert: readonly number[];
      readonly repeat: number;
    }
  | { readonly op: "json"; readonly key: number; readonly value: string }
  | { readonly op: "token"; readonly at: number; readonly token: string }
  | { readonly op: "line"; readonly at: number; readonly action: "delete" | "dup" | "swap" | "headerOnly" };

/** A fuzz case: which seed file, the mutations, and (NIfTI) whether and how the result is gzipped. */
export interface FuzzCase {
  readonly seed: number;
  readonly mutations: readonly Mutation[];
  readonly gzip: null | { readonly flips: readonly number[]; readonly keep: number; readonly tail: number };
}

const frac = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const nastyJson = fc.oneof(
  fc.constantFrom(
    "1e400",
    "NaN",
    "-Infinity",
    "null",
    '"\\u202e\\u001b[2J"',
    "[]",
    "{}",
    '{"start": 0, "increment": 1}',
    '{"start": 1e308, "increment": 1e308}',
    '{"Value": {"start": 0, "increment": 1}, "Description": "x"}',
    "[297.2]",
    "-297.2",
    '"DIM_DYN"',
    '"DIM_NOPE"',
    "0",
  ),
  fc.integer({ min: 1, max: 200_000 }).map((d) => `${"[".repeat(d)}${"]".repeat(d)}`),
  fc.integer({ min: 1, max: 1000 }).map((n) => `[${Array.from({ length: n }, (_, i) => i).join(",")}]`),
  fc.string({ maxLength: 40 }).map((s) => JSON.stringify(s)),
);
const JSON_KEYS = [
  "SpectrometerFrequency",
  "ResonantNucleus",
  "EchoTime",
  "RepetitionTime",
  "dim_5",
  "dim_6",
  "dim_7",
  "dim_5_header",
  "dim_6_header",
  "SpectralWidth",
  "PatientName",
  "ConversionMethod",
  "deep",
];

function mutationArb(kind: SeedKind): fc.Arbitrary<Mutation> {
  const flip = fc.record({
    op: fc.constant("flip" as const),
    at: fc.array(frac, { minLength: 1, maxLength: 8 }),
    xor: fc.integer({ min: 1, max: 255 }),
  });
  const truncate = fc.record({ op: fc.constant("truncate" as const), keep: frac });
  const splice = fc.record({
    op: fc.constant("splice" as const),
    at: frac,
    insert: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }),
    repeat: fc.integer({ min: 1, max: 64 }),
  });
  const token = fc.record({
    op: fc.constant("token" as const),
    at: frac,
    token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 })),
  });
  const line = fc.record({
    op: fc.constant("line" as const),
    at: frac,
    action: fc.constantFrom("delete" as const, "dup" as const, "swap" as const, "headerOnly" as const),
  });
  if (kind === "text") return fc.oneof(token, token, line, truncate, flip, splice);
  if (kind === "binary") return fc.oneof(flip, truncate, splice, token);
  return fc.oneof(
    fc.record({
      op: fc.constant("field" as const),
      field: fc.integer({ min: 0, max: NIFTI2_FIELDS.length - 1 }),
      value: fc.oneof(fc.constantFrom(...INTERESTING), fc.integer()),
    }),
    fc.record({
      op: fc.constant("json" as const),
      key: fc.integer({ min: 0, max: JSON_KEYS.length - 1 }),
      value: nastyJson,
    }),
    flip,
    truncate,
    splice,
  );
}

/** Cases for a target with `seeds` seed files. */
export function caseArb(kind: SeedKind, seeds: number): fc.Arbitrary<FuzzCase> {
  return fc.record({
    seed: fc.integer({ min: 0, max: seeds - 1 }),
    mutations: fc.array(mutationArb(kind), { minLength: 1, maxLength: 3 }),
    gzip:
      kind === "nifti"
        ? fc.option(
            fc.record({
              flips: fc.array(frac, { maxLength: 3 }),
              keep: fc.oneof(fc.constant(1), frac),
              tail: fc.constantFrom(0, 0, 0, 16, 1 << 20),
            }),
            { nil: null, freq: 3 },
          )
        : fc.constant(null),
  });
}

function writeField(b: Uint8Array, offset: number, type: string, value: number): void {
  if (offset + 8 > b.length) return;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const int = Number.isFinite(value) ? Math.trunc(value) : 0;
  if (type === "f64") v.setFloat64(offset, value, true);
  else if (type === "i64") v.setBigInt64(offset, BigInt.asIntN(64, BigInt(int)), true);
  else if (type === "i32") v.setInt32(offset, int | 0, true);
  else if (type === "i16") v.setInt16(offset, int & 0xffff, true);
  else v.setUint8(offset, int & 0xff);
}

/** The ecode-44 JSON of an uncompressed NIfTI-2 replaced, with vox_offset moved to match. */
function replaceJson(b: Uint8Array, key: string, value: string): Uint8Array {
  if (b.length < 552) return b;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const esize = v.getInt32(544, true);
  const vox = Number(v.getBigInt64(168, true));
  if (esize < 8 || 544 + esize > b.length || !(vox >= 544 + esize) || vox > b.length) return b;
  const old = bytesToText(b.subarray(552, 544 + esize)).replace(/[\0\s]+$/, "");
  const body = old.endsWith("}") ? old.slice(0, -1) : old;
  const json = new TextEncoder().encode(`${body}, ${JSON.stringify(key)}: ${value}}`);
  const size = Math.ceil((json.length + 8) / 16) * 16;
  const out = new Uint8Array(544 + size + (b.length - vox));
  out.set(b.subarray(0, 544));
  const o = new DataView(out.buffer);
  o.setInt32(544, size, true);
  o.setInt32(548, 44, true);
  out.set(json, 552);
  o.setBigInt64(168, BigInt(544 + size), true);
  out.set(b.subarray(vox), 544 + size);
  return out;
}

function applyText(t: string, m: Mutation): string {
  const lines = t.split("\n");
  const li = Math.min(
    lines.length - 1,
    Math.floor(("at" in m && typeof m.at === "number" ? m.at : 0) * lines.length),
  );
  if (m.op === "token") {
    const parts = (lines[li] ?? "").split(/(\s+|\t|,|=)/);
    const words = parts
      .map((p, i) => [p, i] as const)
      .filter(([p]) => p.trim() !== "" && !/^[\t,=]$/.test(p));
    if (words.length === 0) lines[li] = m.token;
    else {
      const [, idx] = words[Math.floor(((m.at * 7919) % 1) * words.length)]!;
      parts[idx] = m.token;
      lines[li] = parts.join("");
    }
    return lines.join("\n");
  }
  if (m.op === "line") {
    if (m.action === "headerOnly") return `${lines[0] ?? ""}\n`;
    if (m.action === "delete") lines.splice(li, 1);
    else if (m.action === "dup") lines.splice(li, 0, lines[li] ?? "");
    else if (li + 1 < lines.length) [lines[li], lines[li + 1]] = [lines[li + 1]!, lines[li]!];
    return lines.join("\n");
  }
  return t;
}

/** Applies `c` to the seed `bytes` of a target of `kind`. */
export function applyCase(kind: SeedKind, seedBytes: Uint8Array, c: FuzzCase): Uint8Array {
  let b: Uint8Array = seedBytes.slice();
  for (const m of c.mutations) {
    if (m.op === "field") {
      const [offset, type] = NIFTI2_FIELDS[m.field]!;
      writeField(b, offset, type, m.value);
    } else if (m.op === "json") b = replaceJson(b, JSON_KEYS[m.key]!, m.value);
    else if (m.op === "flip") {
      for (const f of m.at) {
        const i = Math.floor(f * b.length);
        if (i < b.length) b[i] = (b[i] ?? 0) ^ m.xor;
      }
    } else if (m.op === "truncate") b = b.slice(0, Math.floor(m.keep * b.length));
    else if (m.op === "splice") {
      const at = Math.floor(m.at * b.length);
      const ins = Array.from({ length: m.repeat }, () => m.insert).flat();
      const out = new Uint8Array(b.length + ins.length);
      out.set(b.subarray(0, at));
      out.set(ins, at);
      out.set(b.subarray(at), at + ins.length);
      b = out;
    } else if (m.op === "token" || m.op === "line") {
      if (kind === "binary") {
        // Binary files with a text header (RDA): mutate the text part only.
        const t = bytesToText(b, true);
        const end = t.indexOf(">>> End of header <<<");
        if (end < 0) continue;
        const head = applyText(t.slice(0, end), m);
        const headBytes = Uint8Array.from(head, (ch) => ch.charCodeAt(0) & 0xff);
        const rest = b.subarray(end);
        b = new Uint8Array(headBytes.length + rest.length);
        b.set(headBytes);
        b.set(rest, headBytes.length);
      } else b = new TextEncoder().encode(applyText(bytesToText(b), m));
    }
  }
  if (c.gzip !== null) {
    const body = c.gzip.tail > 0 ? concat(b, new Uint8Array(c.gzip.tail)) : b;
    let gz: Uint8Array = gzipSync(body, { level: 1 });
    gz = gz.slice(0, Math.max(2, Math.floor(c.gzip.keep * gz.length)));
    for (const f of c.gzip.flips) {
      const i = 10 + Math.floor(f * Math.max(1, gz.length - 10));
      if (i < gz.length) gz[i] = (gz[i] ?? 0) ^ 0x55;
    }
    b = gz;
  }
  return b;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** What one input did. */
export type Outcome = "ok" | "input-error" | "crash";

/** Runs one case; a crash returns the error's name and message. */
export function runCase(
  target: FuzzTarget,
  bytes: Uint8Array,
  limits: ReadLimits,
  companion?: Uint8Array,
): { outcome: Outcome; error?: string } {
  try {
    target.run(bytes, `fuzz-${target.reader}`, limits, companion);
    return { outcome: "ok" };
  } catch (e) {
    if (e instanceof InputError || e instanceof InputErrors) return { outcome: "input-error" };
    return {
      outcome: "crash",
      error: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : String(e),
    };
  }
}
