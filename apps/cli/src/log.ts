/** How the command reports progress: human lines (default), JSON lines, or only errors. */
export interface LogOptions {
  readonly quiet: boolean;
  readonly json: boolean;
  /** Colour on stderr (off when NO_COLOR is set or stderr is not a terminal). */
  readonly color: boolean;
}

export type Level = "info" | "warn" | "error";

/** Log lines go to stderr; stdout is kept for command output (inspect JSON, tables). */
export interface Logger {
  info(stage: string, message: string): void;
  warn(stage: string, message: string): void;
  error(stage: string, message: string): void;
}

// C0 controls but tab and line feed, DEL, C1 controls (U+0080–U+009F: 8-bit CSI/OSC), and the
// bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text made safe for a terminal: every control character (ESC and so ANSI/OSC sequences, CR,
 * backspace, BEL, 8-bit C1 controls) and every bidi override or isolate is written as a visible
 * escape (`\x1b`, `\u202e`), so text from an input file can neither move the cursor, retitle the
 * window, hide earlier lines nor reorder what is printed beside it. Tab and line feed are kept.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/**
 * JSON text made safe for a terminal: C1 controls and bidi overrides, which JSON.stringify leaves
 * raw, become `\uXXXX` escapes (still valid JSON, same value once parsed).
 */
export function jsonTerminalSafe(json: string): string {
  return json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const COLORS: Record<Level, string> = { info: "\u001b[36m", warn: "\u001b[33m", error: "\u001b[31m" };

export function logOptionsFromEnv(flags: { quiet?: boolean; json?: boolean }): LogOptions {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "";
  return {
    quiet: flags.quiet === true,
    json: flags.json === true,
    color: !noColor && process.stderr.isTTY === true,
  };
}

export function createLogger(
  options: LogOptions,
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Logger {
  const emit = (level: Level, stage: string, message: string) => {
    if (options.quiet && level === "info") return;
    if (options.json) {
      write(jsonTerminalSafe(JSON.stringify({ level, stage, message })));
      return;
    }
    const safe = terminalSafe(message);
    const tag = `[${stage}]`;
    const prefix = options.color ? `${COLORS[level]}${tag}\u001b[0m` : tag;
    write(level === "info" ? `${prefix} ${safe}` : `${prefix} ${level}: ${safe}`);
  };
  return {
    info: (stage, message) => emit("info", stage, message),
    warn: (stage, message) => emit("warn", stage, message),
    error: (stage, message) => emit("error", stage, message),
  };
}
