import { inputKey, isUpToDate, readArrowFile, readMadrsFile, writeStageRecord } from "@fmrs/io";
import {
  BlockOutcomeRow,
  MadrsRecord,
  OutcomeRow,
  ParticipantRecord,
  SessionRecord,
  TimeseriesRow,
} from "@fmrs/schema";
import { deriveOutcomes, madrsRecords } from "@fmrs/trial";
import { type StageContext, type StageOutcome, studyUri, VERSION } from "../context";
import { provenanceOf, writeTable } from "../outputs";
import { derivedSource, readDerivedStudy } from "./derived";

/**
 * outcomes: QC exclusion, percent change from baseline per block and per session, MADRS totals
 * (scored here from phenotype/madrs.tsv, so editing it reruns only outcomes, analyse and report)
 * and 24 h change → madrs.arrow, outcomes.arrow (one row per session) and outcome_blocks.arrow.
 */
export function runOutcomes(ctx: StageContext): StageOutcome {
  const study = readDerivedStudy(ctx);
  const sessions = readArrowFile(ctx.out.sessions, SessionRecord);
  const withMrs = sessions.filter((s) => s.mrs_route !== "none");
  const madrsInput = readMadrsFile(ctx.studyDir);
  const sources = [
    derivedSource(ctx, ctx.out.study),
    derivedSource(ctx, ctx.out.participants),
    derivedSource(ctx, ctx.out.sessions),
    { path: studyUri(madrsInput.source.path), sha256: madrsInput.source.sha256 },
    ...withMrs.map((s) => derivedSource(ctx, ctx.out.timeseries(s.participant_id, s.session_id))),
  ];
  const parameters = {
    baseline_window: study.baseline_window,
    response_window: study.response_window,
    post_window: study.post_window ?? null,
    madrs_scoring: study.madrs,
  };
  const key = inputKey("outcomes", VERSION, sources, parameters);
  const record = ctx.out.stageRecord("outcomes");
  if (!ctx.force && isUpToDate(record, ctx.out.root, key))
    return { stage: "outcomes", ran: false, detail: "up to date" };

  const participants = readArrowFile(ctx.out.participants, ParticipantRecord);
  const madrs = madrsRecords(study, madrsInput.file, madrsInput.rows, sessions);
  const timeseries = new Map(
    withMrs.map((s) => [
      `${s.participant_id}/${s.session_id}`,
      readArrowFile(ctx.out.timeseries(s.participant_id, s.session_id), TimeseriesRow),
    ]),
  );
  const derived = deriveOutcomes(study, participants, sessions, timeseries, madrs);
  const provenance = provenanceOf("outcomes", sources, parameters, key);
  const written = [
    ...writeTable(
      ctx,
      ctx.out.madrs,
      MadrsRecord,
      madrs,
      {
        text: "MADRS totals per session and timepoint",
        sortedBy: ["participant_id", "session_id", "timepoint"],
      },
      provenance,
    ),
    ...writeTable(
      ctx,
      ctx.out.outcomes,
      OutcomeRow,
      derived.sessions,
      {
        text: "Per-session outcomes: glutamate percent change and MADRS change",
        sortedBy: ["participant_id", "period"],
      },
      provenance,
    ),
    ...writeTable(
      ctx,
      ctx.out.outcomeBlocks,
      BlockOutcomeRow,
      derived.blocks,
      {
        text: "Per-block glutamate percent change from the session baseline",
        sortedBy: ["participant_id", "period", "block"],
      },
      provenance,
    ),
  ];
  writeStageRecord(record, ctx.out.root, "outcomes", key, written);
  return {
    stage: "outcomes",
    ran: true,
    detail: `${derived.sessions.length} sessions, ${derived.blocks.length} blocks`,
  };
}
