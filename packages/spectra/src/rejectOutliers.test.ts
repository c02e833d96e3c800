import { describe, expect, it } from "vitest";
import { ppmToHz } from "./axes";
import { seededRandom } from "./random";
import { rejectOutliers } from "./rejectOutliers";
import { addComplexNoise } from "./simulate";

const n = 1024;
const dwell = 2.5e-4;
const centre = 123.2;
function line(ppm: number, amp: number): Float64Array {
  const nu = ppmToHz(ppm, centre);
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const t = k * dwell;
    out[2 * k] = amp * Math.exp(-t * 20) * Math.cos(2 * Math.PI * nu * t);
    out[2 * k + 1] = amp * Math.exp(-t * 20) * Math.sin(2 * Math.PI * nu * t);
  }
  return out;
}

describe("rejectOutliers", () => {
  const random = seededRandom(4);
  const clean = line(2.01, 1);
  const series = Array.from({ length: 30 }, () => addComplexNoise(clean, 0.05, random));
  const lipid = line(3.0, 3);
  series[7] = series[7]?.map((v, k) => v + (lipid[k] ?? 0)) ?? clean;

  it("rejectOutliers(series with one corrupted transient) rejects it with a reason and keeps the rest", () => {
    const d = rejectOutliers(series, { dwellS: dwell, centreMHz: centre });
    expect(d[7]?.keep).toBe(false);
    expect(d[7]?.reason).toMatch(/spectral deviation z = /);
    expect(d.filter((x) => !x.keep).length).toBeLessThanOrEqual(2);
  });

  it("rejectOutliers(series, {shiftsHz}) also rejects a transient whose frequency correction is far from the median", () => {
    const shifts = series.map((_, i) => (i === 12 ? 9 : 0.1 * (i % 3)));
    const d = rejectOutliers(series, { dwellS: dwell, centreMHz: centre, shiftsHz: shifts });
    expect(d[12]?.keep).toBe(false);
    expect(d[12]?.reason).toMatch(/frequency shift 8\.\d Hz/);
  });

  it("rejectOutliers(fewer than 3 transients) keeps all; [] gives []", () => {
    expect(
      rejectOutliers(series.slice(0, 2), { dwellS: dwell, centreMHz: centre }).every((d) => d.keep),
    ).toBe(true);
    expect(rejectOutliers([], { dwellS: dwell, centreMHz: centre })).toEqual([]);
  });
});
