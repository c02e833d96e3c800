import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clockOf, daysFromIso, isoFromDays } from "./dates";

describe("dates", () => {
  it("daysFromIso(iso) counts days from 1970-01-01, leap days included", () => {
    expect(daysFromIso("1970-01-01")).toBe(0);
    expect(daysFromIso("2000-03-01")).toBe(11017);
    expect(daysFromIso("2024-03-01") - daysFromIso("2024-02-28")).toBe(2);
    expect(daysFromIso("1969-12-31")).toBe(-1);
  });

  it("isoFromDays(daysFromIso(iso)) returns iso for every day from 1900 to 2100 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromIso("1900-01-01"), max: daysFromIso("2100-12-31") }), (d) => {
        expect(daysFromIso(isoFromDays(d))).toBe(d);
      }),
    );
    expect(isoFromDays(19783)).toBe("2024-03-01");
  });

  it("daysFromIso('2021-13-01x') throws; clockOf(seconds) formats hh:mm:ss", () => {
    expect(() => daysFromIso("2021-13-01x")).toThrow(/YYYY-MM-DD/);
    expect(clockOf(9 * 3600 + 5 * 60 + 7)).toBe("09:05:07");
  });
});
