import { InputError } from "@fmrs/schema";

/**
 * How much one input file may cost. Every reader checks the sizes a header declares against the
 * bytes present and against `maxDecodedBytes` **before** it allocates, so a hostile or corrupt
 * header (dim[5] = 2·10⁸, 180 000 declared dynamics) is refused with an InputError instead of
 * exhausting memory.
 */
export interface ReadLimits {
  /**
   * Memory budget for one file's decoded content in bytes: the inflated bytes of a gzip stream
   * plus the arrays the reader allocates (a complex64 NIfTI-MRS costs 8 bytes per sample on disk
   * and 16 decoded). Default 2 GiB; the CLI takes `FMRS_MAX_INPUT_MB`.
   */
  readonly maxDecodedBytes: number;
  /** Deepest JSON nesting accepted in a header extension (default 64). */
  readonly maxJsonDepth: number;
}

/** 2 GiB of decoded data per file, JSON nested at most 64 deep. */
export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxDecodedBytes: 2 * 1024 ** 3,
  maxJsonDepth: 64,
};

/**
 * deflate cannot expand data by more than 1032:1 (RFC 1951: a 258-byte match costs at least
 * 2 bits); a gzip stream declaring more than this many times its own size is refused unread.
 */
export const MAX_DEFLATE_RATIO = 1032;

/** A byte count as people read it: `512 B`, `1.4 MB`, `2.1 GB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n < 1e3) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(1)} GB`;
}

/**
 * Throws InputError unless `bytes` (what the reader is about to allocate, from declared sizes)
 * fits the budget. `what` says what was declared, e.g. `dims 1×1×1×4096×32×180000 × 8 bytes`.
 */
export function checkBudget(
  bytes: number,
  limits: ReadLimits,
  where: { file: string; field: string },
  what: string,
): void {
  if (!Number.isFinite(bytes) || bytes > limits.maxDecodedBytes) {
    throw new InputError(
      where,
      `${what} would need ${formatBytes(bytes)} of memory, over the ${formatBytes(limits.maxDecodedBytes)} budget for one input file`,
      `a header whose sizes match the data; for a genuinely larger file raise FMRS_MAX_INPUT_MB`,
    );
  }
}

/**
 * Throws InputError naming `file`, `field` and the index when `value` is NaN or ±Infinity: a
 * non-finite number would otherwise flow into fits and derivatives far from where it came in.
 */
export function requireFinite(value: number, where: { file: string; field: string; line?: number }): number {
  if (!Number.isFinite(value)) {
    throw new InputError(where, `is ${value}`, "a finite number (not NaN or ±Infinity)");
  }
  return value;
}

/**
 * The index of the first non-finite value in `data` (NaN, ±Infinity), or -1. One pass over the
 * array; readers call it once after decoding and name the sample it found.
 */
export function firstNonFinite(data: Float64Array): number {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) return i;
  }
  return -1;
}
