import { jsonDepthProblem } from "@fmrs/formats";
import { InputError } from "@fmrs/schema";

/** 1-based line and column of a character offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Parses JSON text from an input file: a UTF-8 byte-order mark is skipped (as the TSV reader
 * does), a syntax error becomes an InputError with the line and column (not V8's character
 * offset), and nesting deeper than `maxDepth` (default 64) is refused.
 */
export function parseJsonText(text: string, file: string, maxDepth = 64): unknown {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : /end of JSON input/i.test(message) ? body.length : null;
    const why = message
      .replace(/\s*in JSON at position \d+.*$/s, "")
      .replace(/^Unexpected end of JSON input$/, "unexpected end of the file");
    if (offset === null) throw new InputError({ file }, `not valid JSON (${why})`, "a JSON object");
    const { line, column } = lineAndColumn(body, offset);
    throw new InputError({ file, line, field: `column ${column}` }, `not valid JSON: ${why}`);
  }
  if (jsonDepthProblem(value, maxDepth) !== null) {
    throw new InputError(
      { file },
      `is nested more than ${maxDepth} levels deep`,
      `at most ${maxDepth} levels`,
    );
  }
  return value;
}
