// Test support: runs the fit's units on worker threads (TypeScript through tsx's loader), so the
// data-samples science test fits its 51 sessions on every core, as the CLI does (fitWorker.mjs
// registers tsx in each worker, then loads fitWorker.ts).
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Executor, Output } from "@fmrs/pipeline";

/** An executor with `jobs` worker threads (default: the machine's parallelism). */
export function threadExecutor(jobs = availableParallelism()): Executor {
  return async (_stage, count, task, onDone) => {
    let next = 0;
    const lane = () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL("./fitWorker.mjs", import.meta.url));
        const finish = (error?: Error) => {
          void worker.terminate();
          if (error === undefined) resolve();
          else reject(error);
        };
        worker.on("error", (e) => finish(e));
        worker.on("message", (m: { ok: boolean; result?: Output[]; message?: string; index: number }) => {
          if (!m.ok) return finish(new Error(m.message));
          onDone(current, m.result ?? []);
          send();
        });
        let current = -1;
        const send = () => {
          if (next >= count) return finish();
          current = next++;
          worker.postMessage(task(current));
        };
        send();
      });
    await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, count)) }, lane));
  };
}
