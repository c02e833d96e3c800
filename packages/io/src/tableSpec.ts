import type { z } from "zod";
import type { ColumnSpec, ColumnType, TableSpec } from "./arrow";

interface ZodDefLike {
  readonly type: string;
  readonly format?: string;
  readonly innerType?: { readonly _zod: { readonly def: ZodDefLike } };
  readonly in?: { readonly _zod: { readonly def: ZodDefLike } };
}

function columnType(def: ZodDefLike, name: string): { type: ColumnType; nullable: boolean } {
  switch (def.type) {
    case "nullable": {
      const inner = def.innerType?._zod.def;
      if (inner === undefined) throw new TypeError(`tableSpecFromSchema(): ${name} has no inner type`);
      return { type: columnType(inner, name).type, nullable: true };
    }
    case "pipe": {
      const inner = def.in?._zod.def;
      if (inner === undefined) throw new TypeError(`tableSpecFromSchema(): ${name} has no input type`);
      return columnType(inner, name);
    }
    case "string":
    case "enum":
    case "literal":
      return { type: "utf8", nullable: false };
    case "boolean":
      return { type: "bool", nullable: false };
    case "number":
      return {
        type: def.format === "safeint" || def.format === "int32" ? "int32" : "float64",
        nullable: false,
      };
    default:
      throw new TypeError(
        `tableSpecFromSchema(): column ${name} has zod type ${def.type}, which has no Arrow column type`,
      );
  }
}

/**
 * The explicit Arrow schema of a row schema (a zod object of strings, enums, numbers, ints,
 * booleans, each maybe nullable): z.string/enum → Utf8, z.int → Int32, z.number → Float64,
 * z.boolean → Bool, `.nullable()` → nullable field. Column order is the schema's key order.
 * Throws a TypeError for a field type with no Arrow equivalent.
 */
export function tableSpecFromSchema(schema: z.ZodObject): TableSpec {
  return Object.entries(schema.shape).map(([name, field]): ColumnSpec => {
    const def = (field as unknown as { _zod: { def: ZodDefLike } })._zod.def;
    return { name, ...columnType(def, name) };
  });
}
