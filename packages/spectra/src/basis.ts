import { type ComplexArray, conjugate } from "./complex";

/** One basis spectrum (one metabolite or macromolecule) as a time-domain FID. */
export interface BasisMember {
  /** Metabolite name (the FSL-MRS file name, e.g. "NAA", "MM09"). */
  readonly name: string;
  /** The basis FID, interleaved complex, in the NIfTI-MRS frequency convention. */
  readonly fid: ComplexArray;
  /** Sampling interval, s. */
  readonly dwellS: number;
  /** Spectrometer (centre) frequency of the simulation, MHz. */
  readonly centreMHz: number;
  /** Line width the basis was simulated with (FWHM, Hz), or null when unstated (undamped). */
  readonly widthHz: number | null;
  /** Resonant nucleus, e.g. "1H". */
  readonly nucleus: string;
}

/** A basis set: members sharing dwell time, number of points and centre frequency. */
export interface BasisSet {
  /** Member names, in the order of `fids`. */
  readonly names: readonly string[];
  /** One FID per member, each `points` complex samples. */
  readonly fids: readonly ComplexArray[];
  /** Simulated line width per member (FWHM Hz) or null. */
  readonly widthsHz: readonly (number | null)[];
  /** Sampling interval, s. */
  readonly dwellS: number;
  /** Number of complex points per FID. */
  readonly points: number;
  /** Centre frequency, MHz. */
  readonly centreMHz: number;
  /** Resonant nucleus. */
  readonly nucleus: string;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function numberArray(x: unknown, what: string): number[] {
  if (!Array.isArray(x)) throw new TypeError(`${what} must be an array of numbers`);
  const out: number[] = new Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const v: unknown = x[k];
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new TypeError(`${what}[${k}] is not a finite number`);
    out[k] = v;
  }
  return out;
}

/**
 * Parses one FSL-MRS basis file (`{"basis": {basis_re, basis_im, basis_dwell, basis_centre,
 * basis_width, basis_name, basis_nucleus?}, "meta": {...}}`, fsl_mrs `mrs_io/fsl_io.py`) into a
 * {@link BasisMember}. `json` is the parsed JSON value; `name` (normally the file name without
 * `.json`) wins over `basis_name`, which is only a fallback when `name` is empty.
 * `basis_centre` is taken as MHz; a value above 1e4 is read as Hz (FSL-MRS writes Hz in some
 * headers, cf. `misc.checkCFUnits`) and converted. Missing `basis_nucleus` means "1H".
 * The FID is kept as stored: FSL-MRS basis files already use the NIfTI-MRS convention (checked on
 * `basis_3T/NAA.json`: NAA singlet at 2.006 ppm; see {@link checkBasisConvention}).
 * Throws TypeError with the field path on a malformed file (non-numeric samples, length mismatch,
 * non-positive dwell or centre).
 */
export function parseFslBasis(name: string, json: unknown): BasisMember {
  const where = `parseFslBasis(${name})`;
  if (!isRecord(json) || !isRecord(json.basis)) throw new TypeError(`${where}: no "basis" object`);
  const b = json.basis;
  const re = numberArray(b.basis_re, `${where}: basis.basis_re`);
  const im = numberArray(b.basis_im, `${where}: basis.basis_im`);
  if (re.length !== im.length) {
    throw new TypeError(`${where}: basis_re has ${re.length} points but basis_im has ${im.length}`);
  }
  if (re.length < 2) throw new TypeError(`${where}: basis has ${re.length} points`);
  const dwell = b.basis_dwell;
  if (typeof dwell !== "number" || !(dwell > 0))
    throw new TypeError(`${where}: basis.basis_dwell must be > 0 (s)`);
  let centre = b.basis_centre;
  if (Array.isArray(centre)) centre = centre[0];
  if (typeof centre !== "number" || !(centre > 0)) {
    throw new TypeError(`${where}: basis.basis_centre must be a positive number (MHz)`);
  }
  if (centre > 1e4) centre /= 1e6;
  const width = b.basis_width;
  if (width !== null && width !== undefined && (typeof width !== "number" || !Number.isFinite(width))) {
    throw new TypeError(`${where}: basis.basis_width must be a number (Hz) or null`);
  }
  const nucleus = typeof b.basis_nucleus === "string" ? b.basis_nucleus : "1H";
  const fallback = typeof b.basis_name === "string" ? b.basis_name : "";
  const fid = new Float64Array(2 * re.length);
  for (let k = 0; k < re.length; k++) {
    fid[2 * k] = re[k] ?? 0;
    fid[2 * k + 1] = im[k] ?? 0;
  }
  return {
    name: name !== "" ? name : fallback,
    fid,
    dwellS: dwell,
    centreMHz: centre,
    widthHz: typeof width === "number" ? width : null,
    nucleus,
  };
}

/**
 * Returns a {@link BasisSet} of `members` in the given order. Throws when the list is empty,
 * names repeat, or dwell time (relative tolerance 1e-6), number of points, centre frequency
 * (1e-6) or nucleus differ between members (FSL-MRS `Basis` enforces the same).
 */
export function basisSetOf(members: readonly BasisMember[]): BasisSet {
  const first = members[0];
  if (first === undefined) throw new RangeError("basisSetOf(): no members");
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m.name)) throw new RangeError(`basisSetOf(): duplicate member ${m.name}`);
    seen.add(m.name);
    const same = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.abs(b);
    if (
      !same(m.dwellS, first.dwellS) ||
      m.fid.length !== first.fid.length ||
      !same(m.centreMHz, first.centreMHz)
    ) {
      throw new RangeError(`basisSetOf(): ${m.name} differs from ${first.name} in dwell, points or centre`);
    }
    if (m.nucleus !== first.nucleus)
      throw new RangeError(`basisSetOf(): ${m.name} nucleus ${m.nucleus} ≠ ${first.nucleus}`);
  }
  return {
    names: members.map((m) => m.name),
    fids: members.map((m) => m.fid),
    widthsHz: members.map((m) => m.widthHz),
    dwellS: first.dwellS,
    points: first.fid.length / 2,
    centreMHz: first.centreMHz,
    nucleus: first.nucleus,
  };
}

/** Returns the basis set with every FID conjugated (spectra mirrored about the centre frequency). */
export function conjugateBasis(basis: BasisSet): BasisSet {
  return { ...basis, fids: basis.fids.map((f) => conjugate(f)) };
}

/** Returns the subset of `basis` with the named members, in the order given; throws on an unknown name. */
export function selectBasis(basis: BasisSet, names: readonly string[]): BasisSet {
  const idx = names.map((n) => {
    const i = basis.names.indexOf(n);
    if (i < 0) throw new RangeError(`selectBasis(): ${n} is not in the basis (${basis.names.join(", ")})`);
    return i;
  });
  return {
    ...basis,
    names: idx.map((i) => basis.names[i] ?? ""),
    fids: idx.map((i) => basis.fids[i] ?? new Float64Array(0)),
    widthsHz: idx.map((i) => basis.widthsHz[i] ?? null),
  };
}
