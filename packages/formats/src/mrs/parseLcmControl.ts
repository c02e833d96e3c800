import { InputError } from "@fmrs/schema";
import { parseNumber } from "./bytes";

/** The fields of an LCModel control file (`$LCMODL … $END`) that a fit of its .RAW needs. */
export interface LcmControl {
  /** DELTAT: dwell time, s. */
  readonly dwellS: number;
  /** HZPPPM: spectrometer frequency, MHz. */
  readonly f0MHz: number;
  /** NUNFIL: complex points of the .RAW, or null when absent. */
  readonly points: number | null;
  /** FILRAW / FILBAS: the file names given (as written; may be paths on another machine), or null. */
  readonly rawFile: string | null;
  readonly basisFile: string | null;
  /** ECHOT (ms) when the control file gives it, else null. */
  readonly echoTimeMs: number | null;
  /** PPMST and PPMEND: the analysis window's upper and lower ppm (LCModel's defaults 4.0 and 0.2 when absent). */
  readonly ppmStart: number | null;
  readonly ppmEnd: number | null;
}

/**
 * Reads an LCModel control file (LCModel manual §5.1: a `$LCMODL` Fortran namelist, keys in any
 * case, `'…'` strings, closed by `$END`, `&END` or `/`). DELTAT and HZPPPM are required (a .RAW
 * has neither its dwell time nor, often, its F0); NUNFIL, FILRAW, FILBAS and ECHOT are optional.
 * Throws InputError naming the file and the line or field: no `$LCMODL`, an unclosed namelist, a
 * missing or non-positive DELTAT/HZPPPM, a non-numeric NUNFIL.
 */
export function parseLcmControl(text: string, file: string): LcmControl {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const start = lines.findIndex((l) => /^\s*[$&]LCMODL\b/i.test(l));
  if (start < 0) throw new InputError({ file, line: 1 }, "no $LCMODL namelist", "an LCModel control file");
  const values = new Map<string, { value: string; line: number }>();
  let closed = false;
  for (let i = start; i < lines.length && !closed; i++) {
    let line = (lines[i] ?? "").replace(/^\s*[$&]LCMODL\b/i, "");
    if (/(^|\s|,)([$&]END|\/)\s*$/i.test(line)) {
      closed = true;
      line = line.replace(/([$&]END|\/)\s*$/i, "");
    }
    for (const m of line.matchAll(/([A-Za-z]\w*(?:\(\d+\))?)\s*=\s*('(?:[^']|'')*'|[^,\s]+)/g)) {
      const key = (m[1] ?? "").toUpperCase();
      values.set(key, { value: (m[2] ?? "").replace(/^'(.*)'$/s, "$1"), line: i + 1 });
    }
  }
  if (!closed)
    throw new InputError({ file, line: start + 1, field: "$LCMODL" }, "namelist is not closed", "$END");
  const number = (key: string, required: boolean): number | null => {
    const v = values.get(key);
    if (v === undefined) {
      if (required) throw new InputError({ file, field: key }, "is missing", `${key} = <number> in $LCMODL`);
      return null;
    }
    const x = parseNumber(v.value.replace(/[dD]/, "E"));
    if (x === null || (required && !(x > 0)))
      throw new InputError({ file, line: v.line, field: key }, `"${v.value}" is not a positive number`);
    return x;
  };
  // A ppm may be negative or zero (PPMEND): any finite number, the line named when it is not one.
  const signed = (key: string): number | null => {
    const v = values.get(key);
    if (v === undefined) return null;
    const x = parseNumber(v.value.replace(/[dD]/, "E"));
    if (x === null || !Number.isFinite(x))
      throw new InputError(
        { file, line: v.line, field: key },
        `"${v.value}" is not a number`,
        "a chemical shift in ppm",
      );
    return x;
  };
  const dwellS = number("DELTAT", true) ?? 0;
  const f0MHz = number("HZPPPM", true) ?? 0;
  const points = number("NUNFIL", false);
  if (points !== null && !(Number.isInteger(points) && points > 0))
    throw new InputError(
      { file, line: values.get("NUNFIL")?.line, field: "NUNFIL" },
      `${points} is not a number of points`,
    );
  const text_ = (key: string) => {
    const v = values.get(key)?.value.trim();
    return v === undefined || v === "" ? null : v;
  };
  return {
    dwellS,
    f0MHz,
    points,
    rawFile: text_("FILRAW"),
    basisFile: text_("FILBAS"),
    echoTimeMs: number("ECHOT", false),
    ppmStart: signed("PPMST"),
    ppmEnd: signed("PPMEND"),
  };
}
