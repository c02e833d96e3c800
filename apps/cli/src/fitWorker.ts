// Worker thread entry of parallel stages (the fit, a belief study's model): runs one unit per message with the stage's
// declared run function and answers with its outputs (or the serialized error). Bundled as
// dist/fit-worker.mjs.
import { parentPort } from "node:worker_threads";
import type { UnitInput } from "@fmrs/pipeline";
import { PARALLEL_STAGES } from "@fmrs/pipeline";
import { serializeError } from "./pool";

parentPort?.on("message", (task: UnitInput) => {
  try {
    const stage = PARALLEL_STAGES.find((s) => s.name === task.stage);
    if (stage === undefined) throw new Error(`no parallel stage ${task.stage}`);
    const outputs = stage.run(task);
    if (outputs instanceof Promise) throw new Error(`the ${task.stage} stage must run synchronously`);
    parentPort?.postMessage({ ok: true, result: outputs });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: serializeError(error) });
  }
});
