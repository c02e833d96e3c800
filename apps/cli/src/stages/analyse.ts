import {
  canonicalJson,
  inputKey,
  isUpToDate,
  readArrowFile,
  writeFileAtomic,
  writeStageRecord,
} from "@fmrs/io";
import { BlockOutcomeRow, OutcomeRow, ParticipantRecord, Results } from "@fmrs/schema";
import { analyseTrial } from "@fmrs/trial";
import { GENERATED_BY, type StageContext, type StageOutcome, VERSION } from "../context";
import { derivedSource, readDerivedStudy } from "./derived";

/** analyse: the crossover analyses on outcomes.arrow → results.json (zod-checked before writing). */
export function runAnalyse(ctx: StageContext): StageOutcome {
  const study = readDerivedStudy(ctx);
  const sources = [
    derivedSource(ctx, ctx.out.study),
    derivedSource(ctx, ctx.out.participants),
    derivedSource(ctx, ctx.out.outcomes),
  ];
  const parameters = { seed: study.seed, reference_condition: study.reference_condition };
  const key = inputKey("analyse", VERSION, sources, parameters);
  const record = ctx.out.stageRecord("analyse");
  if (!ctx.force && isUpToDate(record, ctx.out.root, key))
    return { stage: "analyse", ran: false, detail: "up to date" };

  const participants = readArrowFile(ctx.out.participants, ParticipantRecord);
  const rows = readArrowFile(ctx.out.outcomes, OutcomeRow);
  const blocks = readArrowFile(ctx.out.outcomeBlocks, BlockOutcomeRow);
  const trial = analyseTrial(study, participants, rows, blocks);
  const results = Results.parse({
    ...trial,
    provenance: { generated_by: GENERATED_BY, sources, parameters },
  });
  writeFileAtomic(ctx.out.results, canonicalJson(results));
  for (const w of results.warnings) ctx.log.warn("analyse", w);
  writeStageRecord(record, ctx.out.root, "analyse", key, [ctx.out.results]);
  const ha = results.hills_armitage.madrs_change;
  return {
    stage: "analyse",
    ran: true,
    detail:
      ha === null
        ? "results.json written"
        : `MADRS change ${ha.test} − ${ha.reference}: ${ha.treatment.estimate.toFixed(2)} (p = ${ha.treatment.p.toPrecision(2)})`,
  };
}
