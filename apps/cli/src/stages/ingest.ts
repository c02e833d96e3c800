import {
  canonicalJson,
  inputKey,
  isUpToDate,
  readStudyInputs,
  writeFileAtomic,
  writeStageRecord,
} from "@fmrs/io";
import { ParticipantRecord, SessionRecord } from "@fmrs/schema";
import { studyRecords } from "@fmrs/trial";
import { derivativesDescription, type StageContext, type StageOutcome, studyUri, VERSION } from "../context";
import { provenanceOf, writeTable } from "../outputs";

/**
 * ingest: reads and cross-checks the study folder (zod at every file), strips identifying
 * columns, and writes study.json, participants.arrow and sessions.arrow plus
 * dataset_description.json. MRS data files are listed (path and route) but hashed by fit.
 */
export function runIngest(ctx: StageContext): StageOutcome {
  const inputs = readStudyInputs(ctx.studyDir);
  const records = studyRecords(inputs);
  // MRS data files are hashed by fit, and phenotype/madrs.tsv by outcomes (which scores it): an
  // edit to either does not make ingest redo its work. Ingest still checks them on every run.
  const sources = inputs.sources
    .filter((s) => s.path !== "phenotype/madrs.tsv" && !inputs.mrs.some((m) => m.file === s.path))
    .map((s) => ({ ...s, path: studyUri(s.path) }));
  const parameters = {
    mrs_inputs: inputs.mrs.map((m) => ({
      session: `${m.participant_id}/${m.session_id}`,
      route: m.route,
      file: m.file,
    })),
  };
  const key = inputKey("ingest", VERSION, sources, parameters);
  const record = ctx.out.stageRecord("ingest");
  if (!ctx.force && isUpToDate(record, ctx.out.root, key)) {
    return { stage: "ingest", ran: false, detail: "up to date" };
  }
  if (inputs.droppedColumns.length > 0) {
    ctx.log.info(
      "ingest",
      `dropped columns not used by the pipeline (never copied): ${inputs.droppedColumns.join(", ")}`,
    );
  }
  const provenance = provenanceOf("ingest", sources, parameters, key);
  const written: string[] = [];
  writeFileAtomic(
    ctx.out.datasetDescription,
    canonicalJson(derivativesDescription(inputs.config.name, ctx.studyDir, ctx.out.root)),
  );
  writeFileAtomic(ctx.out.study, canonicalJson(inputs.config));
  written.push(ctx.out.datasetDescription, ctx.out.study);
  written.push(
    ...writeTable(
      ctx,
      ctx.out.participants,
      ParticipantRecord,
      records.participants,
      { text: "Participants (identifying columns removed)", sortedBy: ["participant_id"] },
      provenance,
    ),
    ...writeTable(
      ctx,
      ctx.out.sessions,
      SessionRecord,
      records.sessions,
      {
        text: "Sessions with crossover period, condition and MRS input",
        sortedBy: ["participant_id", "period"],
      },
      provenance,
    ),
  );
  writeStageRecord(record, ctx.out.root, "ingest", key, written);
  return {
    stage: "ingest",
    ran: true,
    detail: `${records.participants.length} participants, ${records.sessions.length} sessions, ${inputs.mrs.length} MRS inputs`,
  };
}
