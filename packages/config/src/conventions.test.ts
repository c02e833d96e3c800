// The workspace's own rules (STYLE.md, DESIGN.md), checked on the files as they are.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./referenceData";

const root = repoRoot();
const workspaces = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(root, group))
    .filter((name) => existsSync(join(root, group, name, "package.json")))
    .map((name) => `${group}/${name}`),
);
const PURE = ["schema", "formats", "spectra", "stats", "trial", "charts", "simulate", "belief"].map(
  (p) => `packages/${p}`,
);

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !statSync(join(dir, f)).isDirectory())
    .map((f) => join(dir, f));
}

describe("workspace conventions", () => {
  it("every workspace package has a README, a test script, vitest config and the shared strict tsconfig", () => {
    expect(workspaces.length).toBeGreaterThanOrEqual(9);
    for (const ws of workspaces) {
      const dir = join(root, ws);
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      expect(existsSync(join(dir, "README.md")), `${ws}/README.md`).toBe(true);
      expect(pkg.scripts?.test, `${ws} test script`).toMatch(/^vitest run/);
      expect(pkg.scripts?.typecheck, `${ws} typecheck script`).toBe("tsc -p tsconfig.json");
      expect(pkg.scripts?.lint, `${ws} lint script`).toBe("biome check .");
      const tsconfig = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
      const extendsBase =
        tsconfig.extends === "@fmrs/config/tsconfig.base.json" || tsconfig.extends === "./tsconfig.base.json";
      expect(extendsBase, `${ws}/tsconfig.json extends the shared base`).toBe(true);
      expect(tsconfig.compilerOptions?.strict, `${ws} must not turn strict off`).not.toBe(false);
    }
  });

  it("the shared tsconfig is strict with noUncheckedIndexedAccess", () => {
    const base = JSON.parse(readFileSync(join(root, "packages/config/tsconfig.base.json"), "utf8"));
    expect(base.compilerOptions.strict).toBe(true);
    expect(base.compilerOptions.noUncheckedIndexedAccess).toBe(true);
  });

  it("packages export only '.' and name each export in src/index.ts (no export *)", () => {
    for (const ws of workspaces.filter((w) => w !== "packages/config")) {
      const pkg = JSON.parse(readFileSync(join(root, ws, "package.json"), "utf8"));
      expect(Object.keys(pkg.exports ?? {}), `${ws} exports`).toEqual(["."]);
      const index = join(root, ws, "src", "index.ts");
      expect(existsSync(index), `${ws}/src/index.ts`).toBe(true);
      expect(readFileSync(index, "utf8"), `${ws}/src/index.ts`).not.toMatch(/export \*/);
    }
  });

  it("pure packages touch no filesystem, process, clock or global random state outside tests", () => {
    const offenders: string[] = [];
    for (const ws of PURE) {
      for (const file of sourceFiles(join(root, ws, "src"))) {
        if (/\.test\.ts$|testHelper\.ts$|[/\\]testing[/\\]/.test(file)) continue;
        const text = readFileSync(file, "utf8");
        for (const [pattern, what] of [
          [/from "node:/, "imports a node: module"],
          [/\bprocess\./, "reads process"],
          [/\bDate\.now\(|new Date\(/, "reads the clock"],
          [/\bMath\.random\(/, "uses Math.random"],
        ] as const) {
          if (pattern.test(text)) offenders.push(`${file.slice(root.length + 1)} ${what}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("imports go one way: packages never import apps, and no ../ into another package", () => {
    const offenders: string[] = [];
    for (const ws of workspaces) {
      for (const file of sourceFiles(join(root, ws, "src"))) {
        const text = readFileSync(file, "utf8");
        if (ws.startsWith("packages/") && /from "@fmrs\/(cli|report)"/.test(text))
          offenders.push(`${file} imports an app`);
        if (/from "(\.\.\/){2,}(packages|apps)\//.test(text) || /from "\.\.\/\.\.\/\.\.\//.test(text)) {
          offenders.push(`${file} reaches into another package by path`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("tests never read outside the clone and set no timeout of their own (the shared 20 min limit only catches hangs)", () => {
    const offenders: string[] = [];
    for (const ws of workspaces) {
      for (const dir of ["src", "test", "bench"]) {
        for (const file of sourceFiles(join(root, ws, dir))) {
          const text = readFileSync(file, "utf8");
          const rel = file.slice(root.length + 1);
          if (rel === "packages/config/src/conventions.test.ts") continue; // it spells the rule out
          const outside = new RegExp(`\\.\\./shared|/work/shared|FMRS_${"SHARED"}`);
          if (outside.test(text)) offenders.push(`${rel} reads the shared folder beside the clone`);
          if (!file.endsWith(".test.ts")) continue;
          if (/^\s*\}\s*,\s*[0-9][0-9_]{3,}\s*\);\s*$/m.test(text)) offenders.push(`${rel} sets a timeout`);
          if (/\b(testTimeout|hookTimeout|timeout)\s*:/.test(text)) offenders.push(`${rel} sets a timeout`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("every test package has both tiers: `test` (default) and `test:science` (*.science.test.ts)", () => {
    for (const ws of workspaces) {
      const pkg = JSON.parse(readFileSync(join(root, ws, "package.json"), "utf8"));
      expect(pkg.scripts?.["test:science"], `${ws} test:science script`).toMatch(
        /^FMRS_TEST_TIER=science vitest run .*test-results\/science\.json$/,
      );
    }
  });
});
