import { InputError } from "@fmrs/schema";
import { parseNumber } from "./bytes";
import { isIdentifyingKey } from "./identifying";

/**
 * The header of a vendor export (Siemens .rda, Philips .spar, LCModel .RAW), de-identified, in
 * the units NIfTI-MRS uses: seconds, Hz, MHz, mm. Fields a format lacks are null.
 */
export interface ScannerMrsHeader {
  readonly format: "siemens-rda" | "philips-spar" | "lcmodel-raw";
  readonly points: number;
  /** FIDs in the file (dynamics × voxels). */
  readonly fidCount: number;
  readonly dwellS: number | null;
  readonly spectralWidthHz: number | null;
  readonly f0MHz: number | null;
  readonly nucleus: string | null;
  readonly echoTimeS: number | null;
  readonly repetitionTimeS: number | null;
  /** Transients averaged into the stored FID(s) by the scanner. */
  readonly averages: number | null;
  readonly voxelSizeMm: readonly [number, number, number] | null;
  /** Every remaining header field as text (keys as written). */
  readonly fields: Readonly<Record<string, string>>;
  /** Names (never values) of the identifying fields left out of `fields`, sorted. */
  readonly identifyingKeysDropped: readonly string[];
  readonly warnings: readonly string[];
}

/** Splits header fields into kept and dropped-identifying (names only), sorted. */
export function splitIdentifying(all: ReadonlyMap<string, string>): {
  fields: Record<string, string>;
  dropped: string[];
} {
  const fields: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [k, v] of all) {
    if (isIdentifyingKey(k)) dropped.push(k);
    else fields[k] = v;
  }
  return { fields, dropped: dropped.sort() };
}

/** A helper reading typed values out of a `key → text` header, throwing InputError when required. */
export class HeaderFields {
  constructor(
    private readonly values: ReadonlyMap<string, string>,
    private readonly file: string,
    private readonly lineOf: ReadonlyMap<string, number>,
  ) {}

  /** The number under `key`; null when absent or blank, InputError when not a number. */
  number(key: string): number | null {
    const raw = this.values.get(key);
    if (raw === undefined || raw.trim() === "") return null;
    const v = parseNumber(raw);
    if (v === null) {
      throw new InputError(
        { file: this.file, line: this.lineOf.get(key), field: key },
        `"${raw}" is not a number`,
        "a number",
      );
    }
    return v;
  }

  /** Like {@link number}, but absent is an InputError too; `positive` also rejects ≤ 0. */
  required(key: string, expected: string, positive = true): number {
    const v = this.number(key);
    if (v === null || (positive && !(v > 0))) {
      throw new InputError(
        { file: this.file, line: this.lineOf.get(key), field: key },
        v === null ? "is missing" : `is ${v}`,
        expected,
      );
    }
    return v;
  }

  /** The trimmed text under `key`; null when absent or blank. */
  text(key: string): string | null {
    const v = this.values.get(key)?.trim();
    return v === undefined || v === "" ? null : v;
  }
}
