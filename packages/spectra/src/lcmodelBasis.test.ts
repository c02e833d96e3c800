import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { ref } from "../test/referenceBasis";
import { ppmAxis } from "./axes";
import type { BasisSet } from "./basis";
import { fft, spectrumOf } from "./fft";
import { parseLcmodelBasis } from "./lcmodelBasis";

const basisFile = join(ref, "lcmodel-test", "3t.basis");
const text = readFileSync(basisFile, "utf8");

/** ppm of the largest |S| of member `name` within [lo, hi] ppm, after 2 Hz exponential broadening. */
function peakPpm(basis: BasisSet, name: string, lo: number, hi: number): number {
  const fid = basis.fids[basis.names.indexOf(name)];
  if (fid === undefined) throw new Error(`no ${name}`);
  const damped = fid.map((v, k) => v * Math.exp(-Math.PI * 2 * Math.floor(k / 2) * basis.dwellS));
  const s = spectrumOf(damped);
  const ppm = ppmAxis(basis.points, basis.dwellS, basis.centreMHz);
  let best = -1;
  let at = Number.NaN;
  for (let k = 0; k < basis.points; k++) {
    const p = ppm[k] ?? 0;
    if (p < lo || p > hi) continue;
    const m = Math.hypot(s[2 * k] ?? 0, s[2 * k + 1] ?? 0);
    if (m > best) {
      best = m;
      at = p;
    }
  }
  return at;
}

/** A minimal .BASIS text with one member whose stored spectrum is `spectrum` (unshifted FFT order). */
function tinyBasis(spectrum: Float64Array, extra = ""): string {
  const rows: string[] = [];
  for (let k = 0; k < spectrum.length; k += 6) {
    rows.push(
      ` ${Array.from(spectrum.subarray(k, k + 6))
        .map((v) => v.toExponential(5).padStart(12))
        .join(" ")}`,
    );
  }
  return [
    " $SEQPAR",
    " FWHMBA = 0.02,",
    " HZPPPM = 127.7861,",
    " ECHOT = 30.,",
    " SEQ = 'PRESS' $END",
    " $BASIS1",
    " IDBASI = 'test',",
    " FMTBAS = '(6E13.5)',",
    " BADELT = 5e-04,",
    ` NDATAB = ${spectrum.length / 2} $END`,
    " $BASIS",
    " ID = 'NAA',",
    " METABO = 'NAA',",
    ` CONC = 1.0,${extra}`,
    " ISHIFT = 0 $END",
    ...rows,
    "",
  ].join("\n");
}

/** Unshifted spectrum FFT(fid) of an undamped singlet at `ppm` (NIfTI-MRS convention), 1024 points. */
function singletSpectrum(ppm: number, conjugate: boolean): Float64Array {
  const n = 1024;
  const dwell = 5e-4;
  const hz = (4.65 - ppm) * 127.7861;
  const fid = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const ph = 2 * Math.PI * hz * k * dwell;
    const decay = Math.exp(-k * dwell * Math.PI * 3);
    fid[2 * k] = Math.cos(ph) * decay;
    fid[2 * k + 1] = (conjugate ? -1 : 1) * Math.sin(ph) * decay;
  }
  return Float64Array.from(fft(fid));
}

describe("parseLcmodelBasis on lcmodel-test/3t.basis (spant-written, LCModel's own test basis)", () => {
  const parsed = parseLcmodelBasis(text, basisFile);
  const b = parsed.basis;

  it("reads the 17 members in file order, 1024 points at 0.5 ms dwell, 127.7861 MHz, the header fields", () => {
    // Member list and header as printed in the file's $BASIS / $SEQPAR / $BASIS1 namelists.
    expect(b.names).toEqual([
      "Ala",
      "Asp",
      "Cr",
      "GABA",
      "Glc",
      "Gln",
      "GSH",
      "Glu",
      "GPC",
      "Ins",
      "Lac",
      "NAA",
      "NAAG",
      "PCh",
      "PCr",
      "sIns",
      "Tau",
    ]);
    expect(b.points).toBe(1024);
    expect(b.fids.every((f) => f.length === 2048)).toBe(true);
    expect(b.dwellS).toBe(5e-4);
    expect(b.centreMHz).toBe(127.7861);
    expect(b.nucleus).toBe("1H");
    expect(b.widthsHz[0]).toBeCloseTo(0.1 * 127.7861, 6); // FWHMBA 0.1 ppm
    expect(parsed.echoTimeMs).toBeNull(); // ECHOT is blank in this file
    expect(parsed.sequence).toBe("PRESS");
    expect(parsed.conjugated).toBe(false);
  });

  it("puts the singlets where the literature has them (Govindaraju et al. 2000, NMR Biomed 13:129), on this project's ppm axis", () => {
    // One bin is 1/(1024·0.5 ms) = 1.95 Hz = 0.015 ppm: tolerance 0.02 ppm.
    expect(peakPpm(b, "NAA", 1.8, 2.2)).toBeCloseTo(2.008, 1);
    expect(Math.abs(peakPpm(b, "NAA", 1.8, 2.2) - 2.008)).toBeLessThan(0.02);
    expect(Math.abs(peakPpm(b, "Cr", 2.9, 3.1) - 3.027)).toBeLessThan(0.02);
    expect(Math.abs(peakPpm(b, "Cr", 3.8, 4.05) - 3.913)).toBeLessThan(0.02);
    expect(Math.abs(peakPpm(b, "PCr", 2.9, 3.1) - 3.029)).toBeLessThan(0.02);
    expect(Math.abs(peakPpm(b, "GPC", 3.1, 3.3) - 3.212)).toBeLessThan(0.02);
    expect(Math.abs(peakPpm(b, "PCh", 3.1, 3.3) - 3.208)).toBeLessThan(0.02);
    // And nothing at the mirror positions 9.3 − ppm: NAA's strongest line overall is its singlet.
    expect(Math.abs(peakPpm(b, "NAA", -10, 20) - 2.008)).toBeLessThan(0.02);
  });

  it("FID = ifft(stored spectrum): the first stored value is Σ fid (FFT bin 0)", () => {
    const naa = b.fids[b.names.indexOf("NAA")] ?? new Float64Array(0);
    let re = 0;
    let im = 0;
    for (let k = 0; k < b.points; k++) {
      re += naa[2 * k] ?? 0;
      im += naa[2 * k + 1] ?? 0;
    }
    const start = text.indexOf("\n", text.indexOf("$END", text.indexOf("METABO = 'NAA'"))) + 1;
    const stored = text.slice(start).trim().split(/\s+/).slice(0, 2).map(Number);
    expect(re).toBeCloseTo(stored[0] ?? Number.NaN, 4);
    expect(im).toBeCloseTo(stored[1] ?? Number.NaN, 4);
  });
});

describe("parseLcmodelBasis orientation and ISHIFT", () => {
  it("a file written with the opposite FFT sign is conjugated so NAA still lands at 2.01 ppm", () => {
    const asIs = parseLcmodelBasis(tinyBasis(singletSpectrum(2.008, false)), "a.basis");
    const mirrored = parseLcmodelBasis(tinyBasis(singletSpectrum(2.008, true)), "b.basis");
    expect(asIs.conjugated).toBe(false);
    expect(mirrored.conjugated).toBe(true);
    expect(Math.abs(peakPpm(asIs.basis, "NAA", -10, 20) - 2.008)).toBeLessThan(0.02);
    expect(Math.abs(peakPpm(mirrored.basis, "NAA", -10, 20) - 2.008)).toBeLessThan(0.02);
    expect(asIs.echoTimeMs).toBe(30);
    expect(asIs.basis.widthsHz[0]).toBeCloseTo(0.02 * 127.7861, 8);
  });

  it("ISHIFT = s rolls the stored spectrum by −s points before the inverse FFT (FSL-MRS readLCModelBasis)", () => {
    const spectrum = singletSpectrum(2.008, false);
    // Store the spectrum rolled by +5 bins and declare ISHIFT = 5: the reader must undo it.
    const n = spectrum.length / 2;
    const rolledBy5 = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const src = (k - 5 + n) % n;
      rolledBy5[2 * k] = spectrum[2 * src] ?? 0;
      rolledBy5[2 * k + 1] = spectrum[2 * src + 1] ?? 0;
    }
    const text5 = tinyBasis(rolledBy5).replace("ISHIFT = 0", "ISHIFT = 5");
    const plain = parseLcmodelBasis(tinyBasis(spectrum), "a.basis").basis.fids[0] ?? [];
    const shifted = parseLcmodelBasis(text5, "a.basis").basis.fids[0] ?? [];
    for (let k = 0; k < 40; k++) expect(shifted[k]).toBeCloseTo(plain[k] ?? Number.NaN, 4);
  });
});

describe("parseLcmodelBasis rejects bad input with the file and the line or field", () => {
  const good = tinyBasis(singletSpectrum(2.008, false));
  const problem = (t: string): InputError => {
    try {
      parseLcmodelBasis(t, "bad.basis");
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return error as InputError;
    }
    throw new Error("no error thrown");
  };

  it("a non-numeric data value names its line", () => {
    const lines = good.split("\n");
    const at = lines.findIndex((l) => l.includes("ISHIFT")) + 3;
    lines[at] = lines[at]?.replace(/\S+/, "1.2x3E+00") ?? "";
    const e = problem(lines.join("\n"));
    expect(e.location).toMatchObject({ file: "bad.basis", line: at + 1 });
    expect(e.message).toContain("bad.basis:");
    expect(e.message).toContain("not a number");
  });

  it("a truncated data block names the $BASIS namelist and the expected count", () => {
    const lines = good.trimEnd().split("\n");
    const e = problem(lines.slice(0, -3).join("\n"));
    expect(e.location.field).toBe("$BASIS NAA");
    expect(e.message).toContain("2048");
  });

  it("missing or non-numeric header fields are named", () => {
    expect(problem(good.replace(" BADELT = 5e-04,\n", "")).location.field).toBe("BADELT");
    expect(problem(good.replace(" HZPPPM = 127.7861,", " HZPPPM = abc,")).location.field).toBe("HZPPPM");
    expect(problem(good.replace(/ NDATAB = \d+ \$END/, " $END")).location.field).toBe("NDATAB");
  });

  it("an unclosed namelist, a nameless $BASIS, a repeated name and an empty file are errors", () => {
    expect(problem(good.split(" $BASIS\n")[0] ?? "").message).toContain("no $BASIS");
    expect(problem(good.replace(" ID = 'NAA',\n METABO = 'NAA',\n", "")).location.field).toBe("METABO");
    const body = good.slice(good.indexOf(" $BASIS\n"));
    expect(problem(good + body).message).toContain("NAA appears twice");
    expect(problem(" $SEQPAR\n HZPPPM = 127.8,\n").location.field).toBe("$SEQPAR");
    expect(problem("").message).toContain("no $BASIS");
  });
});
