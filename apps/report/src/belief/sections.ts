import { type Condition, type ForestRow, forestPlot, scatter, slopegraph } from "@fmrs/charts";
import { canonicalJson } from "@fmrs/io";
import type { BeliefSummaryRow } from "@fmrs/schema";
import { cell, escapeHtml, fmt, fmtDf, fmtP, num, param, pText, resultCell, valueCell } from "../html";
import { type BeliefReportContext, beliefFigure, beliefTable, groupLabel, TIME_LABELS } from "./context";

type Results = BeliefReportContext["results"];
type Model = Results["models"][keyof Results["models"]];
type Coefficient = NonNullable<Model["key_coefficient"]>;

/** The follow-up time point of each group in the main models (patients 4 h, controls 1 week). */
const FOLLOW_UP: Readonly<Record<string, string>> = { patient: "4h", control: "1wk" };

const MODEL_ORDER: readonly (keyof Results["models"])[] = [
  "update",
  "update_1wk",
  "update_patients",
  "learning_rate",
  "learning_rate_1wk",
];

/** "estimate (95 % CI lo to hi)" with every number tagged by its results.json path. */
function estimateText(path: string, c: Coefficient, digits = 2): string {
  return `${num(`${path}.estimate`, c.estimate, fmt(c.estimate, digits))} (95 % CI ${num(`${path}.ci_lower`, c.ci_lower, fmt(c.ci_lower, digits))} to ${num(`${path}.ci_upper`, c.ci_upper, fmt(c.ci_upper, digits))})`;
}

/** "F(1, 52.9) = 4.10, p = 0.048", tagged. */
function fText(path: string, t: NonNullable<Model["key_test"]>): string {
  return `F(${num(`${path}.num_df`, t.num_df, fmtDf(t.num_df))}, ${num(`${path}.den_df`, t.den_df, fmtDf(t.den_df))}) = ${num(`${path}.F`, t.F, fmt(t.F, 2))}, ${pText(`${path}.p`, t.p)}`;
}

function sessionPairs(
  ctx: BeliefReportContext,
  value: (s: Results["sessions"][number]) => number | null,
  followUp: (group: string) => string,
): { subject: string; condition: string; pre: number | null; post: number | null }[] {
  const byParticipant = new Map<string, Results["sessions"][number][]>();
  for (const s of ctx.results.sessions) {
    const list = byParticipant.get(s.participant_id) ?? [];
    list.push(s);
    byParticipant.set(s.participant_id, list);
  }
  return [...byParticipant.entries()].map(([id, list]) => {
    const group = list[0]?.group ?? "patient";
    return {
      subject: id,
      condition: group,
      pre: (() => {
        const s = list.find((x) => x.time_point === "pre");
        return s === undefined ? null : value(s);
      })(),
      post: (() => {
        const s = list.find((x) => x.time_point === followUp(group));
        return s === undefined ? null : value(s);
      })(),
    };
  });
}

/** Task design: what a trial is, the sessions of each group, and the events' base rates against first estimates. */
export function designSection(ctx: BeliefReportContext): string {
  const s = ctx.study;
  const pre = ctx.trials.filter((t) => {
    const ses = ctx.sessions.find(
      (x) => x.participant_id === t.participant_id && x.session_id === t.session_id,
    );
    return ses?.time_point === "pre" && t.first_estimate !== null && t.base_rate !== null;
  });
  const groupOf = new Map(ctx.participants.map((p) => [p.participant_id, p.group]));
  const cells = new Map<string, { event: string; group: string; base: number; sum: number; n: number }>();
  for (const t of pre) {
    const g = groupOf.get(t.participant_id) ?? "patient";
    const k = `${t.event_id}\u0000${g}`;
    const c = cells.get(k) ?? { event: t.event_id, group: g, base: t.base_rate as number, sum: 0, n: 0 };
    c.sum += t.first_estimate as number;
    c.n += 1;
    cells.set(k, c);
  }
  const points = [...cells.values()].sort((a, b) =>
    a.event < b.event ? -1 : a.event > b.event ? 1 : a.group < b.group ? 1 : -1,
  );
  const fig = beliefFigure(ctx, {
    id: "fig-task",
    legend: ctx.groups,
    svg: scatter(
      {
        points: points.map((p) => ({
          id: `${p.event} ${p.group}`,
          x: p.base,
          y: p.sum / p.n,
          group: p.group,
        })),
        groups: ctx.groups,
        xLabel: "base rate shown (%)",
        yLabel: "mean first estimate of own risk (%)",
        fit: { intercept: 0, slope: 1 },
      },
      {
        width: 720,
        height: 440,
        title: "Base rate against the mean first estimate of each event, before treatment, per group",
        description:
          "One point per event and group: x is the event's base rate, y the group's mean first estimate at the first session; the line is y = x. Points above the line are events whose base rate came as good news on average.",
        idPrefix: "fig-task",
      },
    ),
    caption: `The task's ${param("events", s.events)} adverse life events: each event's base rate against the mean first estimate of own risk at the first session (<code>trials.arrow</code>, time point pre), per group; the line is y = x. A first estimate above the base rate makes the base rate good news (estimation error &gt; 0), below it bad news.`,
    table: {
      id: "data-task",
      caption: "events: base rate and mean first estimate at the first session, per group (trials.arrow)",
      columns: ["event", "group", "base rate (%)", "mean first estimate (%)", "trials"],
      rows: points.map((p) => [
        cell(p.event),
        cell(groupLabel(ctx, p.group), p.group),
        valueCell(p.base, 0),
        valueCell(p.sum / p.n, 1),
        cell(String(p.n), p.n),
      ]),
    },
  });
  return `<p>On each trial a participant rated the probability (%) that an adverse life event would happen to them (first estimate), was shown the event's base rate in the population, and rated again (second estimate) (Sharot et al. 2011). The estimation error is first estimate − base rate; for an adverse event a positive error is good news, a negative one bad news. The update is the change of estimate towards the base rate (first − second after good news, second − first after bad news). ${escapeHtml(groupLabel(ctx, "patient"))} were tested before the first infusion of ${escapeHtml(s.treatment.label)} (pre), 4 h after it (4h) and one week later (1wk); ${escapeHtml(groupLabel(ctx, "control"))} were tested twice a week apart without treatment (pre, 1wk).</p>
${fig}`;
}

/** Participant flow: participants, sessions per time point, trials used and excluded by reason (results.json counts). */
export function flowSection(ctx: BeliefReportContext): string {
  const c = ctx.results.counts;
  const sessionRows = Object.entries(c.sessions)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, n]) => {
      const [group = "", time = ""] = k.split(":");
      return [
        cell(groupLabel(ctx, group), group),
        cell(TIME_LABELS[time] ?? time, time),
        resultCell(`counts.sessions.${k}`, n, (v) => String(v)),
      ];
    });
  const flow = beliefTable(ctx, {
    id: "flow-sessions",
    caption:
      "Sessions with task data in the analysis, per group and time point (results.json counts.sessions)",
    columns: ["group", "time point", "sessions"],
    rows: sessionRows,
  });
  const excluded = beliefTable(ctx, {
    id: "flow-trials",
    caption:
      "Trials excluded from the update measures and the model, by reason (results.json counts.trials_excluded)",
    columns: ["reason", "trials"],
    rows: Object.entries(c.trials_excluded).map(([reason, n]) => [
      cell(reason.replaceAll("_", " "), reason),
      resultCell(`counts.trials_excluded.${reason}`, n, (v) => String(v)),
    ]),
  });
  const participants = Object.entries(c.participants)
    .map(([g, n]) => `${escapeHtml(groupLabel(ctx, g))}: ${num(`counts.participants.${g}`, n, String(n))}`)
    .join("; ");
  const missing = ctx.sessions.filter((s) => s.beh_file === null);
  return `<p>Participants: ${participants}. Trials: ${num("counts.trials", c.trials, String(c.trials))}, of which ${num("counts.trials_used", c.trials_used, String(c.trials_used))} used (${num("counts.trials_good", c.trials_good, String(c.trials_good))} good news, ${num("counts.trials_bad", c.trials_bad, String(c.trials_bad))} bad news). Learning rates at a bound of the fit: ${num("counts.learning_rates_at_bound", c.learning_rates_at_bound, String(c.learning_rates_at_bound))}; not estimable: ${num("counts.learning_rates_not_estimable", c.learning_rates_not_estimable, String(c.learning_rates_not_estimable))}. ${missing.length === 0 ? "Every listed session has a task file." : `Sessions listed without a task file: ${escapeHtml(missing.map((s) => `${s.participant_id} ${s.session_id}`).join(", "))}.`}</p>
${flow}
${excluded}`;
}

function contrastFigure(
  ctx: BeliefReportContext,
  id: string,
  model: keyof Results["models"],
  what: string,
  unit: string,
): string {
  const m = ctx.results.models[model];
  const rows: ForestRow[] = m.valence_contrasts.map((v) => ({
    label: `${groupLabel(ctx, v.group)}, ${TIME_LABELS[m.time_coding[v.group ?? "patient"]?.[v.time] ?? v.time] ?? v.time}`,
    estimate: v.estimate,
    ci_low: v.ci_lower,
    ci_high: v.ci_upper,
  }));
  return beliefFigure(ctx, {
    id,
    svg: forestPlot(
      {
        rows,
        xLabel: `good − bad news, ${what}${unit}`,
        favoursLeft: "more from bad news",
        favoursRight: "more from good news",
      },
      {
        width: 900,
        height: 80 + 34 * rows.length,
        title: `Good − bad news difference in ${what} per group and time point, with 95 % CIs`,
        description: `From the mixed model ${m.formula}: the good − bad news contrast of ${what} within each group and time point, with its 95 % confidence interval.`,
        idPrefix: id,
      },
    ),
    caption: `Good − bad news difference in ${escapeHtml(what)} within each group and time point (valence contrasts of the model <code>${escapeHtml(m.formula)}</code>, results.json <code>models.${model}.valence_contrasts</code>), with 95 % CIs; right of 0 = learning more from good news (an optimistic bias).`,
    table: {
      id: `data-${id}`,
      caption: `valence contrasts (results.json models.${model}.valence_contrasts)`,
      columns: ["group", "time", "good − bad", "CI low", "CI high", "df", "p"],
      rows: m.valence_contrasts.map((v, i) => {
        const p = `models.${model}.valence_contrasts.${i}`;
        return [
          cell(groupLabel(ctx, v.group), v.group),
          cell(v.time),
          resultCell(`${p}.estimate`, v.estimate, (x) => fmt(x, 3)),
          resultCell(`${p}.ci_lower`, v.ci_lower, (x) => fmt(x, 3)),
          resultCell(`${p}.ci_upper`, v.ci_upper, (x) => fmt(x, 3)),
          resultCell(`${p}.df`, v.df, (x) => fmtDf(x)),
          resultCell(`${p}.p`, v.p, (x) => fmtP(x)),
        ];
      }),
      empty: "The model was not estimable.",
    },
  });
}

function pairedFigure(
  ctx: BeliefReportContext,
  id: string,
  value: (s: Results["sessions"][number]) => number | null,
  followUp: (group: string) => string,
  what: string,
  postLabel: string,
): string {
  const rows = sessionPairs(ctx, value, followUp);
  const groups: Condition[] = [...ctx.groups];
  return beliefFigure(ctx, {
    id,
    legend: groups,
    svg: slopegraph(
      { conditions: groups, rows, preLabel: "pre", postLabel, yLabel: what },
      {
        width: 960,
        height: 400,
        layout: "panels",
        title: `${what} at the first session and at follow-up, per participant and group`,
        description: `One panel per group; a line per participant joins ${what} at pre and at ${postLabel}.`,
        idPrefix: id,
      },
    ),
    caption: `${escapeHtml(what)} per participant at the first session (pre) and at follow-up (${escapeHtml(postLabel)}), one panel per group (results.json <code>sessions</code>); a participant missing one session keeps a lone marker.`,
    table: {
      id: `data-${id}`,
      caption: `${what} per participant (results.json sessions)`,
      columns: ["participant", "group", "pre", "follow-up"],
      rows: rows.map((r) => [
        cell(r.subject),
        cell(groupLabel(ctx, r.condition), r.condition),
        valueCell(r.pre, 3),
        valueCell(r.post, 3),
      ]),
    },
  });
}

/** Update by valence and time: the update model's key test, valence contrasts and per-participant update bias. */
export function updatesSection(ctx: BeliefReportContext): string {
  const m = ctx.results.models.update;
  const key =
    m.key_test === null
      ? `The model was not estimable${m.reason === null ? "" : ` (${escapeHtml(m.reason)})`}.`
      : `Group × time × valence: ${fText("models.update.key_test", m.key_test)}${m.key_coefficient === null ? "" : `; coefficient ${estimateText("models.update.key_coefficient", m.key_coefficient)} points`}.`;
  const means = ctx.summaries.filter((s) => s.mean_update_good !== null || s.mean_update_bad !== null);
  return `<p>Mean update after good and bad news per session (<code>session_summaries.arrow</code>) entered the mixed model <code>${escapeHtml(m.formula)}</code> (patients' follow-up 4 h after the first infusion, controls' a week later). ${key}</p>
${contrastFigure(ctx, "fig-update-contrasts", "update", "mean update", " (points)")}
${pairedFigure(
  ctx,
  "fig-update-bias",
  (s) => s.update_bias,
  (g) => FOLLOW_UP[g] ?? "1wk",
  "update bias (good − bad, points)",
  "follow-up (patients 4 h, controls 1 week)",
)}
${pairedFigure(
  ctx,
  "fig-update-bias-1wk",
  (s) => s.update_bias,
  () => "1wk",
  "update bias (good − bad, points)",
  "1 week",
)}
${summaryTable(ctx, means)}`;
}

function summaryTable(ctx: BeliefReportContext, rows: readonly BeliefSummaryRow[]): string {
  return `<details class="more"><summary>Per-session update summaries (${rows.length} sessions)</summary>
${beliefTable(ctx, {
  id: "session-summaries",
  caption: "Mean update after good and bad news and update bias per session (session_summaries.arrow)",
  columns: [
    "participant",
    "session",
    "group",
    "time",
    "used",
    "good",
    "bad",
    "excluded",
    "update good",
    "update bad",
    "bias",
  ],
  rows: rows.map((r) => [
    cell(r.participant_id),
    cell(r.session_id),
    cell(groupLabel(ctx, r.group), r.group),
    cell(r.time_point),
    cell(String(r.n_used), r.n_used),
    cell(String(r.n_good), r.n_good),
    cell(String(r.n_bad), r.n_bad),
    cell(String(r.n_excluded), r.n_excluded),
    valueCell(r.mean_update_good, 2),
    valueCell(r.mean_update_bad, 2),
    valueCell(r.update_bias, 2),
  ]),
})}
</details>`;
}

/** Learning rates: the model's key test, valence contrasts, good-news rates per participant, and each session's fit. */
export function learningSection(ctx: BeliefReportContext): string {
  const m = ctx.results.models.learning_rate;
  const key =
    m.key_test === null
      ? `The model was not estimable${m.reason === null ? "" : ` (${escapeHtml(m.reason)})`}.`
      : `Group × time × valence: ${fText("models.learning_rate.key_test", m.key_test)}${m.key_coefficient === null ? "" : `; coefficient ${estimateText("models.learning_rate.key_coefficient", m.key_coefficient, 3)}`}.`;
  const fits = ctx.learningRates;
  const groupOf = new Map(ctx.participants.map((p) => [p.participant_id, p.group]));
  // Figures are numbered as they are made: make them in document order.
  const contrasts = contrastFigure(ctx, "fig-alpha-contrasts", "learning_rate", "learning rate", "");
  const paired = pairedFigure(
    ctx,
    "fig-alpha-good",
    (s) => s.alpha_good,
    (g) => FOLLOW_UP[g] ?? "1wk",
    "good-news learning rate (α good)",
    "follow-up (patients 4 h, controls 1 week)",
  );
  const scatterFig = beliefFigure(ctx, {
    id: "fig-alpha-scatter",
    legend: ctx.groups,
    svg: scatter(
      {
        points: fits.map((f) => ({
          id: `${f.participant_id} ${f.session_id}`,
          x: f.alpha_bad,
          y: f.alpha_good,
          group: groupOf.get(f.participant_id) ?? "patient",
        })),
        groups: ctx.groups,
        xLabel: "learning rate, bad news (α bad)",
        yLabel: "learning rate, good news (α good)",
        fit: { intercept: 0, slope: 1 },
      },
      {
        width: 720,
        height: 460,
        title: "Good-news against bad-news learning rate of every session, per group",
        description:
          "One point per session: x is the bad-news learning rate, y the good-news learning rate of the session's maximum-likelihood fit; the line is y = x (no valence asymmetry).",
        idPrefix: "fig-alpha-scatter",
      },
    ),
    caption:
      "Each session's maximum-likelihood learning rates (the model stage's <code>*_desc-learningrates_beh.arrow</code>): good news against bad news; above the line y = x a participant learned more from good news.",
    table: {
      id: "data-alpha",
      caption: "learning-rate fits per session (model stage)",
      columns: [
        "participant",
        "session",
        "α good",
        "SE",
        "α bad",
        "SE",
        "σ",
        "trials",
        "converged",
        "problems",
      ],
      rows: fits.map((f) => [
        cell(f.participant_id),
        cell(f.session_id),
        valueCell(f.alpha_good, 3),
        valueCell(f.se_good, 3),
        valueCell(f.alpha_bad, 3),
        valueCell(f.se_bad, 3),
        valueCell(f.sigma, 2),
        cell(String(f.n_trials), f.n_trials),
        cell(f.converged ? "yes" : "no", f.converged),
        cell(f.model_problems),
      ]),
    },
  });
  return `<p>Per session, update = α<sub>valence</sub> · |estimation error| + noise was fitted by maximum likelihood with α in its bounds (Kuzmanovic &amp; Rigoux 2017), giving a good-news and a bad-news learning rate with standard errors. The rates entered <code>${escapeHtml(m.formula)}</code>. ${key}</p>
${contrasts}
${paired}
${scatterFig}`;
}

/** Mixed models: every model's key test, fixed effects and type-III tests, and a forest plot of the key coefficients. */
export function modelsSection(ctx: BeliefReportContext): string {
  const models = MODEL_ORDER.map((k) => ({ k, m: ctx.results.models[k] }));
  const rows: ForestRow[] = models.map(({ k, m }) => ({
    label: `${k}: ${m.key_term}`,
    estimate: m.key_coefficient?.estimate ?? null,
    ci_low: m.key_coefficient?.ci_lower ?? null,
    ci_high: m.key_coefficient?.ci_upper ?? null,
  }));
  const fig = beliefFigure(ctx, {
    id: "fig-models",
    svg: forestPlot(
      { rows, xLabel: "key coefficient (model units: points or learning rate)", valueFormat: ".3f" },
      {
        width: 900,
        height: 80 + 34 * rows.length,
        title: "The key coefficient of each mixed model with its 95 % CI",
        description: "One row per model: its key interaction coefficient (Satterthwaite 95 % CI).",
        idPrefix: "fig-models",
      },
    ),
    caption:
      "The key coefficient of each model (results.json <code>models.*.key_coefficient</code>) with its 95 % CI; update models in points, learning-rate models in learning-rate units.",
    table: {
      id: "data-models",
      caption: "key coefficients (results.json models.*.key_coefficient)",
      columns: ["model", "term", "estimate", "CI low", "CI high", "p"],
      rows: models.map(({ k, m }) => {
        const c = m.key_coefficient;
        const p = `models.${k}.key_coefficient`;
        return [
          cell(k),
          cell(m.key_term),
          resultCell(`${p}.estimate`, c?.estimate ?? null, (x) => fmt(x, 3)),
          resultCell(`${p}.ci_lower`, c?.ci_lower ?? null, (x) => fmt(x, 3)),
          resultCell(`${p}.ci_upper`, c?.ci_upper ?? null, (x) => fmt(x, 3)),
          resultCell(`${p}.p`, c?.p ?? null, (x) => fmtP(x)),
        ];
      }),
    },
  });
  const details = models
    .map(({ k, m }) => {
      const fixed = beliefTable(ctx, {
        id: `model-${k}-fixed`,
        caption: `${k}: fixed effects (${m.formula})`,
        columns: ["term", "estimate", "SE", "df", "t", "p", "CI low", "CI high"],
        rows: m.fixed_effects.map((f, i) => {
          const p = `models.${k}.fixed_effects.${i}`;
          return [
            cell(f.term),
            resultCell(`${p}.estimate`, f.estimate, (x) => fmt(x, 3)),
            resultCell(`${p}.se`, f.se, (x) => fmt(x, 3)),
            resultCell(`${p}.df`, f.df, (x) => fmtDf(x)),
            resultCell(`${p}.t`, f.t, (x) => fmt(x, 2)),
            resultCell(`${p}.p`, f.p, (x) => fmtP(x)),
            resultCell(`${p}.ci_lower`, f.ci_lower, (x) => fmt(x, 3)),
            resultCell(`${p}.ci_upper`, f.ci_upper, (x) => fmt(x, 3)),
          ];
        }),
        empty: "Not estimable.",
      });
      const anova = beliefTable(ctx, {
        id: `model-${k}-anova`,
        caption: `${k}: type-III F tests (Satterthwaite df)`,
        columns: ["term", "num df", "den df", "F", "p"],
        rows: m.anova.map((a, i) => {
          const p = `models.${k}.anova.${i}`;
          return [
            cell(a.term),
            resultCell(`${p}.num_df`, a.num_df, (x) => fmtDf(x)),
            resultCell(`${p}.den_df`, a.den_df, (x) => fmtDf(x)),
            resultCell(`${p}.F`, a.F, (x) => fmt(x, 2)),
            resultCell(`${p}.p`, a.p, (x) => fmtP(x)),
          ];
        }),
        empty: "Not estimable.",
      });
      const key = m.key_test === null ? "not estimable" : fText(`models.${k}.key_test`, m.key_test);
      return `<h3>${escapeHtml(k)}</h3>
<p>${escapeHtml(m.description)}. <code>${escapeHtml(m.formula)}</code>; ${num(`models.${k}.n_obs`, m.n_obs, String(m.n_obs))} observations of ${num(`models.${k}.n_participants`, m.n_participants, String(m.n_participants))} participants${m.excluded.length === 0 ? "" : `, ${m.excluded.length} left out (listed in results.json)`}. ${escapeHtml(m.key_term)}: ${key}.${m.singular === true ? " The fit is singular (a variance component at 0)." : ""}</p>
${fixed}
${anova}`;
    })
    .join("\n");
  return `${fig}\n${details}`;
}

/** MADRS change against the change in update bias and good-news learning rate, and the mediation analysis. */
export function mediationSection(ctx: BeliefReportContext): string {
  const madrsRows = new Map<string, { group: string; pre: number | null; post: number | null }>();
  const groupOf = new Map(ctx.participants.map((p) => [p.participant_id, p.group]));
  for (const m of ctx.madrs) {
    const r = madrsRows.get(m.participant_id) ?? {
      group: groupOf.get(m.participant_id) ?? "patient",
      pre: null,
      post: null,
    };
    if (m.time_point === "pre") r.pre = m.madrs_total;
    if (m.time_point === "1wk") r.post = m.madrs_total;
    madrsRows.set(m.participant_id, r);
  }
  const rows = [...madrsRows.entries()].map(([subject, r]) => ({
    subject,
    condition: r.group,
    pre: r.pre,
    post: r.post,
  }));
  const slope = beliefFigure(ctx, {
    id: "fig-madrs",
    legend: ctx.groups,
    svg: slopegraph(
      { conditions: ctx.groups, rows, preLabel: "pre", postLabel: "1 week", yLabel: "MADRS total" },
      {
        width: 960,
        height: 400,
        layout: "panels",
        title: "MADRS total at the first session and one week later, per participant and group",
        description:
          "One panel per group; a line per participant joins the MADRS totals at pre and at 1 week.",
        idPrefix: "fig-madrs",
      },
    ),
    caption:
      "MADRS total at the first session and one week later (<code>madrs.arrow</code>), one line per participant, one panel per group. Lower is better.",
    table: {
      id: "data-madrs",
      caption: "MADRS totals (madrs.arrow)",
      columns: ["participant", "group", "pre", "1 week"],
      rows: rows.map((r) => [
        cell(r.subject),
        cell(groupLabel(ctx, r.condition), r.condition),
        valueCell(r.pre, 0),
        valueCell(r.post, 0),
      ]),
    },
  });
  const figs = (["bias", "alpha_good"] as const).map((k) => {
    const r = ctx.results.madrs[k];
    const fit =
      r.intercept?.estimate !== null && r.intercept !== null && r.slope !== null && r.slope.estimate !== null
        ? { intercept: r.intercept.estimate as number, slope: r.slope.estimate }
        : false;
    const annotation =
      r.pearson_r === null
        ? `n = ${r.n}; not estimable`
        : `r = ${fmt(r.pearson_r, 2)}, p ${fmtP(r.pearson_p).startsWith("<") ? "" : "= "}${fmtP(r.pearson_p)}, n = ${r.n}`;
    return beliefFigure(ctx, {
      id: `fig-madrs-${k.replace("_", "-")}`,
      svg: scatter(
        {
          points: r.points.map((p) => ({ id: p.participant_id, x: p.x, y: p.y })),
          xLabel: r.x_definition,
          yLabel: r.y_definition,
          fit,
          annotation,
          zeroLines: true,
        },
        {
          width: 720,
          height: 440,
          title: `${r.y_definition} against ${r.x_definition}, one point per patient`,
          description: `x: ${r.x_definition}; y: ${r.y_definition}. ${annotation}. The line is the regression from results.json.`,
          idPrefix: `fig-madrs-${k}`,
        },
      ),
      caption: `Per patient, ${escapeHtml(r.y_definition)} against ${escapeHtml(r.x_definition)} (results.json <code>madrs.${k}</code>); the line is the least-squares regression: slope ${r.slope === null ? "–" : estimateText(`madrs.${k}.slope`, r.slope)}, Pearson r = ${num(`madrs.${k}.pearson_r`, r.pearson_r, fmt(r.pearson_r, 3))}, ${pText(`madrs.${k}.pearson_p`, r.pearson_p)}, n = ${num(`madrs.${k}.n`, r.n, String(r.n))}.`,
      table: {
        id: `data-madrs-${k}`,
        caption: `points of the regression (results.json madrs.${k}.points)`,
        columns: ["participant", "x", "y"],
        rows: r.points.map((p, i) => [
          cell(p.participant_id),
          resultCell(`madrs.${k}.points.${i}.x`, p.x, (v) => fmt(v, 3)),
          resultCell(`madrs.${k}.points.${i}.y`, p.y, (v) => fmt(v, 3)),
        ]),
        empty: "No patient has both changes.",
      },
    });
  });
  const med = ctx.results.mediation;
  const path = (k: "a" | "b" | "c" | "c_prime", label: string) => {
    const c = med[k];
    const p = `mediation.${k}`;
    return [
      cell(label),
      resultCell(`${p}.estimate`, c?.estimate ?? null, (x) => fmt(x, 3)),
      resultCell(`${p}.se`, c?.se ?? null, (x) => fmt(x, 3)),
      resultCell(`${p}.ci_lower`, c?.ci_lower ?? null, (x) => fmt(x, 3)),
      resultCell(`${p}.ci_upper`, c?.ci_upper ?? null, (x) => fmt(x, 3)),
      resultCell(`${p}.p`, c?.p ?? null, (x) => fmtP(x)),
    ];
  };
  const b = med.bootstrap;
  const table = beliefTable(ctx, {
    id: "mediation-paths",
    caption: "Mediation paths (results.json mediation)",
    columns: ["path", "estimate", "SE", "CI low", "CI high", "p"],
    rows: [
      path("a", "a: time → update bias"),
      path("b", "b: update bias → MADRS"),
      path("c", "c: total effect on MADRS"),
      path("c_prime", "c′: direct effect"),
      [
        cell("a·b: indirect effect (bootstrap CI)"),
        resultCell("mediation.indirect", med.indirect, (x) => fmt(x, 3)),
        resultCell("mediation.bootstrap.se", b?.se ?? null, (x) => fmt(x, 3)),
        resultCell("mediation.bootstrap.percentile_ci.0", b?.percentile_ci[0] ?? null, (x) => fmt(x, 3)),
        resultCell("mediation.bootstrap.percentile_ci.1", b?.percentile_ci[1] ?? null, (x) => fmt(x, 3)),
        cell("–", null),
      ],
    ],
  });
  return `${slope}
${figs.join("\n")}
<p>Mediation (${escapeHtml(med.method)}): X = ${escapeHtml(med.x_definition)}, M = ${escapeHtml(med.m_definition)}, Y = ${escapeHtml(med.y_definition)}; n = ${num("mediation.n", med.n, String(med.n))}. Indirect effect a·b = ${num("mediation.indirect", med.indirect, fmt(med.indirect, 3))}${b === null ? "" : ` (${num("mediation.bootstrap.level", b.level, `${fmt(b.level * 100, 0)} %`)} percentile bootstrap CI ${num("mediation.bootstrap.percentile_ci.0", b.percentile_ci[0], fmt(b.percentile_ci[0], 3))} to ${num("mediation.bootstrap.percentile_ci.1", b.percentile_ci[1], fmt(b.percentile_ci[1], 3))}, ${num("mediation.bootstrap.B", b.B, String(b.B))} resamples)`}.${med.reason === null ? "" : ` ${escapeHtml(med.reason)}`}</p>
${table}`;
}

/** Methods: generated from results.json and study.json. */
export function methodsSection(ctx: BeliefReportContext): string {
  const r = ctx.results;
  const b = r.mediation.bootstrap;
  const formulas = MODEL_ORDER.map(
    (k) => `<li><code>${escapeHtml(r.models[k].formula)}</code>: ${escapeHtml(r.models[k].description)}</li>`,
  ).join("");
  return `<p>Trials (first estimate, base rate and second estimate in percent) were read from each session's <code>*_task-beliefupdate_beh.tsv</code>. A trial was excluded, with its reason, when an estimate or the base rate was missing or out of range, or when the first estimate equalled the base rate (no news). Per session, the mean update after good and after bad news and the update bias (good − bad) were computed (Sharot et al. 2011; Garrett &amp; Sharot 2017). The two-learning-rate model update = α<sub>good|bad</sub>·|estimation error| + ε, ε ~ N(0, σ²), was fitted to each session by maximum likelihood with α in [0, 1], standard errors from the observed information (Kuzmanovic &amp; Rigoux 2017).</p>
<p>Linear mixed models with participant random intercepts were fitted by REML, with type-III F tests and Satterthwaite degrees of freedom (lme4/lmerTest conventions; Bates et al. 2015; Kuznetsova et al. 2017); good − bad contrasts within each group and time point as emmeans computes them:</p>
<ul>${formulas}</ul>
<p>The one-week MADRS change of patients was regressed on the change in update bias and in the good-news learning rate (pre → 4 h). Mediation of the time effect on MADRS by the update bias: ${escapeHtml(r.mediation.method)}${b === null ? "" : `, ${num("mediation.bootstrap.B", b.B, String(b.B))} bootstrap resamples (${escapeHtml(b.algorithm)}, seed ${num("mediation.bootstrap.seed", b.seed, String(b.seed))})`}. Seed of the analysis ${param("seed", ctx.study.seed)}.</p>
<h3>References</h3>
<ul class="refs">
<li>Sharot T, Korn CW, Dolan RJ. How unrealistic optimism is maintained in the face of reality. Nat Neurosci. 2011;14(11):1475–1479.</li>
<li>Kuzmanovic B, Rigoux L. Valence-dependent belief updating: computational validation. Front Psychol. 2017;8:1087.</li>
<li>Garrett N, Sharot T. Optimistic update bias holds firm: three tests of robustness following Shah et al. Conscious Cogn. 2017;50:12–22.</li>
<li>Bottemanne H, Morlaas O, Claret A, Sharot T, Fossati P, Schmidt L. Evaluation of early ketamine effects on belief-updating biases in patients with treatment-resistant depression. JAMA Psychiatry. 2022;79(11):1124–1132.</li>
<li>Bates D, Mächler M, Bolker B, Walker S. Fitting linear mixed-effects models using lme4. J Stat Softw. 2015;67(1):1–48.</li>
<li>Kuznetsova A, Brockhoff PB, Christensen RHB. lmerTest package: tests in linear mixed effects models. J Stat Softw. 2017;82(13):1–26.</li>
<li>Montoya AK, Hayes AF. Two-condition within-participant statistical mediation analysis: a path-analytic framework. Psychol Methods. 2017;22(1):6–27.</li>
</ul>`;
}

/** Provenance: software, seed, the analysis's inputs and every derivative the report read, with sha256. */
export function provenanceSection(ctx: BeliefReportContext): string {
  const p = ctx.results.provenance;
  const software = p.generated_by.map((g) => `${escapeHtml(g.Name)} ${escapeHtml(g.Version)}`).join(", ");
  const sources = beliefTable(ctx, {
    id: "provenance-sources",
    caption: "Inputs of the analysis (results.json provenance) with their sha256",
    columns: ["input", "sha256"],
    rows: p.sources.map((s) => [cell(s.path), cell(s.sha256)]),
    empty: "results.json lists no inputs.",
  });
  const inputs = beliefTable(ctx, {
    id: "report-inputs",
    caption: "Derivative files this report was built from, with their size and sha256",
    columns: ["file (relative to the derivatives folder)", "bytes", "sha256"],
    rows: ctx.inputs.map((f) => [cell(f.path), cell(String(f.bytes), f.bytes), cell(f.sha256)]),
  });
  return `<p>Generated by ${software || "software not recorded"}. Seed ${num("provenance.parameters.seed", p.parameters.seed, String(p.parameters.seed))}. The report adds no date, host or absolute path: the same derivatives give the same file.</p>
${sources}
${inputs}
<details class="more"><summary>study.json as used</summary>
<pre class="json">${escapeHtml(canonicalJson(ctx.study).trimEnd())}</pre>
</details>`;
}

/** Warnings of the analysis and of the report build; always present, "None." when empty. */
export function warningsSection(ctx: BeliefReportContext): string {
  const all = [
    ...ctx.results.warnings.map((w) => ({ w, from: "analysis" })),
    ...ctx.notes.map((w) => ({ w, from: "report" })),
  ];
  if (all.length === 0) return `<p class="none">None.</p>`;
  return `<ul class="warnings">\n${all.map(({ w, from }) => `<li data-from="${from}">${escapeHtml(w)}</li>`).join("\n")}\n</ul>`;
}
