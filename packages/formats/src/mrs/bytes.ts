import { InputError } from "@fmrs/schema";
import { Gunzip } from "fflate";
import { checkBudget, DEFAULT_READ_LIMITS, formatBytes, MAX_DEFLATE_RATIO, type ReadLimits } from "../limits";

/** True when `bytes` starts with the gzip magic 1F 8B (RFC 1952 §2.3.1). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** What {@link gunzipIfNeeded} needs to bound the inflated size. */
export interface GunzipOptions {
  readonly limits?: ReadLimits;
  /**
   * Given the first `headBytes` inflated bytes, the total size the content declares (a NIfTI
   * header: vox_offset + data bytes); may throw InputError for a bad header. Inflation stops at
   * that size, so a stream that inflates further costs nothing.
   */
  readonly declaredSize?: (head: Uint8Array) => number;
  readonly headBytes?: number;
}

/** The inflated content and whether the stream went on past the declared size. */
export interface Gunzipped {
  readonly bytes: Uint8Array;
  readonly gzipped: boolean;
  /** True when the stream held more than the declared size (the rest was not inflated). */
  readonly beyondDeclared: boolean;
}

const CHUNK = 16 * 1024;

/**
 * `bytes` inflated when they start with the gzip magic, else `bytes` itself. Inflation is
 * streamed (fflate `Gunzip`, 16 kB of input at a time) into a buffer capped by the declared size
 * (see {@link GunzipOptions.declaredSize}) and by the memory budget, so a small file declaring
 * or inflating to gigabytes is refused after a few kilobytes, before anything large is allocated:
 * a declared size above the budget, or above 1032 × the compressed size (deflate's largest
 * ratio), is an InputError. A corrupt or truncated gzip stream throws InputError naming `file`.
 */
export function gunzipIfNeeded(bytes: Uint8Array, file: string, options: GunzipOptions = {}): Gunzipped {
  if (!isGzip(bytes)) return { bytes, gzipped: false, beyondDeclared: false };
  const limits = options.limits ?? DEFAULT_READ_LIMITS;
  const headBytes = options.declaredSize === undefined ? 0 : (options.headBytes ?? 1024);
  let cap = limits.maxDecodedBytes;
  let capIsDeclared = false;
  let out = new Uint8Array(Math.min(cap, Math.max(headBytes, 64 * 1024)));
  let length = 0;
  let full = false;
  let ended = false;
  let declaredChecked = options.declaredSize === undefined;

  const setDeclared = () => {
    declaredChecked = true;
    const declared = options.declaredSize!(out.subarray(0, length));
    const most = bytes.length * MAX_DEFLATE_RATIO;
    if (declared > most) {
      throw new InputError(
        { file, field: "gzip" },
        `the header declares ${formatBytes(declared)} but a ${formatBytes(bytes.length)} gzip stream can inflate to at most ${formatBytes(most)}`,
        "a header whose sizes match the data",
      );
    }
    checkBudget(declared, limits, { file, field: "gzip" }, "the inflated file");
    cap = declared;
    capIsDeclared = true;
    if (length > cap) {
      // The first chunks inflated past the declared size already: keep only what was declared.
      length = cap;
      full = true;
    }
    if (out.length < cap) {
      const grown = new Uint8Array(cap);
      grown.set(out.subarray(0, length));
      out = grown;
    }
  };
  const append = (chunk: Uint8Array) => {
    let take = chunk.length;
    if (length + take > cap) {
      take = cap - length;
      full = true;
    }
    if (length + take > out.length) {
      const grown = new Uint8Array(Math.min(cap, Math.max(2 * out.length, length + take)));
      grown.set(out.subarray(0, length));
      out = grown;
    }
    out.set(chunk.subarray(0, take), length);
    length += take;
  };

  // Past the declared size, up to 1 MiB more is inflated and discarded, so a stream that ends
  // there still has its end (CRC, length) checked; a longer tail is left unread.
  let discarded = 0;
  const inflater = new Gunzip((chunk, final) => {
    if (final) ended = true;
    if (full) discarded += chunk.length;
    else append(chunk);
  });
  let members = 1;
  inflater.onmember = () => {
    members++;
  };
  try {
    for (let at = 0; at < bytes.length && discarded <= 1024 * 1024; at += CHUNK) {
      const end = Math.min(bytes.length, at + CHUNK);
      inflater.push(bytes.subarray(at, end), end === bytes.length);
      if (!declaredChecked && (length >= headBytes || ended || end === bytes.length)) setDeclared();
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new InputError(
      { file, field: "gzip" },
      `corrupt or truncated gzip stream (${why})`,
      "a complete gzip file",
    );
  }
  if (full && !capIsDeclared) {
    throw new InputError(
      { file, field: "gzip" },
      `inflates past the ${formatBytes(limits.maxDecodedBytes)} budget for one input file`,
      "a smaller file; for a genuinely larger one raise FMRS_MAX_INPUT_MB",
    );
  }
  if (!ended && discarded <= 1024 * 1024) {
    throw new InputError(
      { file, field: "gzip" },
      "corrupt or truncated gzip stream (the stream ends early)",
      "a complete gzip file",
    );
  }
  // fflate's streaming inflater does not read the trailer: check ISIZE (RFC 1952 §2.3.1, the
  // inflated length mod 2^32) of a single-member stream, which a cut-off end fails.
  if (ended && members === 1 && bytes.length >= 18) {
    const isize = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true);
    const total = (length + discarded) % 2 ** 32;
    if (isize !== total) {
      throw new InputError(
        { file, field: "gzip" },
        `corrupt or truncated gzip stream (the trailer gives ${isize} bytes, the stream inflates to ${total})`,
        "a complete gzip file",
      );
    }
  }
  return { bytes: out.subarray(0, length), gzipped: true, beyondDeclared: full };
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
