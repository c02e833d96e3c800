import { tQuantileAt, tTwoSidedP } from "@fmrs/stats";
import { invertSmall } from "./fitLearningRates";
import { coefficientOf } from "./models";
import type { BeliefCoefficient } from "./results";

/** Ordinary least squares y = Xβ + ε (R `lm`): estimates, SEs, t on n − p df, p and 95 % CIs. */
export function leastSquares(
  y: readonly number[],
  X: readonly (readonly number[])[],
  names: readonly string[],
): BeliefCoefficient[] | null {
  const n = y.length;
  const p = names.length;
  if (n <= p) return null;
  const XtX = names.map((_, i) => names.map((_, j) => X.reduce((a, row) => a + row[i]! * row[j]!, 0)));
  const Xty = names.map((_, i) => X.reduce((a, row, k) => a + row[i]! * y[k]!, 0));
  const inv = invertSmall(XtX);
  if (inv === null) return null;
  const beta = inv.map((row) => row.reduce((a, v, j) => a + v * Xty[j]!, 0));
  let rss = 0;
  X.forEach((row, k) => {
    const r = y[k]! - row.reduce((a, v, j) => a + v * beta[j]!, 0);
    rss += r * r;
  });
  const df = n - p;
  const s2 = rss / df;
  const crit = tQuantileAt(0.975, df);
  return names.map((name, j) => {
    const se = Math.sqrt(s2 * inv[j]![j]!);
    const t = beta[j]! / se;
    return coefficientOf(name, {
      estimate: beta[j]!,
      se,
      df,
      t,
      p: tTwoSidedP(t, df),
      ciLower: beta[j]! - crit * se,
      ciUpper: beta[j]! + crit * se,
    });
  });
}
