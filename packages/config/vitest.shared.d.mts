export declare const TEST_TIMEOUT_MS: number;
export declare function testTier(): "default" | "science";
export declare function sharedTestConfig(options?: { maxWorkers?: number }): {
  test: {
    include: string[];
    exclude: string[];
    passWithNoTests: boolean;
    environment: "node";
    testTimeout: number;
    hookTimeout: number;
    env: Record<string, string>;
    pool: "forks";
    isolate: false;
    maxWorkers?: number;
  };
};
