// Worker-thread entry for the test support's executor: runs one fit unit per message with the
// fit stage's declared run function and answers with its outputs (or the error's message).
import { parentPort } from "node:worker_threads";
import { fitStage, type UnitInput } from "@fmrs/pipeline";

parentPort?.on("message", (task: UnitInput) => {
  try {
    const outputs = fitStage.run(task);
    if (outputs instanceof Promise) throw new Error("the fit stage must run synchronously");
    parentPort?.postMessage({ ok: true, result: outputs });
  } catch (error) {
    parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
