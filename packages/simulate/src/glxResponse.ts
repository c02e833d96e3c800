/** Time constants of the Glx response to the infusion. */
export interface ResponseShape {
  /** Infusion length, min. */
  readonly infusionMin: number;
  /** Rise time constant after onset, min. */
  readonly riseTauMin: number;
  /** Decay time constant after the infusion ends, min. */
  readonly decayTauMin: number;
}

/**
 * Returns the fraction (0 … <1) of the plateau rise reached `tMin` minutes after infusion onset:
 * 0 before onset; 1 − e^{−t/τ_rise} during the infusion; after it ends, the level reached at the
 * end decaying as e^{−(t − D)/τ_decay}. A first-order (exponential) approach to a plateau, the
 * usual phenomenological form of a pharmacological MRS response.
 */
export function responseFraction(tMin: number, shape: ResponseShape): number {
  if (tMin < 0) return 0;
  const d = shape.infusionMin;
  if (tMin < d) return 1 - Math.exp(-tMin / shape.riseTauMin);
  return (1 - Math.exp(-d / shape.riseTauMin)) * Math.exp(-(tMin - d) / shape.decayTauMin);
}

/**
 * Returns the mean of {@link responseFraction} over [startMin, endMin) (closed form), e.g. the
 * fraction of the plateau seen on average in the response window: for 0–30 min with τ = 6 min,
 * 1 − (6/30)(1 − e^{−5}) ≈ 0.801. Windows crossing onset or the infusion end are split.
 */
export function meanResponseFraction(startMin: number, endMin: number, shape: ResponseShape): number {
  if (!(endMin > startMin))
    throw new RangeError(`meanResponseFraction(): empty window ${startMin}–${endMin}`);
  const d = shape.infusionMin;
  const a = shape.riseTauMin;
  const b = shape.decayTauMin;
  const end = 1 - Math.exp(-d / a);
  // Integral of the fraction from 0 to t.
  const integral = (t: number): number => {
    if (t <= 0) return 0;
    const rise = Math.min(t, d);
    let s = rise - a * (1 - Math.exp(-rise / a));
    if (t > d) s += end * b * (1 - Math.exp(-(t - d) / b));
    return s;
  };
  return (integral(endMin) - integral(startMin)) / (endMin - startMin);
}
