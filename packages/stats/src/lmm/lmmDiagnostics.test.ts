import { describe, expect, it } from "vitest";
import { fitLmm } from "./fitLmm";
import { fromRows, solveGeneral } from "./linalg";
import { lmmDiagnostics } from "./lmmDiagnostics";
import { qcBlocks, sessionRows } from "./lmmReference.testHelper";

const factors = { treatment: ["PBO", "NTX"], period: [1, 2] };

describe("lmmDiagnostics", () => {
  it("lmmDiagnostics(fit) gives each subject the shrunken mean residual σ²_b/(σ²_b + σ²/n_g)·mean(y − Xβ) (one random intercept)", () => {
    const rows = sessionRows();
    const fit = fitLmm(rows, { formula: "madrs_change ~ treatment + period + (1 | subject)", factors });
    const d = lmmDiagnostics(fit);
    const vb = fit.varianceComponents[0]!.variance;
    const s2 = fit.sigma ** 2;
    const groups = new Map<string, number[]>();
    d.rowIndex.forEach((ri, i) => {
      const subject = String(rows[ri]!.subject);
      const r = rows[ri]!;
      const x =
        fit.beta[0]! + (r.treatment === "NTX" ? fit.beta[1]! : 0) + (r.period === 2 ? fit.beta[2]! : 0);
      const list = groups.get(subject) ?? [];
      list.push((r.madrs_change as number) - x);
      groups.set(subject, list);
    });
    const re = d.randomEffects[0]!;
    expect(re.group).toBe("subject");
    expect(re.levels.length).toBe(groups.size);
    re.levels.forEach((level, k) => {
      const res = groups.get(level)!;
      const m = res.reduce((a, b) => a + b, 0) / res.length;
      expect(re.values[k]).toBeCloseTo((vb / (vb + s2 / res.length)) * m, 10);
    });
  });

  it("lmmDiagnostics(fit) of a nested model solves Henderson's mixed-model equations, and fitted + residual = y", () => {
    const rows = qcBlocks();
    const fit = fitLmm(rows, {
      formula: "glu_pct ~ treatment * phase + period + (1 | subject) + (1 | subject:session)",
      factors: { ...factors, phase: ["baseline", "infusion", "post"] },
    });
    const d = lmmDiagnostics(fit);
    // Henderson: (Z'Z + σ² G⁻¹) b = Z'(y − Xβ), Z built explicitly from the level labels.
    const sub = d.randomEffects[0]!;
    const ses = d.randomEffects[1]!;
    expect([sub.group, ses.group].sort()).toEqual(["subject", "subject:session"]);
    const subject = sub.group === "subject" ? sub : ses;
    const session = sub.group === "subject" ? ses : sub;
    const levels = [...subject.levels.map((l) => `s/${l}`), ...session.levels.map((l) => `t/${l}`)];
    const q = levels.length;
    const A = Array.from({ length: q }, () => new Array<number>(q).fill(0));
    const rhs = new Array<number>(q).fill(0);
    const vs = fit.varianceComponents.find((v) => v.group === "subject")!.variance;
    const vt = fit.varianceComponents.find((v) => v.group === "subject:session")!.variance;
    const s2 = fit.sigma ** 2;
    levels.forEach((l, k) => {
      A[k]![k]! += s2 / (l.startsWith("s/") ? vs : vt);
    });
    d.rowIndex.forEach((ri, i) => {
      const r = rows[ri]!;
      const cols = [levels.indexOf(`s/${r.subject}`), levels.indexOf(`t/${r.subject}:${r.session}`)];
      expect(cols.every((c) => c >= 0)).toBe(true);
      const y = r.glu_pct as number;
      expect(d.fitted[i]! + d.residuals[i]!).toBeCloseTo(y, 10);
      let zb = 0;
      for (const c of cols)
        zb += c < subject.levels.length ? subject.values[c]! : session.values[c - subject.levels.length]!;
      const r0 = y - (d.fitted[i]! - zb);
      for (const a of cols) {
        rhs[a]! += r0;
        for (const b of cols) A[a]![b]! += 1;
      }
    });
    const b = solveGeneral(fromRows(A), fromRows(rhs.map((v) => [v]))).data;
    const ours = [...subject.values, ...session.values];
    ours.forEach((v, k) => {
      expect(v).toBeCloseTo(b[k]!, 8);
    });
    expect(d.fitted.length).toBe(fit.nObs);
  });
});
