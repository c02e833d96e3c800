export declare function sharedTestConfig(options?: { testTimeoutMs?: number }): {
  test: {
    include: string[];
    environment: "node";
    testTimeout: number;
    hookTimeout: number;
    env: Record<string, string>;
    pool: "forks";
  };
};
