import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseGlxTsv, parseTsv } from "@fmrs/formats";
import { inputKey, isUpToDate, readArrowFile, sha256, writeStageRecord } from "@fmrs/io";
import { InputError, SessionRecord, TimeseriesRow } from "@fmrs/schema";
import { timeseriesFromBlocks } from "@fmrs/trial";
import { type StageContext, type StageOutcome, studyUri, VERSION } from "../context";
import { provenanceOf, writeTable } from "../outputs";
import { readDerivedStudy } from "./derived";

/**
 * fit: one glutamate time series per session with MRS. Fitted route (`*_glx.tsv`): parse the
 * blocks, compute the outcome ratio and QC verdicts. Each session is skipped when its input and
 * the QC/outcome settings are unchanged.
 */
export function runFit(ctx: StageContext): StageOutcome {
  const study = readDerivedStudy(ctx);
  const sessions = readArrowFile(ctx.out.sessions, SessionRecord);
  const parameters = { outcome: study.outcome, qc: study.qc, infusion: study.infusion };
  let ran = 0;
  let skipped = 0;
  for (const s of sessions) {
    if (s.mrs_route === "none" || s.mrs_file === null) continue;
    if (s.mrs_route === "raw") {
      throw new InputError(
        { file: join(ctx.studyDir, s.mrs_file) },
        "raw NIfTI-MRS spectra are not fitted by this version",
        `a fitted time series ${s.participant_id}_${s.session_id}_glx.tsv beside it`,
      );
    }
    const bytes = readFileSync(join(ctx.studyDir, s.mrs_file));
    const sources = [{ path: studyUri(s.mrs_file), sha256: sha256(bytes) }];
    const key = inputKey("fit", VERSION, sources, { ...parameters, session: s });
    const record = ctx.out.stageRecord(`fit/${s.participant_id}_${s.session_id}`);
    if (!ctx.force && isUpToDate(record, ctx.out.root, key)) {
      skipped++;
      continue;
    }
    const blocks = parseGlxTsv(parseTsv(join(ctx.studyDir, s.mrs_file), bytes.toString("utf8")));
    const rows = timeseriesFromBlocks(blocks, s, study);
    const out = ctx.out.timeseries(s.participant_id, s.session_id);
    const written = writeTable(
      ctx,
      out,
      TimeseriesRow,
      rows,
      {
        text: `Glutamate time series (${study.outcome.metabolite}/${study.outcome.reference}) with QC per block`,
        sortedBy: ["block"],
      },
      provenanceOf("fit", sources, { ...parameters, session: `${s.participant_id}/${s.session_id}` }, key),
    );
    writeStageRecord(record, ctx.out.root, "fit", key, written);
    ran++;
  }
  return {
    stage: "fit",
    ran: ran > 0,
    detail: ran > 0 ? `${ran} sessions fitted, ${skipped} up to date` : "up to date",
  };
}
