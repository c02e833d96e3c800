import type { AssociationResult, OutcomeRow } from "@fmrs/schema";
import { mean, pearsonCorrelation, spearmanCorrelation } from "@fmrs/stats";
import { subjectPairs } from "./pairs";
import { compareLabels } from "./studyRecords";

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * The glutamate–MADRS association across subjects: x = glutamate response difference
 * (test − reference, e.g. NTX − PBO, percentage points, the direction of every other effect),
 * y = MADRS change difference (test − reference, points), over subjects with both outcomes in both sessions; Pearson r with t, p and the
 * Fisher-z 95 % CI, Spearman ρ with S and p (exact for n ≤ 9 without ties, else the t
 * approximation, as R). Null statistics when fewer than 3 subjects qualify.
 */
export function glxMadrsAssociation(
  rows: readonly OutcomeRow[],
  test: string,
  reference: string,
): AssociationResult {
  const glx = subjectPairs(rows, "glx_pct_change", test, reference);
  const madrs = subjectPairs(rows, "madrs_change", test, reference);
  const madrsById = new Map(madrs.pairs.map((p) => [p.participant_id, p]));
  const points = glx.pairs.flatMap((g) => {
    const m = madrsById.get(g.participant_id);
    return m === undefined
      ? []
      : [{ participant_id: g.participant_id, x: g.test - g.reference, y: m.test - m.reference }];
  });
  const used = new Set(points.map((p) => p.participant_id));
  const excludedIds = [...new Set([...glx.excluded, ...madrs.excluded].map((e) => e.participant_id))].sort(
    compareLabels,
  );
  const excluded = excludedIds
    .filter((id) => !used.has(id))
    .map((id) => ({
      participant_id: id,
      session_id: null,
      reason: [...glx.excluded, ...madrs.excluded]
        .filter((e) => e.participant_id === id)
        .map((e) => e.reason)
        .join("; "),
    }));
  const base = {
    x_definition: `glx_pct_change(${test}) − glx_pct_change(${reference})`,
    y_definition: `madrs_change(${test}) − madrs_change(${reference})`,
    n: points.length,
    points,
    excluded,
  };
  if (points.length < 3) return { ...base, pearson: null, spearman: null, fit_line: null };
  const x = points.map((p) => p.x);
  const y = points.map((p) => p.y);
  const pr = pearsonCorrelation(x, y);
  const sr = spearmanCorrelation(x, y);
  return {
    ...base,
    pearson: {
      r: finite(pr.r),
      t: finite(pr.t),
      df: pr.df,
      p: finite(pr.p),
      ci95: pr.ci.every(Number.isFinite) ? [pr.ci[0], pr.ci[1]] : null,
    },
    spearman: { rho: finite(sr.rho), S: finite(sr.S), p: finite(sr.p), method: sr.method },
    fit_line: leastSquaresLine(x, y),
  };
}

/**
 * The least-squares line y = a + b·x (R `lm(y ~ x)`): b = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)², a = ȳ − b·x̄;
 * null when x is constant.
 */
export function leastSquaresLine(
  x: readonly number[],
  y: readonly number[],
): { intercept: number; slope: number } | null {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * ((y[i] as number) - my);
    sxx += (xi - mx) ** 2;
  });
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}
