import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nnlsGram } from "./nnls";

function gram(a: number[][], y: number[]): { g: Float64Array; h: Float64Array; p: number } {
  const p = a[0]?.length ?? 0;
  const g = new Float64Array(p * p);
  const h = new Float64Array(p);
  a.forEach((row, r) => {
    for (let i = 0; i < p; i++) {
      h[i] = (h[i] ?? 0) + (row[i] ?? 0) * (y[r] ?? 0);
      for (let j = 0; j < p; j++) g[i * p + j] = (g[i * p + j] ?? 0) + (row[i] ?? 0) * (row[j] ?? 0);
    }
  });
  return { g, h, p };
}

describe("nnlsGram", () => {
  it("nnlsGram(G, h) solves a problem whose unconstrained solution has a negative component", () => {
    // A = I₂, y = (2, −1): the NNLS solution is (2, 0).
    const { g, h, p } = gram(
      [
        [1, 0],
        [0, 1],
      ],
      [2, -1],
    );
    const { x, passive } = nnlsGram(g, h, p);
    expect(Array.from(x)).toEqual([2, 0]);
    expect(Array.from(passive)).toEqual([1, 0]);
  });

  it("nnlsGram(G, h) satisfies the KKT conditions on random problems, with or without a warm start", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), {
          minLength: 8,
          maxLength: 12,
        }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.boolean(),
        (a, y, useWarm) => {
          const { g, h, p } = gram(a, y);
          for (let i = 0; i < p; i++) g[i * p + i] = (g[i * p + i] ?? 0) + 1e-3;
          const { x } = nnlsGram(g, h, p, useWarm ? Uint8Array.from([1, 0, 1, 0]) : undefined);
          for (let i = 0; i < p; i++) {
            let w = h[i] ?? 0;
            for (let j = 0; j < p; j++) w -= (g[i * p + j] ?? 0) * (x[j] ?? 0);
            expect(x[i]).toBeGreaterThanOrEqual(0);
            // gradient ≤ 0 where x = 0, and = 0 where x > 0
            if ((x[i] ?? 0) > 0) expect(Math.abs(w)).toBeLessThan(1e-8);
            else expect(w).toBeLessThan(1e-8);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
