import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { inputKey, isUpToDate, writeFileAtomic, writeStageRecord } from "@fmrs/io";
import { buildReport } from "@fmrs/report";
import { type StageContext, type StageOutcome, VERSION } from "../context";
import { derivedSource } from "./derived";

function arrowFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".arrow"))
    .sort()
    .map((f) => join(dir, f));
}

/** report: the static HTML report built from the derivatives folder alone. */
export function runReport(ctx: StageContext): StageOutcome {
  const inputs = [
    ctx.out.results,
    ctx.out.study,
    ...(existsSync(ctx.out.acquisition) ? [ctx.out.acquisition] : []),
    ...arrowFilesUnder(ctx.out.root),
  ];
  const sources = inputs.map((p) => derivedSource(ctx, p));
  const key = inputKey("report", VERSION, sources, {});
  const record = ctx.out.stageRecord("report");
  if (!ctx.force && isUpToDate(record, ctx.out.root, key))
    return { stage: "report", ran: false, detail: "up to date" };
  const html = buildReport(ctx.out.root);
  writeFileAtomic(ctx.out.report, html);
  writeStageRecord(record, ctx.out.root, "report", key, [ctx.out.report]);
  return { stage: "report", ran: true, detail: `report/index.html (${Math.round(html.length / 1024)} kB)` };
}
