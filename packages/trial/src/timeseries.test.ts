import { describe, expect, it } from "vitest";
import { referenceStudy } from "./testing/fixtures";
import { type FittedBlock, timeseriesFromBlocks } from "./timeseries";

const block = (n: number, extra: Partial<FittedBlock> = {}): FittedBlock => ({
  block: n,
  t_start_s: 120 * (n - 1),
  t_end_s: 120 * n,
  fwhm_hz: 6,
  snr: 80,
  values: { Glu: 10, Gln: 3, Glx: 13, tNAA: 13.5, tCr: 11, NAA: 12, NAAG: 1.5, Cr: 7, PCr: 4 },
  crlb_pct: { Glu: 4, Gln: 12, Glx: 4, tNAA: 2, tCr: 2 },
  ...extra,
});

describe("timeseriesFromBlocks with the spectral fit's problems", () => {
  const ids = { participant_id: "sub-01", session_id: "ses-1" };

  it("timeseriesFromBlocks(blocks with fit problems) fails those blocks with named reasons and stores the codes and residual-to-noise", () => {
    const rows = timeseriesFromBlocks(
      [
        block(1, { residual_to_noise: 1.1, fit_problems: [] }),
        block(2, {
          residual_to_noise: 3.4,
          fit_problems: [
            { code: "residual-high", message: "the residual is 3.40× the noise SD (> 2)" },
            { code: "param-at-bound", message: "fitted at a bound: frequency shift" },
          ],
        }),
      ],
      ids,
      referenceStudy,
    );
    expect(rows[0]?.qc_pass).toBe(true);
    expect(rows[0]?.fit_problems).toBe("");
    expect(rows[0]?.residual_to_noise).toBe(1.1);
    expect(rows[1]?.qc_pass).toBe(false);
    expect(rows[1]?.fit_problems).toBe("residual-high; param-at-bound");
    expect(rows[1]?.qc_reason).toMatch(/^fit residual-high: the residual is 3\.40×.*; fit param-at-bound: /);
    expect(rows[1]?.residual_to_noise).toBe(3.4);
  });

  it("timeseriesFromBlocks(blocks fitted elsewhere) leaves residual_to_noise null and fit_problems empty", () => {
    const [row] = timeseriesFromBlocks([block(1)], ids, referenceStudy);
    expect(row?.residual_to_noise).toBeNull();
    expect(row?.fit_problems).toBe("");
  });
});
