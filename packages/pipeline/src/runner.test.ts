import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StudyConfig } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { outputPath } from "./layout";
import { runPipeline, selectStages, splitLevels } from "./runner";
import type { Stage } from "./stage";

const study = (qc = 20) =>
  StudyConfig.parse({
    name: "toy",
    conditions: [
      { id: "PBO", label: "P" },
      { id: "NTX", label: "N" },
    ],
    reference_condition: "PBO",
    infusion: { duration_min: 40 },
    baseline_window: { start_min: -10, end_min: 0 },
    response_window: { start_min: 0, end_min: 30 },
    block_length_min: 2,
    qc: { max_crlb_pct: qc },
  });

/** A toy stage: reads input.txt and the declared study field `seed`, writes results.json. */
function toyStage(calls: string[], output: "results" | "study" = "results"): Stage {
  return {
    name: "analyse",
    description: "toy",
    study: ["seed"],
    plan: (env) => [
      {
        id: "",
        inputs: [{ key: "in", path: join(env.studyDir, "input.txt"), uri: "bids::input.txt" }],
        study: ["seed"],
        parameters: { factor: 2 },
        outputs: [{ name: "results" }],
      },
    ],
    run: (input) => {
      calls.push(input.id);
      const text = new TextDecoder().decode(input.files.in?.bytes);
      // Only the declared field reaches the run function.
      return [{ name: output, json: { text, seed: input.study.seed, qc: input.study.qc ?? "not declared" } }];
    },
  };
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "fmrs-runner-"));
  writeFileSync(join(dir, "input.txt"), "a");
  return { dir, root: join(dir, "out") };
}

describe("runPipeline derives keys, records and skipping from the declarations", () => {
  it("runs a unit once, skips it while inputs, declared fields and outputs are unchanged, reruns when one changes", async () => {
    const { dir, root } = setup();
    const calls: string[] = [];
    const options = { studyDir: dir, root, graph: [toyStage(calls)], version: "1", generatedBy: [] };
    const first = await runPipeline({ ...options, study: study() });
    expect(first[0]?.ran).toEqual([""]);
    const results = JSON.parse(readFileSync(outputPath(root, "results"), "utf8"));
    expect(results).toEqual({ text: "a", seed: 20260521, qc: "not declared" });
    expect(existsSync(join(root, "stages", "analyse.json"))).toBe(true);
    // A field the stage does not declare (qc) does not rerun it.
    expect((await runPipeline({ ...options, study: study(5) }))[0]?.ran).toEqual([]);
    // The input file does; so does a declared field, a code version, force, or a deleted output.
    writeFileSync(join(dir, "input.txt"), "b");
    expect((await runPipeline({ ...options, study: study() }))[0]?.ran).toEqual([""]);
    expect((await runPipeline({ ...options, study: { ...study(), seed: 7 } }))[0]?.ran).toEqual([""]);
    expect((await runPipeline({ ...options, study: { ...study(), seed: 7 }, version: "2" }))[0]?.ran).toEqual(
      [""],
    );
    expect(
      (await runPipeline({ ...options, study: { ...study(), seed: 7 }, version: "2", force: true }))[0]?.ran,
    ).toEqual([""]);
    rmSync(outputPath(root, "results"));
    expect((await runPipeline({ ...options, study: { ...study(), seed: 7 }, version: "2" }))[0]?.ran).toEqual(
      [""],
    );
    expect(calls).toHaveLength(6);
  });

  it("refuses outputs that differ from the declaration, writing nothing", async () => {
    const { dir, root } = setup();
    const options = { studyDir: dir, root, graph: [toyStage([], "study")], version: "1", generatedBy: [] };
    await expect(runPipeline({ ...options, study: study() })).rejects.toThrow(
      /outputs differ from its declaration \(missing results; undeclared study\)/,
    );
    expect(existsSync(outputPath(root, "study"))).toBe(false);
    expect(existsSync(join(root, "stages", "analyse.json"))).toBe(false);
  });

  it("names a missing declared input", async () => {
    const { dir, root } = setup();
    rmSync(join(dir, "input.txt"));
    const options = { studyDir: dir, root, graph: [toyStage([])], version: "1", generatedBy: [] };
    await expect(runPipeline({ ...options, study: study() })).rejects.toThrow(/input\.txt: not found/);
  });

  it("selectStages gives every stage, the stages from one on, or one only", () => {
    expect(selectStages({})).toEqual(["ingest", "fit", "outcomes", "analyse", "report"]);
    expect(selectStages({ from: "outcomes" })).toEqual(["outcomes", "analyse", "report"]);
    expect(selectStages({ only: "fit" })).toEqual(["fit"]);
  });
});

describe("splitLevels: the BIDS-App levels of any stage graph", () => {
  it("participant = the parallel stages, setup = the stages before them, group = every other stage", async () => {
    const { stageGraph } = await import("./graph");
    const levels = splitLevels(stageGraph({ buildReport: () => "" }));
    expect(levels.setup.map((s) => s.name)).toEqual(["ingest"]);
    expect(levels.participant.map((s) => s.name)).toEqual(["fit"]);
    expect(levels.group.map((s) => s.name)).toEqual(["ingest", "outcomes", "analyse", "report"]);
  });

  it("a parallel stage's unit without a participant cannot be run at participant level", async () => {
    const { dir, root } = setup();
    const parallel: Stage = { ...toyStage([]), parallel: true };
    await expect(
      runPipeline({
        studyDir: dir,
        root,
        study: study(),
        graph: [parallel],
        version: "1",
        generatedBy: [],
        level: "participant",
        participants: ["sub-01"],
      }),
    ).rejects.toThrow(/must declare its participant/);
  });
});
