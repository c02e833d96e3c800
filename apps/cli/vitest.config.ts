import { sharedTestConfig } from "@fmrs/config/vitest";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Vitest's order (longest first), except the hostile-input files run last: they bound each `fmrs`
 * child process's wall time (issue 13), so they run when the other packages' tasks of `pnpm test`
 * have finished and the cores are least shared.
 */
class HostileLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const hostile = (f: TestSpecification) => /[/\\]hostile[^/\\]*\.test\.ts$/.test(f.moduleId);
    return [...sorted.filter((f) => !hostile(f)), ...sorted.filter(hostile)];
  }
}

const shared = sharedTestConfig({ maxWorkers: 2 });

// Two workers: the CLI suite is the longest task of `pnpm test`; with one it would end alone on one core.
export default defineConfig({ test: { ...shared.test, sequence: { sequencer: HostileLast } } });
