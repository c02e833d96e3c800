import { describe, expect, it } from "vitest";
import { type ComplexFids, fidAt, fidNumber, shortAxisName } from "./complexFids";

const fids: ComplexFids = {
  points: 2,
  axes: ["x", "y", "z", "DIM_COIL", "DIM_DYN"],
  shape: [1, 1, 1, 3, 2],
  count: 6,
  data: Float64Array.from({ length: 24 }, (_, i) => i),
};

describe("fidAt / fidNumber", () => {
  it("fidNumber(fids, index) puts coil fastest, then dynamic", () => {
    expect(fidNumber(fids, { coil: 2, dyn: 1 })).toBe(5);
    expect(fidNumber(fids, { DIM_DYN: 1 })).toBe(3);
    expect(fidNumber(fids, [1, 1])).toBe(4);
    expect(fidNumber(fids, {})).toBe(0);
  });

  it("fidAt(fids, index) returns a view of 2·points values", () => {
    const fid = fidAt(fids, { coil: 1, dyn: 1 });
    expect(Array.from(fid)).toEqual([16, 17, 18, 19]);
    expect(fid.buffer).toBe(fids.data.buffer);
  });

  it("fidNumber(fids, index) throws RangeError for an unknown axis or an index out of range", () => {
    expect(() => fidNumber(fids, { edit: 0 })).toThrow(RangeError);
    expect(() => fidNumber(fids, { coil: 3 })).toThrow(/outside 0…2/);
    expect(() => fidNumber(fids, [0, 0, 0])).toThrow(RangeError);
    expect(() => fidNumber(fids, { dyn: 0.5 })).toThrow(RangeError);
  });

  it("fidNumber(fids, index) rejects a short name that two axes share", () => {
    const twice: ComplexFids = { ...fids, axes: ["x", "y", "z", "DIM_USER_0", "DIM_USER_0"] };
    expect(() => fidNumber(twice, { user_0: 1 })).toThrow(/ambiguous/);
  });

  it("shortAxisName(tag) drops DIM_ and lower-cases", () => {
    expect(shortAxisName("DIM_INDIRECT_0")).toBe("indirect_0");
    expect(shortAxisName("x")).toBe("x");
  });
});
