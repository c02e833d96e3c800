import { describe, expect, it } from "vitest";
import { brainTruth, gammaOfHz, readBasis3T, sigmaOfHz } from "../test/referenceBasis";
import { frequencyAxisHz, ppmAxis, ppmRangeIndices, ppmToHz } from "./axes";
import { type BasisSet, basisSetOf } from "./basis";
import { fidOf, spectrumOf } from "./fft";
import { modelFid, modelSpectrum } from "./forwardModel";
import { peakFwhmHz } from "./fwhm";

const n = 8192;
const dwell = 1.6667e-4;
function singlet(ppm: number): BasisSet {
  const nu = ppmToHz(ppm, 123);
  const fid = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    fid[2 * k] = Math.cos(2 * Math.PI * nu * k * dwell);
    fid[2 * k + 1] = Math.sin(2 * Math.PI * nu * k * dwell);
  }
  return basisSetOf([{ name: "S", fid, dwellS: dwell, centreMHz: 123, widthHz: null, nucleus: "1H" }]);
}
const base = { amplitudes: [1], gammaPerS: [0], sigmaPerS: [0], shiftHz: 0, phi0Rad: 0, phi1S: 0 };

function peakBin(s: Float64Array): number {
  let kmax = 0;
  for (let k = 0; k < s.length / 2; k++) if ((s[2 * k] ?? 0) > (s[2 * kmax] ?? 0)) kmax = k;
  return kmax;
}

describe("modelSpectrum", () => {
  it("modelSpectrum(singlet, {γ}) is a Lorentzian of FWHM γ/π Hz; {σ} a Gaussian of FWHM 2σ√ln2/π", () => {
    const b = singlet(2);
    const f = frequencyAxisHz(n, dwell);
    // bins are 0.73 Hz wide, so linear interpolation of the half-height crossings is good to ~0.1 Hz
    const wl = peakFwhmHz(modelSpectrum(b, { ...base, gammaPerS: [gammaOfHz(5)] }), f, 0, n) ?? 0;
    const wg = peakFwhmHz(modelSpectrum(b, { ...base, sigmaPerS: [sigmaOfHz(5)] }), f, 0, n) ?? 0;
    expect(Math.abs(wl - 5)).toBeLessThan(0.1);
    expect(Math.abs(wg - 5)).toBeLessThan(0.1);
  });

  it("modelSpectrum(singlet, {shiftHz: +ε}) moves the line by ε Hz towards lower ppm", () => {
    const b = singlet(2);
    const ppm = ppmAxis(n, dwell, 123);
    const p0 = ppm[peakBin(modelSpectrum(b, { ...base, gammaPerS: [10] }))] ?? 0;
    const p1 = ppm[peakBin(modelSpectrum(b, { ...base, gammaPerS: [10], shiftHz: 12.3 }))] ?? 0;
    const bin = 1 / (n * dwell) / 123;
    expect(Math.abs(p1 - p0 + 12.3 / 123)).toBeLessThanOrEqual(bin / 2 + 1e-12);
  });

  it("modelSpectrum(singlet, {phi0Rad: π/2}) turns the absorption line into the imaginary part", () => {
    const b = singlet(2);
    const s0 = modelSpectrum(b, { ...base, gammaPerS: [10] });
    const s1 = modelSpectrum(b, { ...base, gammaPerS: [10], phi0Rad: Math.PI / 2 });
    const k = peakBin(s0);
    expect(s1[2 * k + 1]).toBeCloseTo(s0[2 * k] ?? 0, 8);
  });

  it("modelSpectrum(basis, {baseline}) adds the Legendre polynomial inside its ppm range only", () => {
    const b = singlet(2);
    const s = modelSpectrum(b, {
      ...base,
      amplitudes: [0],
      baseline: { ppmRange: [0.2, 4.2], re: [1, 0.5], im: [0, -2] },
    });
    const ppm = ppmAxis(n, dwell, 123);
    const { start, end } = ppmRangeIndices(ppm, [0.2, 4.2]);
    const x = (p: number) => (2 * p - 4.4) / 4;
    expect(s[2 * start]).toBeCloseTo(1 + 0.5 * x(ppm[start] ?? 0), 12);
    expect(s[2 * start + 1]).toBeCloseTo(-2 * x(ppm[start] ?? 0), 12);
    expect(s[2 * (end + 5)]).toBe(0);
  });

  it("modelSpectrum(basis, params) rejects a wrong number of amplitudes and a missing group", () => {
    expect(() => modelSpectrum(singlet(2), { ...base, amplitudes: [1, 2] })).toThrow(/2 amplitudes/);
    expect(() => modelSpectrum(singlet(2), { ...base, groups: [1] })).toThrow(/group 1/);
  });

  it("modelFid(basis, params) is the inverse FFT of modelSpectrum", () => {
    const b = singlet(3);
    const p = { ...base, gammaPerS: [20], shiftHz: 2, phi0Rad: 0.3 };
    const s = modelSpectrum(b, p);
    const back = spectrumOf(modelFid(b, p));
    for (let k = 0; k < 50; k++) expect(back[k]).toBeCloseTo(s[k] ?? 0, 9);
    expect(fidOf(s).length).toBe(2 * n);
  });
});

describe("modelSpectrum on the real 3 T basis", () => {
  it("modelSpectrum(basis_3T, brain truth) puts the largest peak (NAA) at 2.01 ppm minus the shift", () => {
    const basis = readBasis3T();
    const s = modelSpectrum(basis, brainTruth(basis, { shiftHz: 0, phi0Rad: 0 }));
    const ppm = ppmAxis(basis.points, basis.dwellS, basis.centreMHz);
    expect(Math.abs((ppm[peakBin(s)] ?? 0) - 2.008)).toBeLessThan(0.025);
  });
});
