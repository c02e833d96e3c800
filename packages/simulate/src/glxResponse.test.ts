import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { meanResponseFraction, responseFraction } from "./glxResponse";

const shape = { infusionMin: 40, riseTauMin: 6, decayTauMin: 15 };

describe("responseFraction", () => {
  it("responseFraction(t, shape) is 0 before onset, rises as 1 − e^{−t/τ}, then decays after the infusion", () => {
    expect(responseFraction(-0.1, shape)).toBe(0);
    expect(responseFraction(0, shape)).toBe(0);
    expect(responseFraction(6, shape)).toBeCloseTo(1 - Math.exp(-1), 12);
    const end = 1 - Math.exp(-40 / 6);
    expect(responseFraction(40, shape)).toBeCloseTo(end, 12);
    expect(responseFraction(55, shape)).toBeCloseTo(end * Math.exp(-1), 12);
  });
});

describe("meanResponseFraction", () => {
  it("meanResponseFraction(0, 30, τ 6 min) = 1 − (6/30)(1 − e^{−5})", () => {
    expect(meanResponseFraction(0, 30, shape)).toBeCloseTo(1 - 0.2 * (1 - Math.exp(-5)), 12);
  });

  it("meanResponseFraction(a, b, shape) equals the midpoint-rule mean of responseFraction (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -20, max: 60, noNaN: true }),
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        (a, len) => {
          const n = 4000;
          let s = 0;
          for (let i = 0; i < n; i++) s += responseFraction(a + ((i + 0.5) * len) / n, shape);
          expect(meanResponseFraction(a, a + len, shape)).toBeCloseTo(s / n, 4);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("meanResponseFraction(5, 5, shape) throws on an empty window", () => {
    expect(() => meanResponseFraction(5, 5, shape)).toThrow(/empty window/);
  });
});
