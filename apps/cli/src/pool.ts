import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { InputError, type InputLocation } from "@fmrs/schema";

/**
 * Runs `count` tasks, each made by `task(i)` just before it is sent (so only the tasks in flight are
 * held in memory), through `worker` (a module that answers each posted task with one message) on up
 * to `jobs` worker threads, and returns the results in task order. With jobs = 1, or when the
 * worker module is not available (running from source in tests), each task runs in this thread
 * with `inline`. A task that throws rejects the whole run with that error (the first one).
 */
export async function runPool<T, R>(
  count: number,
  task: (index: number) => T,
  options: {
    jobs: number;
    workerUrl: URL | null;
    inline: (task: T) => R;
    onDone?: (index: number, result: R) => void;
  },
): Promise<R[]> {
  const results: R[] = new Array(count);
  const jobs = Math.max(1, Math.min(options.jobs, count));
  if (jobs === 1 || options.workerUrl === null) {
    for (let i = 0; i < count; i++) {
      const r = options.inline(task(i));
      results[i] = r;
      options.onDone?.(i, r);
    }
    return results;
  }
  const url = options.workerUrl;
  let next = 0;
  let failure: unknown = null;
  const runOne = (worker: Worker): Promise<void> =>
    new Promise((resolve) => {
      const i = next++;
      if (i >= count || failure !== null) {
        resolve();
        return;
      }
      worker.once("message", (message: { ok: true; result: R } | { ok: false; error: SerializedError }) => {
        if (message.ok) {
          results[i] = message.result;
          options.onDone?.(i, message.result);
          resolve(runOne(worker));
        } else {
          failure ??= deserializeError(message.error);
          resolve();
        }
      });
      let message: T;
      try {
        message = task(i);
      } catch (error) {
        failure ??= error;
        resolve();
        return;
      }
      worker.postMessage(message);
    });
  const workers = Array.from({ length: jobs }, () => new Worker(url));
  const errors = workers.map(
    (w) =>
      new Promise<void>((resolve) => {
        w.once("error", (error) => {
          failure ??= error;
          resolve();
        });
      }),
  );
  try {
    await Promise.race([Promise.all(workers.map(runOne)), Promise.all(errors)]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (failure !== null) throw failure;
  return results;
}

/** The default number of jobs: every core the machine offers. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** An error as it crosses the thread boundary; input errors keep their location and detail. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly input?: { readonly location: InputLocation; readonly detail: string; readonly expected?: string };
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof InputError) {
    return {
      name: error.name,
      message: error.message,
      input: {
        location: error.location,
        detail: error.detail,
        ...(error.expected === undefined ? {} : { expected: error.expected }),
      },
    };
  }
  if (error instanceof Error)
    return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: "Error", message: String(error) };
}

function deserializeError(e: SerializedError): Error {
  if (e.input !== undefined) return new InputError(e.input.location, e.input.detail, e.input.expected);
  const error = new Error(e.message);
  error.name = e.name;
  if (e.stack !== undefined) error.stack = e.stack;
  return error;
}
