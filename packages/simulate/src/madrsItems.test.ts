import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { madrsItems } from "./madrsItems";
import { streamFor } from "./rng";
import { MADRS_ITEM_WEIGHTS } from "./spec";

describe("madrsItems", () => {
  it("madrsItems(total, weights, rng) gives 10 integers 0–6 summing to the clamped total (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 70 }), fc.integer({ min: 0, max: 1e6 }), (total, seed) => {
        const items = madrsItems(total, MADRS_ITEM_WEIGHTS, streamFor(seed, "items"));
        expect(items).toHaveLength(10);
        expect(items.every((x) => Number.isInteger(x) && x >= 0 && x <= 6)).toBe(true);
        expect(items.reduce((a, b) => a + b, 0)).toBe(Math.max(0, Math.min(60, total)));
      }),
    );
  });

  it("madrsItems(30, weights, rng) scores heavier items higher on average (sadness > suicidal thoughts)", () => {
    const rng = streamFor(3, "items");
    const sums = new Array<number>(10).fill(0);
    for (let i = 0; i < 500; i++) {
      madrsItems(30, MADRS_ITEM_WEIGHTS, rng).forEach((x, k) => {
        sums[k] = (sums[k] ?? 0) + x;
      });
    }
    expect(sums[1]! / 500).toBeGreaterThan(sums[9]! / 500 + 1);
  });

  it("madrsItems(total, 9 weights, rng) throws", () => {
    expect(() => madrsItems(10, [1, 1, 1, 1, 1, 1, 1, 1, 1], streamFor(1))).toThrow(/10 positive/);
  });
});
