import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { basisDir, readBasis3T } from "../test/referenceBasis";
import { basisSetOf, conjugateBasis, parseFslBasis, selectBasis } from "./basis";
import { checkBasisConvention } from "./checkBasisConvention";

const tiny = (extra: Record<string, unknown> = {}) => ({
  basis: {
    basis_re: [1, 0.5, 0.25],
    basis_im: [0, 0.1, 0.2],
    basis_dwell: 1e-4,
    basis_centre: 123.0,
    basis_width: null,
    basis_name: "X",
    ...extra,
  },
  meta: {},
});

describe("parseFslBasis", () => {
  it("parseFslBasis(name, json) reads samples, dwell, centre, width and nucleus", () => {
    const m = parseFslBasis("Foo", tiny({ basis_width: 2, basis_nucleus: "1H" }));
    expect(m.name).toBe("Foo");
    expect(Array.from(m.fid)).toEqual([1, 0, 0.5, 0.1, 0.25, 0.2]);
    expect(m.dwellS).toBe(1e-4);
    expect(m.centreMHz).toBe(123);
    expect(m.widthHz).toBe(2);
    expect(m.nucleus).toBe("1H");
  });

  it("parseFslBasis('', json) falls back to basis_name; a centre in Hz is converted to MHz; nucleus defaults to 1H", () => {
    const m = parseFslBasis("", tiny({ basis_centre: 123.2e6 }));
    expect(m.name).toBe("X");
    expect(m.centreMHz).toBeCloseTo(123.2, 10);
    expect(m.nucleus).toBe("1H");
    expect(m.widthHz).toBeNull();
  });

  it("parseFslBasis(name, json) rejects a missing basis, non-numeric samples, unequal lengths and a bad dwell", () => {
    expect(() => parseFslBasis("A", {})).toThrow(/no "basis"/);
    expect(() => parseFslBasis("A", tiny({ basis_re: [1, "x", 2] }))).toThrow(/basis_re\[1\]/);
    expect(() => parseFslBasis("A", tiny({ basis_im: [1] }))).toThrow(/basis_im has 1/);
    expect(() => parseFslBasis("A", tiny({ basis_dwell: 0 }))).toThrow(/basis_dwell/);
    expect(() => parseFslBasis("A", tiny({ basis_centre: "123" }))).toThrow(/basis_centre/);
  });
});

describe("basisSetOf", () => {
  it("basisSetOf(members) keeps order and rejects duplicates, mismatched sampling and an empty list", () => {
    const a = parseFslBasis("A", tiny());
    const b = parseFslBasis("B", tiny());
    const set = basisSetOf([b, a]);
    expect(set.names).toEqual(["B", "A"]);
    expect(set.points).toBe(3);
    expect(() => basisSetOf([])).toThrow(/no members/);
    expect(() => basisSetOf([a, a])).toThrow(/duplicate/);
    expect(() => basisSetOf([a, parseFslBasis("C", tiny({ basis_dwell: 2e-4 }))])).toThrow(/differs/);
  });

  it("selectBasis(basis, names) picks members in the given order and rejects unknown names", () => {
    const set = basisSetOf([parseFslBasis("A", tiny()), parseFslBasis("B", tiny())]);
    expect(selectBasis(set, ["B"]).names).toEqual(["B"]);
    expect(() => selectBasis(set, ["Z"])).toThrow(/Z is not in the basis/);
  });
});

describe("real 3 T FSL-MRS basis (fmrs_bold_dynamic_fitting/basis_3T)", () => {
  it("parseFslBasis('NAA', NAA.json) gives 2048 points, dwell 1.6667e-4 s, centre 123.0 MHz", () => {
    const m = parseFslBasis("NAA", JSON.parse(readFileSync(join(basisDir, "NAA.json"), "utf8")));
    expect(m.fid.length).toBe(4096);
    expect(m.dwellS).toBeCloseTo(1.6667e-4, 8);
    expect(m.centreMHz).toBe(123);
  });

  it("checkBasisConvention(basis) finds the NAA singlet at 2.01 ppm: stored in the NIfTI-MRS convention, not conjugated", () => {
    const basis = readBasis3T();
    const c = checkBasisConvention(basis);
    expect(c.convention).toBe("nifti-mrs");
    expect(Math.abs(c.peakPpm - 2.008)).toBeLessThan(0.01);
    const cr = checkBasisConvention(basis, "Cr", 3.027);
    expect(cr.convention).toBe("nifti-mrs");
  });

  it("checkBasisConvention(conjugateBasis(basis)) reports 'conjugated' (peak mirrored to 7.29 ppm)", () => {
    const c = checkBasisConvention(conjugateBasis(readBasis3T()));
    expect(c.convention).toBe("conjugated");
    expect(Math.abs(c.peakPpm - (9.3 - 2.008))).toBeLessThan(0.01);
  });

  it("checkBasisConvention(basis, 'Nope') throws", () => {
    expect(() => checkBasisConvention(readBasis3T(), "Nope")).toThrow(/no member Nope/);
  });
});
