import { describe, expect, it } from "vitest";
import { createLogger, jsonTerminalSafe, terminalSafe } from "./log";

describe("text from inputs on the terminal", () => {
  it("terminalSafe writes ESC/OSC/CSI, C1 controls, CR and bidi overrides as visible escapes; keeps tab and newline", () => {
    expect(terminalSafe("sub-\u001b]0;owned\u0007\u001b[2J\u009b31m\r\u202e01\tx\ny")).toBe(
      "sub-\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x0d\\u202e01\tx\ny",
    );
    expect(terminalSafe("plain text, ünïcode ✓")).toBe("plain text, ünïcode ✓");
  });

  it("jsonTerminalSafe escapes what JSON.stringify leaves raw (C1, bidi) and stays valid JSON", () => {
    const value = { id: "a\u009b2J\u202eb\u001b" };
    const text = jsonTerminalSafe(JSON.stringify(value));
    expect(text).toBe('{"id":"a\\u009b2J\\u202eb\\u001b"}');
    expect(JSON.parse(text)).toEqual(value);
  });

  it("every log line goes through the escaping, human and JSON", () => {
    const lines: string[] = [];
    createLogger({ quiet: false, json: false, color: false }, (l) => lines.push(l)).error(
      "input",
      "x\u001b[31my",
    );
    createLogger({ quiet: false, json: true, color: false }, (l) => lines.push(l)).warn("input", "\u009bz");
    expect(lines).toEqual([
      "[input] error: x\\x1b[31my",
      '{"level":"warn","stage":"input","message":"\\u009bz"}',
    ]);
  });
});
