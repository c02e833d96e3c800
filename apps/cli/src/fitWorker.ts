// Worker thread entry of the fit stage: fits one session per message and answers with the result
// (or the serialized error). Bundled as dist/fit-worker.mjs.
import { parentPort } from "node:worker_threads";
import { serializeError } from "./pool";
import { fitRawSession, type RawFitTask } from "./rawFit";

parentPort?.on("message", (task: RawFitTask) => {
  try {
    parentPort?.postMessage({ ok: true, result: fitRawSession(task) });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: serializeError(error) });
  }
});
