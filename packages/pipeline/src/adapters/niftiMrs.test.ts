import { ALL_REJECTED, type DynamicBlockFit } from "@fmrs/spectra";
import { describe, expect, it } from "vitest";
import { blockProblems } from "./niftiMrs";

const block = (n: number, problems: unknown[]): DynamicBlockFit =>
  ({
    block: 1,
    t_start_s: 0,
    t_end_s: 120,
    n_transients: n,
    fwhm_hz: null,
    snr: null,
    values: {},
    crlb_pct: {},
    problems,
    plot: null,
  }) as unknown as DynamicBlockFit;

describe("the raw adapter's named block problems (they fail QC as reasons)", () => {
  it("blockProblems(block) names a block with no kept transient once, and each fit problem as 'fit <code>: <message>'", () => {
    expect(blockProblems(block(0, [ALL_REJECTED]))).toEqual([ALL_REJECTED]);
    expect(blockProblems(block(0, []))).toEqual([ALL_REJECTED]);
    expect(
      blockProblems(
        block(12, [{ code: "residual-high", message: "the residual is 3.40× the noise SD (> 2)" }]),
      ),
    ).toEqual(["fit residual-high: the residual is 3.40× the noise SD (> 2)"]);
    expect(blockProblems(block(12, []))).toEqual([]);
  });
});
