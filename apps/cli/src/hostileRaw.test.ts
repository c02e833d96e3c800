// Issue 13, hostile and broken NIfTI-MRS inputs: a study whose sub-01/ses-1 holds a real
// (simulated) NIfTI-MRS file, run once; then that file is mutated and `fmrs inspect` and
// `fmrs run` must exit 2 naming it, within 10 s and 300 MB peak RSS, leaving the earlier
// derivatives byte for byte as they were (or succeed, for a valid file with a gzip tail).
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { copyStudy, fmrsMeasured, MAX_RSS_MB, MAX_SECONDS, type Measured } from "./hostileKit";
import { copySample, RAW_SAMPLE, treeHashes } from "./testing";

const SVS = "sub-01/ses-1/mrs/sub-01_ses-1_svs.nii.gz";

function expectBounded(r: Measured): void {
  expect(r.hung, r.stderr).toBe(false);
  expect(r.rssMb, "peak RSS reported").not.toBeNull();
  expect(r.rssMb as number).toBeLessThan(MAX_RSS_MB);
  expect(r.cpuSeconds, "CPU time reported").not.toBeNull();
  expect(r.cpuSeconds as number).toBeLessThan(MAX_SECONDS);
}

function expectRefused(r: Measured, names: string): void {
  const all = `${r.stdout}\n${r.stderr}`;
  expect(r.code, all).toBe(2);
  expect(all).toContain(names);
  expect(all).not.toMatch(/internal|RangeError|heap| {4}at /);
  expectBounded(r);
}

/** The uncompressed NIfTI-2 bytes of a .nii.gz, and a way to rebuild one with another JSON. */
function withJson(nii: Buffer, edit: (json: Record<string, unknown>) => string): Buffer {
  const voxOffset = Number(nii.readBigInt64LE(168));
  const esize = nii.readInt32LE(544);
  const json = JSON.parse(
    nii
      .subarray(552, 544 + esize)
      .toString("utf8")
      .replace(/[\0\s]+$/, ""),
  );
  const text = Buffer.from(edit(json));
  const size = Math.ceil((text.length + 8) / 16) * 16;
  const ext = Buffer.alloc(size);
  ext.writeInt32LE(size, 0);
  ext.writeInt32LE(44, 4);
  text.copy(ext, 8);
  const head = Buffer.from(nii.subarray(0, 544));
  head.writeBigInt64LE(BigInt(544 + size), 168);
  return Buffer.concat([head, ext, nii.subarray(voxOffset)]);
}

describe("fmrs on hostile NIfTI-MRS files", () => {
  let base: string;
  let nii: Buffer;
  beforeAll(() => {
    base = copySample();
    const study = JSON.parse(readFileSync(join(base, "study.json"), "utf8"));
    study.raw = JSON.parse(readFileSync(join(RAW_SAMPLE, "study.json"), "utf8")).raw;
    writeFileSync(join(base, "study.json"), `${JSON.stringify(study, null, 2)}\n`);
    cpSync(join(RAW_SAMPLE, "basis"), join(base, "basis"), { recursive: true });
    rmSync(join(base, "sub-01/ses-1/mrs/sub-01_ses-1_glx.tsv"));
    for (const f of ["svs.nii.gz", "svs.json", "mrsref.nii.gz", "mrsref.json"]) {
      cpSync(
        join(RAW_SAMPLE, `sub-01/ses-1/mrs/sub-01_ses-1_${f}`),
        join(base, `sub-01/ses-1/mrs/sub-01_ses-1_${f}`),
      );
    }
    const r = fmrsMeasured(["run", base, "--quiet"], {}, 600);
    expect(r.code, r.stderr).toBe(0);
    nii = gunzipSync(readFileSync(join(base, SVS)));
  });

  /** inspect and run on the study with sub-01/ses-1's file replaced by `bytes`. */
  function refusedEverywhere(bytes: Uint8Array, says: string): void {
    const study = copyStudy(base);
    const before = treeHashes(join(study, "derivatives"));
    writeFileSync(join(study, SVS), bytes);
    expectRefused(fmrsMeasured(["inspect", join(study, SVS)]), `${join(study, SVS)}: ${says}`);
    expectRefused(fmrsMeasured(["run", study]), `${join(study, SVS)}: ${says}`);
    expect(treeHashes(join(study, "derivatives"))).toEqual(before);
  }

  it("dim[5] raised to 2e8: refused from the header before anything is allocated", () => {
    const b = Buffer.from(nii);
    b.writeBigInt64LE(200_000_000n, 16 + 8 * 5);
    refusedEverywhere(gzipSync(b), "gzip: the header declares 1638.4 GB");
    // Uncompressed, with a dim_5_header {start, increment}: the size check comes before the
    // header is expanded to 2e8 values.
    const plain = withJson(b, (j) =>
      JSON.stringify({ ...j, dim_5_header: { Time: { start: 0, increment: 1 } } }),
    );
    const study = copyStudy(base);
    writeFileSync(join(study, "x.nii"), plain);
    expectRefused(fmrsMeasured(["inspect", join(study, "x.nii")]), "x.nii: data (vox_offset");
  });

  it("a small gzip declaring 180 000 dynamics is refused after its header, by deflate's 1032:1 bound", () => {
    const b = Buffer.from(nii);
    b.writeBigInt64LE(180_000n, 16 + 8 * 5);
    const gz = gzipSync(b);
    expect(gz.length).toBeLessThan(1.5e6);
    refusedEverywhere(gz, "gzip: the header declares 1.5 GB but a");
  });

  it("a gzip stream running 200 MB past the declared data is read within the memory bound (the tail is not inflated)", () => {
    const study = copyStudy(base);
    const file = join(study, "tail.nii.gz");
    writeFileSync(file, gzipSync(Buffer.concat([nii, Buffer.alloc(200 * 1024 * 1024)]), { level: 1 }));
    const r = fmrsMeasured(["inspect", file]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toContain(
      "gzip stream continues past the declared data; the rest was not read",
    );
    expectBounded(r);
  });

  it("NaN and Infinity samples are refused naming the file and the sample; nothing reaches the derivatives", () => {
    const voxOffset = Number(nii.readBigInt64LE(168));
    const nan = Buffer.from(nii);
    nan.writeFloatLE(Number.NaN, voxOffset + 8 * 1024 * 3 + 8 * 7);
    refusedEverywhere(gzipSync(nan), "data (FID 3, point 7, real part): is NaN");
    const inf = Buffer.from(nii);
    inf.writeFloatLE(Number.POSITIVE_INFINITY, voxOffset + 4);
    refusedEverywhere(gzipSync(inf), "data (FID 0, point 0, imaginary part): is Infinity");
  });

  it("a JSON header extension nested 50 000 deep is refused (no stack overflow)", () => {
    const deep = withJson(nii, (j) => {
      const text = JSON.stringify(j);
      return `${text.slice(0, -1)}, "deep": ${"[".repeat(50_000)}${"]".repeat(50_000)}}`;
    });
    refusedEverywhere(gzipSync(deep), "extension (ecode 44) JSON: is nested more than 64 levels deep");
  });

  it("the memory budget is configurable: FMRS_MAX_INPUT_MB=1 refuses the real file, naming the budget", () => {
    const r = fmrsMeasured(["inspect", join(base, SVS)], { FMRS_MAX_INPUT_MB: "1" });
    expectRefused(r, "over the 1.0 MB budget for one input file");
    const bad = fmrsMeasured(["inspect", join(base, SVS)], { FMRS_MAX_INPUT_MB: "lots" });
    expectRefused(bad, 'FMRS_MAX_INPUT_MB (environment variable): is "lots"');
  });
});
