import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@fmrs/config";
import { describe, expect, it } from "vitest";
import { layoutTable, OUTPUTS, outputPath } from "./layout";

describe("the layout names every output file, its one stage and its one module", () => {
  it("docs/ARCHITECTURE.md carries the layout table exactly as the layout module makes it", () => {
    const doc = readFileSync(join(repoRoot(), "docs", "ARCHITECTURE.md"), "utf8");
    expect(doc).toContain(layoutTable());
    expect(doc).toContain(layoutTable("belief-updating"));
  });

  it("a belief-updating study's per-session learning rates go in the session's beh folder", () => {
    expect(outputPath("/d", "learningRates", { participant_id: "sub-01", session_id: "ses-2" })).toBe(
      "/d/sub-01/ses-2/beh/sub-01_ses-2_task-beliefupdate_desc-learningrates_beh.arrow",
    );
    expect(layoutTable("belief-updating")).not.toContain("fit_blocks");
    expect(layoutTable()).not.toContain("learningrates");
  });

  it("every module the layout names exists", () => {
    for (const o of Object.values(OUTPUTS)) {
      expect(existsSync(join(repoRoot(), o.module)), o.module).toBe(true);
    }
  });

  it("outputPath puts per-session files in the BIDS session folder", () => {
    expect(outputPath("/d", "fitBlocks", { participant_id: "sub-01", session_id: "ses-2" })).toBe(
      "/d/sub-01/ses-2/mrs/sub-01_ses-2_desc-fit_blocks.arrow",
    );
    expect(outputPath("/d", "results")).toBe("/d/results.json");
    expect(() => outputPath("/d", "fitBlocks")).toThrow(/per session/);
  });
});
