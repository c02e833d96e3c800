import {
  type BasisSet,
  frequencyAxisHz,
  modelFid,
  noiseSd,
  peakFwhmHz,
  peakHeight,
  ppmAxis,
  ppmRangeIndices,
  rotatePhase,
  spectrumOf,
} from "@fmrs/spectra";
import { describe, expect, it } from "vitest";
import { streamFor } from "./rng";
import {
  acquisitionBasis,
  calibratedWidths,
  naaSingletFwhmHz,
  type SessionSpectraInput,
  simulateSessionSpectra,
  voigtWidths,
} from "./simulateSessionSpectra";
import { MINI_SPEC, SimulationSpec, type SimulationSpecInput } from "./spec";
import { readBasis3T, ref } from "./testing/referenceBasis";

/** Mini timing without drift, jitter, water, BOLD or faults: spectra that can be measured directly. */
const CLEAN: SimulationSpecInput = {
  ...MINI_SPEC,
  spectra: {
    frequency_offset_sd_hz: 0,
    drift_max_hz_per_min: 0,
    frequency_walk_sd_hz: 0,
    frequency_jitter_sd_hz: 0,
    phase_jitter_sd_rad: 0,
    bold_narrowing_hz: 0,
    corrupted_transients_per_session: 0,
    motion_episodes_per_session: 0,
    residual_water: { height_vs_naa: { min: 0, max: 0 }, fwhm_hz: 8 },
  },
};

function meanDynamic(data: Float64Array, points: number, count: number, pick?: (d: number) => boolean) {
  const out = new Float64Array(2 * points);
  let used = 0;
  for (let d = 0; d < count; d++) {
    if (pick !== undefined && !pick(d)) continue;
    used++;
    for (let k = 0; k < 2 * points; k++) out[k] = (out[k] ?? 0) + (data[2 * points * d + k] ?? 0);
  }
  return out.map((x) => x / used);
}

const zeroFilled = (fid: Float64Array, factor: number) => {
  const out = new Float64Array(fid.length * factor);
  out.set(fid);
  return out;
};

describe("voigtWidths", () => {
  it("voigtWidths(6, 1.3) returns Lorentzian and Gaussian widths in ratio 1.3 whose Olivero–Longbothum Voigt FWHM is 6 Hz", () => {
    const { lorentzHz: l, gaussHz: g } = voigtWidths(6, 1.3);
    expect(g / l).toBeCloseTo(1.3, 12);
    expect(0.5346 * l + Math.sqrt(0.2166 * l * l + g * g)).toBeCloseTo(6, 12);
  });
});

describe("simulateSessionSpectra on the real 3 T basis", () => {
  const raw = readBasis3T();
  const input = (spec: SimulationSpec, concentrations: Record<string, number>, group = 12, seed = 1) => {
    const basis = acquisitionBasis(raw, spec.acquisition);
    const i: SessionSpectraInput = {
      basis,
      concentrations,
      peakPct: 5,
      spec,
      transientsPerDynamic: group,
      rng: streamFor(seed, "mrs", "sub-01", "ses-1"),
    };
    return i;
  };

  it("calibratedWidths(naa, 6.5, 1.3) gives widths whose NAA singlet measures 6.5 Hz", () => {
    const basis = acquisitionBasis(raw, SimulationSpec.parse({}).acquisition);
    const naa = basis.naaZeroFilled as BasisSet;
    const { lorentzHz, gaussHz } = calibratedWidths(naa, 6.5, 1.3);
    expect(gaussHz / lorentzHz).toBeCloseTo(1.3, 10);
    expect(naaSingletFwhmHz(naa, lorentzHz, gaussHz)).toBeCloseTo(6.5, 1);
  });

  it("simulateSessionSpectra(NAA only) has NAA at 2.01 ppm with the drawn FWHM and single-dynamic SNR", () => {
    const spec = SimulationSpec.parse(CLEAN);
    const { svs, truth } = simulateSessionSpectra(input(spec, { NAA: 10 }));
    const n = svs.points;
    const dwell = 1 / spec.acquisition.spectral_width_hz;
    const f0 = 123;
    expect(svs.shape).toEqual([1, 1, 1, 16]);
    // Mean of all dynamics, 8× zero-filled and phased with the true phase: peak position and width.
    const mean = meanDynamic(svs.data, n, svs.count);
    const s8 = rotatePhase(spectrumOf(zeroFilled(mean, 8)), -truth.phaseOffsetRad);
    const ppm8 = ppmAxis(8 * n, dwell, f0);
    const win = ppmRangeIndices(ppm8, [1.9, 2.1]);
    let kmax = win.start;
    for (let k = win.start; k < win.end; k++) if ((s8[2 * k] ?? 0) > (s8[2 * kmax] ?? 0)) kmax = k;
    expect(ppm8[kmax]).toBeCloseTo(2.008, 2);
    const fwhm = peakFwhmHz(s8, frequencyAxisHz(8 * n, dwell), win.start, win.end);
    expect(fwhm).not.toBeNull();
    expect(Math.abs((fwhm ?? 0) - truth.naaFwhmHz)).toBeLessThan(0.2);
    expect(truth.naaFwhmHz).toBeGreaterThanOrEqual(5);
    expect(truth.naaFwhmHz).toBeLessThanOrEqual(8);
    // SNR of one stored dynamic: noiseless height (mean of 16) over the noise SD of each dynamic.
    const ppm = ppmAxis(n, dwell, f0);
    const sds = Array.from({ length: svs.count }, (_, d) =>
      noiseSd(spectrumOf(svs.data.subarray(2 * n * d, 2 * n * (d + 1))), ppm),
    );
    const sd = Math.sqrt(sds.reduce((a, b) => a + b * b, 0) / sds.length);
    expect(sd / (truth.noiseSdTime * Math.sqrt(n / 12))).toBeGreaterThan(0.93);
    expect(sd / (truth.noiseSdTime * Math.sqrt(n / 12))).toBeLessThan(1.07);
    const height = peakHeight(rotatePhase(spectrumOf(mean), -truth.phaseOffsetRad), ppm);
    const snr = height / sd;
    expect(snr / (truth.snrPerTransient * Math.sqrt(12))).toBeGreaterThan(0.9);
    expect(snr / (truth.snrPerTransient * Math.sqrt(12))).toBeLessThan(1.1);
  });

  it("simulateSessionSpectra(default ACC spectrum) has its largest peak near 2.01 ppm (NAA) despite drift and water", () => {
    const spec = SimulationSpec.parse(MINI_SPEC);
    const { svs } = simulateSessionSpectra(input(spec, spec.spectra.concentrations));
    const n = svs.points;
    const s = spectrumOf(meanDynamic(svs.data, n, svs.count));
    const ppm = ppmAxis(n, 1 / 3000, 123);
    const { start, end } = ppmRangeIndices(ppm, [1.7, 3.5]);
    let best = start;
    for (let k = start; k < end; k++) {
      if (Math.hypot(s[2 * k] ?? 0, s[2 * k + 1] ?? 0) > Math.hypot(s[2 * best] ?? 0, s[2 * best + 1] ?? 0))
        best = k;
    }
    expect(Math.abs((ppm[best] ?? 0) - 2.01)).toBeLessThan(0.05);
  });

  it("simulateSessionSpectra(…) stores the mean of the transients the full study stores (groups of 12 vs 1)", () => {
    const spec = SimulationSpec.parse(MINI_SPEC);
    const conc = spec.spectra.concentrations;
    const averaged = simulateSessionSpectra(input(spec, conc, 12)).svs;
    const full = simulateSessionSpectra(input(spec, conc, 1)).svs;
    expect(full.shape).toEqual([1, 1, 1, 192]);
    const regrouped = new Float64Array(averaged.data.length);
    const len = 2 * full.points;
    for (let j = 0; j < 192; j++) {
      const d = Math.floor(j / 12);
      for (let k = 0; k < len; k++)
        regrouped[d * len + k] = (regrouped[d * len + k] ?? 0) + (full.data[j * len + k] ?? 0) / 12;
    }
    let maxDiff = 0;
    let maxAbs = 0;
    averaged.data.forEach((v, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(v - (regrouped[i] ?? 0)));
      maxAbs = Math.max(maxAbs, Math.abs(v));
    });
    expect(maxDiff / maxAbs).toBeLessThan(1e-12);
  });

  it("simulateSessionSpectra(…) encodes the Glx rise: the plateau − baseline difference is the Glu+Gln spectrum × the rise", () => {
    const spec = SimulationSpec.parse({
      ...CLEAN,
      spectra: { ...CLEAN.spectra, snr_per_transient: { mean: 1e5, sd: 0 } },
    });
    const conc = spec.spectra.concentrations;
    const i = input(spec, conc);
    const { svs, truth } = simulateSessionSpectra(i);
    const n = svs.points;
    // Dynamics 0–3: baseline (2 min); 10–11: the last minute of the 4-min infusion (transients 120–143).
    const base = meanDynamic(svs.data, n, svs.count, (d) => d < 4);
    const late = meanDynamic(svs.data, n, svs.count, (d) => d === 10 || d === 11);
    const glx = modelFid(i.basis.basis, {
      amplitudes: i.basis.basis.names.map((name) =>
        name === "Glu" || name === "Gln" ? (conc[name] ?? 0) : 0,
      ),
      gammaPerS: [Math.PI * truth.lorentzFwhmHz],
      sigmaPerS: [(Math.PI * truth.gaussFwhmHz) / (2 * Math.sqrt(Math.LN2))],
      shiftHz: 0,
      phi0Rad: truth.phaseOffsetRad,
      phi1S: 0,
    });
    let num = 0;
    let den = 0;
    for (let k = 0; k < 2 * n; k++) {
      num += ((late[k] ?? 0) - (base[k] ?? 0)) * (glx[k] ?? 0);
      den += (glx[k] ?? 0) ** 2;
    }
    // Mean rise over those transients: they start 180–237.5 s after onset (onset at 120 s), τ = 1 min.
    let expected = 0;
    for (let j = 120; j < 144; j++) expected += 0.05 * (1 - Math.exp(-(j * 2.5 - 120) / 60));
    expect(num / den).toBeCloseTo(expected / 24, 3);
  });

  it("simulateSessionSpectra(with motion) broadens and weakens NAA in the motion dynamics", () => {
    const spec = SimulationSpec.parse({
      ...MINI_SPEC,
      spectra: {
        motion_episodes_per_session: 2,
        corrupted_transients_per_session: 0,
        snr_per_transient: { mean: 200, sd: 0 },
      },
    });
    const { svs, truth } = simulateSessionSpectra(input(spec, spec.spectra.concentrations, 12, 4));
    expect(truth.motion.length).toBeGreaterThan(0);
    const n = svs.points;
    const bad = new Set<number>();
    for (const e of truth.motion)
      for (let j = e.startTransient; j < e.endTransient; j++) bad.add(Math.floor(j / 12));
    const ppm = ppmAxis(n, 1 / 3000, 123);
    const { start, end } = ppmRangeIndices(ppm, [1.9, 2.15]);
    const height = (d: number) => {
      const s = spectrumOf(svs.data.subarray(2 * n * d, 2 * n * (d + 1)));
      let h = 0;
      for (let k = start; k < end; k++) h = Math.max(h, Math.hypot(s[2 * k] ?? 0, s[2 * k + 1] ?? 0));
      return h;
    };
    const good = Array.from({ length: svs.count }, (_, d) => d).filter((d) => !bad.has(d));
    const worst = Math.min(...[...bad].map(height));
    const typical = good.map(height).reduce((a, b) => a + b, 0) / good.length;
    expect(worst).toBeLessThan(0.8 * typical);
  });

  it("simulateSessionSpectra(4 coils) stores DIM_COIL before DIM_DYN with unit total sensitivity", () => {
    const spec = SimulationSpec.parse({ ...MINI_SPEC, acquisition: { ...MINI_SPEC.acquisition, coils: 4 } });
    const { svs, ref: water, truth } = simulateSessionSpectra(input(spec, spec.spectra.concentrations));
    expect(svs.shape).toEqual([1, 1, 1, 4, 16]);
    expect(svs.axes).toEqual(["x", "y", "z", "DIM_COIL", "DIM_DYN"]);
    expect(water?.shape).toEqual([1, 1, 1, 4, 2]);
    expect(truth.coils.reduce((s, c) => s + c.magnitude ** 2, 0)).toBeCloseTo(1, 12);
  });
});
