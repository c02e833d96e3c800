import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { InputError, InputErrors } from "@fmrs/schema";
import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { glxColumnWarnings, nearColumnName, parseGlxTsv } from "./glxTsv";
import { DEFAULT_READ_LIMITS, firstNonFinite } from "./limits";
import { parseMadrsTsv } from "./madrsTsv";
import { gunzipIfNeeded } from "./mrs/bytes";
import { jsonDepthProblem, withoutIdentifyingKeys } from "./mrs/identifying";
import { parseLcmCoord } from "./mrs/parseLcmCoord";
import { parseLcmRaw } from "./mrs/parseLcmRaw";
import { parseNiftiMrs } from "./mrs/parseNiftiMrs";
import { buildNiftiMrs } from "./mrs/testing/buildNiftiMrs";
import { parseTsv } from "./tsv";

const json = { SpectrometerFrequency: [123.2], ResonantNucleus: ["1H"] };
const thrown = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    if (e instanceof InputErrors) return e.problems[0]!;
    throw e;
  }
  throw new Error("did not throw");
};
const small = { maxDecodedBytes: 1024 * 1024, maxJsonDepth: 64 };

describe("memory budget and declared sizes", () => {
  it("a NIfTI-MRS header declaring more data than the file holds is refused before dim_N_header is expanded", () => {
    const bytes = buildNiftiMrs({
      dims: [1, 1, 1, 8, 4],
      json: { ...json, dim_5: "DIM_DYN", dim_5_header: { t: { start: 0, increment: 1 } } },
    });
    const v = new DataView(bytes.buffer);
    v.setBigInt64(16 + 8 * 5, 200_000_000n, true);
    const e = thrown(() => parseNiftiMrs(bytes, "x.nii"));
    expect(e.location.field).toBe("data (vox_offset 688)");
    expect(e.message).toContain("truncated or wrong vox_offset");
  });

  it("a file within its declared size but over the budget is refused naming the budget", () => {
    const bytes = buildNiftiMrs({ dims: [1, 1, 1, 1024, 128], json });
    expect(parseNiftiMrs(bytes, "x.nii").fids.count).toBe(128);
    expect(thrown(() => parseNiftiMrs(bytes, "x.nii", small)).message).toContain("over the 1.0 MB budget");
  });

  it("gzip: declared sizes beyond deflate's 1032:1 bound are refused after the header; a long tail is not inflated", () => {
    const plain = buildNiftiMrs({ dims: [1, 1, 1, 64, 4], json });
    const v = new DataView(plain.buffer);
    v.setBigInt64(16 + 8 * 5, 180_000n, true);
    expect(thrown(() => parseNiftiMrs(gzipSync(plain), "x.nii.gz")).message).toMatch(
      /gzip: the header declares [\d.]+ MB but a [\d.]+ kB gzip stream can inflate to at most/,
    );
    const good = buildNiftiMrs({ dims: [1, 1, 1, 64, 4], json });
    const withTail = new Uint8Array(good.length + 50 * 1024 * 1024);
    withTail.set(good);
    const parsed = parseNiftiMrs(gzipSync(withTail), "x.nii.gz", small);
    expect(parsed.fids.count).toBe(4);
    expect(parsed.header.warnings).toContain(
      "gzip stream continues past the declared data; the rest was not read",
    );
  });

  it("gzip without a declared size is capped by the budget; a cut-off stream is refused", () => {
    const gz = gzipSync(new Uint8Array(3 * 1024 * 1024));
    expect(thrown(() => gunzipIfNeeded(gz, "z.gz", { limits: small })).message).toContain(
      "inflates past the 1.0 MB budget",
    );
    expect(gunzipIfNeeded(gz, "z.gz").bytes.length).toBe(3 * 1024 * 1024);
    expect(thrown(() => gunzipIfNeeded(gz.subarray(0, gz.length - 3), "z.gz")).message).toContain(
      "corrupt or truncated gzip stream",
    );
    expect(DEFAULT_READ_LIMITS.maxDecodedBytes).toBe(2 * 1024 ** 3);
  });

  it("an LCModel .coord announcing 10^12 points is refused before the array is allocated", () => {
    const real = readFileSync(
      join(testdataFolder("reference-data"), "suspect/lcmodel/liver.COORD"),
      "latin1",
    );
    const text = real.replace(/^\s*\d+ points on ppm-axis = NY/m, " 999999999999 points on ppm-axis = NY");
    expect(parseLcmCoord(real, "x.coord").ppm.length).toBeGreaterThan(100);
    expect(thrown(() => parseLcmCoord(text, "x.coord")).message).toContain("declares 999999999999 values");
  });
});

describe("non-finite numbers are refused where they enter", () => {
  it("NaN and Infinity samples in NIfTI data name the FID, point and part", () => {
    const bytes = buildNiftiMrs({
      dims: [1, 1, 1, 8, 3],
      json,
      value: (f, t) => (f === 2 && t === 5 ? [1, Number.NaN] : [f, t]),
    });
    expect(thrown(() => parseNiftiMrs(bytes, "x.nii")).location.field).toBe(
      "data (FID 2, point 5, imaginary part)",
    );
    expect(firstNonFinite(Float64Array.of(1, 2, Number.NEGATIVE_INFINITY))).toBe(2);
  });

  it("1e400 in a TSV cell, an LCModel .RAW value or a dim_N_header start is refused, naming where", () => {
    const tsv = parseTsv("g.tsv", "block\tt_start_s\tt_end_s\tGlu\n1\t0\t120\t1e400\n");
    expect(thrown(() => parseGlxTsv(tsv)).message).toBe(
      'g.tsv:2: Glu: "1e400" overflows to Infinity (expected a finite number or n/a)',
    );
    const fixed = parseTsv("g.tsv", "block\tt_start_s\tt_end_s\tGlu\n1\t1e400\t120\t1\n");
    expect(thrown(() => parseGlxTsv(fixed)).message).toContain("g.tsv:2: t_start_s: a finite number");
    expect(thrown(() => parseLcmRaw(" $NMID ID='x' $END\n 1.0 2.0\n 1e400 3.0\n", "d.raw")).message).toBe(
      "d.raw:3: data value 3: is Infinity (expected a finite number (not NaN or ±Infinity))",
    );
    const dimHeader = buildNiftiMrs({
      dims: [1, 1, 1, 8, 2],
      json: `{"SpectrometerFrequency": [123.2], "dim_5": "DIM_DYN", "dim_5_header": {"t": {"start": 1e400, "increment": 1}}}`,
    });
    expect(thrown(() => parseNiftiMrs(dimHeader, "x.nii")).location.field).toBe("dim_5_header.t");
  });
});

describe("nesting depth", () => {
  it("JSON nested 50 000 deep is refused by depth, and the de-identifier walks it without recursion", () => {
    let deep: unknown = { PatientName: "x" };
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(jsonDepthProblem({ a: deep }, 64)).not.toBeNull();
    const { dropped } = withoutIdentifyingKeys({ a: deep } as Record<string, unknown>);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatch(/^a(\[0\]){50000}\.PatientName$/);
    const bytes = buildNiftiMrs({
      dims: [1, 1, 1, 8],
      json: `{"SpectrometerFrequency": [123.2], "x": ${"[".repeat(50_000)}${"]".repeat(50_000)}}`,
    });
    expect(thrown(() => parseNiftiMrs(bytes, "x.nii")).message).toBe(
      "x.nii: extension (ecode 44) JSON: is nested more than 64 levels deep (expected at most 64 levels of objects and arrays)",
    );
  });
});

describe("TSV content mistakes", () => {
  it("header-only madrs.tsv and glx.tsv, and a glx.tsv without a metabolite column, are InputErrors", () => {
    expect(
      thrown(() => parseMadrsTsv("m.tsv", "participant_id\tsession_id\ttimepoint\tmadrs_total\n")).message,
    ).toBe(
      "m.tsv:2: the file has a header but no rows (expected one row per participant, session and timepoint)",
    );
    expect(
      thrown(() => parseGlxTsv(parseTsv("g.tsv", "block\tt_start_s\tt_end_s\tGlu\n"))).message,
    ).toContain("g.tsv:2: the file has a header but no rows");
    expect(
      thrown(() => parseGlxTsv(parseTsv("g.tsv", "block\tt_start_s\tt_end_s\tfwhm_hz\n1\t0\t1\t5\n")))
        .message,
    ).toBe(
      "g.tsv:1: no metabolite column (columns: block, t_start_s, t_end_s, fwhm_hz) (expected at least one metabolite column such as Glu, Glx or NAA)",
    );
  });

  it("unknown glx.tsv columns are warned about with the near name; known metabolites and MM columns are not", () => {
    const tsv = parseTsv("g.tsv", "block\tt_start_s\tt_end_s\tGlu\tGlx\tMM09\tfwhm\tSNR\tNAAA\tfoo\n");
    expect(glxColumnWarnings(tsv).map((w) => w.message)).toEqual([
      "g.tsv:1: fwhm: unknown column, read as a metabolite value; did you mean fwhm_hz?",
      "g.tsv:1: SNR: unknown column, read as a metabolite value; did you mean snr?",
      "g.tsv:1: NAAA: unknown column, read as a metabolite value; did you mean NAA?",
      "g.tsv:1: foo: unknown column, read as a metabolite value",
    ]);
    expect(glxColumnWarnings(parseTsv("g.tsv", "block\tt_start_s\tt_end_s\tGlu\tfwhm_hz\n"))).toEqual([]);
    expect(nearColumnName("t_start")).toBe("t_start_s");
    expect(nearColumnName("Glu")).toBeNull();
  });
});
