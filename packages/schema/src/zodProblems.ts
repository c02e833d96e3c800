import type { z } from "zod";
import { InputError, type InputLocation } from "./inputError";

/** The value at `path` inside `input`, or undefined. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** A short, printable echo of an offending value: JSON-quoted, cut to 40 characters. */
export function echoValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (text === undefined) return String(value);
  const cut = [...text].length > 40 ? `${[...text].slice(0, 40).join("")}…` : text;
  return JSON.stringify(cut);
}

/**
 * Turns a zod error into one InputError per issue, each naming the file, the line (when given)
 * and the field path of the issue (e.g. `conditions.1.id`), so a user sees every problem of a
 * row or a JSON file at once. With `input` (what was parsed), each message echoes the offending
 * value (JSON-quoted, cut to 40 characters; the CLI escapes control characters on output).
 */
export function inputErrorsFromZod(
  location: InputLocation,
  error: z.ZodError,
  input?: unknown,
): InputError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const field = path === "" ? location.field : location.field ? `${location.field}.${path}` : path;
    const loc: InputLocation = { ...location, ...(field === undefined ? {} : { field }) };
    const value = input === undefined ? undefined : valueAt(input, issue.path);
    const echo =
      value === undefined ||
      issue.code === "unrecognized_keys" ||
      (value !== null && typeof value === "object")
        ? ""
        : ` (got ${echoValue(value)})`;
    return new InputError(loc, `${issue.message}${echo}`);
  });
}
