import type { LmmFit } from "./fitLmm";

/** Weights on the coefficients: by coefficient name (others 0) or one per coefficient in order. */
export type LmmWeights = Readonly<Record<string, number>> | readonly number[];

/** A ratio of two linear combinations of the fixed effects with its delta-method SE. */
export interface LmmRatio {
  /** (a'β̂) / (b'β̂). */
  readonly estimate: number;
  readonly numerator: number;
  readonly denominator: number;
  /** √(g'Φg), g = a/(b'β) − (a'β) b/(b'β)², Φ = vcov(β) (first-order delta method). */
  readonly se: number;
}

/**
 * The ratio (a'β̂)/(b'β̂) of two linear combinations of the fixed effects and its delta-method SE
 * (Oehlert 1992, Am Stat 46:27–29), with the unadjusted vcov(β). Weights are given per coefficient
 * name (missing names weigh 0) or as an array (e.g. the `weights` of an emmeans cell or contrast). Example: the attenuation 1 − NTX/PBO response of a model
 * `change ~ treatment + period` is `lmmRatio(fit, { treatmentNTX: 1 }, { "(Intercept)": -1,
 * period2: -0.5 })`. The SE is NaN-free only when b'β̂ ≠ 0; throws on an unknown coefficient.
 */
export function lmmRatio(fit: LmmFit, numerator: LmmWeights, denominator: LmmWeights): LmmRatio {
  const weights = (w: LmmWeights): number[] => {
    if (Array.isArray(w)) {
      if (w.length !== fit.beta.length)
        throw new Error(`lmmRatio: ${w.length} weights for ${fit.beta.length} coefficients`);
      return [...(w as readonly number[])];
    }
    const byName = w as Readonly<Record<string, number>>;
    for (const name of Object.keys(byName)) {
      if (!fit.coefficientNames.includes(name)) throw new Error(`lmmRatio: no coefficient "${name}"`);
    }
    return fit.coefficientNames.map((name) => byName[name] ?? 0);
  };
  const a = weights(numerator);
  const b = weights(denominator);
  const num = a.reduce((acc, v, i) => acc + v * fit.beta[i]!, 0);
  const den = b.reduce((acc, v, i) => acc + v * fit.beta[i]!, 0);
  const g = a.map((ai, i) => ai / den - (num * b[i]!) / (den * den));
  let variance = 0;
  for (let i = 0; i < g.length; i++)
    for (let j = 0; j < g.length; j++) variance += g[i]! * fit.vcov[i]![j]! * g[j]!;
  return { estimate: num / den, numerator: num, denominator: den, se: Math.sqrt(variance) };
}
