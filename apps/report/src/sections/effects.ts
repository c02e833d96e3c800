import { type ForestRow, forestPlot } from "@fmrs/charts";
import type { HillsArmitageResult, LmmResult } from "@fmrs/schema";
import type { ReportContext } from "../context";
import { CHART_WIDTH, figure } from "../figure";
import { type Cell, cell, escapeHtml, fmt, fmtP, resultCell } from "../html";
import type { EstimateLike } from "../resultText";

const SEX_NAMES: Readonly<Record<string, string>> = { F: "Female", M: "Male", O: "Other" };

interface Effect {
  readonly group: string;
  readonly analysis: string;
  readonly n: number | null;
  readonly nPath: string | null;
  readonly path: string;
  /** null: not estimable (shown as such, never dropped). */
  readonly e: EstimateLike | null;
  readonly summary?: boolean;
}

function haEffect(
  group: string,
  path: string,
  ha: HillsArmitageResult | null | undefined,
  summary = false,
): Effect {
  if (ha === null || ha === undefined)
    return { group, analysis: "Hills–Armitage", n: null, nPath: null, path, e: null };
  return {
    group,
    analysis: "Hills–Armitage",
    n: ha.n,
    nPath: `${path}.n`,
    path: `${path}.treatment`,
    e: ha.treatment,
    summary,
  };
}

function modelEffects(
  path: string,
  m: LmmResult | null,
  analysis: string,
  levelName: (l: string) => string,
): Effect[] {
  if (m === null) return [];
  return m.contrasts.map((c, i) => ({
    group: levelName(c.level),
    analysis,
    n: null,
    nPath: null,
    path: `${path}.contrasts.${i}`,
    e: c,
  }));
}

function modelHeading(name: string, m: LmmResult | null): string {
  return m === null ? name : `${name} (${m.n_subjects} subjects)`;
}

function sexName(level: string): string {
  return level === "overall" ? "All subjects" : `${SEX_NAMES[level] ?? level} (${level})`;
}

function forestFigure(
  ctx: ReportContext,
  id: string,
  title: string,
  unit: string,
  groups: readonly { heading: string; effects: readonly Effect[] }[],
  favours: readonly [string, string],
  caption: string,
): string {
  const rows: ForestRow[] = [];
  const effects: Effect[] = [];
  for (const g of groups) {
    if (g.effects.length === 0) continue;
    rows.push({ label: g.heading, estimate: null, ci_low: null, ci_high: null, heading: true });
    for (const e of g.effects) {
      effects.push(e);
      rows.push({
        label: `${e.group}${e.n === null ? "" : `, n = ${e.n}`}`,
        estimate: e.e?.estimate ?? null,
        ci_low: e.e?.ci95[0] ?? null,
        ci_high: e.e?.ci95[1] ?? null,
        summary: e.summary ?? false,
        indent: 1,
      });
    }
  }
  const svg = forestPlot(
    {
      rows,
      xLabel: `${ctx.test} − ${ctx.reference} (${unit})`,
      nullValue: 0,
      favoursLeft: favours[0],
      favoursRight: favours[1],
      textHeading: "Estimate [95 % CI]",
    },
    {
      width: CHART_WIDTH,
      height: 70 + Math.max(rows.length, 1) * 26 + 50,
      title,
      description: `${title}: estimates with 95 % confidence intervals, overall and by sex; the dashed line marks no difference.`,
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
        "group",
        "analysis",
        "n",
        "estimate",
        "95 % CI low",
        "95 % CI high",
        "p",
        "results.json path",
      ],
      rows: effects.map((e): readonly Cell[] => [
        cell(e.group),
        cell(e.analysis),
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

/** Forest plots of the condition effect (test − reference) overall and by sex, for MADRS change and glutamate. */
export function effectsSection(ctx: ReportContext): string {
  const r = ctx.results;
  const sexes = Object.keys(r.hills_armitage_by_sex).sort();
  const { test, reference } = ctx;
  const madrs = forestFigure(
    ctx,
    "fig-forest-madrs",
    `MADRS change (24 h − pre), ${test} − ${reference}, overall and by sex`,
    "MADRS points",
    [
      {
        heading: "Hills–Armitage (period-adjusted)",
        effects: [
          haEffect("All subjects", "hills_armitage.madrs_change", r.hills_armitage.madrs_change, true),
          ...sexes.map((s) =>
            haEffect(
              sexName(s),
              `hills_armitage_by_sex.${s}.madrs_change`,
              r.hills_armitage_by_sex[s]?.madrs_change,
            ),
          ),
        ],
      },
      {
        heading: modelHeading("Mixed model, condition + period", r.models.madrs_change),
        effects: modelEffects(
          "models.madrs_change",
          r.models.madrs_change,
          "LMM condition + period",
          sexName,
        ),
      },
      {
        heading: modelHeading("Mixed model, condition × sex", r.models.madrs_change_sex),
        effects: modelEffects(
          "models.madrs_change_sex",
          r.models.madrs_change_sex,
          "LMM condition × sex",
          sexName,
        ),
      },
    ],
    [`larger improvement with ${test}`, `larger improvement with ${reference}`],
    `Difference in MADRS change (24 h − pre) between conditions, ${escapeHtml(test)} − ${escapeHtml(reference)}, with 95 % CIs: the period-adjusted Hills–Armitage estimate over all subjects (diamond) and within each sex, and the mixed-model contrasts when results.json has them. A negative difference means a larger drop in depression scores under ${escapeHtml(test)}.`,
  );
  const glxLabel = r.study.outcome_label;
  const glx = forestFigure(
    ctx,
    "fig-forest-glx",
    `${glxLabel} percent change, ${test} − ${reference}, overall and by sex`,
    "percentage points",
    [
      {
        heading: "Hills–Armitage (period-adjusted)",
        effects: [
          haEffect("All subjects", "hills_armitage.glx_pct_change", r.hills_armitage.glx_pct_change, true),
          ...sexes.map((s) =>
            haEffect(
              sexName(s),
              `hills_armitage_by_sex.${s}.glx_pct_change`,
              r.hills_armitage_by_sex[s]?.glx_pct_change,
            ),
          ),
        ],
      },
      {
        heading: modelHeading("Mixed model, condition × phase", r.models.glutamate_phase),
        effects: modelEffects(
          "models.glutamate_phase",
          r.models.glutamate_phase,
          "LMM condition × phase",
          (l) => (l === "overall" ? "All phases" : `phase: ${l}`),
        ),
      },
      {
        heading: modelHeading("Mixed model, condition × sex", r.models.glutamate_sex),
        effects: modelEffects("models.glutamate_sex", r.models.glutamate_sex, "LMM condition × sex", sexName),
      },
    ],
    [`smaller rise with ${test}`, `larger rise with ${test}`],
    `Difference in the ${escapeHtml(glxLabel)} response (percent change from baseline in the response window) between conditions, ${escapeHtml(test)} − ${escapeHtml(reference)}, with 95 % CIs: Hills–Armitage over all subjects (diamond) and within each sex, and the mixed-model contrasts by phase and by sex when results.json has them.`,
  );
  return `${madrs}\n${glx}`;
}
