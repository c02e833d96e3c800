import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  complexArray,
  complexFromParts,
  complexLength,
  conjugate,
  imagPart,
  magnitude,
  realPart,
  rotatePhase,
} from "./complex";

describe("complex helpers", () => {
  it("complexFromParts(re, im) interleaves and realPart/imagPart split it back", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ noNaN: true }), fc.double({ noNaN: true })), { maxLength: 50 }),
        (pairs) => {
          const re = pairs.map((p) => p[0]);
          const im = pairs.map((p) => p[1]);
          const x = complexFromParts(re, im);
          expect(complexLength(x)).toBe(pairs.length);
          expect(Array.from(realPart(x))).toEqual(re);
          expect(Array.from(imagPart(x))).toEqual(im);
        },
      ),
    );
  });

  it("complexFromParts(re, im) rejects parts of different lengths", () => {
    expect(() => complexFromParts([1, 2], [1])).toThrow(/re has 2/);
  });

  it("complexLength(x) rejects an odd-length array", () => {
    expect(() => complexLength(new Float64Array(3))).toThrow(/odd length/);
  });

  it("complexArray(n) is zero-filled with 2n values and rejects n < 0", () => {
    expect(Array.from(complexArray(2))).toEqual([0, 0, 0, 0]);
    expect(() => complexArray(-1)).toThrow();
  });

  it("conjugate(x) negates the imaginary parts; magnitude(x) is the modulus", () => {
    const x = complexFromParts([3, 0], [4, -2]);
    expect(Array.from(conjugate(x))).toEqual([3, -4, 0, 2]);
    expect(Array.from(magnitude(x))).toEqual([5, 2]);
  });

  it("rotatePhase(x, π/2) multiplies by i", () => {
    const y = rotatePhase(complexFromParts([1], [0]), Math.PI / 2);
    expect(y[0]).toBeCloseTo(0, 15);
    expect(y[1]).toBeCloseTo(1, 15);
  });
});
