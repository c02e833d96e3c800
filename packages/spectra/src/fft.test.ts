import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { complexFromParts } from "./complex";
import { fft, fftshift, fidOf, ifft, ifftshift, spectrumOf } from "./fft";

function naiveDft(x: Float64Array): Float64Array {
  const n = x.length / 2;
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * k * j) / n;
      out[2 * k] = (out[2 * k] ?? 0) + (x[2 * j] ?? 0) * Math.cos(a) - (x[2 * j + 1] ?? 0) * Math.sin(a);
      out[2 * k + 1] =
        (out[2 * k + 1] ?? 0) + (x[2 * j] ?? 0) * Math.sin(a) + (x[2 * j + 1] ?? 0) * Math.cos(a);
    }
  }
  return out;
}

const complexSignal = (maxLength: number) =>
  fc
    .array(
      fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })),
      {
        minLength: 1,
        maxLength,
      },
    )
    .map((pairs) =>
      complexFromParts(
        pairs.map((p) => p[0]),
        pairs.map((p) => p[1]),
      ),
    );

describe("fft", () => {
  it("fft(x) equals the direct DFT with numpy's sign, for powers of two and other lengths (Bluestein)", () => {
    fc.assert(
      fc.property(complexSignal(40), (x) => {
        const a = fft(x);
        const b = naiveDft(x);
        for (let k = 0; k < a.length; k++) expect(a[k]).toBeCloseTo(b[k] ?? 0, 8);
      }),
      { numRuns: 60 },
    );
  });

  it("fft(e^{+2πi n/8}) has its peak at bin +1 (numpy sign)", () => {
    const n = 8;
    const x = complexFromParts(
      Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * j) / n)),
      Array.from({ length: n }, (_, j) => Math.sin((2 * Math.PI * j) / n)),
    );
    const s = fft(x);
    expect(s[2]).toBeCloseTo(8, 12);
    expect(Math.abs(s[0] ?? 1)).toBeLessThan(1e-12);
  });

  it("ifft(fft(x)) returns x for any length", () => {
    fc.assert(
      fc.property(complexSignal(70), (x) => {
        const y = ifft(fft(x));
        for (let k = 0; k < x.length; k++) expect(y[k]).toBeCloseTo(x[k] ?? 0, 9);
      }),
      { numRuns: 60 },
    );
  });

  it("fft(empty) is empty and fft(one point) copies it", () => {
    expect(fft(new Float64Array(0)).length).toBe(0);
    expect(Array.from(fft(complexFromParts([2], [3])))).toEqual([2, 3]);
  });

  it("fftshift(x) and ifftshift(x) follow numpy for even and odd lengths", () => {
    const idx = (n: number) =>
      complexFromParts(
        Array.from({ length: n }, (_, k) => k),
        new Array(n).fill(0),
      );
    const re = (x: Float64Array) => Array.from(x).filter((_, k) => k % 2 === 0);
    expect(re(fftshift(idx(4)))).toEqual([2, 3, 0, 1]);
    expect(re(fftshift(idx(5)))).toEqual([3, 4, 0, 1, 2]);
    expect(re(ifftshift(idx(5)))).toEqual([2, 3, 4, 0, 1]);
    expect(re(ifftshift(fftshift(idx(7))))).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("fidOf(spectrumOf(fid)) returns the FID", () => {
    fc.assert(
      fc.property(complexSignal(33), (x) => {
        const y = fidOf(spectrumOf(x));
        for (let k = 0; k < x.length; k++) expect(y[k]).toBeCloseTo(x[k] ?? 0, 9);
      }),
      { numRuns: 30 },
    );
  });
});
