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

export function sharedTestConfig() {
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
    },
  };
}
