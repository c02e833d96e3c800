import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** Lower-case hex sha256 of bytes or of a string's UTF-8 encoding. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Lower-case hex sha256 of a file's bytes. */
export function sha256File(path: string): string {
  return sha256(readFileSync(path));
}
