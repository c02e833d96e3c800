// The Vitest settings every package shares. Plain JavaScript (with JSDoc types) because Vitest
// loads config files with Node, which cannot import a workspace package's TypeScript source.
//
// Two tiers (FMRS_TEST_TIER): the default tier runs every `*.test.ts` except the slow statistical
// recoveries, which are named `*.science.test.ts` and run only in the science tier
// (`pnpm test:science`). Tests sit next to the code (src/**, test/**); UTC time zone.
//
// Timeouts: tests check correctness, never speed, so the limit only catches a hang. It is 20 min,
// far above 10× the idle time of the slowest test, and test files set no tighter limit of their own
// (checked by the conventions test), so a slow or busy machine cannot fail a correct program.

export const TEST_TIMEOUT_MS = 20 * 60_000;

/** @returns {"default" | "science"} */
export function testTier() {
  return process.env.FMRS_TEST_TIER === "science" ? "science" : "default";
}

/**
 * @param {{ maxWorkers?: number }} [options] maxWorkers: worker processes for this package's test files
 *   (Vitest's default is the cores minus one, so one on a 2-core machine); the CLI, the longest suite,
 *   asks for 2 so it takes its share of both cores.
 */
export function sharedTestConfig(options = {}) {
  const science = testTier() === "science";
  return {
    test: {
      include: science
        ? ["src/**/*.science.test.ts", "test/**/*.science.test.ts"]
        : ["src/**/*.test.ts", "test/**/*.test.ts"],
      exclude: science ? ["**/node_modules/**"] : ["**/node_modules/**", "**/*.science.test.ts"],
      passWithNoTests: science,
      environment: "node",
      testTimeout: TEST_TIMEOUT_MS,
      hookTimeout: TEST_TIMEOUT_MS,
      env: { TZ: "UTC" },
      pool: "forks",
      // One module graph per worker, not one per test file: the workspace's modules (zod schemas,
      // apache-arrow, mathjs, the pipeline) load once per package instead of once per file, which
      // halves the CPU of suites with many small files. Test files must therefore leave no global
      // state behind (no process.env writes, process.chdir, vi.mock or unrestored spies).
      isolate: false,
      ...(options.maxWorkers === undefined ? {} : { maxWorkers: options.maxWorkers }),
    },
  };
}
