import { readArrowBytes } from "@fmrs/io";
import { InputError } from "@fmrs/schema";
import type { z } from "zod";

/** Rows of an Arrow table from its bytes, each zod-parsed; InputError naming file, row and field. */
export function tableRows<S extends z.ZodObject>(
  file: { readonly path: string; readonly bytes: Uint8Array } | undefined,
  schema: S,
): z.infer<S>[] {
  if (file === undefined) throw new Error("tableRows(): input not declared");
  const { rows } = readArrowBytes(file.bytes);
  return rows.map((row, i) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        { file: file.path, line: i + 1, field: issue?.path.join(".") ?? "" },
        issue?.message ?? "does not match its schema",
      );
    }
    return parsed.data;
  });
}
