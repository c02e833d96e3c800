import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** The bytes of a file, or null when it does not exist. */
export function readFileBytes(path: string): Uint8Array | null {
  if (!existsSync(path) || !statSync(path).isFile()) return null;
  return readFileSync(path);
}

/** True when `path` is an existing file. */
export function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** The names of the files in a folder ending with `suffix`, sorted; [] when the folder is missing. */
export function filesIn(dir: string, suffix = ""): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix) && statSync(join(dir, f)).isFile())
    .sort();
}
