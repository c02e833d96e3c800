#!/usr/bin/env node
// `pnpm install-cli [--prefix <dir>]`: puts `fmrs` on the PATH from a clone. Builds the bundled
// CLI (apps/cli/dist: one ESM bundle, the fit worker, parquet-wasm's .wasm and the default 3 T
// basis set), packs it with `pnpm pack` and installs the tarball globally with npm. The tarball
// has no dependencies (everything is in the bundle), so the install needs no network.
// --prefix installs under <dir> (bin/fmrs) instead of npm's global prefix.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("..", import.meta.url));
const root = join(cli, "..", "..");
const args = process.argv.slice(2);
const prefixAt = args.indexOf("--prefix");
const prefix = prefixAt >= 0 ? args[prefixAt + 1] : undefined;
if (prefixAt >= 0 && prefix === undefined) {
  console.error("install-cli: --prefix needs a folder");
  process.exit(2);
}

const run = (cmd, argv, cwd) => execFileSync(cmd, argv, { cwd, stdio: ["ignore", "inherit", "inherit"] });
run(
  "pnpm",
  ["exec", "turbo", "run", "build", "--filter=@fmrs/cli", "--output-logs=errors-only", "--log-prefix=none"],
  root,
);
const out = mkdtempSync(join(tmpdir(), "fmrs-pack-"));
try {
  execFileSync("pnpm", ["pack", "--pack-destination", out], { cwd: cli, stdio: "ignore" });
  const tarball = readdirSync(out).find((f) => f.endsWith(".tgz"));
  if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball into ${out}`);
  run(
    "npm",
    [
      "install",
      "--global",
      "--no-audit",
      "--no-fund",
      ...(prefix === undefined ? [] : ["--prefix", prefix]),
      join(out, tarball),
    ],
    cli,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
const bin =
  prefix === undefined ? execFileSync("npm", ["prefix", "--global"], { encoding: "utf8" }).trim() : prefix;
console.log(`fmrs installed: ${join(bin, "bin", "fmrs")} (try \`fmrs --version\` from any folder)`);
