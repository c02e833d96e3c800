import type { BlockOutcomeRow, FitSpectrumRow } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { reasonKind } from "./spectralQuality";
import {
  blockSummaries,
  interpolateDescending,
  meanSd,
  qualityOutliers,
  sessionQuality,
  sessionSpectrum,
} from "./spectralSummaries";

function block(p: string, condition: string, b: number, fwhm: number | null, pass = true): BlockOutcomeRow {
  return {
    participant_id: p,
    session_id: "ses-1",
    period: 1,
    condition,
    sex: "F",
    block: b,
    t_start_s: (b - 1) * 120 - 600,
    t_end_s: b * 120 - 600,
    t_mid_min: ((b - 0.5) * 120 - 600) / 60,
    phase: "baseline",
    outcome: 1,
    outcome_crlb_pct: 5,
    fwhm_hz: fwhm,
    snr: 20,
    pct_change: 0,
    qc_pass: pass,
    qc_reason: pass ? "" : "FWHM 30 Hz > 12 Hz",
  };
}

describe("spectral summaries", () => {
  it("meanSd(values) is the mean and the n − 1 SD (2, 4, 4, 4, 5, 5, 7, 9: mean 5, SD √(32/7))", () => {
    const r = meanSd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(r.mean).toBe(5);
    expect(r.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(meanSd([3])).toEqual({ mean: 3, sd: null });
    expect(meanSd([])).toEqual({ mean: null, sd: null });
  });

  it("sessionQuality(series) takes each measure's median over the session's blocks, skipping missing values", () => {
    const rows = [
      block("sub-01", "PBO", 1, 6),
      block("sub-01", "PBO", 2, 8),
      block("sub-01", "PBO", 3, null),
      block("sub-01", "PBO", 4, 30, false),
    ];
    const [q] = sessionQuality([{ participant_id: "sub-01", session_id: "ses-1", file: "x", rows }], []);
    expect(q?.fwhm_hz).toBe(8);
    expect(q?.failed).toBe(1);
    expect(q?.residual_to_noise).toBeNull();
  });

  it("qualityOutliers(sessions) flags a session beyond its condition's Tukey fence on the worse side only", () => {
    const sessions = [6, 6.2, 6.4, 6.6, 6.8, 14, 2].map((f, i) => ({
      participant_id: `sub-0${i}`,
      session_id: "ses-1",
      condition: "PBO",
      blocks: 1,
      failed: 0,
      fwhm_hz: f,
      snr: 20 - i,
      crlb_pct: null,
      residual_to_noise: null,
    }));
    const out = qualityOutliers(
      sessions,
      [{ key: "fwhm_hz", label: "FWHM", short: "FWHM", worse: "high" }],
      ["PBO", "NTX"],
    );
    // Quartiles (type 7) of 2, 6, 6.2, 6.4, 6.6, 6.8, 14: 6.1 and 6.7; upper fence 6.7 + 0.9 = 7.6.
    expect(out.map((o) => [o.participant_id, o.value])).toEqual([["sub-05", 14]]);
    expect(out[0]?.fence).toBeCloseTo(7.6, 12);
  });

  it("blockSummaries(blocks) averages each block over sessions of a condition, QC-passing blocks only", () => {
    const blocks = [
      block("sub-01", "PBO", 1, 6),
      block("sub-02", "PBO", 1, 8),
      block("sub-03", "PBO", 1, 40, false),
      block("sub-01", "NTX", 1, 5),
    ];
    const s = blockSummaries(blocks, ["PBO", "NTX"], (r) => r.fwhm_hz);
    expect(s.map((x) => [x.condition, x.block, x.n, x.mean])).toEqual([
      ["PBO", 1, 2, 7],
      ["NTX", 1, 1, 5],
    ]);
    expect(s[0]?.sd).toBeCloseTo(Math.SQRT2, 12);
    expect(s[0]?.t_mid_min).toBe(-9);
  });

  it("sessionSpectrum(table, passing) averages the passing blocks point by point; its residual is the mean residual", () => {
    const rows: FitSpectrumRow[] = [1, 2, 3].flatMap((b) =>
      [3, 2, 1].map((ppm) => ({ block: b, ppm, data: b * ppm, fit: b * ppm - b, baseline: 0 })),
    );
    const s = sessionSpectrum(
      { participant_id: "sub-01", session_id: "ses-1", file: "x", rows },
      new Set([1, 3]),
    );
    expect(s?.ppm).toEqual([3, 2, 1]);
    expect(s?.data).toEqual([6, 4, 2]);
    expect(s?.data.map((d, i) => d - (s.fit[i] ?? 0))).toEqual([2, 2, 2]);
    expect(s?.blocksAveraged).toBe(2);
    const none = sessionSpectrum(
      { participant_id: "sub-01", session_id: "ses-1", file: "x", rows },
      new Set(),
    );
    expect(none?.blocksAveraged).toBe(3);
    expect(none?.passingOnly).toBe(false);
  });

  it("interpolateDescending(xs, ys, x) interpolates linearly inside the range and gives null outside", () => {
    expect(interpolateDescending([3, 2, 1], [30, 20, 10], 2.5)).toBe(25);
    expect(interpolateDescending([3, 2, 1], [30, 20, 10], 3.5)).toBeNull();
  });

  it("reasonKind(reason) drops a rejection reason's numbers", () => {
    expect(reasonKind("spectral deviation z = 4.1 > 3")).toBe("spectral deviation");
    expect(reasonKind("frequency shift 7.2 Hz from the median (limit 5 Hz)")).toBe("frequency shift");
  });
});
