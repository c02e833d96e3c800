import type { z } from "zod";
import { InputError, type InputLocation } from "./inputError";

/**
 * Turns a zod error into one InputError per issue, each naming the file, the line (when given)
 * and the field path of the issue (e.g. `conditions.1.id`), so a user sees every problem of a
 * row or a JSON file at once.
 */
export function inputErrorsFromZod(location: InputLocation, error: z.ZodError): InputError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const field = path === "" ? location.field : location.field ? `${location.field}.${path}` : path;
    const loc: InputLocation = { ...location, ...(field === undefined ? {} : { field }) };
    return new InputError(loc, issue.message);
  });
}
