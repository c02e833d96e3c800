import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { parseLcmControl } from "./parseLcmControl";

const file = join(testdataFolder("reference-data"), "lcmodel-test", "control.file");

describe("parseLcmControl", () => {
  it("reads DELTAT, HZPPPM, NUNFIL, FILRAW and FILBAS from lcmodel-test/control.file", () => {
    // Values as written in the file: deltat=5e-04, hzpppm=127.786142, nunfil=1024.
    const c = parseLcmControl(readFileSync(file, "latin1"), file);
    expect(c).toEqual({
      dwellS: 5e-4,
      f0MHz: 127.786142,
      points: 1024,
      rawFile: "data.raw",
      basisFile: "3t.basis",
      echoTimeMs: null,
      ppmStart: null,
      ppmEnd: null,
    });
  });

  it("reads the analysis window PPMST/PPMEND (PPMEND may be negative) and names a bad one", () => {
    const c = parseLcmControl("$LCMODL\n deltat=5e-4, hzpppm=127.8, ppmst=4.2, ppmend=-0.1\n$END", "c");
    expect([c.ppmStart, c.ppmEnd]).toEqual([4.2, -0.1]);
    let caught: unknown;
    try {
      parseLcmControl("$LCMODL\n deltat=5e-4, hzpppm=127.8,\n ppmst=abc\n$END", "c.file");
    } catch (error) {
      caught = error;
    }
    expect((caught as { location: unknown }).location).toMatchObject({
      file: "c.file",
      line: 3,
      field: "PPMST",
    });
  });

  it("accepts upper case, several keys per line, &END and a D exponent", () => {
    const c = parseLcmControl(" &LCMODL\n DELTAT= 2.5D-04, HZPPPM= 123.2, ECHOT= 30.\n &END\n", "c");
    expect(c.dwellS).toBeCloseTo(2.5e-4, 12);
    expect(c.f0MHz).toBe(123.2);
    expect(c.echoTimeMs).toBe(30);
    expect(c.points).toBeNull();
  });

  it("names the file and field for a missing namelist, a missing or bad DELTAT/HZPPPM, an unclosed namelist", () => {
    const problem = (t: string) => {
      try {
        parseLcmControl(t, "x.control");
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return error as InputError;
      }
      throw new Error("no error");
    };
    expect(problem("hello").message).toContain("x.control:1: no $LCMODL");
    expect(problem("$LCMODL\n hzpppm=127.8\n$END").location.field).toBe("DELTAT");
    expect(problem("$LCMODL\n deltat=abc, hzpppm=127.8\n$END").location).toMatchObject({
      field: "DELTAT",
      line: 2,
    });
    expect(problem("$LCMODL\n deltat=5e-4, hzpppm=0\n$END").location.field).toBe("HZPPPM");
    expect(problem("$LCMODL\n deltat=5e-4, hzpppm=127\n").location.field).toBe("$LCMODL");
    expect(problem("$LCMODL\n deltat=5e-4, hzpppm=127, nunfil=10.5\n$END").location.field).toBe("NUNFIL");
  });
});
