import { describe, expect, it } from "vitest";
import {
  BRAIN_CONCENTRATIONS,
  brainTruth,
  comboOf,
  ratioOf,
  readBasis3T,
  trueNaaFwhm,
} from "../test/referenceBasis";
import { ppmToHz } from "./axes";
import { type BasisSet, basisSetOf } from "./basis";
import { fitSpectrum } from "./fitSpectrum";
import type { ModelParams } from "./forwardModel";
import { seededRandom } from "./random";
import { simulateFid } from "./simulate";

const mean = (a: readonly number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const _sd = (a: readonly number[]) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1));
};

/** A small synthetic basis of undamped singlets (no reference data needed). */
function singlets(ppms: Record<string, number>, n = 1024, dwell = 2.5e-4, centre = 123.2): BasisSet {
  return basisSetOf(
    Object.entries(ppms).map(([name, ppm]) => {
      const nu = ppmToHz(ppm, centre);
      const fid = new Float64Array(2 * n);
      for (let k = 0; k < n; k++) {
        fid[2 * k] = Math.cos(2 * Math.PI * nu * k * dwell);
        fid[2 * k + 1] = Math.sin(2 * Math.PI * nu * k * dwell);
      }
      return { name, fid, dwellS: dwell, centreMHz: centre, widthHz: null, nucleus: "1H" };
    }),
  );
}

describe("fitSpectrum on synthetic singlets", () => {
  // A toy basis without macromolecules: no simulated LCModel MM/Lip components; its lines are
  // undamped, so the model works on the whole spectrum (no band decimation) for exact recovery.
  const noMm = { simulateMacromolecules: false, decimate: false } as const;
  const basis = singlets({ NAA: 2.01, Cr: 3.03, Cho: 3.2, Glu: 2.35 });
  const truth: ModelParams = {
    amplitudes: [10, 8, 3, 5],
    gammaPerS: [15],
    sigmaPerS: [12],
    shiftHz: -2.2,
    phi0Rad: -0.4,
    phi1S: 1e-4,
    baseline: { ppmRange: [0.2, 4.2], re: [30, -10, 5], im: [4, 0, -3] },
  };

  it("fitSpectrum(noiseless fid) recovers amplitudes, lineshape, shift, phases and baseline", () => {
    const sim = simulateFid(basis, truth);
    // The truth's baseline is a quadratic: fit it as an unpenalised order-2 polynomial.
    const fit = fitSpectrum(sim.fid, basis, { ...noMm, lineshapeGroups: [[]], baselineOrder: 2 });
    expect(fit.converged).toBe(true);
    fit.metabolites.forEach((m, i) => {
      expect(m.amplitude / (truth.amplitudes[i] ?? 1)).toBeCloseTo(1, 4);
    });
    expect(fit.shiftHz).toBeCloseTo(-2.2, 4);
    expect(fit.phi0Rad).toBeCloseTo(-0.4, 4);
    expect(fit.phi1S).toBeCloseTo(1e-4, 7);
    expect(fit.lineshapes[0]?.gammaPerS).toBeCloseTo(15, 2);
    expect(fit.lineshapes[0]?.sigmaPerS).toBeCloseTo(12, 2);
    expect(fit.baseline.re[0]).toBeCloseTo(30, 2);
    expect(fit.baseline.im[2]).toBeCloseTo(-3, 2);
    expect(Math.max(...Array.from(fit.residual, Math.abs))).toBeLessThan(
      1e-6 * Math.max(...Array.from(fit.data, Math.abs)),
    );
  });

  it("fitSpectrum(fid, basis) returns plot arrays with data = fit + residual on the fitted ppm bins", () => {
    const fit = fitSpectrum(simulateFid(basis, truth, { snr: 50, random: seededRandom(1) }).fid, basis, noMm);
    expect(fit.data.length).toBe(2 * fit.ppm.length);
    expect(fit.ppm[0]).toBeLessThanOrEqual(4.2);
    expect(fit.ppm[fit.ppm.length - 1]).toBeGreaterThanOrEqual(0.2);
    for (let k = 0; k < fit.data.length; k++) {
      expect(fit.data[k]).toBeCloseTo((fit.fit[k] ?? 0) + (fit.residual[k] ?? 0), 8);
    }
    expect(fit.snrMethod).toMatch(/NAA peak height/);
  });

  it("fitSpectrum(fid, basis, {fitFirstOrderPhase: false, baselineOrder: -1}) fixes φ1 = 0 and fits no baseline", () => {
    const plain = { ...truth, phi1S: 0, baseline: undefined };
    const fit = fitSpectrum(simulateFid(basis, plain).fid, basis, {
      ...noMm,
      fitFirstOrderPhase: false,
      baselineOrder: -1,
    });
    expect(fit.phi1S).toBe(0);
    expect(fit.phi1CrlbS).toBeNull();
    expect(fit.baseline.re).toEqual([]);
    expect(fit.metabolites[0]?.amplitude).toBeCloseTo(10, 4);
  });

  it("fitSpectrum(fid, basis) rejects a length mismatch, an unknown member and a range with < 16 bins", () => {
    const fid = simulateFid(basis, truth).fid;
    expect(() => fitSpectrum(fid.subarray(0, 100), basis)).toThrow(/resample the basis/);
    expect(() => fitSpectrum(fid, basis, { include: ["NAA", "Nope"] })).toThrow(/Nope is not in the basis/);
    expect(() => fitSpectrum(fid, basis, { ppmRange: [2.0, 2.05] })).toThrow(/bins in/);
  });

  it("fitSpectrum(fid, basis) reports an absent member as 0 with a null CRLB% and skips combinations it cannot form", () => {
    const fit = fitSpectrum(
      simulateFid(basis, { ...truth, amplitudes: [10, 8, 0, 5] }, { snr: 80, random: seededRandom(4) }).fid,
      basis,
      noMm,
    );
    const cho = fit.metabolites.find((m) => m.name === "Cho");
    expect(cho?.amplitude).toBeLessThan(0.5);
    if (cho?.amplitude === 0) expect(cho.crlbPercent).toBeNull();
    expect(fit.combinations.map((c) => c.name)).toEqual([]);
    expect(fit.ratios).toEqual([]);
  });
});

describe("fitSpectrum on the real 3 T basis (basis_3T, 123.0 MHz, 2048 points)", () => {
  const basis = readBasis3T();
  const truthA = brainTruth(basis);
  const _truthB = brainTruth(basis, { glxFactor: 1.05 });

  for (const widths of [
    { lorentzHz: 3, gaussHz: 4 },
    { lorentzHz: 3.5, gaussHz: 5.5 },
  ]) {
    it(`fitSpectrum(noiseless brain spectrum, L ${widths.lorentzHz} Hz + G ${widths.gaussHz} Hz) recovers every amplitude and the NAA FWHM`, () => {
      const truth = { ...brainTruth(basis, { ...widths, shiftHz: -3.1, phi0Rad: 0.6, phi1S: 5e-5 }) };
      const fit = fitSpectrum(simulateFid(basis, truth).fid, basis);
      expect(fit.converged).toBe(true);
      for (const m of fit.metabolites) {
        expect(Math.abs(m.amplitude - (BRAIN_CONCENTRATIONS[m.name] ?? 0))).toBeLessThan(1e-3);
      }
      expect(fit.shiftHz).toBeCloseTo(-3.1, 4);
      expect(fit.phi0Rad).toBeCloseTo(0.6, 4);
      const fwhm = trueNaaFwhm(basis, truth);
      expect(fwhm).toBeGreaterThan(5);
      expect(fwhm).toBeLessThan(8.5);
      expect(Math.abs((fit.naaFwhmHz ?? 0) - fwhm)).toBeLessThan(0.02);
      expect(Math.abs((fit.naaFwhmPpm ?? 0) - fwhm / 123)).toBeLessThan(0.0002);
      expect(ratioOf(fit, "Glx/tNAA")?.value).toBeCloseTo(13 / 13.5, 5);
    });
  }

  it("fitSpectrum(brain spectrum with a rolling baseline, SNR 200) keeps Glx/tNAA within 2 %", () => {
    const truth: ModelParams = {
      ...truthA,
      baseline: { ppmRange: [0.2, 4.2], re: [40, 25, -15], im: [10, -20, 5] },
    };
    const fit = fitSpectrum(simulateFid(basis, truth, { snr: 200, random: seededRandom(9) }).fid, basis);
    expect(Math.abs((ratioOf(fit, "Glx/tNAA")?.value ?? 0) / (13 / 13.5) - 1)).toBeLessThan(0.02);
    expect(fit.baseline.re[1]).toBeCloseTo(25, -1);
  });

  it("fitSpectrum(spectrum shifted by 11 Hz with φ0 = 2.5 rad) starts from the grid and still finds the truth", () => {
    const truth = brainTruth(basis, { shiftHz: 11, phi0Rad: 2.5 });
    const fit = fitSpectrum(simulateFid(basis, truth, { snr: 60, random: seededRandom(10) }).fid, basis);
    expect(Math.abs(fit.shiftHz - 11)).toBeLessThan(0.3);
    expect(Math.abs(fit.phi0Rad - 2.5)).toBeLessThan(0.1);
    expect(Math.abs((ratioOf(fit, "Glx/tNAA")?.value ?? 0) / (13 / 13.5) - 1)).toBeLessThan(0.15);
  });

  it("fitSpectrum(2048-point spectrum) on the decimated band (default) gives the amplitudes of the full-length model within 0.1 %", () => {
    // FitOptions.decimate: the model works on 1024 of the 2048 points around the fitted range.
    const fid = simulateFid(basis, truthA, { snr: 60, random: seededRandom(13) }).fid;
    const band = fitSpectrum(fid, basis);
    const full = fitSpectrum(fid, basis, { decimate: false });
    const largest = Math.max(...full.metabolites.map((m) => m.amplitude));
    full.metabolites.forEach((m, i) => {
      expect(Math.abs((band.metabolites[i]?.amplitude ?? 0) - m.amplitude), m.name).toBeLessThan(
        1e-3 * largest,
      );
    });
    for (const name of ["Glu/tNAA", "Glx/tNAA", "Ins/tNAA", "tCho/tNAA"]) {
      const a = ratioOf(band, name)?.value ?? 0;
      const b = ratioOf(full, name)?.value ?? 1;
      expect(Math.abs(a / b - 1), name).toBeLessThan(1e-3);
    }
  });

  it("fitSpectrum(fid, basis, {noiseVariance: 'noiseRegion'}) gives CRLBs close to the residual-based ones when the model is right", () => {
    const fid = simulateFid(basis, truthA, { snr: 60, random: seededRandom(12) }).fid;
    const a = fitSpectrum(fid, basis);
    const b = fitSpectrum(fid, basis, { noiseVariance: "noiseRegion" });
    expect(b.crlbNoise).toBe("noiseRegion");
    const r = (comboOf(b, "Glx")?.crlb ?? 0) / (comboOf(a, "Glx")?.crlb ?? 1);
    expect(r).toBeGreaterThan(0.8);
    expect(r).toBeLessThan(1.25);
  });
});
