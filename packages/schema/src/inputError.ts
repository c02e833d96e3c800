/**
 * Where in an input a problem sits. `file` is the path as the user gave it (relative to the study
 * folder when inside one); `line` is 1-based (the header of a TSV is line 1); `field` names the
 * column, header key or JSON path.
 */
export interface InputLocation {
  readonly file: string;
  readonly line?: number;
  readonly field?: string;
}

/**
 * A problem with user input: a file that is missing, malformed or inconsistent. Every stage
 * throws this (never a bare Error) for bad input, and the CLI turns it into exit code 2 with
 * `file:line: field: message (expected ...)`.
 */
export class InputError extends Error {
  readonly location: InputLocation;
  /** The problem alone, without location and expectation (the message holds all three). */
  readonly detail: string;
  readonly expected: string | undefined;

  constructor(location: InputLocation, detail: string, expected?: string) {
    super(formatInputProblem(location, detail, expected));
    this.name = "InputError";
    this.location = location;
    this.detail = detail;
    this.expected = expected;
  }
}

/** `file:line: field: message (expected …)`: the one line a user sees for a bad input. */
export function formatInputProblem(location: InputLocation, message: string, expected?: string): string {
  const where = location.line === undefined ? location.file : `${location.file}:${location.line}`;
  const field = location.field === undefined ? "" : ` ${location.field}:`;
  const tail = expected === undefined ? "" : ` (expected ${expected})`;
  return `${where}:${field} ${message}${tail}`;
}

/**
 * Several input problems at once, for `fmrs validate`, which lists every problem rather than
 * stopping at the first.
 */
export class InputErrors extends Error {
  readonly problems: readonly InputError[];

  constructor(problems: readonly InputError[]) {
    super(problems.map((p) => p.message).join("\n"));
    this.name = "InputErrors";
    this.problems = problems;
  }
}
