import { describe, expect, it } from "vitest";
import { z } from "zod";
import { COLUMN_DICTIONARY, columnDictionary } from "./columns";
import {
  BlockMeasureRow,
  BlockOutcomeRow,
  FitBlockRow,
  FitSpectrumRow,
  MadrsRecord,
  OutcomeRow,
  ParticipantRecord,
  SessionRecord,
  TransientRow,
} from "./tables";

const TABLES = {
  ParticipantRecord,
  SessionRecord,
  MadrsRecord,
  FitBlockRow,
  BlockOutcomeRow,
  BlockMeasureRow,
  OutcomeRow,
  FitSpectrumRow,
  TransientRow,
};

describe("COLUMN_DICTIONARY", () => {
  it("columnDictionary(table) describes every column of every table the pipeline writes, in order", () => {
    for (const [name, schema] of Object.entries(TABLES)) {
      const dictionary = columnDictionary(schema);
      expect(Object.keys(dictionary), name).toEqual(Object.keys(schema.shape));
      for (const entry of Object.values(dictionary)) expect(entry.Description.length).toBeGreaterThan(10);
    }
  });

  it("columns named *_s, *_hz, *_pct*, *_min and *_rad carry the unit their name says", () => {
    const expected: [RegExp, string][] = [
      [/_s$/, "s"],
      [/_hz$/, "Hz"],
      [/_min$/, "min"],
      [/_rad$/, "rad"],
      [/pct/, "%"],
    ];
    for (const [name, entry] of Object.entries(COLUMN_DICTIONARY)) {
      for (const [pattern, unit] of expected) if (pattern.test(name)) expect(entry.Units, name).toBe(unit);
    }
  });

  it("columnDictionary(schema with an undocumented column) throws naming it", () => {
    expect(() => columnDictionary(z.object({ participant_id: z.string(), mystery: z.number() }))).toThrow(
      /mystery/,
    );
  });
});
