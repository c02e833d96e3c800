import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { midranks, tieGroupSizes } from "./ranks";

describe("midranks", () => {
  it("midranks(x) gives tied values the mean of their ranks, as R rank()", () => {
    // R: rank(c(10, 20, 20, 30, 20, 5)) = 2 4 4 6 4 1
    expect(midranks([10, 20, 20, 30, 20, 5])).toEqual([2, 4, 4, 6, 4, 1]);
    expect(midranks([3, 3])).toEqual([1.5, 1.5]);
  });

  it("midranks([]) is empty", () => {
    expect(midranks([])).toEqual([]);
  });

  it("midranks(x) rejects NaN", () => {
    expect(() => midranks([1, Number.NaN])).toThrow(RangeError);
  });

  it("midranks(x) sums to n(n+1)/2 and is unchanged by a shift or a positive scale", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 30 }),
        fc.integer({ min: -100, max: 100 }),
        fc.integer({ min: 1, max: 7 }),
        (x, shift, scale) => {
          const r = midranks(x);
          const n = x.length;
          expect(r.reduce((a, b) => a + b, 0)).toBe((n * (n + 1)) / 2);
          expect(midranks(x.map((v) => v * scale + shift))).toEqual(r);
        },
      ),
    );
  });
});

describe("tieGroupSizes", () => {
  it("tieGroupSizes(x) lists group sizes in increasing order of value", () => {
    expect(tieGroupSizes([10, 20, 20, 30, 20, 5])).toEqual([1, 1, 3, 1]);
    expect(tieGroupSizes([])).toEqual([]);
  });
});
