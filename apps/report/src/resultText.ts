import type { LmmResult, LmmTermTest } from "@fmrs/schema";
import { type Cell, fmt, fmtDf, fmtP, num, pText } from "./html";

/** A t-based estimate as results.json stores it (Hills–Armitage, LMM coefficient or contrast). */
export interface EstimateLike {
  readonly estimate: number;
  readonly df: number;
  readonly t: number;
  readonly p: number;
  readonly ci95: readonly [number, number];
}

/** "3.93 (95 % CI 1.20 to 6.66; t(10) = 3.12, p = 0.011)", every number tagged with its path. */
export function estimateText(path: string, e: EstimateLike, digits = 2): string {
  return `${num(`${path}.estimate`, e.estimate, fmt(e.estimate, digits))} (95 % CI ${ciText(path, e.ci95, digits)}; ${tText(path, e)})`;
}

/** "1.20 to 6.66", tagged. */
export function ciText(path: string, ci: readonly [number, number], digits = 2): string {
  return `${num(`${path}.ci95.0`, ci[0], fmt(ci[0], digits))} to ${num(`${path}.ci95.1`, ci[1], fmt(ci[1], digits))}`;
}

/** "t(10) = 3.12, p = 0.011", tagged. */
export function tText(path: string, e: EstimateLike): string {
  return `t(${num(`${path}.df`, e.df, fmtDf(e.df))}) = ${num(`${path}.t`, e.t, fmt(e.t, 2))}, ${pText(`${path}.p`, e.p)}`;
}

/** "F(1, 253.0) = 4.83, p = 0.029", tagged. */
export function fText(path: string, f: LmmTermTest): string {
  return `F(${num(`${path}.num_df`, f.num_df, fmtDf(f.num_df))}, ${num(`${path}.den_df`, f.den_df, fmtDf(f.den_df))}) = ${num(`${path}.F`, f.F, fmt(f.F, 2))}, ${pText(`${path}.p`, f.p)}`;
}

/** Cells "estimate (95 % CI)", "test", "p" of a t-based estimate, tagged; CSV gets full values. */
export function estimateCells(path: string, e: EstimateLike, digits = 2): [Cell, Cell, Cell] {
  return [
    {
      text: `${fmt(e.estimate, digits)} (${fmt(e.ci95[0], digits)} to ${fmt(e.ci95[1], digits)})`,
      raw: `${e.estimate} [${e.ci95[0]}, ${e.ci95[1]}]`,
      html: `${num(`${path}.estimate`, e.estimate, fmt(e.estimate, digits))} (${ciText(path, e.ci95, digits)})`,
    },
    {
      text: `t(${fmtDf(e.df)}) = ${fmt(e.t, 2)}`,
      raw: `t(${e.df}) = ${e.t}`,
      html: `t(${num(`${path}.df`, e.df, fmtDf(e.df))}) = ${num(`${path}.t`, e.t, fmt(e.t, 2))}`,
    },
    { text: fmtP(e.p), raw: e.p, html: num(`${path}.p`, e.p, fmtP(e.p)) },
  ];
}

/** Cells "–", "F(a, b) = F", "p" of a type-III F test, tagged. */
export function fCells(path: string, f: LmmTermTest): [Cell, Cell, Cell] {
  return [
    { text: "–", raw: null },
    {
      text: `F(${fmtDf(f.num_df)}, ${fmtDf(f.den_df)}) = ${fmt(f.F, 2)}`,
      raw: `F(${f.num_df}, ${f.den_df}) = ${f.F}`,
      html: `F(${num(`${path}.num_df`, f.num_df, fmtDf(f.num_df))}, ${num(`${path}.den_df`, f.den_df, fmtDf(f.den_df))}) = ${num(`${path}.F`, f.F, fmt(f.F, 2))}`,
    },
    { text: fmtP(f.p), raw: f.p, html: num(`${path}.p`, f.p, fmtP(f.p)) },
  ];
}

/** "n = 24 subjects, 480 observations", tagged. */
export function modelN(path: string, m: LmmResult): Cell {
  return {
    numeric: true,
    text: `${m.n_subjects} subjects, ${m.n_obs} obs.`,
    raw: `${m.n_subjects} subjects; ${m.n_obs} observations`,
    html: `${num(`${path}.n_subjects`, m.n_subjects, String(m.n_subjects))} subjects, ${num(`${path}.n_obs`, m.n_obs, String(m.n_obs))} obs.`,
  };
}

/** The names of results.models in display order, with what each answers. */
export const MODEL_KEYS = [
  "glutamate_phase",
  "glutamate_block",
  "glutamate_sex",
  "madrs_raw",
  "madrs_change",
  "madrs_change_sex",
] as const;
export type ModelKey = (typeof MODEL_KEYS)[number];

/** A short human name of each model. */
export const MODEL_NAMES: Readonly<Record<ModelKey, string>> = {
  glutamate_phase: "Glutamate by phase (primary)",
  glutamate_block: "Glutamate block by block",
  glutamate_sex: "Glutamate response by sex",
  madrs_raw: "MADRS raw scores, condition × time",
  madrs_change: "MADRS 24 h change",
  madrs_change_sex: "MADRS 24 h change by sex",
};
