import { type FittedBlock, StudyConfig } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { assessBlocks } from "./outcomes";
import { describeQc, qcReasons, qcRules } from "./qc";

const qc = { max_crlb_pct: 20, max_fwhm_hz: 12, min_snr: 5 };
const pass = { outcome: 1, crlbPct: 5, fwhmHz: 6, snr: 40, problems: [] as string[] };

describe("QC rules: one list that both judges blocks and states the rule", () => {
  const rules = qcRules(qc, "Glx");

  it("qcReasons gives each failed rule's reason, in order, and none for a passing block", () => {
    expect(qcReasons(pass, rules)).toEqual([]);
    expect(qcReasons({ outcome: null, crlbPct: 25, fwhmHz: 13, snr: 4, problems: [] }, rules)).toEqual([
      "outcome missing",
      "CRLB 25% > 20%",
      "FWHM 13 Hz > 12 Hz",
      "SNR 4 < 5",
    ]);
    // Not every tool reports CRLB, FWHM or SNR: missing ones are not checked.
    expect(qcReasons({ ...pass, crlbPct: null, fwhmHz: null, snr: null }, rules)).toEqual([]);
  });

  it("a block with fit problems fails QC with those named reasons first (without 'outcome missing')", () => {
    const problems = ["every transient of the block was rejected (see the transients table)"];
    expect(qcReasons({ ...pass, outcome: null, problems }, rules)).toEqual(problems);
    expect(qcReasons({ ...pass, snr: 2, problems: ["LCModel error: x"] }, rules)).toEqual([
      "LCModel error: x",
      "SNR 2 < 5",
    ]);
  });

  it("the spectral fit's named problems ('fit <code>: <message>') fail the block, before the thresholds", () => {
    const problems = [
      "fit residual-high: the residual is 3.40× the noise SD (> 2)",
      "fit param-at-bound: fitted at a bound: frequency shift",
    ];
    expect(qcReasons({ ...pass, snr: 3, problems }, rules)).toEqual([...problems, "SNR 3 < 5"]);
  });

  it("describeQc states every threshold rule with its setting's value, and each such rule can fail a block", () => {
    const text = describeQc(rules, (setting, value) => `[${setting}=${value}]`);
    expect(text).toBe(
      "its Glx CRLB exceeds [qc.max_crlb_pct=20] %, its linewidth (FWHM) exceeds [qc.max_fwhm_hz=12] Hz, its SNR is below [qc.min_snr=5], its outcome is missing, or the fit reported a problem for it",
    );
    const failing = {
      "qc.max_crlb_pct": { ...pass, crlbPct: 20.5 },
      "qc.max_fwhm_hz": { ...pass, fwhmHz: 12.5 },
      "qc.min_snr": { ...pass, snr: 4.5 },
    } as const;
    for (const r of rules.filter((x) => x.setting !== null)) {
      const block = failing[r.setting as keyof typeof failing];
      expect(r.reason(block), r.setting ?? "").not.toBeNull();
      expect(qcReasons(block, rules)).toHaveLength(1);
    }
  });

  it("assessBlocks applies the study's rules: phase from infusion timing, QC verdict and reasons per block", () => {
    const study = StudyConfig.parse({
      name: "t",
      conditions: [
        { id: "PBO", label: "P" },
        { id: "NTX", label: "N" },
      ],
      reference_condition: "PBO",
      infusion: { duration_min: 40 },
      baseline_window: { start_min: -10, end_min: 0 },
      response_window: { start_min: 0, end_min: 30 },
      block_length_min: 2,
      qc: { max_crlb_pct: 20, max_fwhm_hz: 12, min_snr: 5 },
    });
    const block = (n: number, t: number, extra: Partial<FittedBlock> = {}): FittedBlock => ({
      block: n,
      t_start_s: t,
      t_end_s: t + 120,
      fwhm_hz: 6,
      snr: 40,
      values: { Glu: 9, Gln: 3, NAA: 10, NAAG: 2 },
      crlb_pct: { Glx: 6 },
      problems: [],
      ...extra,
    });
    const assessed = assessBlocks(
      [block(3, 2400, { snr: 3 }), block(1, -120), block(2, 0, { problems: ["fit did not converge"] })],
      study,
    );
    expect(assessed.map((b) => [b.block, b.phase, b.qc_pass, b.qc_reason])).toEqual([
      [1, "baseline", true, ""],
      [2, "infusion", false, "fit did not converge"],
      [3, "post", false, "SNR 3 < 5"],
    ]);
    expect(assessed[0]?.outcome).toBe(12 / 12);
    expect(assessed[0]?.outcome_crlb_pct).toBe(6);
  });
});
