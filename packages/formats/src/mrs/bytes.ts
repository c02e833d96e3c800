import { InputError } from "@fmrs/schema";
import { gunzipSync } from "fflate";

/** True when `bytes` starts with the gzip magic 1F 8B (RFC 1952 §2.3.1). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * `bytes` inflated when they start with the gzip magic, else `bytes` itself. A corrupt or
 * truncated gzip stream throws InputError naming `file`.
 */
export function gunzipIfNeeded(bytes: Uint8Array, file: string): { bytes: Uint8Array; gzipped: boolean } {
  if (!isGzip(bytes)) return { bytes, gzipped: false };
  try {
    return { bytes: gunzipSync(bytes), gzipped: true };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new InputError(
      { file, field: "gzip" },
      `corrupt or truncated gzip stream (${why})`,
      "a complete gzip file",
    );
  }
}

/** Bytes as text: UTF-8, or Latin-1/Windows-1252 when `latin1` is set (RDA and SPAR headers). */
export function bytesToText(bytes: Uint8Array, latin1 = false): string {
  return new TextDecoder(latin1 ? "windows-1252" : "utf-8").decode(bytes);
}

/**
 * A Fortran or C number: `1.5`, `-.5`, `2.24E-08`, `1.0D-03`, `1,5` (decimal comma, as some
 * Siemens RDA exports write); null when `text` is not exactly one number.
 */
export function parseNumber(text: string): number | null {
  const t = text
    .trim()
    .replace(/[dD]/, "E")
    .replace(/^([-+]?\d+),(\d+)$/, "$1.$2");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

const numberPattern = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][-+]?\d+)?/g;

/**
 * Every number in a line of Fortran list output, also when two fields touch
 * (`1.0E-01-2.0E-01` gives two values).
 */
export function numbersIn(line: string): number[] {
  return (line.match(numberPattern) ?? []).map((t) => Number(t.replace(/[dD]/, "E")));
}
