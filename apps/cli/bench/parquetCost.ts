// Bench helper (bundled and run by bench.mjs in a fresh process): writes every Arrow table of a
// derivatives folder again as Parquet, the way the pipeline does (parquet-wasm's module loaded
// once, encode, atomic write), and prints the time it took as JSON. Reading the .arrow files back
// is included, so the figure is an upper bound of what Parquet adds to a cold run.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parquetBytes, writeFileAtomic } from "@fmrs/io";
import { tableFromIPC } from "apache-arrow";

const [root, out] = process.argv.slice(2) as [string, string];
const started = performance.now();
let files = 0;
let bytes = 0;
const walk = (dir: string) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".arrow")) {
      const table = tableFromIPC(readFileSync(path));
      const parquet = parquetBytes(table, Object.fromEntries(table.schema.metadata));
      writeFileAtomic(join(out, relative(root, path).replace(/\.arrow$/, ".parquet")), parquet);
      files++;
      bytes += parquet.length;
    }
  }
};
walk(root);
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, files, bytes }));
