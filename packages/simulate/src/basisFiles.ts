import type { BasisSet } from "@fmrs/spectra";
import { formatJson } from "./json";
import type { SimulatedFile } from "./simulateStudy";

const text = (s: string) => new TextEncoder().encode(s);

/** Rounds to 9 significant digits: far below any noise, and a third of the text of full doubles. */
const r9 = (x: number) => Number(x.toPrecision(9));

/**
 * The basis set a simulated study was made from, as FSL-MRS basis files (`<dir>/<name>.json`, one per
 * member, sorted by name) plus `<dir>/PROVENANCE.md`, so the study's raw route can be fitted
 * without the original files: `basis` should already be resampled to the study's acquisition
 * (see acquisitionBasis), which makes these files derived data. `source` names where the original
 * came from (repository, commit, licence) for the provenance note.
 */
export function basisFiles(basis: BasisSet, dir: string, source: string): SimulatedFile[] {
  const order = basis.names
    .map((name, i) => ({ name, i }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: SimulatedFile[] = order.map(({ name, i }) => {
    const fid = basis.fids[i] as Float64Array;
    const re: number[] = [];
    const im: number[] = [];
    for (let k = 0; k < basis.points; k++) {
      re.push(r9(fid[2 * k] ?? 0));
      im.push(r9(fid[2 * k + 1] ?? 0));
    }
    const json = {
      basis: {
        basis_re: re,
        basis_im: im,
        basis_dwell: basis.dwellS,
        basis_centre: basis.centreMHz,
        basis_width: basis.widthsHz[i] ?? null,
        basis_name: name,
        basis_nucleus: basis.nucleus,
      },
      meta: {
        Derived: `resampled to ${basis.points} points at dwell ${basis.dwellS} s by @fmrs/simulate for the simulated acquisition`,
        Source: source,
      },
    };
    return { path: `${dir}/${name}.json`, bytes: text(formatJson(json)) };
  });
  files.push({
    path: `${dir}/PROVENANCE.md`,
    bytes: text(
      `# Basis set of this simulated study\n\nFSL-MRS basis files (one JSON per metabolite) derived from ${source}: each member was resampled (linear interpolation on the time axis, FSL-MRS style) to the simulated acquisition, ${basis.points} points at a dwell time of ${basis.dwellS} s (${(1 / basis.dwellS).toFixed(0)} Hz) and ${basis.centreMHz} MHz, and its values rounded to 9 significant digits. The study's spectra were simulated from the same resampled members, and study.json \`raw.basis\` points here so the pipeline fits them with it.\n`,
    ),
  });
  return files;
}
