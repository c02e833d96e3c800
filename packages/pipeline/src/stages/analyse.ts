import { BlockOutcomeRow, OutcomeRow, ParticipantRecord, Results } from "@fmrs/schema";
import { type AnalyseFields, analyseTrial } from "@fmrs/trial";
import { derivativeInput } from "../derivatives";
import { outputPath } from "../layout";
import type { Stage, StudyField } from "../stage";
import { tableRows } from "../tables";

/** The study.json fields the analyses read. */
export const ANALYSE_FIELDS: readonly StudyField[] = [
  "name",
  "conditions",
  "reference_condition",
  "seed",
  "outcome",
  "measures",
  "infusion",
  "baseline_window",
  "response_window",
  "block_length_min",
  "primary",
];

/** analyse: the crossover analyses on the outcome tables → results.json (zod-checked, with provenance). */
export const analyseStage: Stage = {
  name: "analyse",
  description:
    "crossover analyses (mixed models, Hills–Armitage, nonparametric tests, attenuation) → results.json",
  study: ANALYSE_FIELDS,
  plan(env) {
    const input = (key: "participants" | "outcomes" | "outcomeBlocks") => {
      const path = outputPath(env.root, key);
      return derivativeInput(env.root, key, path);
    };
    return [
      {
        id: "",
        inputs: [input("participants"), input("outcomes"), input("outcomeBlocks")],
        study: ANALYSE_FIELDS,
        parameters: {},
        outputs: [{ name: "results" }],
      },
    ];
  },
  run(input) {
    const study = input.study as AnalyseFields;
    const trial = analyseTrial(
      study,
      tableRows(input.files.participants, ParticipantRecord),
      tableRows(input.files.outcomes, OutcomeRow),
      tableRows(input.files.outcomeBlocks, BlockOutcomeRow),
    );
    const results = Results.parse({
      ...trial,
      provenance: {
        generated_by: input.generatedBy,
        sources: input.sources,
        parameters: { seed: study.seed, reference_condition: study.reference_condition },
      },
    });
    return [{ name: "results", json: results }];
  },
  summary: (_ran, _skipped, outputs) => {
    const o = outputs[0]?.find((x) => "name" in x && x.name === "results");
    const ha = o !== undefined && "json" in o ? (o.json as Results).hills_armitage.madrs_change : null;
    return ha === null
      ? "results.json written"
      : `MADRS change ${ha.test} − ${ha.reference}: ${ha.treatment.estimate.toFixed(2)} (p = ${ha.treatment.p.toPrecision(2)})`;
  },
};
