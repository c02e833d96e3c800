import { describe, expect, it } from "vitest";
import { type FitTableRow, fitProblemWarnings, reportFitProblems } from "./fitFile";

const row = (block: number, metabolite: string, problems: FitTableRow["fit_problems"]): FitTableRow => ({
  block,
  t_start_s: 0,
  t_end_s: 60,
  transients: 32,
  metabolite,
  amplitude: 1,
  crlb_pct: 5,
  per_tnaa: 0.8,
  per_tcr: 1,
  fwhm_hz: 6,
  snr: 40,
  fit_problems: problems,
});

describe("fmrs fit <file>: fit problems as warnings", () => {
  const residual = { code: "residual-high" as const, message: "the residual is 3.1× the noise SD (> 2)" };
  const rows = [row(1, "Glu", [residual]), row(1, "Gln", [residual]), row(2, "Glu", [])];

  it("fitProblemWarnings(rows) gives one warning line per block and problem, naming the code", () => {
    expect(fitProblemWarnings(rows)).toEqual([
      "warning: block 1: residual-high: the residual is 3.1× the noise SD (> 2)",
    ]);
  });

  it("reportFitProblems(rows, strict) writes the warnings and returns 0, or 2 under --strict", () => {
    const out: string[] = [];
    expect(reportFitProblems(rows, false, (s) => out.push(s))).toBe(0);
    expect(out.join("")).toMatch(/^warning: block 1: residual-high/);
    expect(reportFitProblems(rows, true, () => undefined)).toBe(2);
    expect(reportFitProblems([row(1, "Glu", [])], true, () => undefined)).toBe(0);
  });
});
