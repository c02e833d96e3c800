import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatJson } from "./json";

describe("formatJson", () => {
  it("formatJson(value) keeps number arrays on one line and nests objects with 2 spaces", () => {
    expect(formatJson({ a: [1, 2.5, null], b: { c: "x" }, d: [] })).toBe(
      '{\n  "a": [1, 2.5, null],\n  "b": {\n    "c": "x"\n  },\n  "d": []\n}\n',
    );
    expect(formatJson([{ a: 1 }])).toBe('[\n  {\n    "a": 1\n  }\n]\n');
  });

  it("JSON.parse(formatJson(x)) equals x (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (x) => {
        expect(JSON.parse(formatJson(x))).toEqual(JSON.parse(JSON.stringify(x)));
      }),
    );
  });
});
