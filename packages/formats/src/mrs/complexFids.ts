/**
 * A set of complex FIDs of equal length, stored back to back as interleaved (re, im) float64.
 *
 * `axes` names every non-spectral axis in storage order (first varies fastest): `x`, `y`, `z` for
 * the voxel, then the NIfTI-MRS tags of dims 5–7 (e.g. `DIM_COIL`, `DIM_DYN`). `shape[i]` is the
 * size of `axes[i]`. FID number f = x + X·(y + Y·(z + Z·(d5 + D5·(d6 + D6·d7)))), and FID f
 * occupies `data[2·points·f … 2·points·(f+1))`.
 */
export interface ComplexFids {
  readonly points: number;
  readonly axes: readonly string[];
  readonly shape: readonly number[];
  /** Number of FIDs: the product of `shape`. */
  readonly count: number;
  readonly data: Float64Array;
}

/**
 * Position of one FID: by axis name (`{ DIM_DYN: 3, DIM_COIL: 1 }`, or the short lower-case form
 * `{ dyn: 3, coil: 1 }`, plus `x`/`y`/`z`), or by position along the non-voxel axes in order
 * (`[coil, dyn]` for dims 5, 6). Axes left out are 0.
 */
export type FidIndex = Readonly<Record<string, number>> | readonly number[];

/** Short name of a tag: `DIM_DYN` → `dyn`, `DIM_INDIRECT_0` → `indirect_0`. */
export function shortAxisName(axis: string): string {
  return axis.replace(/^DIM_/, "").toLowerCase();
}

/**
 * Number of the FID at `index` in `fids` (see {@link ComplexFids} for the order).
 * Throws RangeError for an unknown axis name, an ambiguous short name, or a position outside
 * `0 … size−1`: these are caller errors, not bad input.
 */
export function fidNumber(fids: ComplexFids, index: FidIndex): number {
  const pos = new Array<number>(fids.axes.length).fill(0);
  const voxelAxes = fids.axes.filter((a) => a === "x" || a === "y" || a === "z").length;
  if (Array.isArray(index)) {
    const list = index as readonly number[];
    if (list.length > fids.axes.length - voxelAxes) {
      throw new RangeError(`fidNumber(): ${list.length} positions for ${fids.axes.length - voxelAxes} axes`);
    }
    list.forEach((v, i) => {
      pos[voxelAxes + i] = v;
    });
  } else {
    for (const [name, v] of Object.entries(index as Readonly<Record<string, number>>)) {
      const exact = fids.axes.indexOf(name);
      const matches =
        exact >= 0
          ? [exact]
          : fids.axes.flatMap((a, i) => (shortAxisName(a) === name.toLowerCase() ? [i] : []));
      if (matches.length !== 1) {
        throw new RangeError(
          `fidNumber(): axis ${name} ${matches.length === 0 ? "is not one of" : "is ambiguous in"} ${fids.axes.join(", ")}`,
        );
      }
      pos[matches[0]!] = v;
    }
  }
  let f = 0;
  for (let i = fids.axes.length - 1; i >= 0; i--) {
    const size = fids.shape[i]!;
    const p = pos[i]!;
    if (!Number.isInteger(p) || p < 0 || p >= size) {
      throw new RangeError(`fidNumber(): ${fids.axes[i]} = ${p} is outside 0…${size - 1}`);
    }
    f = f * size + p;
  }
  return f;
}

/**
 * The FID at `index` as interleaved (re, im) float64, length 2·points. A view into `fids.data`
 * (no copy): copy it with `.slice()` before changing it.
 */
export function fidAt(fids: ComplexFids, index: FidIndex = {}): Float64Array {
  const f = fidNumber(fids, index);
  const n = 2 * fids.points;
  return fids.data.subarray(f * n, (f + 1) * n);
}
