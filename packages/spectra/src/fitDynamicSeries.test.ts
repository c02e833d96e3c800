import { describe, expect, it } from "vitest";
import { brainTruth, readBasis3T } from "../test/referenceBasis";
import { rotatePhase } from "./complex";
import { fitDynamicSeries } from "./fitDynamicSeries";
import { modelFid } from "./forwardModel";
import { perturbTransients } from "./perturbTransients";
import { seededRandom } from "./random";
import { addComplexNoise, noiseSdForSnr } from "./simulate";

describe("fitDynamicSeries on a simulated session (3 T basis)", () => {
  // 48 transients (TR 10 s, so 4 per 40-s block): 4 baseline blocks before onset, then 8 blocks
  // with Glx raised by 8 %; 2 coils, frequency drift, phase jitter, and one corrupted transient.
  const basis = readBasis3T();
  const random = seededRandom(7);
  const rest = brainTruth(basis);
  const rise = brainTruth(basis, { glxFactor: 1.08 });
  const sd = noiseSdForSnr(basis, rest, 90) * Math.sqrt(4);
  const clean = Array.from({ length: 48 }, (_, i) => modelFid(basis, i < 16 ? rest : rise));
  const drifted = perturbTransients(clean, basis.dwellS, {
    driftHzPerTransient: 0.05,
    phaseJitterRad: 0.15,
    random,
  });
  const transients = drifted.transients.map((fid, i) =>
    [
      [1, 0.3],
      [0.6, -1.1],
    ].map(([a, ph]) => {
      const scaled = fid.map((v) => v * (a ?? 0) * (i === 30 ? 0.3 : 1));
      return addComplexNoise(rotatePhase(scaled, (ph ?? 0) + (i === 30 ? 2.5 : 0)), sd, random);
    }),
  );
  const result = fitDynamicSeries(
    {
      transients,
      dwellS: basis.dwellS,
      centreMHz: basis.centreMHz,
      repetitionTimeS: 10,
      firstTransientTimeS: -160,
    },
    basis,
    { blockLengthS: 40 },
  );

  it("fitDynamicSeries(series) times 12 blocks of 4 transients relative to infusion onset", () => {
    expect(result.transientsPerBlock).toBe(4);
    expect(result.coils).toBe(2);
    expect(result.blocks.map((b) => [b.block, b.t_start_s, b.t_end_s])).toEqual(
      Array.from({ length: 12 }, (_, i) => [i + 1, -160 + 40 * i, -120 + 40 * i]),
    );
  });

  it("fitDynamicSeries(series) rejects the corrupted transient and records why", () => {
    const rejected = result.transients.filter((t) => !t.kept);
    expect(rejected.map((t) => t.index)).toContain(30);
    expect(rejected.every((t) => typeof t.reason === "string" && t.reason.length > 0)).toBe(true);
    expect(result.blocks[7]?.n_transients).toBe(3);
  });

  it("fitDynamicSeries(series) recovers the 8 % Glx/tNAA rise within its CRLB-based uncertainty", () => {
    const ratio = (b: (typeof result.blocks)[number]) => (b.values.Glx as number) / (b.values.tNAA as number);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const base = mean(result.blocks.slice(0, 4).map(ratio));
    const after = mean(result.blocks.slice(4).map(ratio));
    const change = 100 * (after / base - 1);
    const crlb = mean(result.blocks.map((b) => b.crlb_pct.Glx as number));
    const se = crlb * Math.sqrt(1 / 4 + 1 / 8);
    expect(Math.abs(change - 8)).toBeLessThan(3 * se);
    expect(result.blocks.every((b) => b.fwhm_hz !== null && b.fwhm_hz > 4 && b.fwhm_hz < 9)).toBe(true);
    expect(result.blocks[0]?.plot?.ppm.length).toBe(result.blocks[0]?.plot?.fit.length);
  });
});

describe("fitDynamicSeries with a water reference (eddy currents)", () => {
  it("fitDynamicSeries(series with water) corrects an eddy-current phase shared by data and water reference", () => {
    const basis = readBasis3T();
    const random = seededRandom(9);
    const truth = brainTruth(basis, { phi0Rad: 0, shiftHz: 0 });
    const n = basis.points;
    const ec = new Float64Array(n).map((_, k) => 1.5 * Math.exp(-(k * basis.dwellS) / 0.015));
    const distort = (fid: Float64Array) => {
      const out = new Float64Array(fid.length);
      for (let k = 0; k < n; k++) {
        const c = Math.cos(ec[k] ?? 0);
        const s = Math.sin(ec[k] ?? 0);
        out[2 * k] = (fid[2 * k] ?? 0) * c - (fid[2 * k + 1] ?? 0) * s;
        out[2 * k + 1] = (fid[2 * k] ?? 0) * s + (fid[2 * k + 1] ?? 0) * c;
      }
      return out;
    };
    // Water on resonance, 8 Hz wide, ~2500 × NAA.
    const water = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) water[2 * k] = 2500 * 12 * Math.exp(-Math.PI * 8 * k * basis.dwellS);
    const sd = noiseSdForSnr(basis, truth, 200);
    const transients = Array.from({ length: 8 }, () => [
      addComplexNoise(distort(modelFid(basis, truth)), sd, random),
    ]);
    const series = {
      transients,
      dwellS: basis.dwellS,
      centreMHz: basis.centreMHz,
      repetitionTimeS: 10,
      firstTransientTimeS: 0,
    };
    const corrected = fitDynamicSeries({ ...series, waterReference: [distort(water)] }, basis, {
      blockLengthS: 80,
    });
    const uncorrected = fitDynamicSeries(series, basis, { blockLengthS: 80 });
    expect(corrected.eddyCurrentCorrected).toBe(true);
    expect(uncorrected.eddyCurrentCorrected).toBe(false);
    const ratio = (f: typeof corrected) =>
      (f.blocks[0]?.values.Glx as number) / (f.blocks[0]?.values.tNAA as number);
    const trueRatio = 13 / 13.5;
    expect(Math.abs(ratio(corrected) / trueRatio - 1)).toBeLessThan(0.03);
    expect(Math.abs(ratio(corrected) / trueRatio - 1)).toBeLessThan(
      Math.abs(ratio(uncorrected) / trueRatio - 1),
    );
  });
});
