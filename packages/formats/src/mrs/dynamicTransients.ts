import { InputError } from "@fmrs/schema";
import { fidAt } from "./complexFids";
import type { NiftiMrs } from "./parseNiftiMrs";

/** The FIDs of a dynamic NIfTI-MRS file as transients[dyn][coil] (interleaved re, im). */
export interface DynamicTransients {
  readonly transients: Float64Array[][];
  readonly dynamics: number;
  readonly coils: number;
}

/**
 * Unpacks a NIfTI-MRS file into transients[dyn][coil]: DIM_DYN entries (1 when absent) by
 * DIM_COIL entries (1 when absent), each a copy of the FID. Any other higher dimension of size > 1
 * is an InputError naming the file (`where`) and the dims.
 */
export function dynamicTransients(nifti: NiftiMrs, where: string): DynamicTransients {
  const unsupported = nifti.header.higherDims.filter(
    (d) => d.tag !== "DIM_DYN" && d.tag !== "DIM_COIL" && d.size > 1,
  );
  if (unsupported.length > 0) {
    throw new InputError(
      { file: where, field: unsupported.map((d) => `dim_${d.dim}`).join(", ") },
      `${unsupported.map((d) => `${d.tag} of size ${d.size}`).join(", ")} is not supported by the dynamic fit`,
      "DIM_DYN and optionally DIM_COIL",
    );
  }
  const axes = nifti.fids.axes;
  const dynAxis = axes.indexOf("DIM_DYN");
  const coilAxis = axes.indexOf("DIM_COIL");
  const dynamics = dynAxis >= 0 ? (nifti.fids.shape[dynAxis] ?? 1) : 1;
  const coils = coilAxis >= 0 ? (nifti.fids.shape[coilAxis] ?? 1) : 1;
  const transients = Array.from({ length: dynamics }, (_, d) =>
    Array.from({ length: coils }, (_, c) =>
      fidAt(nifti.fids, {
        ...(dynAxis >= 0 ? { DIM_DYN: d } : {}),
        ...(coilAxis >= 0 ? { DIM_COIL: c } : {}),
      }).slice(),
    ),
  );
  return { transients, dynamics, coils };
}
