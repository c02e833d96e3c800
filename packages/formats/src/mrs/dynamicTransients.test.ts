import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { dynamicTransients } from "./dynamicTransients";
import { parseNiftiMrs } from "./parseNiftiMrs";
import { buildNiftiMrs } from "./testing/buildNiftiMrs";

const json = { SpectrometerFrequency: [123.2], ResonantNucleus: ["1H"], EchoTime: 0.03, RepetitionTime: 2 };

describe("dynamicTransients (NIfTI-MRS → transients[dyn][coil])", () => {
  it("dynamicTransients(nifti) puts FID number coil + 3·dyn of a DIM_COIL(3) × DIM_DYN(2) file at [dyn][coil]", () => {
    // buildNiftiMrs stores FID f (column-major over dims 5, 6) with re = f + t/1000, im = −f.
    const bytes = buildNiftiMrs({
      dims: [1, 1, 1, 4, 3, 2],
      json: { ...json, dim_5: "DIM_COIL", dim_6: "DIM_DYN" },
      value: (f, t) => [f + t / 1000, -f],
    });
    const { transients, dynamics, coils } = dynamicTransients(parseNiftiMrs(bytes, "x.nii"), "x.nii");
    expect([dynamics, coils]).toEqual([2, 3]);
    for (let d = 0; d < 2; d++)
      for (let c = 0; c < 3; c++) {
        const fid = transients[d]?.[c] as Float64Array;
        expect(fid.length).toBe(8);
        expect(fid[1]).toBe(-(c + 3 * d));
      }
  });

  it("dynamicTransients(nifti) gives one transient of one coil for a file with no higher dims", () => {
    const bytes = buildNiftiMrs({ dims: [1, 1, 1, 4], json });
    const t = dynamicTransients(parseNiftiMrs(bytes, "y.nii"), "y.nii");
    expect([t.dynamics, t.coils, t.transients.length, t.transients[0]?.length]).toEqual([1, 1, 1, 1]);
  });

  it("dynamicTransients(nifti) names the file and the dims it cannot fit (e.g. DIM_EDIT)", () => {
    const bytes = buildNiftiMrs({ dims: [1, 1, 1, 4, 2], json: { ...json, dim_5: "DIM_EDIT" } });
    expect(() => dynamicTransients(parseNiftiMrs(bytes, "z.nii"), "z.nii")).toThrow(InputError);
    expect(() => dynamicTransients(parseNiftiMrs(bytes, "z.nii"), "z.nii")).toThrow(
      /z\.nii: dim_5: DIM_EDIT of size 2 is not supported/,
    );
  });
});
