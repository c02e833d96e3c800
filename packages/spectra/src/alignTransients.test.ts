import { describe, expect, it } from "vitest";
import { alignTransients } from "./alignTransients";
import { perturbTransients } from "./perturbTransients";
import { seededRandom } from "./random";
import { addComplexNoise } from "./simulate";

const n = 2048;
const dwell = 1.6667e-4;
function multiplet(): Float64Array {
  const out = new Float64Array(2 * n);
  const lines = [
    [324, 1],
    [200, 0.6],
    [180, 0.5],
    [-40, 0.3],
  ];
  for (let k = 0; k < n; k++) {
    const t = k * dwell;
    for (const [nu, a] of lines) {
      out[2 * k] = (out[2 * k] ?? 0) + (a ?? 0) * Math.exp(-t * 20) * Math.cos(2 * Math.PI * (nu ?? 0) * t);
      out[2 * k + 1] =
        (out[2 * k + 1] ?? 0) + (a ?? 0) * Math.exp(-t * 20) * Math.sin(2 * Math.PI * (nu ?? 0) * t);
    }
  }
  return out;
}

describe("alignTransients", () => {
  it("alignTransients(drifting, jittered noisy transients) recovers the applied shifts and phases (Near 2015)", () => {
    const random = seededRandom(3);
    const clean = multiplet();
    const series = Array.from({ length: 24 }, () => addComplexNoise(clean, 0.02, random));
    const p = perturbTransients(series, dwell, {
      driftHzPerTransient: 0.4,
      shiftJitterHz: 1.5,
      phaseJitterRad: 0.3,
      random,
    });
    const a = alignTransients(p.transients, { dwellS: dwell, reference: clean });
    a.shiftsHz.forEach((f, i) => {
      expect(f).toBeCloseTo(-(p.shiftsHz[i] ?? 0), 1);
      expect(
        Math.abs(
          Math.atan2(
            Math.sin((a.phasesRad[i] ?? 0) + (p.phasesRad[i] ?? 0)),
            Math.cos((a.phasesRad[i] ?? 0) + (p.phasesRad[i] ?? 0)),
          ),
        ),
      ).toBeLessThan(0.05);
    });
    const aligned = a.aligned[20] ?? clean;
    expect(aligned[0]).toBeCloseTo(series[20]?.[0] ?? 0, 1);
  });

  it("alignTransients(transients) without a reference aligns to their mean; [] gives empty arrays", () => {
    const clean = multiplet();
    const p = perturbTransients([clean, clean, clean], dwell, { driftHzPerTransient: 2 });
    const a = alignTransients(p.transients, { dwellS: dwell });
    expect((a.shiftsHz[2] ?? 0) - (a.shiftsHz[0] ?? 0)).toBeCloseTo(-4, 2);
    expect(alignTransients([], { dwellS: dwell })).toEqual({ aligned: [], shiftsHz: [], phasesRad: [] });
  });
});
