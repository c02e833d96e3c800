import { InputError } from "@fmrs/schema";
import { type BasisSet, basisSetOf, conjugateBasis } from "./basis";
import { checkBasisConvention } from "./checkBasisConvention";
import { type ComplexArray, complexLength } from "./complex";
import { ifft } from "./fft";

/** What {@link parseLcmodelBasis} read besides the basis spectra. */
export interface LcmodelBasis {
  /** The basis set, FIDs in the NIfTI-MRS convention (the fitter takes it like an FSL-MRS folder). */
  readonly basis: BasisSet;
  /** Echo time (ECHOT, ms) or null when the file leaves it blank. */
  readonly echoTimeMs: number | null;
  /** Sequence name (SEQ) or null. */
  readonly sequence: string | null;
  /** Whether the stored spectra were mirrored (conjugated FIDs) to reach the NIfTI-MRS convention. */
  readonly conjugated: boolean;
}

/** One Fortran namelist: its name, 1-based first line, and its KEY → raw value text (quotes removed). */
interface Namelist {
  readonly name: string;
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

/** Singlets whose position decides the orientation, in order of preference (Govindaraju et al. 2000, NMR Biomed 13:129). */
const ORIENTATION_SINGLETS: readonly (readonly [string, number])[] = [
  ["NAA", 2.008],
  ["Cr", 3.027],
  ["PCr", 3.029],
  ["GPC", 3.212],
  ["PCh", 3.208],
  ["Cho", 3.185],
];

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[EeDd][-+]?\d+)?/;

/** Free-format Fortran reals of one data line, or the column where something else starts. */
function numbersOfLine(line: string): number[] | { badColumn: number } {
  const out: number[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === " " || c === "\t" || c === ",") {
      i++;
      continue;
    }
    const m = NUMBER.exec(line.slice(i));
    if (m === null) return { badColumn: i + 1 };
    const v = Number(m[0].replace(/[Dd]/, "E"));
    if (!Number.isFinite(v)) return { badColumn: i + 1 };
    out.push(v);
    i += m[0].length;
  }
  return out;
}

/**
 * Reads a namelist starting at `lines[start]` (`$NAME` or `&NAME`, closed by `$END`, `&END` or
 * `/`). Returns it and the index of the line after it.
 */
function readNamelist(lines: readonly string[], start: number, file: string): [Namelist, number] {
  const open = /^\s*[$&]([A-Za-z]\w*)\s*(.*)$/.exec(lines[start] ?? "");
  if (open === null) throw new InputError({ file, line: start + 1 }, "expected a namelist ($NAME)");
  const name = (open[1] ?? "").toUpperCase();
  let body = open[2] ?? "";
  let i = start + 1;
  const closes = /(^|\s|,)([$&]END|\/)\s*$/i;
  let closed = closes.test(body);
  while (!closed) {
    if (i >= lines.length) {
      throw new InputError({ file, line: start + 1, field: `$${name}` }, "namelist is not closed", "$END");
    }
    const line = lines[i] ?? "";
    i++;
    body += `\n${line}`;
    closed = closes.test(line);
  }
  body = body.replace(/([$&]END|\/)\s*$/i, "");
  const values: Record<string, string> = {};
  // KEY = value[, value …] up to the next KEY = or the end; quoted strings may hold commas.
  const re = /([A-Za-z]\w*)\s*=\s*((?:'(?:[^']|'')*'|[^=']+?)*?)\s*,?\s*(?=[A-Za-z]\w*\s*=|$)/gs;
  for (const m of body.matchAll(re)) {
    const key = (m[1] ?? "").toUpperCase();
    const raw = (m[2] ?? "").trim().replace(/,$/, "").trim();
    values[key] = raw
      .replace(/^'(.*)'$/s, "$1")
      .replace(/''/g, "'")
      .trim();
  }
  return [{ name, line: start + 1, values }, i];
}

function headerNumber(
  lists: readonly Namelist[],
  key: string,
  file: string,
  required: boolean,
): number | null {
  for (const l of lists) {
    const v = l.values[key];
    if (v === undefined) continue;
    if (v === "") break;
    const x = Number(v.split(/[\s,]+/)[0]?.replace(/[Dd]/, "E"));
    if (!Number.isFinite(x))
      throw new InputError({ file, line: l.line, field: key }, `"${v}" is not a number`);
    return x;
  }
  if (required)
    throw new InputError(
      { file, field: key },
      "missing from the $SEQPAR/$BASIS1 header",
      `${key} = <number>`,
    );
  return null;
}

/**
 * Parses an LCModel `.BASIS` file (LCModel manual §9.5; as written by LCModel's MAKEBASIS, spant's
 * `write_basis` and Osprey's `io_writelcmBASIS`) into a {@link BasisSet}.
 *
 * Layout: a header of namelists (`$SEQPAR` with FWHMBA [ppm], HZPPPM [MHz], ECHOT [ms], SEQ;
 * `$BASIS1` with BADELT [s], NDATAB [points], FMTBAS), then per basis spectrum an optional
 * `$NMUSED … $END` and a `$BASIS … METABO='NAA', ISHIFT=… $END` followed by 2·NDATAB reals: the
 * spectrum FFT(fid) in unshifted FFT order, (re, im) pairs. Each member's FID is
 * ifft(roll(spectrum, −ISHIFT)) (spant `read_basis`, FSL-MRS `readLCModelBasis`).
 *
 * The FFT sign of a .BASIS file depends on the program that wrote it, so the orientation is
 * decided from the data: the first of NAA, Cr, PCr, GPC, PCh, Cho present must peak within 0.1 ppm
 * of its literature shift on ppm = 4.65 − f/F0 (see {@link checkBasisConvention}); if it sits at the
 * mirror position every FID is conjugated. With none of them present the data are kept as stored.
 * FWHMBA·HZPPPM becomes each member's simulated width (Hz). Member names are METABO (ID as a
 * fallback), in file order.
 *
 * Throws InputError naming `file` and the line or field for: a missing or non-numeric HZPPPM,
 * BADELT or NDATAB; a `$BASIS` without METABO/ID; a non-numeric data line; fewer or more numbers
 * than 2·NDATAB before the next namelist; a repeated name; no basis spectrum at all.
 */
export function parseLcmodelBasis(text: string, file: string): LcmodelBasis {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const header: Namelist[] = [];
  interface Raw {
    name: string;
    line: number;
    shift: number;
    data: number[];
  }
  const raws: Raw[] = [];
  let i = 0;
  let current: Raw | null = null;
  let nData: number | null = null;
  const finish = () => {
    if (current === null || nData === null) return;
    if (current.data.length !== 2 * nData) {
      throw new InputError(
        { file, line: current.line, field: `$BASIS ${current.name}` },
        `${current.data.length} numbers follow the namelist`,
        `2 × NDATAB = ${2 * nData} (re, im) values`,
      );
    }
    raws.push(current);
    current = null;
  };
  while (i < lines.length) {
    const line = lines[i] ?? "";
    if (line.trim() === "") {
      i++;
      continue;
    }
    if (/^\s*[$&][A-Za-z]/.test(line)) {
      finish();
      const [list, next] = readNamelist(lines, i, file);
      i = next;
      if (list.name === "BASIS") {
        nData ??= headerNumber(header, "NDATAB", file, true);
        if (nData === null || !Number.isInteger(nData) || nData < 2) {
          throw new InputError(
            { file, field: "NDATAB" },
            `${nData} is not a number of points`,
            "an integer ≥ 2",
          );
        }
        const name = list.values.METABO || list.values.ID || "";
        if (name === "")
          throw new InputError({ file, line: list.line, field: "METABO" }, "basis spectrum without a name");
        const shift = Number(list.values.ISHIFT ?? "0");
        if (!Number.isInteger(shift))
          throw new InputError(
            { file, line: list.line, field: "ISHIFT" },
            `"${list.values.ISHIFT}" is not an integer`,
          );
        current = { name, line: list.line, shift, data: [] };
      } else if (list.name !== "NMUSED" && raws.length === 0) {
        header.push(list);
      }
      continue;
    }
    if (current === null) {
      throw new InputError(
        { file, line: i + 1 },
        "data outside a $BASIS block",
        "a namelist ($SEQPAR, $BASIS1, $BASIS)",
      );
    }
    const values = numbersOfLine(line);
    if (!Array.isArray(values)) {
      throw new InputError(
        { file, line: i + 1, field: `$BASIS ${current.name}` },
        `not a number at column ${values.badColumn}`,
        "(re, im) pairs of reals",
      );
    }
    for (const v of values) current.data.push(v);
    i++;
  }
  finish();
  if (raws.length === 0)
    throw new InputError({ file }, "no $BASIS spectra", "one $BASIS namelist and its data per metabolite");
  const hzPerPpm = headerNumber(header, "HZPPPM", file, true) ?? 0;
  const dwell = headerNumber(header, "BADELT", file, true) ?? 0;
  if (!(hzPerPpm > 0))
    throw new InputError({ file, field: "HZPPPM" }, `${hzPerPpm} is not a field strength`, "MHz > 0");
  if (!(dwell > 0))
    throw new InputError({ file, field: "BADELT" }, `${dwell} is not a dwell time`, "seconds > 0");
  const fwhmPpm = headerNumber(header, "FWHMBA", file, false);
  const echo = headerNumber(header, "ECHOT", file, false);
  const seq = header.map((l) => l.values.SEQ).find((s) => s !== undefined && s !== "") ?? null;
  const seen = new Set<string>();
  const members = raws.map((r) => {
    if (seen.has(r.name))
      throw new InputError({ file, line: r.line, field: "METABO" }, `${r.name} appears twice`);
    seen.add(r.name);
    return {
      name: r.name,
      fid: ifft(rolled(Float64Array.from(r.data), -r.shift)),
      dwellS: dwell,
      centreMHz: hzPerPpm,
      widthHz: fwhmPpm !== null && fwhmPpm > 0 ? fwhmPpm * hzPerPpm : null,
      nucleus: "1H",
    };
  });
  let basis = basisSetOf(members);
  let conjugated = false;
  const reference = ORIENTATION_SINGLETS.find(([n]) => basis.names.includes(n));
  if (reference !== undefined) {
    const found = checkBasisConvention(basis, reference[0], reference[1]);
    if (found.convention === "conjugated") {
      basis = conjugateBasis(basis);
      conjugated = true;
    }
  }
  return { basis, echoTimeMs: echo, sequence: seq, conjugated };
}

/** Circular shift of a complex array by `by` samples (numpy `roll`: out[k] = x[k − by]). */
function rolled(x: ComplexArray, by: number): ComplexArray {
  const n = complexLength(x);
  if (by % n === 0) return x;
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const src = (((k - by) % n) + n) % n;
    out[2 * k] = x[2 * src] ?? 0;
    out[2 * k + 1] = x[2 * src + 1] ?? 0;
  }
  return out;
}
