// Bundles the fmrs command (dist/fmrs.mjs) and its fit worker (dist/fit-worker.mjs) with esbuild, so it starts fast and
// runs on plain Node 20 (the workspace packages export TypeScript source).
import { build } from "esbuild";

await build({
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
