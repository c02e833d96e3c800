import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { fidAt } from "./complexFids";
import { parseLcmRaw } from "./parseLcmRaw";
import { peakPpm } from "./testing/peakPpm";

const ref = testdataFolder("reference-data");

describe("parseLcmRaw on the reference file", () => {
  it("parseLcmRaw(text) reads lcmodel-test/data.raw: 1024 points, ID dropped", () => {
    const raw = parseLcmRaw(readFileSync(join(ref, "lcmodel-test/data.raw"), "utf8"), "data.raw");
    expect(raw.header.points).toBe(1024);
    expect(raw.namelists.NMID).toEqual({ FMTDAT: "(2E15.6)", VOLUME: "1", TRAMP: "1" });
    expect(raw.header.identifyingKeysDropped).toEqual(["NMID.ID"]);
    expect(raw.fids.data[0]).toBe(1.376081e-3);
    expect(raw.fids.data[1]).toBe(-3.44626e-5);
    expect(JSON.stringify(raw.header)).not.toContain("/tmp/");
  });

  it("parseLcmRaw(text) data put NAA of the spant phantom near 2.0 ppm (DELTAT 5e-4, 127.786 MHz)", () => {
    const raw = parseLcmRaw(readFileSync(join(ref, "lcmodel-test/data.raw"), "utf8"), "data.raw");
    const naa = peakPpm(fidAt(raw.fids), 5e-4, 127.786, 1.8, 2.2);
    expect(Math.abs(naa - 2.0)).toBeLessThan(0.03);
  });
});

describe("parseLcmRaw on synthetic text", () => {
  it("parseLcmRaw(text) reads $SEQPAR and an inline $NMID", () => {
    const text = [
      " $SEQPAR",
      " ECHOT=30.0, HZPPPM=1.2325D+02, SEQ='PRESS'",
      " $END",
      " $NMID ID='sub-01', FMTDAT='(2E15.6)' $END",
      "  1.0E+00  2.0E+00",
      "  3.0E+00 -4.0E+00",
    ].join("\n");
    const raw = parseLcmRaw(text, "a.raw");
    expect(raw.header).toMatchObject({ points: 2, f0MHz: 123.25, echoTimeS: 0.03 });
    expect(raw.namelists.SEQPAR).toEqual({ ECHOT: "30.0", HZPPPM: "1.2325D+02", SEQ: "PRESS" });
    expect(Array.from(raw.fids.data)).toEqual([1, 2, 3, -4]);
  });

  it("parseLcmRaw(text) rejects an odd number of values, an unclosed namelist and a missing $NMID", () => {
    expect(() => parseLcmRaw(" $NMID\n $END\n 1.0 2.0 3.0\n", "b.raw")).toThrow(/b\.raw:3: 3 numbers/);
    expect(() => parseLcmRaw(" $NMID\n ID='x'\n", "c.raw")).toThrow(InputError);
    expect(() => parseLcmRaw(" 1.0 2.0\n", "d.raw")).toThrow(/no \$NMID/);
  });
});
