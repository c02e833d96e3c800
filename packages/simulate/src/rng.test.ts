import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fnv1a, streamFor } from "./rng";

describe("streamFor", () => {
  it("streamFor(seed, ...labels) repeats its draws for the same seed and labels", () => {
    const a = streamFor(7, "mrs", "sub-01", "ses-1");
    const b = streamFor(7, "mrs", "sub-01", "ses-1");
    expect(Array.from({ length: 5 }, () => a.uniform())).toEqual(
      Array.from({ length: 5 }, () => b.uniform()),
    );
  });

  it("streamFor(seed, ...labels) differs for another seed or another label", () => {
    const first = (seed: number, label: string) => streamFor(seed, label).uniform();
    expect(first(7, "sub-01")).not.toBe(first(8, "sub-01"));
    expect(first(7, "sub-01")).not.toBe(first(7, "sub-02"));
  });

  it("fnv1a(text) matches the published FNV-1a 32-bit test vectors", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(fnv1a("foobar")).toBe(0xbf9cf968);
  });
});

describe("rngOf", () => {
  it("rng.shuffle(items) returns a permutation and rng.int(lo, hi) stays in [lo, hi] (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(fc.integer(), { maxLength: 30 }),
        (seed, items) => {
          const rng = streamFor(seed, "t");
          expect([...rng.shuffle(items)].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
          const k = rng.int(-3, 4);
          expect(Number.isInteger(k) && k >= -3 && k <= 4).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("rng.normal() has mean ≈ 0 and SD ≈ 1 over 20 000 draws", () => {
    const rng = streamFor(1, "normal");
    const xs = Array.from({ length: 20000 }, () => rng.normal());
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it("rng.pick([]) throws", () => {
    expect(() => streamFor(1).pick([])).toThrow(/empty/);
  });
});
