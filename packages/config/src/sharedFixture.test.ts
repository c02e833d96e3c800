import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashPaths, sharedFixture } from "./sharedFixture";

/** A fixtures folder of this test's own (nothing left in the shared one). */
const root = () => mkdtempSync(join(tmpdir(), "fmrs-fixtures-selftest-"));

describe("sharedFixture", () => {
  it("builds once per name and key, reuses the folder after, and a new key builds anew", async () => {
    const key = "k";
    const r = root();
    let builds = 0;
    const build = (dir: string) => {
      builds += 1;
      writeFileSync(join(dir, "made.txt"), `build ${builds}`);
    };
    const a = await sharedFixture("config-selftest", [key], build, r);
    const b = await sharedFixture("config-selftest", [key], build, r);
    expect(b).toBe(a);
    expect(builds).toBe(1);
    expect(readFileSync(join(a, "made.txt"), "utf8")).toBe("build 1");
    const c = await sharedFixture("config-selftest", [key, "other"], build, r);
    expect(c).not.toBe(a);
    expect(builds).toBe(2);
  });

  it("a build that throws leaves no folder behind and the next call builds again", async () => {
    const r = root();
    await expect(
      sharedFixture(
        "config-selftest",
        ["k"],
        () => {
          throw new Error("step failed");
        },
        r,
      ),
    ).rejects.toThrow("step failed");
    expect(readdirSync(r)).toEqual([]);
    const dir = await sharedFixture("config-selftest", ["k"], (d) => writeFileSync(join(d, "ok"), ""), r);
    expect(readdirSync(dir)).toEqual(["ok"]);
  });

  it("hashPaths depends on file content and relative names, not on where the folder is", () => {
    const make = (content: string) => {
      const root = mkdtempSync(join(tmpdir(), "fmrs-hash-"));
      mkdirSync(join(root, "sub"));
      writeFileSync(join(root, "sub", "a.txt"), content);
      return root;
    };
    expect(hashPaths(make("x"))).toBe(hashPaths(make("x")));
    expect(hashPaths(make("x"))).not.toBe(hashPaths(make("y")));
  });
});
