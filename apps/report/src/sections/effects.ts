import { type ForestPanel, forestPanels } from "@fmrs/charts";
import type { HillsArmitageResult, LmmResult } from "@fmrs/schema";
import type { ReportContext } from "../context";
import { CHART_WIDTH, figure } from "../figure";
import { type Cell, cell, escapeHtml, fmt, fmtDf, fmtP, resultCell } from "../html";
import type { EstimateLike } from "../resultText";
import { sexWord } from "../words";

/** One effect of one panel, with where it comes from in results.json. */
interface Effect {
  readonly panel: string;
  readonly label: string;
  readonly n: number | null;
  readonly nPath: string | null;
  readonly path: string;
  readonly e: EstimateLike | null;
  readonly summary?: boolean;
}

interface Panel {
  readonly title: string;
  readonly note?: string;
  readonly effects: readonly Effect[];
}

function haPanel(
  title: string,
  key: "madrs_change" | "glx_pct_change",
  ctx: ReportContext,
  note?: string,
): Panel {
  const r = ctx.results;
  const one = (
    label: string,
    path: string,
    ha: HillsArmitageResult | null | undefined,
    summary = false,
  ): Effect =>
    ha === null || ha === undefined
      ? { panel: title, label: `${label}: not estimable`, n: null, nPath: null, path, e: null }
      : {
          panel: title,
          label: `${label}, n = ${ha.n}`,
          n: ha.n,
          nPath: `${path}.n`,
          path: `${path}.treatment`,
          e: ha.treatment,
          summary,
        };
  const sexes = Object.keys(r.hills_armitage_by_sex).sort();
  return {
    title,
    ...(note === undefined ? {} : { note }),
    effects: [
      one("All subjects", `hills_armitage.${key}`, r.hills_armitage[key], true),
      ...sexes.map((s) =>
        one(sexWord(s), `hills_armitage_by_sex.${s}.${key}`, r.hills_armitage_by_sex[s]?.[key]),
      ),
    ],
  };
}

function modelPanel(
  title: string,
  path: string,
  m: LmmResult,
  levels?: readonly string[],
  note?: string,
): Panel {
  return {
    title,
    ...(note === undefined ? {} : { note }),
    effects: m.contrasts.flatMap((c, i) =>
      levels !== undefined && !levels.includes(c.level)
        ? []
        : [
            {
              panel: title,
              label:
                c.level === "overall"
                  ? `All subjects, ${m.n_subjects} subjects`
                  : m.contrast_by === "sex"
                    ? sexWord(c.level)
                    : `All subjects (${m.n_subjects}), ${c.level} phase`,
              n: null,
              nPath: null,
              path: `${path}.contrasts.${i}`,
              e: c,
              summary: c.level === "overall",
            },
          ],
    ),
  };
}

function interactionNote(m: LmmResult | null): string | undefined {
  if (m === null) return undefined;
  const k = m.key_test;
  return `Condition × sex interaction (mixed model): F(${fmtDf(k.num_df)}, ${fmtDf(k.den_df)}) = ${fmt(k.F, 2)}, p ${fmtP(k.p).startsWith("<") ? "" : "= "}${fmtP(k.p)}`;
}

function forestFigure(
  ctx: ReportContext,
  id: string,
  title: string,
  unit: string,
  panels: readonly Panel[],
  favours: readonly [string, string],
  caption: string,
): string {
  const xLabel = `${ctx.test} − ${ctx.reference} (${unit})`;
  const chartPanels: ForestPanel[] = panels
    .filter((p) => p.effects.length > 0)
    .map((p) => ({
      title: p.title,
      xLabel,
      ...(p.note === undefined ? {} : { note: p.note }),
      favoursLeft: favours[0],
      favoursRight: favours[1],
      rows: p.effects.map((e) => ({
        label: e.label,
        estimate: e.e?.estimate ?? null,
        ci_low: e.e?.ci95[0] ?? null,
        ci_high: e.e?.ci95[1] ?? null,
        p: e.e === null ? null : fmtP(e.e.p),
        summary: e.summary ?? false,
      })),
    }));
  const effects = panels.flatMap((p) => p.effects);
  const svg = forestPanels(
    { panels: chartPanels },
    {
      width: CHART_WIDTH,
      height: 200,
      title,
      description: `${title}: one panel per estimand, each effect with its 95 % confidence interval and p; the dashed line marks no difference.`,
      idPrefix: id,
    },
  );
  return figure(ctx, {
    id,
    svg,
    caption,
    table: {
      id: `data-${id}`,
      caption: `${title} (results.json)`,
      columns: [
        "estimand (panel)",
        "group",
        "n",
        "estimate",
        "95 % CI low",
        "95 % CI high",
        "p",
        "results.json path",
      ],
      rows: effects.map((e): readonly Cell[] => [
        cell(e.panel),
        cell(e.label),
        e.nPath === null ? cell("–", null) : resultCell(e.nPath, e.n, (v) => fmt(v, 0)),
        ...(e.e === null
          ? [cell("not estimable", null), cell("–", null), cell("–", null), cell("–", null)]
          : [
              resultCell(`${e.path}.estimate`, e.e.estimate),
              resultCell(`${e.path}.ci95.0`, e.e.ci95[0]),
              resultCell(`${e.path}.ci95.1`, e.e.ci95[1]),
              resultCell(`${e.path}.p`, e.e.p, fmtP),
            ]),
        cell(e.e === null ? `${e.path} is null` : e.path),
      ]),
      empty: "No effect could be estimated.",
    },
  });
}

/**
 * Forest plots of the condition effect (test − reference), one estimand per panel: MADRS change
 * and the glutamate response, each by Hills–Armitage (overall and within each sex, with the
 * condition × sex interaction p) and by the mixed models.
 */
export function effectsSection(ctx: ReportContext): string {
  const r = ctx.results;
  const { test, reference } = ctx;
  const m = r.models;
  const rw = r.study.response_window_min;
  const madrsPanels: Panel[] = [
    haPanel(
      "MADRS change from pre-infusion to 24 h: Hills–Armitage period-adjusted estimate, complete pairs",
      "madrs_change",
      ctx,
      interactionNote(m.madrs_change_sex),
    ),
    ...(m.madrs_change_sex === null
      ? []
      : [
          modelPanel(
            "MADRS change: mixed model condition × sex + period, contrast within each sex (all sessions)",
            "models.madrs_change_sex",
            m.madrs_change_sex,
            undefined,
            interactionNote(m.madrs_change_sex),
          ),
        ]),
    ...(m.madrs_change === null
      ? []
      : [
          modelPanel(
            "MADRS change: mixed model condition + period (all sessions)",
            "models.madrs_change",
            m.madrs_change,
          ),
        ]),
  ];
  const madrs = forestFigure(
    ctx,
    "fig-forest-madrs",
    `MADRS change, ${test} − ${reference}, by analysis and by sex`,
    "MADRS points",
    madrsPanels,
    [`larger improvement with ${test}`, `larger improvement with ${reference}`],
    `Difference between conditions in MADRS change from pre-infusion to 24 h, ${escapeHtml(test)} − ${escapeHtml(reference)} in MADRS points, one panel per estimand: the period-adjusted Hills–Armitage estimate over subjects with both sessions (all subjects as a diamond, then within each sex), the mixed-model contrast within each sex, and the mixed model over all sessions. Each row prints its estimate, 95 % CI and p; the panel notes give the condition × sex interaction test. A negative difference means a larger drop in depression scores under ${escapeHtml(test)}.`,
  );
  const label = r.study.outcome_label;
  const gp = m.glutamate_phase;
  const glxPanels: Panel[] = [
    haPanel(
      `${label} percent change over the response window (${fmt(rw[0], 0)} to ${fmt(rw[1], 0)} min): Hills–Armitage period-adjusted estimate, complete pairs`,
      "glx_pct_change",
      ctx,
      interactionNote(m.glutamate_sex),
    ),
    ...(m.glutamate_sex === null
      ? []
      : [
          modelPanel(
            `${label} percent change over the response window: mixed model condition × sex + period, contrast within each sex`,
            "models.glutamate_sex",
            m.glutamate_sex,
            undefined,
            interactionNote(m.glutamate_sex),
          ),
        ]),
    ...(gp === null
      ? []
      : gp.contrasts
          .filter((c) => c.level !== "baseline")
          .map((c) =>
            modelPanel(
              `${label} percent change per block in the ${c.level} phase: block-level mixed model condition × phase + period`,
              "models.glutamate_phase",
              gp,
              [c.level],
            ),
          )),
  ];
  const glx = forestFigure(
    ctx,
    "fig-forest-glx",
    `${label} response, ${test} − ${reference}, by analysis, window and sex`,
    "percentage points",
    glxPanels,
    [`smaller rise with ${test}`, `larger rise with ${test}`],
    `Difference between conditions in the ${escapeHtml(label)} response, ${escapeHtml(test)} − ${escapeHtml(reference)} in percentage points of change from baseline, one panel per estimand: the Hills–Armitage estimate over the response window (all subjects as a diamond, then within each sex), the mixed-model contrast within each sex, and the block-level mixed model's contrast in each phase after baseline. Each row prints its estimate, 95 % CI and p; the panel notes give the condition × sex interaction test.`,
  );
  return `${madrs}\n${glx}`;
}
