import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quantiseMantissa } from "./quantiseMantissa";

const bitsOf = (x: number) => {
  const v = new DataView(new ArrayBuffer(4));
  v.setFloat32(0, x, true);
  return v.getUint32(0, true);
};

describe("quantiseMantissa", () => {
  it("quantiseMantissa(x, bits) is within 2^−(bits+1) + 2^−24 relative and zeroes the dropped bits (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e30, max: 1e30, noNaN: true }).filter((x) => x === 0 || Math.abs(x) > 1e-30),
        fc.integer({ min: 4, max: 22 }),
        (x, bits) => {
          const [q = Number.NaN] = quantiseMantissa([x], bits);
          // float32 rounding (2^−24) then mantissa rounding (2^−(bits+1)).
          expect(Math.abs(q - x)).toBeLessThanOrEqual(
            Math.abs(x) * (2 ** -(bits + 1) + 2 ** -24) * (1 + 1e-7),
          );
          expect(bitsOf(q) & ((1 << (23 - bits)) - 1)).toBe(0);
        },
      ),
    );
  });

  it("quantiseMantissa(x, 23) is float32 rounding; NaN and ±Infinity pass unchanged", () => {
    expect(Array.from(quantiseMantissa([0.1, -1 / 3], 23))).toEqual([Math.fround(0.1), Math.fround(-1 / 3)]);
    const [nan, inf, ninf] = quantiseMantissa(
      [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
      8,
    );
    expect(nan).toBeNaN();
    expect([inf, ninf]).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  });

  it("quantiseMantissa(x, 1) rounds ties to even: 1.25 → 1, 1.75 → 2", () => {
    expect(Array.from(quantiseMantissa([1.25, 1.75, -1.25], 1))).toEqual([1, 2, -1]);
  });

  it("quantiseMantissa(x, 24) throws", () => {
    expect(() => quantiseMantissa([1], 24)).toThrow(/0–23/);
  });
});
