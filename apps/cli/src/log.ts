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
      write(JSON.stringify({ level, stage, message }));
      return;
    }
    const tag = `[${stage}]`;
    const prefix = options.color ? `${COLORS[level]}${tag}\u001b[0m` : tag;
    write(level === "info" ? `${prefix} ${message}` : `${prefix} ${level}: ${message}`);
  };
  return {
    info: (stage, message) => emit("info", stage, message),
    warn: (stage, message) => emit("warn", stage, message),
    error: (stage, message) => emit("error", stage, message),
  };
}
