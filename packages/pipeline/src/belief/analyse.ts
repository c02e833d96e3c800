import {
  analyseBeliefStudy,
  type BeliefParticipant,
  BeliefResultsSchema,
  type TrialMeasure,
} from "@fmrs/belief";
import {
  BeliefMadrsRecord,
  BeliefParticipantRecord,
  BeliefSessionRecord,
  BeliefTrialRow,
  GeneratedBy,
  SourceFile,
} from "@fmrs/schema";
import { z } from "zod";
import { derivativeInput } from "../derivatives";
import { outputPath } from "../layout";
import type { InputFile, Stage, StudyField } from "../stage";
import { tableRows } from "../tables";

const FIELDS: readonly StudyField[] = ["name", "seed", "mediation"];

/** results.json of a belief-updating study: @fmrs/belief's results with the run's provenance. */
export const BeliefResultsFile = BeliefResultsSchema.extend({
  provenance: z.strictObject({
    generated_by: z.array(GeneratedBy),
    sources: z.array(SourceFile),
    parameters: z.strictObject({ seed: z.int(), bootstrap_resamples: z.int() }),
  }),
});
export type BeliefResultsFile = z.infer<typeof BeliefResultsFile>;

/**
 * analyse (belief-updating): the study's models on the ingest and trials tables → results.json
 * (@fmrs/belief analyseBeliefStudy: update ~ group × time × valence and learning rates ~ group ×
 * time × valence with participant random intercepts and Satterthwaite df, MADRS change against
 * the change in update bias and good-news learning rate, mediation with a bootstrap CI),
 * zod-checked, with provenance.
 */
export const beliefAnalyseStage: Stage = {
  name: "analyse",
  description:
    "belief-updating analyses (mixed models of update and learning rates, MADRS association, mediation) → results.json",
  study: FIELDS,
  plan(env) {
    const input = (
      key: "beliefParticipants" | "beliefSessions" | "beliefMadrs" | "beliefTrials",
    ): InputFile => {
      const path = outputPath(env.root, key);
      return derivativeInput(env.root, key, path);
    };
    return [
      {
        id: "",
        inputs: [
          input("beliefParticipants"),
          input("beliefSessions"),
          input("beliefMadrs"),
          input("beliefTrials"),
        ],
        study: FIELDS,
        parameters: {},
        outputs: [{ name: "beliefResults" }],
      },
    ];
  },
  run(input) {
    const seed = input.study.seed ?? 0;
    const participants = tableRows(input.files.beliefParticipants, BeliefParticipantRecord).map(
      (p) => ({ ...p }) as BeliefParticipant,
    );
    const sessions = tableRows(input.files.beliefSessions, BeliefSessionRecord).map((s) => ({
      participant_id: s.participant_id,
      session_id: s.session_id,
      time_point: s.time_point,
      days_from_first_infusion: s.days_from_first_infusion,
    }));
    const madrs = tableRows(input.files.beliefMadrs, BeliefMadrsRecord).map((m) => ({
      participant_id: m.participant_id,
      session_id: m.session_id,
      madrs_total: m.madrs_total,
    }));
    // The trials stage's measures, as they are (the analysis does not recompute them).
    const measures: TrialMeasure[] = tableRows(input.files.beliefTrials, BeliefTrialRow);
    const bootstrapB = input.study.mediation?.bootstrap_resamples ?? 5000;
    const results = analyseBeliefStudy({ participants, sessions, measures, madrs }, { seed, bootstrapB });
    const withProvenance = BeliefResultsFile.parse({
      ...results,
      provenance: {
        generated_by: input.generatedBy,
        sources: input.sources,
        parameters: { seed, bootstrap_resamples: bootstrapB },
      },
    });
    return [{ name: "beliefResults", json: withProvenance }];
  },
};
