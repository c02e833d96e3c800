import { describe, expect, it } from "vitest";
import { gaussianSource, seededRandom } from "./random";

describe("random", () => {
  it("seededRandom(seed) repeats its sequence for the same seed and differs for another", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const xa = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xa);
    for (const v of xa) expect(v >= 0 && v < 1).toBe(true);
  });

  it("gaussianSource(random) has mean ≈ 0 and SD ≈ 1 over 20 000 draws", () => {
    const g = gaussianSource(seededRandom(3));
    const xs = Array.from({ length: 20000 }, () => g());
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1));
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.02);
  });
});
