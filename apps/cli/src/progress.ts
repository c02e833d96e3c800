import { SingleBar } from "cli-progress";
import type { Logger, LogOptions } from "./log";

/** Reports progress of a stage over a known number of items. */
export interface Progress {
  tick(detail: string): void;
  stop(): void;
}

/**
 * A progress reporter on stderr: a cli-progress bar when stderr is a terminal (and not --quiet or
 * --json), otherwise plain log lines at most every 10 % (so CI logs stay short).
 */
export function createProgress(stage: string, total: number, log: Logger, options: LogOptions): Progress {
  if (total === 0 || options.quiet) return { tick: () => {}, stop: () => {} };
  if (process.stderr.isTTY === true && !options.json) {
    const bar = new SingleBar({
      format: `[${stage}] {bar} {value}/{total} {detail}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
    });
    bar.start(total, 0, { detail: "" });
    return { tick: (detail) => bar.increment(1, { detail }), stop: () => bar.stop() };
  }
  let done = 0;
  let lastShown = 0;
  return {
    tick: (detail) => {
      done++;
      if (done === total || (done - lastShown) / total >= 0.1) {
        lastShown = done;
        log.info(stage, `${done}/${total} ${detail}`);
      }
    },
    stop: () => {},
  };
}
