import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseJsonText, readInputText } from "@fmrs/io";
import { InputError } from "@fmrs/schema";
import { type BasisSet, basisSetOf, parseFslBasis, parseLcmodelBasis } from "@fmrs/spectra";

const isLcmodelBasis = (f: string) => /\.basis$/i.test(f);

/**
 * Reads a basis set in either form labs have: a folder of FSL-MRS JSON files (one per metabolite,
 * sorted by file name), a folder holding one LCModel `.BASIS` file, or the `.BASIS` file itself.
 * A folder with both kinds, or with several `.BASIS` files, is ambiguous and refused. Throws
 * InputError naming the folder or file for anything unreadable.
 */
export function readBasisSet(path: string): BasisSet {
  if (!existsSync(path))
    throw new InputError(
      { file: path },
      "basis set not found",
      "a folder of FSL-MRS basis JSON files or an LCModel .BASIS file",
    );
  if (statSync(path).isFile()) {
    if (!isLcmodelBasis(path))
      throw new InputError(
        { file: path },
        "not a basis set",
        "a folder of FSL-MRS JSON files or an LCModel .BASIS file",
      );
    return parseLcmodelBasis(readInputText(path, { encoding: "latin1" }), path).basis;
  }
  const entries = readdirSync(path).sort();
  const json = entries.filter((f) => f.endsWith(".json"));
  const lcm = entries.filter(isLcmodelBasis);
  if (lcm.length > 0 && json.length > 0)
    throw new InputError(
      { file: path },
      `holds both FSL-MRS JSON files and an LCModel basis (${lcm.join(", ")})`,
      "one kind of basis set per folder",
    );
  if (lcm.length > 1)
    throw new InputError(
      { file: path },
      `holds ${lcm.length} LCModel basis files (${lcm.join(", ")})`,
      "one",
    );
  const only = lcm[0];
  if (only !== undefined) {
    const file = join(path, only);
    return parseLcmodelBasis(readInputText(file, { encoding: "latin1" }), file).basis;
  }
  if (json.length === 0)
    throw new InputError(
      { file: path },
      "no basis files",
      "one FSL-MRS JSON per metabolite, or one LCModel .BASIS file",
    );
  const members = json.map((f) => {
    try {
      return parseFslBasis(f.slice(0, -5), parseJsonText(readInputText(join(path, f)), join(path, f)));
    } catch (error) {
      throw new InputError(
        { file: join(path, f) },
        `not a readable FSL-MRS basis file (${(error as Error).message})`,
      );
    }
  });
  try {
    return basisSetOf(members);
  } catch (error) {
    throw new InputError(
      { file: path },
      (error as Error).message,
      "basis files sharing dwell, points and centre frequency",
    );
  }
}
