import { InputError } from "@fmrs/schema";
import { parseNumber } from "./bytes";

/** One metabolite's values in one voxel of an LCModel `.csv`. */
export interface LcmCsvValue {
  /** Full name: from `names` when given, else as printed (LCModel truncates to 13 characters). */
  readonly metabolite: string;
  /** Name as printed in the header. */
  readonly printedName: string;
  readonly conc: number;
  /** %SD (999 = undetermined). */
  readonly sdPercent: number;
  readonly ratio: number;
}

/** One data row (voxel) of an LCModel `.csv`; SVS files have one row, Row = Col = 1. */
export interface LcmCsvRow {
  readonly row: number;
  readonly col: number;
  readonly values: readonly LcmCsvValue[];
}

/** A parsed LCModel `.csv` (`LCSV=11`). */
export interface LcmCsv {
  readonly format: "lcmodel-csv";
  /** Ratio reference from the `<M>/<REF>` headers, e.g. `Cr+PCr`. */
  readonly reference: string | null;
  readonly metabolites: readonly string[];
  readonly rows: readonly LcmCsvRow[];
}

/**
 * Reads an LCModel `.csv`: header `Row, Col, <M>, <M> %SD, <M>/<REF>, …`, then one row per voxel
 * of `", "`-separated padded values. Because names are cut to 13 characters (`MM14+Lip13a+L`),
 * pass `names` (e.g. `parseLcmTable(...).concentrations.map(r => r.metabolite)`) to map columns
 * by position; each printed name must then be a prefix of the name at its position.
 *
 * Throws InputError (file, line, field) when the header is not in triples, a row has another
 * number of fields, a value is not a number, or `names` does not match the header.
 */
export function parseLcmCsv(text: string, file: string, names?: readonly string[]): LcmCsv {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const header = (lines[0] ?? "").split(",").map((s) => s.trim());
  if (header[0] !== "Row" || header[1] !== "Col" || (header.length - 2) % 3 !== 0) {
    throw new InputError(
      { file, line: 1 },
      "header is not Row, Col and then triples",
      "Row, Col, <M>, <M> %SD, <M>/<REF>, …",
    );
  }
  const printed: string[] = [];
  let reference: string | null = null;
  for (let i = 2; i < header.length; i += 3) {
    const name = header[i]!;
    const sd = header[i + 1]!;
    const ratio = header[i + 2]!;
    if (sd !== `${name} %SD` || !ratio.startsWith(`${name}/`)) {
      throw new InputError(
        { file, line: 1, field: `column ${i + 1}` },
        `"${name}", "${sd}", "${ratio}" is not a metabolite triple`,
        `"${name}", "${name} %SD", "${name}/<REF>"`,
      );
    }
    reference ??= ratio.slice(name.length + 1);
    printed.push(name);
  }
  if (names !== undefined) {
    if (names.length !== printed.length) {
      throw new InputError(
        { file, line: 1 },
        `${printed.length} metabolites in the header but ${names.length} names given`,
        `${printed.length} names`,
      );
    }
    printed.forEach((p, i) => {
      if (!names[i]!.startsWith(p)) {
        throw new InputError(
          { file, line: 1, field: `column ${3 + 3 * i}` },
          `"${p}" does not start "${names[i]}"`,
        );
      }
    });
  }
  const metabolites = names === undefined ? printed : [...names];
  const rows: LcmCsvRow[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === "") return;
    const n = i + 2;
    const cells = line.split(",");
    if (cells.length !== header.length) {
      throw new InputError({ file, line: n }, `${cells.length} fields`, `${header.length} as in the header`);
    }
    const num = (j: number): number => {
      const v = parseNumber(cells[j]!);
      if (v === null) {
        throw new InputError(
          { file, line: n, field: header[j]! },
          `"${cells[j]!.trim()}" is not a number`,
          "a number",
        );
      }
      return v;
    };
    rows.push({
      row: num(0),
      col: num(1),
      values: printed.map((p, k) => ({
        metabolite: metabolites[k]!,
        printedName: p,
        conc: num(2 + 3 * k),
        sdPercent: num(3 + 3 * k),
        ratio: num(4 + 3 * k),
      })),
    });
  });
  return { format: "lcmodel-csv", reference, metabolites, rows };
}
