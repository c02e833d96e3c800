import { describe, expect, it } from "vitest";
import { blockAverage } from "./blockAverage";

const t = (v: number) => Float64Array.from([v, -v]);

describe("blockAverage", () => {
  it("blockAverage(7 transients, {blockSize: 3, TR 2 s, start −6 s}) gives 3 blocks with times, counts and a partial last block", () => {
    const b = blockAverage([1, 2, 3, 4, 5, 6, 7].map(t), {
      blockSize: 3,
      repetitionTimeS: 2,
      startTimeS: -6,
    });
    expect(b.map((x) => [x.firstTransient, x.lastTransient, x.startS, x.endS, x.count, x.complete])).toEqual([
      [0, 2, -6, 0, 3, true],
      [3, 5, 0, 6, 3, true],
      [6, 6, 6, 8, 1, false],
    ]);
    expect(Array.from(b[0]?.fid ?? [])).toEqual([2, -2]);
  });

  it("blockAverage(..., {keep}) leaves rejected transients out; a block with none kept has fid null", () => {
    const b = blockAverage([1, 2, 3, 4].map(t), {
      blockSize: 2,
      repetitionTimeS: 1,
      keep: [true, false, false, false],
    });
    expect(b[0]?.count).toBe(1);
    expect(Array.from(b[0]?.fid ?? [])).toEqual([1, -1]);
    expect(b[1]?.fid).toBeNull();
    expect(b[1]?.count).toBe(0);
  });

  it("blockAverage([]) is [] and a bad block size or TR throws", () => {
    expect(blockAverage([], { blockSize: 2, repetitionTimeS: 1 })).toEqual([]);
    expect(() => blockAverage([t(1)], { blockSize: 0, repetitionTimeS: 1 })).toThrow(/blockSize/);
    expect(() => blockAverage([t(1)], { blockSize: 1, repetitionTimeS: 0 })).toThrow(/repetitionTimeS/);
  });
});
