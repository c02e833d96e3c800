import { describe, expect, it } from "vitest";
import { brainTruth, readBasis3T } from "../test/referenceBasis";
import { ppmAxis } from "./axes";
import { rotatePhase } from "./complex";
import { spectrumOf } from "./fft";
import { perturbTransients } from "./perturbTransients";
import { seededRandom } from "./random";
import { addComplexNoise, noiseSdForSnr, simulateFid } from "./simulate";
import { noiseSd, peakHeight } from "./snr";

describe("addComplexNoise", () => {
  it("addComplexNoise(zeros, σ, random) has SD σ per component and is reproducible with the same seed", () => {
    const z = new Float64Array(20000);
    const a = addComplexNoise(z, 2, seededRandom(5));
    const b = addComplexNoise(z, 2, seededRandom(5));
    expect(Array.from(a)).toEqual(Array.from(b));
    const sd = Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    expect(Math.abs(sd - 2)).toBeLessThan(0.05);
  });
});

describe("perturbTransients", () => {
  it("perturbTransients(transients, dwell, {drift}) shifts transient i by i·drift Hz and reports the truth", () => {
    const n = 64;
    const fid = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) fid[2 * k] = 1;
    const out = perturbTransients([fid, fid, fid], 1e-3, { driftHzPerTransient: 0.5, phaseJitterRad: 0.1 });
    expect(out.shiftsHz).toEqual([0, 0.5, 1]);
    const t2 = out.transients[2] ?? fid;
    const ph = out.phasesRad[2] ?? 0;
    expect(Math.atan2(t2[2 * 10 + 1] ?? 0, t2[2 * 10] ?? 0)).toBeCloseTo(
      2 * Math.PI * 1 * 10 * 1e-3 + ph,
      10,
    );
    expect(perturbTransients([], 1e-3, {}).transients).toEqual([]);
  });
});

describe("simulateFid on the real 3 T basis", () => {
  const basis = readBasis3T();
  const truth = brainTruth(basis);

  it("simulateFid(basis, truth, {snr: 60}) gives a spectrum whose measured NAA SNR is 60 ± 10 %", () => {
    const sim = simulateFid(basis, truth, { snr: 60, random: seededRandom(2) });
    const ppm = ppmAxis(basis.points, basis.dwellS, basis.centreMHz);
    const phased = rotatePhase(spectrumOf(sim.fid), -truth.phi0Rad);
    const sd = noiseSd(phased, ppm);
    expect(sd / sim.noiseSdSpectrum).toBeGreaterThan(0.85);
    expect(sd / sim.noiseSdSpectrum).toBeLessThan(1.15);
    const snr = peakHeight(rotatePhase(spectrumOf(sim.noiseless), -truth.phi0Rad), ppm) / sd;
    expect(snr).toBeGreaterThan(54);
    expect(snr).toBeLessThan(66);
  });

  it("simulateFid(basis, truth, {noiseSd}) uses that SD; no noise option returns the noiseless FID", () => {
    const a = simulateFid(basis, truth);
    expect(Array.from(a.fid.subarray(0, 10))).toEqual(Array.from(a.noiseless.subarray(0, 10)));
    const b = simulateFid(basis, truth, { noiseSd: 0.5 });
    expect(b.noiseSdTime).toBe(0.5);
  });

  it("noiseSdForSnr(basis, truth, 0) throws", () => {
    expect(() => noiseSdForSnr(basis, truth, 0)).toThrow(/snr must be > 0/);
  });
});
