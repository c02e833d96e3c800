import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { inspectMrsFile } from "./inspectMrsFile";
import { parseLcmCoord } from "./parseLcmCoord";
import { parseLcmCsv } from "./parseLcmCsv";
import { parseLcmRaw } from "./parseLcmRaw";
import { parseLcmTable } from "./parseLcmTable";
import { parseNiftiMrs } from "./parseNiftiMrs";
import { parseRda } from "./parseRda";
import { parseSdat, parseSpar } from "./parseSparSdat";

const ref = testdataFolder("reference-data");
const bytesOf = (rel: string) => new Uint8Array(readFileSync(join(ref, rel)));
const latin1 = (rel: string) => readFileSync(join(ref, rel), "latin1");

/** Identifying keys per format, written out here independently of the readers' deny-list. */
const niftiKeys = [
  "PatientName",
  "PatientDoB",
  "PatientWeight",
  "PatientSex",
  "InstitutionName",
  "InstitutionAddress",
  "DeviceSerialNumber",
  "ConversionTime",
  "OriginalFile",
];
const rdaKeys = [
  "PatientName",
  "PatientID",
  "PatientSex",
  "PatientBirthDate",
  "PatientWeight",
  "StudyDate",
  "StudyTime",
];
const sparKeys = ["patient_name", "patient_birth_date", "scan_date", "examination_name"];

/** Raw JSON of the first extension at byte 544 (verified layout of every sample file). */
function rawNiftiJson(rel: string): Record<string, unknown> {
  const b = gunzipSync(bytesOf(rel));
  const esize = new DataView(b.buffer, b.byteOffset).getInt32(544, true);
  return JSON.parse(new TextDecoder().decode(b.subarray(552, 544 + esize)).replace(/\0+$/, ""));
}

/** Header values of `keys` in a `key<sep>value` text file. */
function rawTextValues(text: string, keys: string[], sep: RegExp): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = sep.exec(line);
    if (m && keys.includes(m[1]!)) out.set(m[1]!, m[2]!.trim());
  }
  return out;
}

/**
 * Asserts that the key (as a JSON key) is absent from `json`, and so is its value: strings of 4+
 * characters anywhere, shorter strings as a JSON value (`:"445"`; FID arrays have keys like
 * `"445":`). Numbers are covered by the key check alone. Booleans keep failure messages short.
 */
function expectAbsent(json: string, key: string, value: unknown) {
  expect(json.includes(`"${key}":`), `key ${key}`).toBe(false);
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    // A weight ("50.0", "0.000000") is a number like any other in the output: the key check covers it.
    if (typeof v !== "string" || v === "" || key === "PatientWeight") continue;
    const found = v.length >= 4 ? json.includes(v) : json.includes(`:${JSON.stringify(v)}`);
    expect(found, `value of ${key}`).toBe(false);
  }
}

describe("privacy: identifying values never leave a reader", () => {
  const niftiFiles = [
    "nifti_mrs_tools/metab_raw.nii.gz",
    "nifti_mrs_tools/wref_raw.nii.gz",
    "nifti_mrs_tools/quant_raw.nii.gz",
    "nifti_mrs_tools/metab.nii.gz",
    "nifti_mrs_tools/metab_int_freq.nii.gz",
    "osprey/nifti-mrs/sub-01_ses-01_SVS-ref.nii.gz",
  ];

  it.each(niftiFiles)(
    "parseNiftiMrs(bytes) and inspectMrsFile() of %s contain no identifying value",
    (rel) => {
      const raw = rawNiftiJson(rel);
      const present = niftiKeys.filter((k) => k in raw);
      expect(present.length).toBeGreaterThanOrEqual(8);
      const summary = inspectMrsFile(rel, bytesOf(rel));
      for (const out of [parseNiftiMrs(bytesOf(rel), rel), summary]) {
        const json = JSON.stringify(out);
        for (const key of present) expectAbsent(json, key, raw[key]);
        expect(json.includes("19810730") || json.includes("F7T_2019_005_003")).toBe(false);
      }
      expect(summary.identifyingKeysDropped).toEqual(expect.arrayContaining(present));
    },
  );

  it("parseRda(bytes) and inspectMrsFile() of SVS_30.rda contain no patient or study value", () => {
    const rel = "suspect/siemens/SVS_30.rda";
    const raw = rawTextValues(latin1(rel).slice(0, 1987), rdaKeys, /^([^:]+):\s?(.*)$/);
    expect(raw.get("PatientName")).toBe("445");
    for (const out of [parseRda(bytesOf(rel), rel), inspectMrsFile(rel, bytesOf(rel))]) {
      const json = JSON.stringify(out);
      for (const [k, v] of raw) expectAbsent(json, k, v);
    }
  });

  it("parseSpar(text), parseSdat() and inspectMrsFile() of every SPAR contain no patient or scan value", () => {
    const pairs: [string, string][] = [
      ["osprey/philips-sdat/sub-01_PRESS_35_act.spar", "osprey/philips-sdat/sub-01_PRESS_35_act.sdat"],
      ["osprey/philips-sdat/sub-01_PRESS_35_ref.spar", "osprey/philips-sdat/sub-01_PRESS_35_ref.sdat"],
      ["spant/philips_spar_sdat_WS.SPAR", "spant/philips_spar_sdat_WS.SDAT"],
      ["spant/philips_spar_sdat_W.SPAR", "spant/philips_spar_sdat_W.SDAT"],
    ];
    for (const [sparRel, sdatRel] of pairs) {
      const raw = rawTextValues(latin1(sparRel), sparKeys, /^\s*([^:!]+?)\s*:(.*)$/);
      expect(raw.size).toBe(4);
      const spar = parseSpar(latin1(sparRel), sparRel);
      const outputs = [
        spar,
        parseSdat(bytesOf(sdatRel), spar, sdatRel),
        inspectMrsFile(sparRel, bytesOf(sparRel)),
        inspectMrsFile(sdatRel, bytesOf(sdatRel), { name: sparRel, bytes: bytesOf(sparRel) }),
      ];
      for (const out of outputs) {
        const json = JSON.stringify(out);
        for (const [k, v] of raw) expectAbsent(json, k, v.replace(/^"(.*)"$/, "$1"));
      }
    }
  });

  it("parseLcmTable(text), parseLcmCoord(text), parseLcmCsv(text) and parseLcmRaw(text) drop titles, sites, dates and paths", () => {
    const files = [
      "suspect/lcmodel/svs_97.TABLE",
      "suspect/lcmodel/svs_97.COORD",
      "suspect/lcmodel/liver.COORD",
      "mrshub-mm-94T/GM_Summed_Averaged_TE24.table",
      "mrshub-mm-94T/GM_Summed_Averaged_TE24.coord",
    ];
    const secrets = [
      "Brigham",
      "Harvard",
      "Max Planck",
      "Tuebingen",
      "28-May-2015",
      "24-June-2020",
      "Alex Proton",
      "75kg",
      "Calderon",
      "/media/",
      "/kyb/",
      "tborbath",
      "/home/spectre",
      "SVS_97",
      "Summed_Averaged_TE24_MM",
    ];
    for (const rel of files) {
      const text = latin1(rel);
      const parsed = /\.coord$/i.test(rel) ? parseLcmCoord(text, rel) : parseLcmTable(text, rel);
      for (const out of [parsed, inspectMrsFile(rel, bytesOf(rel))]) {
        const json = JSON.stringify(out);
        for (const s of secrets) expect(json.includes(s), `${rel}: ${s}`).toBe(false);
      }
    }
    const csv = JSON.stringify(parseLcmCsv(latin1("suspect/lcmodel/svs_97.CSV"), "svs_97.CSV"));
    expect(csv.includes("/media/")).toBe(false);
    const raw = JSON.stringify(parseLcmRaw(latin1("lcmodel-test/data.raw"), "data.raw"));
    expect(raw.includes("/tmp/")).toBe(false);
  });
});
