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
  LIPID_PPM,
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
    lipids: { height_vs_naa: { min: 0, max: 0 }, fwhm_hz: { min: 20, max: 35 } },
    baseline_roll: {
      components: 3,
      height_vs_naa: { min: 0, max: 0 },
      fwhm_hz: { min: 150, max: 400 },
      ppm: { min: 0, max: 4.5 },
    },
  },
};

/** CLEAN plus one nuisance (spectra fields replaced), NAA-only data at very high SNR. */
function cleanWith(spectra: Record<string, unknown>): SimulationSpecInput {
  return {
    ...CLEAN,
    spectra: { ...CLEAN.spectra, snr_per_transient: { mean: 1e4, sd: 0 }, ...spectra },
  } as SimulationSpecInput;
}

/** Largest |S| (or real part) of the 8× zero-filled spectrum of `fid` within [lo, hi] ppm, with its ppm and complex value. */
function peakIn(
  fid: Float64Array,
  n: number,
  lo: number,
  hi: number,
  mode: "magnitude" | "real" = "magnitude",
) {
  const f0 = 123;
  const sw = 3000;
  const s = spectrumOf(zeroFilled(fid, 8));
  const ppm = ppmAxis(8 * n, 1 / sw, f0);
  const { start, end } = ppmRangeIndices(ppm, [lo, hi]);
  const size = (k: number) =>
    mode === "real" ? (s[2 * k] ?? 0) : Math.hypot(s[2 * k] ?? 0, s[2 * k + 1] ?? 0);
  let best = start;
  for (let k = start; k < end; k++) if (size(k) > size(best)) best = k;
  return {
    height: size(best),
    ppm: ppm[best] ?? Number.NaN,
    re: s[2 * best] ?? 0,
    im: s[2 * best + 1] ?? 0,
    spectrum: s,
    axis: ppm,
  };
}

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

  it("simulateSessionSpectra(default ACC spectrum) has its largest peak near 2.01 ppm (NAA) despite drift, lipids, baseline roll and (moderate) water", () => {
    // Water at 0.5–3 × NAA here: at 5–50 × its dispersion tail dominates |S| up to 3.5 ppm (tested below).
    const spec = SimulationSpec.parse({
      ...MINI_SPEC,
      spectra: { ...MINI_SPEC.spectra, residual_water: { height_vs_naa: { min: 0.5, max: 3 }, fwhm_hz: 10 } },
    });
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
    const { svs, truth } = simulateSessionSpectra(input(spec, spec.spectra.concentrations, 12, 1));
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

describe("simulateSessionSpectra nuisance at the sizes real data show (measured in the simulated FIDs)", () => {
  const raw = readBasis3T();
  const run = (
    specInput: SimulationSpecInput,
    seed: number,
    group = 12,
    conc: Record<string, number> = { NAA: 10 },
  ) => {
    const spec = SimulationSpec.parse(specInput);
    return simulateSessionSpectra({
      basis: acquisitionBasis(raw, spec.acquisition),
      concentrations: conc,
      peakPct: 5,
      spec,
      transientsPerDynamic: group,
      rng: streamFor(seed, "mrs", "sub-01", "ses-1"),
    });
  };

  it("the default spec puts residual water at 5–50× the NAA peak; the FFT shows that ratio at 4.65 ppm − offset, with the drawn phase", () => {
    const defaults = SimulationSpec.parse({}).spectra;
    expect(defaults.residual_water.height_vs_naa).toEqual({ min: 5, max: 50 });
    const spec = cleanWith({ residual_water: defaults.residual_water });
    const seen: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { svs, truth } = run(spec, seed);
      const n = svs.points;
      const mean = meanDynamic(svs.data, n, svs.count);
      // Relative to the NAA singlet's noiseless height (the definition; measured NAA would carry the
      // water's dispersion tail, h·(Γ/2)/Δ ≈ 0.8 × NAA at 50×: the nuisance the fit must cope with).
      const water = peakIn(mean, n, 4.0, 5.3);
      const ratio = water.height / truth.naaPeakHeight;
      seen.push(ratio);
      expect(truth.residualWaterHeightVsNaa).toBeGreaterThanOrEqual(5);
      expect(truth.residualWaterHeightVsNaa).toBeLessThanOrEqual(50);
      // Measured height ratio within 8 % of the drawn one (phase walk and height jitter average out).
      expect(Math.abs(ratio / truth.residualWaterHeightVsNaa - 1)).toBeLessThan(0.08);
      // Position: 4.65 ppm minus the drawn offset (positive Hz = lower ppm); 8× zero-filled bin 0.003 ppm.
      expect(Math.abs(water.ppm - (4.65 - truth.residualWaterOffsetHz / 123))).toBeLessThan(0.01);
      // Phase at the peak: session phase + the water's own phase (mod 2π), within 0.15 rad.
      const d = Math.atan2(water.im, water.re) - truth.phaseOffsetRad - truth.residualWaterPhaseRad;
      expect(Math.abs(Math.atan2(Math.sin(d), Math.cos(d)))).toBeLessThan(0.15);
    }
    expect(Math.max(...seen) / Math.min(...seen)).toBeGreaterThan(1.5); // drawn per session, not fixed
  });

  it("the residual water drifts per transient: height CV ≈ the spec's 5 %, phase random-walks", () => {
    const spec = cleanWith({
      residual_water: {
        height_vs_naa: { min: 20, max: 20 },
        fwhm_hz: 10,
        offset_sd_hz: 8,
        height_jitter_cv: 0.05,
        phase_walk_sd_rad: 0.01,
      },
    });
    const { svs } = run(spec, 7, 1);
    const n = svs.points;
    const heights: number[] = [];
    const phases: number[] = [];
    for (let j = 0; j < svs.count; j++) {
      const p = peakIn(svs.data.slice(2 * n * j, 2 * n * (j + 1)), n, 4.0, 5.3);
      heights.push(p.height);
      phases.push(Math.atan2(p.im, p.re));
    }
    const m = heights.reduce((a, b) => a + b, 0) / heights.length;
    const cv = Math.sqrt(heights.reduce((a, b) => a + (b - m) ** 2, 0) / (heights.length - 1)) / m;
    expect(cv).toBeGreaterThan(0.035);
    expect(cv).toBeLessThan(0.065);
    // 192 steps of SD 0.01 rad: the phase wanders (SD of a random walk's path ≫ a single step).
    const unwrapped = phases.map((p) =>
      Math.atan2(Math.sin(p - (phases[0] ?? 0)), Math.cos(p - (phases[0] ?? 0))),
    );
    const spread = Math.max(...unwrapped) - Math.min(...unwrapped);
    expect(spread).toBeGreaterThan(0.03);
    expect(spread).toBeLessThan(0.6);
  });

  it("lipid contamination: Gaussian lines at 1.28 and 0.89 ppm (the LCModel manual's lipid model) of the drawn height (default 0.1–1 × NAA) and FWHM (default 14–25 Hz)", () => {
    const defaults = SimulationSpec.parse({}).spectra.lipids;
    expect(defaults.height_vs_naa).toEqual({ min: 0.1, max: 1 });
    expect(defaults.fwhm_hz).toEqual({ min: 14, max: 25 });
    for (const seed of [1, 2, 3]) {
      const { svs, truth } = run(cleanWith({ lipids: defaults }), seed);
      const n = svs.points;
      const mean = rotatePhase(meanDynamic(svs.data, n, svs.count), -truth.phaseOffsetRad);
      // Real part (absorption): a Gaussian's dispersion tail is long, magnitude would mix it in.
      const naa = peakIn(mean, n, 1.9, 2.1, "real");
      const l13 = peakIn(mean, n, 1.15, 1.45, "real");
      const l09 = peakIn(mean, n, 0.75, 1.05, "real");
      expect(truth.lipidHeightVsNaa).toBeGreaterThanOrEqual(0.1);
      expect(truth.lipidHeightVsNaa).toBeLessThanOrEqual(1);
      expect(Math.abs(l13.height / naa.height / truth.lipidHeightVsNaa - 1)).toBeLessThan(0.05);
      expect(Math.abs(l09.height / naa.height / (0.4 * truth.lipidHeightVsNaa) - 1)).toBeLessThan(0.05);
      expect(Math.abs(l13.ppm - LIPID_PPM.ch2)).toBeLessThan(0.01);
      expect(Math.abs(l09.ppm - LIPID_PPM.ch3)).toBeLessThan(0.01);
      // Absorptive (in phase with the metabolites) and as broad as drawn.
      expect(l13.re).toBeGreaterThan(0.98 * l13.height);
      const win = ppmRangeIndices(l13.axis, [0.95, 1.65]);
      const w = peakFwhmHz(l13.spectrum, frequencyAxisHz(8 * n, 1 / 3000), win.start, win.end);
      expect(Math.abs((w ?? 0) / truth.lipidFwhmHz - 1)).toBeLessThan(0.1);
    }
  });

  it("baseline roll: a hump of the stated height, width and position appears in the spectrum (difference of two runs that differ only in it)", () => {
    const roll = (h: number) =>
      cleanWith({
        baseline_roll: {
          components: 1,
          height_vs_naa: { min: h, max: h },
          fwhm_hz: { min: 150, max: 400 },
          ppm: { min: 0.5, max: 4 },
        },
      });
    for (const seed of [1, 2, 3]) {
      const on = run(roll(0.2), seed);
      const off = run(roll(0), seed);
      const n = on.svs.points;
      const diff = meanDynamic(on.svs.data, n, on.svs.count).map(
        (v, k) => v - (meanDynamic(off.svs.data, n, off.svs.count)[k] ?? 0),
      );
      const hump = on.truth.baselineRoll[0];
      expect(hump).toBeDefined();
      // Phased by the session and hump phases, the hump is an absorptive Gaussian.
      const phased = rotatePhase(diff, -(on.truth.phaseOffsetRad + (hump?.phaseRad ?? 0)));
      const p = peakIn(phased, n, -1, 6, "real");
      expect(Math.abs(p.height / on.truth.naaPeakHeight - 0.2)).toBeLessThan(0.01);
      expect(Math.abs(p.ppm - (hump?.ppm ?? 0))).toBeLessThan(0.05);
      // Broad as drawn (FWHM of the real part; the FID's undivided first point adds a flat offset).
      const win = ppmRangeIndices(p.axis, [(hump?.ppm ?? 0) - 3, (hump?.ppm ?? 0) + 3]);
      const width = peakFwhmHz(p.spectrum, frequencyAxisHz(8 * n, 1 / 3000), win.start, win.end) ?? 0;
      expect(Math.abs(width / (hump?.fwhmHz ?? 1) - 1)).toBeLessThan(0.15);
    }
  });

  it("same seed → byte-identical FIDs and nuisance; another seed → different ones", () => {
    const spec = SimulationSpec.parse(MINI_SPEC);
    const a = run(MINI_SPEC, 11, 12, spec.spectra.concentrations);
    const b = run(MINI_SPEC, 11, 12, spec.spectra.concentrations);
    const c = run(MINI_SPEC, 12, 12, spec.spectra.concentrations);
    expect(Buffer.from(a.svs.data.buffer).equals(Buffer.from(b.svs.data.buffer))).toBe(true);
    expect(
      Buffer.from(a.ref?.data.buffer ?? new ArrayBuffer(0)).equals(
        Buffer.from(b.ref?.data.buffer ?? new ArrayBuffer(0)),
      ),
    ).toBe(true);
    expect(a.truth).toEqual(b.truth);
    expect(Buffer.from(a.svs.data.buffer).equals(Buffer.from(c.svs.data.buffer))).toBe(false);
    expect(c.truth.residualWaterHeightVsNaa).not.toBe(a.truth.residualWaterHeightVsNaa);
    expect(a.truth.baselineRoll).toHaveLength(3);
  });
});
