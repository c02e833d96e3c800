import type { ComplexFids } from "@fmrs/formats";
import {
  type BasisSet,
  frequencyAxisHz,
  type ModelParams,
  modelFid,
  modelSpectrum,
  noiseSdForSnr,
  peakFwhmHz,
  ppmAxis,
  ppmRangeIndices,
  ppmToHz,
  resampleBasis,
  selectBasis,
} from "@fmrs/spectra";
import { responseFraction } from "./glxResponse";
import type { Rng } from "./rng";
import type { SimulationSpec } from "./spec";

/** Members whose amounts rise with Glx. */
export const GLX_MEMBERS: readonly string[] = ["Glu", "Gln"];
/** Members summed as total NAA. */
export const TNAA_MEMBERS: readonly string[] = ["NAA", "NAAG"];
const LIPID_MEMBERS = ["Lip09", "Lip13a", "Lip13b", "Lip20"];
/**
 * Chemical shifts of the lipid contamination lines (CH₂ and CH₃), ppm: those of the in vivo lipid
 * model of the LCModel manual (Lip13a/Lip13b at 1.28 ppm, Lip09 at 0.89 ppm), which LCModel, spant
 * (`get_lip13a_paras`) and the FSL-MRS/Osprey basis sets use.
 */
export const LIPID_PPM = { ch2: 1.28, ch3: 0.89 } as const;

/** Zero-filling factor of the NAA linewidth measurement (as `fitSpectrum` reports it). */
const FWHM_ZERO_FILL = 8;

/** The basis at the simulated acquisition's sampling, and the NAA member zero-filled for linewidths. */
export interface AcquisitionBasis {
  readonly basis: BasisSet;
  /** The NAA member alone at FWHM_ZERO_FILL × the points (null when the basis has no NAA). */
  readonly naaZeroFilled: BasisSet | null;
}

/**
 * Returns the basis resampled to the simulated acquisition (`resampleBasis` of @fmrs/spectra):
 * dwell 1/spectral width, `points` points, the spec's centre frequency or the basis's own, and
 * zero beyond the basis FID when the acquisition outlasts it (lines are damped to < 10⁻⁴ by then);
 * plus the NAA member 8× zero-filled for {@link naaSingletFwhmHz}.
 */
export function acquisitionBasis(
  basis: BasisSet,
  acquisition: SimulationSpec["acquisition"],
): AcquisitionBasis {
  const target = {
    dwellS: 1 / acquisition.spectral_width_hz,
    points: acquisition.points,
    centreMHz: acquisition.centre_mhz ?? basis.centreMHz,
    beyondCoverage: "zero" as const,
  };
  const resampled = resampleBasis(basis, target);
  const naaZeroFilled = basis.names.includes("NAA")
    ? resampleBasis(selectBasis(resampled, ["NAA"]), {
        ...target,
        points: FWHM_ZERO_FILL * acquisition.points,
      })
    : null;
  return { basis: resampled, naaZeroFilled };
}

const sigmaOf = (gaussHz: number) => (Math.PI * gaussHz) / (2 * Math.sqrt(Math.LN2));

/**
 * FWHM (Hz) of the NAA singlet alone with Lorentzian/Gaussian widths `lorentzHz`/`gaussHz`: the
 * NAA basis member with that lineshape, 8× zero-filled, real part, `peakFwhmHz` in 1.9–2.1 ppm
 * (the definition `fitSpectrum` reports as `naaFwhmHz`).
 */
export function naaSingletFwhmHz(naaZeroFilled: BasisSet, lorentzHz: number, gaussHz: number): number {
  const s = modelSpectrum(naaZeroFilled, {
    amplitudes: [1],
    gammaPerS: [Math.PI * lorentzHz],
    sigmaPerS: [sigmaOf(gaussHz)],
    shiftHz: 0,
    phi0Rad: 0,
    phi1S: 0,
  });
  const ppm = ppmAxis(naaZeroFilled.points, naaZeroFilled.dwellS, naaZeroFilled.centreMHz);
  const { start, end } = ppmRangeIndices(ppm, [1.9, 2.1]);
  const w = peakFwhmHz(s, frequencyAxisHz(naaZeroFilled.points, naaZeroFilled.dwellS), start, end);
  if (w === null) throw new RangeError("naaSingletFwhmHz(): no NAA peak in 1.9–2.1 ppm");
  return w;
}

/**
 * Lorentzian and Gaussian FWHM (Hz), in the ratio `ratio`, whose NAA singlet measures `targetHz`
 * ({@link naaSingletFwhmHz}): starts from {@link voigtWidths} and rescales both widths by
 * target/measured four times (the measured width is close to linear in the scale). Without an
 * NAA member, {@link voigtWidths} alone.
 */
export function calibratedWidths(
  naaZeroFilled: BasisSet | null,
  targetHz: number,
  ratio: number,
): { lorentzHz: number; gaussHz: number } {
  let w = voigtWidths(targetHz, ratio);
  if (naaZeroFilled === null) return w;
  for (let i = 0; i < 4; i++) {
    const scale = targetHz / naaSingletFwhmHz(naaZeroFilled, w.lorentzHz, w.gaussHz);
    w = { lorentzHz: w.lorentzHz * scale, gaussHz: w.gaussHz * scale };
  }
  return w;
}

/**
 * Lorentzian and Gaussian FWHM (Hz) of a Voigt line of FWHM `fwhmHz` whose Gaussian/Lorentzian
 * width ratio is `ratio`, from the Olivero & Longbothum (1977) approximation
 * f_V ≈ 0.5346 f_L + √(0.2166 f_L² + f_G²) (accurate to 0.02 %).
 */
export function voigtWidths(fwhmHz: number, ratio: number): { lorentzHz: number; gaussHz: number } {
  const lorentzHz = fwhmHz / (0.5346 + Math.sqrt(0.2166 + ratio * ratio));
  return { lorentzHz, gaussHz: ratio * lorentzHz };
}

/** A motion episode: transients in [start, end) have broad lines, phase errors and shifts. */
export interface MotionEpisode {
  readonly startTransient: number;
  readonly endTransient: number;
  readonly broadeningHz: number;
}

/** A single corrupted transient (phase/frequency error, lipid contamination, signal loss). */
export interface CorruptedTransient {
  readonly transient: number;
  readonly phaseRad: number;
  readonly shiftHz: number;
  readonly broadeningHz: number;
  readonly amplitude: number;
  readonly lipid: number;
}

/** One broad baseline hump ({@link SessionSpectraTruth.baselineRoll}). */
export interface BaselineHump {
  readonly ppm: number;
  readonly fwhmHz: number;
  readonly heightVsNaa: number;
  readonly phaseRad: number;
}

/** The drawn acquisition parameters of one session (the spectral truth). */
export interface SessionSpectraTruth {
  readonly naaFwhmHz: number;
  readonly lorentzFwhmHz: number;
  readonly gaussFwhmHz: number;
  readonly snrPerTransient: number;
  /** Time-domain noise SD per real/imaginary component of one transient (one coil-combined channel). */
  readonly noiseSdTime: number;
  /** NAA peak height of the noiseless phase-0 single-transient spectrum (the SNR numerator). */
  readonly naaPeakHeight: number;
  readonly frequencyOffsetHz: number;
  readonly driftHzPerMin: number;
  readonly phaseOffsetRad: number;
  readonly residualWaterHeightVsNaa: number;
  /** Residual water frequency offset from 4.65 ppm (Hz, before the B0 offset and drift) and phase (rad). */
  readonly residualWaterOffsetHz: number;
  readonly residualWaterPhaseRad: number;
  /** Lipid contamination: 1.28 ppm peak height relative to NAA's, and the lines' FWHM (Hz). */
  readonly lipidHeightVsNaa: number;
  readonly lipidFwhmHz: number;
  readonly baselineRoll: readonly BaselineHump[];
  readonly motion: readonly MotionEpisode[];
  readonly corrupted: readonly CorruptedTransient[];
  /** Mean frequency offset (Hz) and phase (rad) of the transients of each stored dynamic. */
  readonly dynamicShiftHz: readonly number[];
  readonly dynamicPhaseRad: readonly number[];
  /** Coil sensitivities (magnitude, phase rad); empty without DIM_COIL. */
  readonly coils: readonly { readonly magnitude: number; readonly phaseRad: number }[];
}

/** Input of {@link simulateSessionSpectra}. */
export interface SessionSpectraInput {
  /** The basis at the acquisition's sampling ({@link acquisitionBasis}). */
  readonly basis: AcquisitionBasis;
  /** Session amount of every member named in it (basis units); other members 0. */
  readonly concentrations: Readonly<Record<string, number>>;
  /** Glx plateau rise of this session, percent. */
  readonly peakPct: number;
  readonly spec: SimulationSpec;
  /** Transients averaged per stored dynamic (spec value, or 1 for the full study). */
  readonly transientsPerDynamic: number;
  readonly rng: Rng;
}

/** Output of {@link simulateSessionSpectra}. */
export interface SessionSpectra {
  /** The metabolite series, shape [1, 1, 1, (coils,) dynamics]. */
  readonly svs: ComplexFids;
  /** The water reference, shape [1, 1, 1, (coils,) transients], or null when not requested. */
  readonly ref: ComplexFids | null;
  readonly truth: SessionSpectraTruth;
}

function poisson(mean: number, rng: Rng): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.uniform();
  while (p > limit) {
    k++;
    p *= rng.uniform();
  }
  return k;
}

function amplitudesOf(basis: BasisSet, amounts: Readonly<Record<string, number>>, only?: readonly string[]) {
  return basis.names.map((n) => (only === undefined || only.includes(n) ? (amounts[n] ?? 0) : 0));
}

/**
 * Simulates the dynamic spectra of one session with the linear-combination forward model of
 * @fmrs/spectra (`modelFid`: basis FIDs × amounts × a Voigt envelope):
 *
 * - Lines: a session NAA singlet FWHM drawn in the spec range, split into Lorentzian and
 *   Gaussian parts ({@link calibratedWidths}); one lineshape for every member (B0 inhomogeneity
 *   broadens all); macromolecules and lipids from the basis's MM/Lip members.
 * - Glx: Glu and Gln scaled by 1 + peak·r(t)/100 per transient, r the infusion response
 *   ({@link responseFraction}); lines narrow by `bold_narrowing_hz`·r(t) (BOLD).
 * - Nuisance at the sizes real data show (spec `residual_water`, `lipids`, `baseline_roll`; heights
 *   relative to the NAA singlet's peak height): residual water 5–50× NAA by default (Lorentzian
 *   near 4.65 ppm, random phase and frequency offset, height jitter and phase walk per transient),
 *   lipid lines at 1.28 and 0.89 ppm (LCModel's lipid model), and a few very broad humps (baseline roll).
 * - Per transient: B0 offset + linear drift + random walk + jitter (Hz), session phase + jitter,
 *   complex white noise of SD σ_t (from the single-transient NAA SNR, `noiseSdForSnr`). With coils, each coil sees the signal times a
 *   complex sensitivity (Σ|s_c|² = 1) plus its own noise of SD σ_t.
 * - Faults: Poisson-many corrupted transients (random phase, a shift of a few Hz, broadening,
 *   signal loss, lipid contamination) and motion episodes (extra broadening, phase SD, shifts).
 * - Storage: consecutive groups of `transientsPerDynamic` transients are averaged into one
 *   stored dynamic (the average of exactly the transients the full study stores).
 *
 * Every draw comes from `rng`, in a fixed order, so a seed gives the same spectra everywhere.
 */
export function simulateSessionSpectra(input: SessionSpectraInput): SessionSpectra {
  const { spec, rng } = input;
  const basis = input.basis.basis;
  const sp = spec.spectra;
  const tm = spec.timing;
  const acq = spec.acquisition;
  const n = basis.points;
  const dt = basis.dwellS;
  const tr = tm.repetition_time_s;
  const nTransients = Math.round(((tm.baseline_min + tm.infusion_min + tm.post_min) * 60) / tr);
  const group = input.transientsPerDynamic;
  if (nTransients % group !== 0) {
    throw new RangeError(
      `simulateSessionSpectra(): ${nTransients} transients do not split into groups of ${group}`,
    );
  }
  const nDynamics = nTransients / group;
  const onsetS = tm.baseline_min * 60;
  const shape = {
    infusionMin: tm.infusion_min,
    riseTauMin: spec.glx.rise_tau_min,
    decayTauMin: spec.glx.decay_tau_min,
  };

  // Session-level draws (fixed order).
  const naaFwhmHz = rng.between(sp.naa_fwhm_hz.min, sp.naa_fwhm_hz.max);
  const { lorentzHz, gaussHz } = calibratedWidths(input.basis.naaZeroFilled, naaFwhmHz, sp.gauss_to_lorentz);
  const snr = Math.max(2, sp.snr_per_transient.mean + sp.snr_per_transient.sd * rng.normal());
  const frequencyOffsetHz = sp.frequency_offset_sd_hz * rng.normal();
  const driftHzPerMin = rng.between(-sp.drift_max_hz_per_min, sp.drift_max_hz_per_min);
  const phaseOffsetRad = sp.phase_offset_sd_rad * rng.normal();
  const waterHeight = rng.between(sp.residual_water.height_vs_naa.min, sp.residual_water.height_vs_naa.max);
  const waterPhase = rng.between(-Math.PI, Math.PI);
  const waterOffsetHz = sp.residual_water.offset_sd_hz * rng.normal();
  const lipidHeight = rng.between(sp.lipids.height_vs_naa.min, sp.lipids.height_vs_naa.max);
  const lipidFwhmHz = rng.between(sp.lipids.fwhm_hz.min, sp.lipids.fwhm_hz.max);
  const roll = sp.baseline_roll;
  const humps: BaselineHump[] = [];
  for (let h = 0; h < roll.components; h++) {
    humps.push({
      ppm: rng.between(roll.ppm.min, roll.ppm.max),
      fwhmHz: rng.between(roll.fwhm_hz.min, roll.fwhm_hz.max),
      heightVsNaa: rng.between(roll.height_vs_naa.min, roll.height_vs_naa.max),
      phaseRad: rng.between(-Math.PI, Math.PI),
    });
  }

  const params: ModelParams = {
    amplitudes: amplitudesOf(basis, input.concentrations),
    gammaPerS: [Math.PI * lorentzHz],
    sigmaPerS: [sigmaOf(gaussHz)],
    shiftHz: 0,
    phi0Rad: 0,
    phi1S: 0,
  };
  const glx = modelFid(basis, {
    ...params,
    amplitudes: amplitudesOf(basis, input.concentrations, GLX_MEMBERS),
  });
  const rest = modelFid(basis, {
    ...params,
    amplitudes: basis.names.map((name, m) => (GLX_MEMBERS.includes(name) ? 0 : (params.amplitudes[m] ?? 0))),
  });
  const lipidNames = LIPID_MEMBERS.filter((name) => basis.names.includes(name));
  const lipid =
    lipidNames.length > 0
      ? modelFid(basis, {
          ...params,
          amplitudes: basis.names.map((name) => (lipidNames.includes(name) ? 1 : 0)),
        })
      : new Float64Array(2 * n);
  const sdTime = noiseSdForSnr(basis, params, snr);
  const naaPeakHeight = sdTime * snr * Math.sqrt(n);

  // Residual water: a Lorentzian of the given height relative to NAA at 4.65 ppm (+ offset).
  const fwhmWater = sp.residual_water.fwhm_hz;
  const water = lineFid(n, dt, waterHeight * naaPeakHeight, waterOffsetHz, waterPhase, (t) =>
    Math.exp(-Math.PI * fwhmWater * t),
  );
  // Lipids (Gaussians at 1.28 and 0.89 ppm) and baseline humps: fixed for the session, shifted and phased with the metabolites.
  const gaussian = (fwhmHz: number) => {
    const sigma = sigmaOf(fwhmHz);
    return (t: number) => Math.exp(-sigma * sigma * t * t);
  };
  const f0 = basis.centreMHz;
  const nuisance = new Float64Array(2 * n);
  const addLine = (fid: Float64Array) => {
    for (let k = 0; k < 2 * n; k++) nuisance[k] = (nuisance[k] ?? 0) + (fid[k] ?? 0);
  };
  if (lipidHeight > 0) {
    addLine(
      lineFid(n, dt, lipidHeight * naaPeakHeight, ppmToHz(LIPID_PPM.ch2, f0), 0, gaussian(lipidFwhmHz)),
    );
    const h09 = lipidHeight * sp.lipids.ratio_09_to_13;
    if (h09 > 0)
      addLine(lineFid(n, dt, h09 * naaPeakHeight, ppmToHz(LIPID_PPM.ch3, f0), 0, gaussian(lipidFwhmHz)));
  }
  for (const h of humps) {
    if (h.heightVsNaa > 0)
      addLine(
        lineFid(n, dt, h.heightVsNaa * naaPeakHeight, ppmToHz(h.ppm, f0), h.phaseRad, gaussian(h.fwhmHz)),
      );
  }

  // Coils: complex sensitivities with Σ|s|² = 1.
  const coils: { magnitude: number; phaseRad: number }[] = [];
  for (let c = 0; c < acq.coils; c++)
    coils.push({ magnitude: rng.between(0.3, 1), phaseRad: rng.between(-Math.PI, Math.PI) });
  const norm = Math.sqrt(coils.reduce((s, c) => s + c.magnitude * c.magnitude, 0));
  const sens = coils.map((c) => ({ magnitude: c.magnitude / norm, phaseRad: c.phaseRad }));
  const nCoil = Math.max(1, acq.coils);

  // Faults.
  const motion: MotionEpisode[] = [];
  const nMotion = poisson(sp.motion_episodes_per_session, rng);
  for (let e = 0; e < nMotion; e++) {
    const len = Math.round(rng.between(sp.motion_duration_s.min, sp.motion_duration_s.max) / tr);
    const start = rng.int(0, Math.max(0, nTransients - len));
    motion.push({
      startTransient: start,
      endTransient: Math.min(nTransients, start + Math.max(1, len)),
      broadeningHz: rng.between(sp.motion_broadening_hz.min, sp.motion_broadening_hz.max),
    });
  }
  motion.sort((a, b) => a.startTransient - b.startTransient);
  const corrupted: CorruptedTransient[] = [];
  const nCorrupt = Math.min(nTransients, poisson(sp.corrupted_transients_per_session, rng));
  const taken = new Set<number>();
  while (corrupted.length < nCorrupt) {
    const j = rng.int(0, nTransients - 1);
    if (taken.has(j)) continue;
    taken.add(j);
    corrupted.push({
      transient: j,
      phaseRad: rng.between(-Math.PI, Math.PI),
      shiftHz: 4 * rng.normal(),
      broadeningHz: rng.between(3, 10),
      amplitude: rng.between(0.5, 0.9),
      lipid: rng.between(5, 20),
    });
  }
  corrupted.sort((a, b) => a.transient - b.transient);
  const corruptedAt = new Map(corrupted.map((c) => [c.transient, c]));

  // Transients.
  const svsData = new Float64Array(2 * n * nCoil * nDynamics);
  const signal = new Float64Array(2 * n);
  const dynamicShiftHz: number[] = [];
  const dynamicPhaseRad: number[] = [];
  let walk = 0;
  let waterPhaseWalk = 0;
  let shiftSum = 0;
  let phaseSum = 0;
  for (let j = 0; j < nTransients; j++) {
    const tS = j * tr;
    const r = responseFraction((tS - onsetS) / 60, shape);
    const g = 1 + (input.peakPct / 100) * r;
    walk += sp.frequency_walk_sd_hz * rng.normal();
    let shift =
      frequencyOffsetHz + (driftHzPerMin * tS) / 60 + walk + sp.frequency_jitter_sd_hz * rng.normal();
    let phase = phaseOffsetRad + sp.phase_jitter_sd_rad * rng.normal();
    // Residual water of this transient: the session line × (1 + CV·z) · e^{i·walk}.
    waterPhaseWalk += sp.residual_water.phase_walk_sd_rad * rng.normal();
    const waterScale = Math.max(0, 1 + sp.residual_water.height_jitter_cv * rng.normal());
    const wr = waterScale * Math.cos(waterPhaseWalk);
    const wi = waterScale * Math.sin(waterPhaseWalk);
    let extraHz = -sp.bold_narrowing_hz * r;
    let amplitude = 1;
    let lipidAmount = 0;
    const episode = motion.find((m) => j >= m.startTransient && j < m.endTransient);
    if (episode !== undefined) {
      extraHz += episode.broadeningHz;
      phase += sp.motion_phase_sd_rad * rng.normal();
      shift += 2 * rng.normal();
      amplitude *= 0.9;
    }
    const bad = corruptedAt.get(j);
    if (bad !== undefined) {
      phase += bad.phaseRad;
      shift += bad.shiftHz;
      extraHz += bad.broadeningHz;
      amplitude *= bad.amplitude;
      lipidAmount = bad.lipid;
    }
    shiftSum += shift;
    phaseSum += phase;
    // signal(t) = [a·(rest + g·glx + L·lipid) + nuisance + w·water]·e^{−π·extra·t}·e^{i(2π·shift·t + φ)}
    const stepRe = Math.exp(-Math.PI * extraHz * dt) * Math.cos(2 * Math.PI * shift * dt);
    const stepIm = Math.exp(-Math.PI * extraHz * dt) * Math.sin(2 * Math.PI * shift * dt);
    let zr = Math.cos(phase);
    let zi = Math.sin(phase);
    for (let k = 0; k < n; k++) {
      const w0 = water[2 * k] ?? 0;
      const w1 = water[2 * k + 1] ?? 0;
      const re =
        amplitude * ((rest[2 * k] ?? 0) + g * (glx[2 * k] ?? 0) + lipidAmount * (lipid[2 * k] ?? 0)) +
        (nuisance[2 * k] ?? 0) +
        (w0 * wr - w1 * wi);
      const im =
        amplitude *
          ((rest[2 * k + 1] ?? 0) + g * (glx[2 * k + 1] ?? 0) + lipidAmount * (lipid[2 * k + 1] ?? 0)) +
        (nuisance[2 * k + 1] ?? 0) +
        (w0 * wi + w1 * wr);
      signal[2 * k] = re * zr - im * zi;
      signal[2 * k + 1] = re * zi + im * zr;
      const nr = zr * stepRe - zi * stepIm;
      zi = zr * stepIm + zi * stepRe;
      zr = nr;
    }
    const d = Math.floor(j / group);
    for (let c = 0; c < nCoil; c++) {
      const s = sens[c];
      const cr = s === undefined ? 1 : s.magnitude * Math.cos(s.phaseRad);
      const ci = s === undefined ? 0 : s.magnitude * Math.sin(s.phaseRad);
      const base = 2 * n * (d * nCoil + c);
      for (let k = 0; k < n; k++) {
        const re = signal[2 * k] ?? 0;
        const im = signal[2 * k + 1] ?? 0;
        svsData[base + 2 * k] =
          (svsData[base + 2 * k] ?? 0) + (re * cr - im * ci + sdTime * rng.normal()) / group;
        svsData[base + 2 * k + 1] =
          (svsData[base + 2 * k + 1] ?? 0) + (re * ci + im * cr + sdTime * rng.normal()) / group;
      }
    }
    if ((j + 1) % group === 0) {
      dynamicShiftHz.push(shiftSum / group);
      dynamicPhaseRad.push(phaseSum / group);
      shiftSum = 0;
      phaseSum = 0;
    }
  }
  const shapeOf = (count: number) => (acq.coils > 0 ? [1, 1, 1, acq.coils, count] : [1, 1, 1, count]);
  const svs: ComplexFids = {
    points: n,
    axes: ["x", "y", "z", ...(acq.coils > 0 ? ["DIM_COIL"] : []), "DIM_DYN"],
    shape: shapeOf(nDynamics),
    count: nCoil * nDynamics,
    data: svsData,
  };

  // Water reference: unsuppressed water (area = ratio × NAA singlet area) + metabolites, no drift.
  let ref: ComplexFids | null = null;
  if (acq.water_reference) {
    const naaOnly = modelSpectrum(basis, {
      ...params,
      amplitudes: amplitudesOf(basis, input.concentrations, ["NAA"]),
    });
    const ppm = ppmAxis(n, dt, basis.centreMHz);
    const { start, end } = ppmRangeIndices(ppm, [1.9, 2.1]);
    let naaArea = 0;
    for (let k = start; k < end; k++) naaArea += naaOnly[2 * k] ?? 0;
    const waterAmp = (acq.water_to_naa_area * naaArea) / n;
    const nRef = acq.water_reference_transients;
    const refData = new Float64Array(2 * n * nCoil * nRef);
    for (let j = 0; j < nRef; j++) {
      const shift = frequencyOffsetHz + sp.frequency_jitter_sd_hz * rng.normal();
      const phase = phaseOffsetRad + sp.phase_jitter_sd_rad * rng.normal();
      for (let k = 0; k < n; k++) {
        const t = k * dt;
        const env =
          waterAmp * Math.exp(-(params.gammaPerS[0] ?? 0) * t - ((params.sigmaPerS[0] ?? 0) * t) ** 2);
        const re = env + (rest[2 * k] ?? 0) + (glx[2 * k] ?? 0);
        const im = (rest[2 * k + 1] ?? 0) + (glx[2 * k + 1] ?? 0);
        const a = 2 * Math.PI * shift * t + phase;
        signal[2 * k] = re * Math.cos(a) - im * Math.sin(a);
        signal[2 * k + 1] = re * Math.sin(a) + im * Math.cos(a);
      }
      for (let c = 0; c < nCoil; c++) {
        const s = sens[c];
        const cr = s === undefined ? 1 : s.magnitude * Math.cos(s.phaseRad);
        const ci = s === undefined ? 0 : s.magnitude * Math.sin(s.phaseRad);
        const base = 2 * n * (j * nCoil + c);
        for (let k = 0; k < n; k++) {
          const re = signal[2 * k] ?? 0;
          const im = signal[2 * k + 1] ?? 0;
          refData[base + 2 * k] = re * cr - im * ci + sdTime * rng.normal();
          refData[base + 2 * k + 1] = re * ci + im * cr + sdTime * rng.normal();
        }
      }
    }
    ref = {
      points: n,
      axes: svs.axes,
      shape: shapeOf(nRef),
      count: nCoil * nRef,
      data: refData,
    };
  }

  return {
    svs,
    ref,
    truth: {
      naaFwhmHz,
      lorentzFwhmHz: lorentzHz,
      gaussFwhmHz: gaussHz,
      snrPerTransient: snr,
      noiseSdTime: sdTime,
      naaPeakHeight,
      frequencyOffsetHz,
      driftHzPerMin,
      phaseOffsetRad,
      residualWaterHeightVsNaa: waterHeight,
      residualWaterOffsetHz: waterOffsetHz,
      residualWaterPhaseRad: waterPhase,
      lipidHeightVsNaa: lipidHeight,
      lipidFwhmHz,
      baselineRoll: humps,
      motion,
      corrupted,
      dynamicShiftHz,
      dynamicPhaseRad,
      coils: sens,
    },
  };
}

/**
 * A line's FID: envelope(t)·A·e^{i(2π·hz·t + phase)}, A chosen so its spectral peak height
 * |Σ_k fid_k e^{−i2π·hz·t_k}| (the FFT at the line's own frequency) is `height`.
 */
function lineFid(
  n: number,
  dt: number,
  height: number,
  hz: number,
  phase: number,
  envelope: (t: number) => number,
): Float64Array {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += envelope(k * dt);
  const amp = sum > 0 ? height / sum : 0;
  const fid = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const t = k * dt;
    const env = amp * envelope(t);
    const ph = phase + 2 * Math.PI * hz * t;
    fid[2 * k] = env * Math.cos(ph);
    fid[2 * k + 1] = env * Math.sin(ph);
  }
  return fid;
}
