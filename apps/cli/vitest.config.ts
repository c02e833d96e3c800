import { sharedTestConfig } from "@fmrs/config/vitest";
import { defineConfig } from "vitest/config";

// Two workers: the CLI suite is the longest task of `pnpm test`; with one it would end alone on one core.
export default defineConfig(sharedTestConfig({ maxWorkers: 2 }));
