import { mean } from "d3";
import { axisLeft, legend, marker } from "./marks";
import { type Condition, type StyledCondition, styledConditions } from "./palette";
import { finiteExtent, includeIn, linearScale } from "./scales";
import { type ChartOptions, chartSize, el, emptyChart, finite, svgRoot, textEl } from "./svg";

/** One subject's scores in one condition: before infusion and at follow-up (e.g. MADRS). */
export interface SlopeRow {
  readonly subject: string;
  readonly condition: string;
  readonly pre: number | null;
  readonly post: number | null;
}

export interface SlopegraphData {
  readonly conditions?: readonly Condition[];
  readonly rows: readonly SlopeRow[];
  /**
   * The condition means to draw (e.g. from results.json), by condition id; a condition not listed
   * gets the mean over its subjects with both values, computed here.
   */
  readonly means?: readonly {
    readonly condition: string;
    readonly pre: number;
    readonly post: number;
    readonly n: number;
  }[];
  /** Axis labels of the two time points (default "Pre" and "24 h"). */
  readonly preLabel?: string;
  readonly postLabel?: string;
  /** y-axis title (default "MADRS total"). */
  readonly yLabel?: string;
}

export interface SlopegraphOptions extends ChartOptions {
  /** "panels" (default): one panel per condition; "overlay": all conditions in one panel. */
  readonly layout?: "panels" | "overlay";
}

const kind = "slopegraph";

/**
 * Paired pre → post scores per subject and condition: a thin line per subject (dash pattern per
 * condition) with markers at both ends, and the condition mean over subjects with both values
 * drawn thick on top, labelled with its n. A subject missing one value keeps a lone marker and
 * no line. Panels share the y scale. No finite value at all: an explanatory empty chart.
 */
export function slopegraph(data: SlopegraphData, options: SlopegraphOptions): string {
  const rows = data.rows.map((r) => ({ ...r, pre: finite(r.pre), post: finite(r.post) }));
  const yExt = finiteExtent(rows.flatMap((r) => [r.pre, r.post]));
  if (yExt === null) return emptyChart(options, kind, "No paired scores to plot.");
  const { width, height } = chartSize(options, kind);
  const styled = styledConditions(
    data.conditions,
    rows.map((r) => r.condition),
  );
  const used = styled.filter((c) =>
    rows.some((r) => r.condition === c.id && (r.pre !== null || r.post !== null)),
  );
  const overlay = options.layout === "overlay";
  const groups: StyledCondition[][] = overlay ? [used] : used.map((c) => [c]);

  const left = 58;
  const right = 16;
  const leg = legend(
    used.map((c) => ({ label: c.label, style: c.style })),
    left,
    6,
    width - left - right,
  );
  const top = 6 + leg.height + 28;
  const bottom = 30;
  const plotH = Math.max(1, height - top - bottom);
  const gap = 36;
  const panelW = Math.max(1, (width - left - right - gap * (groups.length - 1)) / groups.length);
  const y = linearScale(includeIn(yExt, 0), [top + plotH, top]);

  let body = leg.svg + axisLeft(y, left - 6, { label: data.yLabel ?? "MADRS total", labelOffset: 38 });
  groups.forEach((group, gi) => {
    const px = left + gi * (panelW + gap);
    const xPre = px + Math.min(24, panelW * 0.15);
    const xPost = px + panelW - Math.min(84, panelW * 0.4);
    let p = "";
    for (const t of y.ticks(6)) {
      p += el("line", { x1: px, x2: px + panelW, y1: y(t), y2: y(t), stroke: "#eeeeee" });
    }
    p +=
      textEl({ x: xPre, y: top + plotH + 18, "text-anchor": "middle" }, data.preLabel ?? "Pre") +
      textEl({ x: xPost, y: top + plotH + 18, "text-anchor": "middle" }, data.postLabel ?? "24 h");
    if (!overlay && group[0] !== undefined) {
      p += textEl(
        {
          class: "panel-title",
          x: (xPre + xPost) / 2,
          y: top - 12,
          "text-anchor": "middle",
          "font-weight": "bold",
        },
        group[0].label,
      );
    }
    let subjects = "";
    let means = "";
    for (const c of group) {
      const st = c.style;
      const attrs = { "data-condition": c.id, "data-series": st.index };
      const mine = rows.filter((r) => r.condition === c.id);
      for (const r of mine) {
        let g = "";
        if (r.pre !== null && r.post !== null) {
          g += el("line", {
            class: "subject-line",
            x1: xPre,
            y1: y(r.pre),
            x2: xPost,
            y2: y(r.post),
            stroke: st.color,
            "stroke-opacity": 0.55,
            "stroke-width": 1,
            "stroke-dasharray": st.dash || undefined,
          });
        }
        if (r.pre !== null)
          g += marker(st.marker, xPre, y(r.pre), {
            class: "marker",
            size: 16,
            fill: st.color,
            "fill-opacity": 0.7,
          });
        if (r.post !== null)
          g += marker(st.marker, xPost, y(r.post), {
            class: "marker",
            size: 16,
            fill: st.color,
            "fill-opacity": 0.7,
          });
        if (g !== "") subjects += el("g", { class: "subject", "data-subject": r.subject, ...attrs }, g);
      }
      const pairs = mine.filter((r) => r.pre !== null && r.post !== null);
      const given = data.means?.find((m) => m.condition === c.id);
      const mPre = given?.pre ?? mean(pairs, (r) => r.pre ?? undefined);
      const mPost = given?.post ?? mean(pairs, (r) => r.post ?? undefined);
      const nMean = given?.n ?? pairs.length;
      if (mPre !== undefined && mPost !== undefined) {
        means += el(
          "g",
          { class: "condition-mean", ...attrs, "data-n": nMean },
          el("line", {
            x1: xPre,
            y1: y(mPre),
            x2: xPost,
            y2: y(mPost),
            stroke: st.color,
            "stroke-width": 4,
            "stroke-dasharray": st.dash
              ? st.dash
                  .split(" ")
                  .map((d) => String(Number(d) * 2))
                  .join(" ")
              : undefined,
            "stroke-linecap": "round",
          }) +
            marker(st.marker, xPre, y(mPre), {
              size: 80,
              fill: st.color,
              stroke: "#ffffff",
              "stroke-width": 1.5,
            }) +
            marker(st.marker, xPost, y(mPost), {
              size: 80,
              fill: st.color,
              stroke: "#ffffff",
              "stroke-width": 1.5,
            }) +
            textEl(
              {
                x: xPost + 8,
                y: y(mPost),
                "dominant-baseline": "middle",
                "font-weight": "bold",
                fill: st.color,
              },
              `mean, n = ${nMean}`,
            ),
        );
      }
    }
    body += el("g", { class: "panel", "data-panel": gi }, p + subjects + means);
  });
  return svgRoot(options, kind, body);
}
