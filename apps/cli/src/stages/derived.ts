import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { readArrowFile, sha256File } from "@fmrs/io";
import { InputError, type SourceFile, StudyConfig, TimeseriesRow } from "@fmrs/schema";
import { derivativeUri, type StageContext } from "../context";

/** study.json as ingest stored it in the derivatives (zod-parsed again: a bad file fails here). */
export function readDerivedStudy(ctx: StageContext): StudyConfig {
  const path = ctx.out.study;
  if (!existsSync(path)) throw new InputError({ file: path }, "not found: run the ingest stage first");
  const parsed = StudyConfig.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success)
    throw new InputError({ file: path }, parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

/** A derivative as a provenance source: its BIDS URI and sha256. Throws InputError when missing. */
export function derivedSource(ctx: StageContext, path: string): SourceFile {
  if (!existsSync(path)) throw new InputError({ file: path }, "not found: run the earlier stages first");
  return {
    path: derivativeUri(relative(ctx.out.root, path).split("\\").join("/")),
    sha256: sha256File(path),
  };
}

/** The time series of every session that has one, keyed `participant/session`. */
export function readTimeseries(
  ctx: StageContext,
  sessions: readonly { participant_id: string; session_id: string; mrs_route: string }[],
) {
  const map = new Map<string, TimeseriesRow[]>();
  const sources: SourceFile[] = [];
  for (const s of sessions) {
    if (s.mrs_route === "none") continue;
    const path = ctx.out.timeseries(s.participant_id, s.session_id);
    sources.push(derivedSource(ctx, path));
    map.set(`${s.participant_id}/${s.session_id}`, readArrowFile(path, TimeseriesRow));
  }
  return { map, sources };
}
