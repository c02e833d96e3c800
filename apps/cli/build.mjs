// Bundles the fmrs command (dist/fmrs.mjs) and its fit worker (dist/fit-worker.mjs) with esbuild, so it starts fast and
// runs on plain Node 20 (the workspace packages export TypeScript source). The bundle needs nothing outside dist/: the
// WebAssembly of parquet-wasm and the 3 T basis set that `fmrs simulate` uses by default are copied next to it, so the
// packed CLI (`pnpm pack`, see scripts/install-cli.mjs) installs with no dependencies.
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
process.chdir(here);

const require = createRequire(new URL("../../packages/io/package.json", import.meta.url));

rmSync("dist", { recursive: true, force: true });
await build({
  absWorkingDir: here,
  entryPoints: { fmrs: "src/bin.ts", "fit-worker": "src/fitWorker.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: false,
  legalComments: "none",
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __fmrsCreateRequire } from 'node:module'; const require = __fmrsCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});

// parquet-wasm's module, loaded by @fmrs/io from beside the bundle.
copyFileSync(require.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm"), "dist/parquet_wasm_bg.wasm");

// The default basis set of `fmrs simulate` (MIT, see testdata/PROVENANCE.md), with its licence note.
const basis = new URL("../../testdata/reference-data/fmrs_bold_dynamic_fitting/basis_3T/", import.meta.url);
mkdirSync("dist/basis_3T", { recursive: true });
for (const name of readdirSync(basis)
  .filter((f) => f.endsWith(".json"))
  .sort())
  cpSync(new URL(name, basis), `dist/basis_3T/${name}`);
copyFileSync("basis_3T.README.md", "dist/basis_3T/README.md");
