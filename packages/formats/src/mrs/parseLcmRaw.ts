import { InputError } from "@fmrs/schema";
import { numbersIn, parseNumber } from "./bytes";
import type { ComplexFids } from "./complexFids";
import type { ScannerMrsHeader } from "./scannerHeader";

/** A parsed LCModel .RAW file: header (from its namelists) and one FID. */
export interface LcmRaw {
  readonly header: ScannerMrsHeader;
  /** Namelists by name (`NMID`, `SEQPAR`), keys upper-case, quotes removed, identifying keys dropped. */
  readonly namelists: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly fids: ComplexFids;
}

const identifyingRawKey = (key: string, value: string) => key === "ID" || /[/\\]/.test(value);

/**
 * Reads an LCModel .RAW time-domain input (LCModel manual §9.3): Fortran namelists
 * (`$NMID … $END`, optionally `$SEQPAR` with HZPPPM, ECHOT, SEQ) followed by (re, im) pairs in the
 * FMTDAT format, read here as free-format numbers. Data are returned as stored: files written by
 * spant and spec2nii already follow the NIfTI-MRS convention (`lcmodel-test/data.raw` equals the
 * conjugated Philips SDAT it came from). Dwell time is not in a .RAW file (it is DELTAT in the
 * control file), so `dwellS` is null. The free-text `ID` and any path value are dropped.
 *
 * Throws InputError when there is no `$NMID` namelist, a namelist is not closed, or the data hold
 * an odd count of numbers or none.
 */
export function parseLcmRaw(text: string, file: string): LcmRaw {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const namelists: Record<string, Record<string, string>> = {};
  const dropped = new Set<string>();
  let i = 0;
  for (;;) {
    while (i < lines.length && lines[i]!.trim() === "") i++;
    const open = /^\s*[$&]([A-Za-z]+)\s*(.*)$/.exec(lines[i] ?? "");
    if (!open || /^END$/i.test(open[1]!)) break;
    const name = open[1]!.toUpperCase();
    const startLine = i + 1;
    let body = open[2]!;
    i++;
    const inline = /^(.*?)[$&]END\s*$/i.exec(body);
    let closed = inline !== null;
    if (inline) body = inline[1]!;
    while (!closed && i < lines.length) {
      const line = lines[i]!;
      i++;
      if (/^\s*([$&]END|\/)\s*$/i.test(line)) {
        closed = true;
        break;
      }
      body += `\n${line}`;
    }
    if (!closed) throw new InputError({ file, line: startLine }, `namelist $${name} is not closed`, "$END");
    const entries: Record<string, string> = {};
    for (const m of body.matchAll(/([A-Za-z]\w*)\s*=\s*('(?:[^']|'')*'|[^,\s]+)/g)) {
      const key = m[1]!.toUpperCase();
      const value = m[2]!.replace(/^'(.*)'$/s, "$1");
      if (identifyingRawKey(key, value)) dropped.add(`${name}.${key}`);
      else entries[key] = value;
    }
    namelists[name] = entries;
  }
  if (!namelists.NMID) throw new InputError({ file, line: 1 }, "no $NMID namelist", "an LCModel .RAW file");
  const dataStart = i;
  const values: number[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (/[A-CF-Za-cf-z]/.test(line)) {
      throw new InputError({ file, line: i + 1 }, `"${line.trim()}" is not data`, "(re, im) number pairs");
    }
    for (const v of numbersIn(line)) {
      if (!Number.isFinite(v)) {
        throw new InputError(
          { file, line: i + 1, field: `data value ${values.length + 1}` },
          `is ${v}`,
          "a finite number (not NaN or ±Infinity)",
        );
      }
      values.push(v);
    }
  }
  if (values.length === 0 || values.length % 2 !== 0) {
    throw new InputError(
      { file, line: dataStart + 1 },
      `${values.length} numbers after the namelists`,
      "a positive, even count of numbers (re, im pairs)",
    );
  }
  const seq = namelists.SEQPAR ?? {};
  const num = (v: string | undefined) => (v === undefined ? null : parseNumber(v));
  const echoMs = num(seq.ECHOT);
  const points = values.length / 2;
  return {
    header: {
      format: "lcmodel-raw",
      points,
      fidCount: 1,
      dwellS: null,
      spectralWidthHz: null,
      f0MHz: num(seq.HZPPPM),
      nucleus: null,
      echoTimeS: echoMs === null ? null : echoMs / 1000,
      repetitionTimeS: null,
      averages: null,
      voxelSizeMm: null,
      fields: Object.fromEntries(
        Object.entries(namelists).flatMap(([n, e]) => Object.entries(e).map(([k, v]) => [`${n}.${k}`, v])),
      ),
      identifyingKeysDropped: [...dropped].sort(),
      warnings: [],
    },
    namelists,
    fids: { points, axes: ["x", "y", "z"], shape: [1, 1, 1], count: 1, data: Float64Array.from(values) },
  };
}
