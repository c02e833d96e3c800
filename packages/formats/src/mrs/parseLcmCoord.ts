import { InputError } from "@fmrs/schema";
import { type LcmResults, parseLcmCommon, readNumbers } from "./lcmodelSections";

/** One per-metabolite curve of a `.coord` file: that metabolite's fit plus the background. */
export interface LcmCurve {
  readonly metabolite: string;
  /** `Conc. =` as printed in the block header (1PE9.2). */
  readonly conc: number;
  readonly values: Float64Array;
}

/** A stretch of the ppm axis left out of the fit (LCModel PPMGAP). */
export interface LcmPpmGap {
  /** Last ppm before the gap (the higher value: the axis descends). */
  readonly fromPpm: number;
  /** First ppm after the gap. */
  readonly toPpm: number;
}

/** A parsed LCModel `.coord` file: the `.table` content plus the plotted curves. */
export interface LcmCoord extends LcmResults {
  readonly format: "lcmodel-coord";
  /** Descending ppm values of the NY plotted points; not evenly spaced across a gap. */
  readonly ppm: Float64Array;
  readonly ppmGaps: readonly LcmPpmGap[];
  /** Phased real spectrum at each ppm. */
  readonly data: Float64Array;
  readonly fit: Float64Array;
  /** Baseline; null when the file has no background block. */
  readonly background: Float64Array | null;
  /** Per-metabolite curves (only written for non-zero concentrations, up to NEACH). */
  readonly curves: readonly LcmCurve[];
}

const lineIndex = (lines: readonly string[], from: number, re: RegExp): number => {
  for (let i = from; i < lines.length; i++) if (re.test(lines[i]!)) return i;
  return -1;
};

/**
 * Reads an LCModel `.coord` file (LCModel.f FINOUT, `LCOORD=9`): the same concentration, misc,
 * diagnostic and input-change tables as a `.table` (without `$$` markers; see
 * {@link parseLcmTable}), then `NY points on ppm-axis`, the phased data, the fit, the background
 * and optional `NAME  Conc. = x` curve blocks, NY numbers each. Values are read as whitespace- or
 * sign-separated numbers, so touching E13.x fields also parse. A gap is recorded where a ppm step
 * exceeds 1.5 × the median step (PPMGAP: 7.601 → 4.198 ppm in the 9.4 T file).
 *
 * Throws InputError when the ppm axis, data or fit block is missing, or a block has fewer than NY
 * numbers before the next text line.
 */
export function parseLcmCoord(text: string, file: string): LcmCoord {
  const { results, lines, sections } = parseLcmCommon(text, file, ".coord");
  const after = sections.get("misc") ?? sections.get("conc")!;
  const axisAt = lineIndex(lines, after.start + after.count + 1, /^\s*(\d+)\s+points on ppm-axis\s*=\s*NY/);
  if (axisAt < 0) {
    throw new InputError({ file }, "no ppm axis", '"NY points on ppm-axis = NY" after the misc table');
  }
  const ny = Number(/(\d+)/.exec(lines[axisAt]!)![1]);
  const ppmRead = readNumbers(lines, axisAt + 1, ny, file, "ppm axis");
  const block = (from: number, re: RegExp, what: string): { values: Float64Array; next: number } => {
    if (!re.test(lines[from] ?? "")) {
      throw new InputError({ file, line: from + 1 }, `"${(lines[from] ?? "").trim()}" found`, `"${what}"`);
    }
    return readNumbers(lines, from + 1, ny, file, what);
  };
  const dataRead = block(ppmRead.next, /NY phased data points follow/, "NY phased data points follow");
  const fitRead = block(
    dataRead.next,
    /NY points of the fit to the data follow/,
    "NY points of the fit to the data follow",
  );
  let next = fitRead.next;
  let background: Float64Array | null = null;
  if (/NY background values follow/.test(lines[next] ?? "")) {
    const r = readNumbers(lines, next + 1, ny, file, "background");
    background = r.values;
    next = r.next;
  }
  const curves: LcmCurve[] = [];
  for (;;) {
    const m = /^\s*(\S.*?)\s+Conc\.\s*=\s*(\S+)\s*$/.exec(lines[next] ?? "");
    if (!m) break;
    const r = readNumbers(lines, next + 1, ny, file, `${m[1]} curve`);
    curves.push({ metabolite: m[1]!, conc: Number(m[2]), values: r.values });
    next = r.next;
  }
  const ppm = ppmRead.values;
  const steps = Array.from({ length: Math.max(0, ny - 1) }, (_, i) => Math.abs(ppm[i + 1]! - ppm[i]!));
  const median = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)] ?? 0;
  const ppmGaps = steps.flatMap((s, i) =>
    s > 1.5 * median ? [{ fromPpm: ppm[i]!, toPpm: ppm[i + 1]! }] : [],
  );
  return {
    format: "lcmodel-coord",
    ...results,
    ppm,
    ppmGaps,
    data: dataRead.values,
    fit: fitRead.values,
    background,
    curves,
  };
}
