import { designRow } from "./design";
import type { LmmFit } from "./fitLmm";
import { type LmmDdf, type LmmTTest, lmmContrast } from "./lmmContrast";

/** Options of {@link lmmEmmeans}. */
export interface LmmEmmeansOptions {
  /** The factor whose levels are compared, e.g. "treatment". */
  readonly specs: string;
  /** Factors within whose levels the means and contrasts are computed, e.g. "sex". */
  readonly by?: string | readonly string[];
  /** Denominator df method (default "satterthwaite"). */
  readonly ddf?: LmmDdf;
  /** Confidence level (default 0.95). */
  readonly level?: number;
  /**
   * Contrasts among the `specs` levels: "trt.vs.ctrl" (default; each level minus the reference,
   * e.g. "NTX - PBO"), "pairwise" (earlier minus later) or "revpairwise" (later minus earlier).
   */
  readonly contrast?: "trt.vs.ctrl" | "pairwise" | "revpairwise";
  /** Values of numeric covariates (default: their mean over the rows used, as emmeans does). */
  readonly at?: Readonly<Record<string, number>>;
}

/** An estimated marginal mean of one cell. */
export interface LmmEmmean {
  /** The cell: the `specs` level and the `by` levels. */
  readonly levels: Readonly<Record<string, string>>;
  readonly emmean: number;
  readonly se: number;
  readonly df: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  /** The weights on the coefficients (the averaged design row). */
  readonly weights: readonly number[];
}

/** A contrast between cells within one `by` group. */
export interface LmmEmmeansContrast extends LmmTTest {
  /** emmeans' label, e.g. "NTX - PBO". */
  readonly contrast: string;
  /** The `by` levels. */
  readonly by: Readonly<Record<string, string>>;
  readonly weights: readonly number[];
}

/** Cartesian product of level lists. */
function grid(factors: readonly { name: string; levels: readonly string[] }[]): Record<string, string>[] {
  let rows: Record<string, string>[] = [{}];
  for (const f of factors) rows = rows.flatMap((r) => f.levels.map((l) => ({ ...r, [f.name]: l })));
  return rows;
}

/**
 * Estimated marginal means and contrasts as `emmeans(fit, ~ specs | by)` (Lenth, emmeans R
 * package; Searle, Speed & Milliken 1980 for population marginal means): the reference grid holds
 * every level combination of the factors of the fixed part and numeric covariates at their mean;
 * a cell mean averages the design rows of the grid over the factors not in `specs`/`by` with
 * equal weights. SEs use vcov(β) (Satterthwaite) or the Kenward–Roger adjusted vcov, df as in
 * lmerTest / pbkrtest for each linear combination; CIs are estimate ± t·SE. Throws when a `specs`
 * or `by` variable is not a factor of the fixed part.
 */
export function lmmEmmeans(
  fit: LmmFit,
  options: LmmEmmeansOptions,
): { emmeans: LmmEmmean[]; contrasts: LmmEmmeansContrast[] } {
  const design = fit.internal.design;
  const by = options.by === undefined ? [] : typeof options.by === "string" ? [options.by] : [...options.by];
  const factorNames = Object.keys(design.variables).filter((v) => design.variables[v]!.kind === "factor");
  for (const v of [options.specs, ...by]) {
    if (!factorNames.includes(v)) throw new Error(`lmmEmmeans: "${v}" is not a factor of the fixed part`);
  }
  const levelsOf = (v: string): readonly string[] => {
    const info = design.variables[v]!;
    return info.kind === "factor" ? info.levels : [];
  };
  const others = factorNames.filter((v) => v !== options.specs && !by.includes(v));
  const averageOver = grid(others.map((name) => ({ name, levels: levelsOf(name) })));
  const testOptions = { ddf: options.ddf ?? "satterthwaite", level: options.level ?? 0.95 } as const;
  const cellWeights = (cell: Record<string, string>): number[] => {
    const acc = new Array<number>(fit.beta.length).fill(0);
    for (const o of averageOver) {
      const row = designRow(design, { ...(options.at ?? {}), ...o, ...cell });
      row.forEach((v, i) => {
        acc[i]! += v / averageOver.length;
      });
    }
    return acc;
  };
  const byGroups = grid(by.map((name) => ({ name, levels: levelsOf(name) })));
  const specLevels = levelsOf(options.specs);
  const emmeans: LmmEmmean[] = [];
  const contrasts: LmmEmmeansContrast[] = [];
  for (const g of byGroups) {
    const cells = specLevels.map((lvl) => {
      const levels = { [options.specs]: lvl, ...g };
      const weights = cellWeights(levels);
      const t = lmmContrast(fit, weights, testOptions);
      const e: LmmEmmean = {
        levels,
        emmean: t.estimate,
        se: t.se,
        df: t.df,
        ciLower: t.ciLower,
        ciUpper: t.ciUpper,
        weights,
      };
      emmeans.push(e);
      return e;
    });
    const pairs: [number, number][] = [];
    const kind = options.contrast ?? "trt.vs.ctrl";
    if (kind === "trt.vs.ctrl") for (let i = 1; i < cells.length; i++) pairs.push([i, 0]);
    else
      for (let i = 0; i < cells.length; i++)
        for (let j = i + 1; j < cells.length; j++) pairs.push(kind === "pairwise" ? [i, j] : [j, i]);
    for (const [a, b] of pairs) {
      const weights = cells[a]!.weights.map((w, i) => w - cells[b]!.weights[i]!);
      contrasts.push({
        contrast: `${specLevels[a]} - ${specLevels[b]}`,
        by: g,
        weights,
        ...lmmContrast(fit, weights, testOptions),
      });
    }
  }
  return { emmeans, contrasts };
}
