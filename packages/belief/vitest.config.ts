import { sharedTestConfig } from "@fmrs/config/vitest";
import { defineConfig } from "vitest/config";

export default defineConfig(sharedTestConfig());
