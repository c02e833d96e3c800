// The Vitest settings every package shares. Plain JavaScript (with JSDoc types) because Vitest
// loads config files with Node, which cannot import a workspace package's TypeScript source.
// Tests sit next to the code (src/**/*.test.ts); UTC time zone; generous timeouts for the
// numerical reference tests. Reporters are chosen on the command line (default + json).

/**
 * @param {{ testTimeoutMs?: number }} [options]
 */
export function sharedTestConfig(options = {}) {
  const timeout = options.testTimeoutMs ?? 60_000;
  return {
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      environment: "node",
      testTimeout: timeout,
      hookTimeout: timeout,
      env: { TZ: "UTC" },
      pool: "forks",
    },
  };
}
