import { describe, expect, it } from "vitest";
import { brainTruth, readBasis3T } from "../test/referenceBasis";
import { alignTransients } from "./alignTransients";
import { blockAverage } from "./blockAverage";
import { coilWeights, combineCoils } from "./combineCoils";
import { rotatePhase } from "./complex";
import { fitSpectrum } from "./fitSpectrum";
import { modelFid } from "./forwardModel";
import { perturbTransients } from "./perturbTransients";
import { seededRandom } from "./random";
import { rejectOutliers } from "./rejectOutliers";
import { addComplexNoise, noiseSdForSnr } from "./simulate";

describe("coil combination → alignment → rejection → blocks → fit (3 T basis)", () => {
  it("the chain recovers a 10 % Glx/tNAA step between two blocks of 16 transients from 4 coils with drift", () => {
    const basis = readBasis3T();
    const random = seededRandom(21);
    const rest = brainTruth(basis);
    const stim = brainTruth(basis, { glxFactor: 1.1 });
    // Block-average SNR 80 from 16 transients ⇒ each transient at SNR 20, split over 4 coils.
    const sdTransient = noiseSdForSnr(basis, rest, 80) * Math.sqrt(16);
    const sens = [
      [1, 0.4],
      [0.7, -1.2],
      [0.45, 2.2],
      [0.25, -0.3],
    ];
    const clean = [
      ...Array(16).fill(modelFid(basis, rest)),
      ...Array(16).fill(modelFid(basis, stim)),
    ] as Float64Array[];
    const drifted = perturbTransients(clean, basis.dwellS, {
      driftHzPerTransient: 0.15,
      phaseJitterRad: 0.2,
      random,
    });
    const coilSd = sdTransient * Math.sqrt(sens.reduce((s, [a]) => s + (a ?? 0) ** 2, 0));
    const perCoil = drifted.transients.map((fid) =>
      sens.map(([a, ph]) =>
        addComplexNoise(
          rotatePhase(
            fid.map((v) => v * (a ?? 0)),
            ph ?? 0,
          ),
          coilSd,
          random,
        ),
      ),
    );
    const meanPerCoil = sens.map((_, c) => {
      const m = new Float64Array(2 * basis.points);
      for (const t of perCoil)
        for (let k = 0; k < m.length; k++) m[k] = (m[k] ?? 0) + (t[c]?.[k] ?? 0) / perCoil.length;
      return m;
    });
    const w = coilWeights(meanPerCoil);
    const combined = perCoil.map((coils) => combineCoils(coils, w));
    const aligned = alignTransients(combined, { dwellS: basis.dwellS });
    const decisions = rejectOutliers(aligned.aligned, {
      dwellS: basis.dwellS,
      centreMHz: basis.centreMHz,
      shiftsHz: aligned.shiftsHz,
    });
    const blocks = blockAverage(aligned.aligned, {
      blockSize: 16,
      repetitionTimeS: 2,
      keep: decisions.map((d) => d.keep),
    });
    expect(blocks.map((b) => [b.startS, b.endS])).toEqual([
      [0, 32],
      [32, 64],
    ]);
    const glx = blocks.map((b) => {
      const fit = fitSpectrum(b.fid ?? new Float64Array(0), basis);
      return fit.ratios.find((r) => r.name === "Glx/tNAA");
    });
    const change = 100 * ((glx[1]?.value ?? 0) / (glx[0]?.value ?? 1) - 1);
    const sdChange =
      100 * Math.hypot((glx[0]?.sd ?? 0) / (glx[0]?.value ?? 1), (glx[1]?.sd ?? 0) / (glx[1]?.value ?? 1));
    expect(Math.abs(change - 10)).toBeLessThan(3 * sdChange);
    expect(decisions.filter((d) => d.keep).length).toBeGreaterThanOrEqual(28);
  });
});
