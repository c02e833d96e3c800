import { repoRoot } from "@fmrs/config";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadSeeds } from "../fuzz/seeds";
import { applyCase, caseArb, FUZZ_LIMITS, FUZZ_TARGETS, runCase } from "../fuzz/targets";

// A short run of the fuzz campaign (`pnpm fuzz` runs ≥ 100 000 inputs in child processes): real
// files mutated in their header fields, extension JSON, gzip stream, text tokens and lines, for
// every reader. Each input must parse or throw InputError / InputErrors, within a hang bound of
// 5 s and with the process's resident memory bounded.
const RUNS = 250;
const HANG_MS = 5000;
const RSS_BOUND_MB = 1500;

describe("fuzzing every reader with mutated real files", () => {
  for (const target of FUZZ_TARGETS) {
    it(`${target.reader}: ${RUNS} mutated inputs give InputError or success, none hangs`, () => {
      const { seeds, companion } = loadSeeds(target, repoRoot());
      // The unmutated seeds parse.
      for (const s of seeds) expect(runCase(target, s, FUZZ_LIMITS, companion).outcome).toBe("ok");
      let slowest = 0;
      let peakRss = 0;
      const outcomes = { ok: 0, "input-error": 0, crash: 0 };
      fc.assert(
        fc.property(caseArb(target.kind, seeds.length), (c) => {
          const bytes = applyCase(target.kind, seeds[c.seed]!, c);
          const started = performance.now();
          const r = runCase(target, bytes, FUZZ_LIMITS, companion);
          slowest = Math.max(slowest, performance.now() - started);
          peakRss = Math.max(peakRss, process.memoryUsage().rss / 1024 ** 2);
          outcomes[r.outcome]++;
          if (r.outcome === "crash") throw new Error(`${target.reader} crashed: ${r.error}`);
        }),
        { numRuns: RUNS, seed: 1301, endOnFailure: true },
      );
      expect(outcomes.crash).toBe(0);
      expect(outcomes["input-error"]).toBeGreaterThan(0);
      expect(slowest).toBeLessThan(HANG_MS);
      expect(peakRss).toBeLessThan(RSS_BOUND_MB);
    });
  }
});
