import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { InputError } from "@fmrs/schema";
import { describe, expect, it } from "vitest";
import { parseLcmCsv } from "./parseLcmCsv";
import { parseLcmTable } from "./parseLcmTable";

const ref = testdataFolder("reference-data");
const text = (rel: string) => readFileSync(join(ref, rel), "utf8");

describe("parseLcmCsv on the reference files", () => {
  it("parseLcmCsv(text, file, names) maps truncated svs_97.CSV columns to the .table names", () => {
    const table = parseLcmTable(text("suspect/lcmodel/svs_97.TABLE"), "svs_97.TABLE");
    const names = table.concentrations.map((r) => r.metabolite);
    const csv = parseLcmCsv(text("suspect/lcmodel/svs_97.CSV"), "svs_97.CSV", names);
    expect(csv.reference).toBe("Cr+PCr");
    expect(csv.rows).toHaveLength(1);
    expect(csv.rows[0]).toMatchObject({ row: 1, col: 1 });
    const values = csv.rows[0]!.values;
    expect(values).toHaveLength(37);
    expect(values.find((v) => v.metabolite === "Glu")).toEqual({
      metabolite: "Glu",
      printedName: "Glu",
      conc: 3.27e-2,
      sdPercent: 55,
      ratio: 0.131,
    });
    expect(values.find((v) => v.printedName === "MM14+Lip13a+L")?.metabolite).toBe("MM14+Lip13a+Lip13b+MM12");
    values.forEach((v, i) => {
      const row = table.concentrations[i]!;
      expect([v.metabolite, v.conc, v.sdPercent, v.ratio]).toEqual([
        row.metabolite,
        row.conc,
        row.sdPercent,
        row.ratio,
      ]);
    });
  });

  it("parseLcmCsv(text, file) reads the 9.4 T .csv with /Cr ratios and 999 %SD", () => {
    const csv = parseLcmCsv(text("mrshub-mm-94T/GM_Summed_Averaged_TE24.csv"), "TE24.csv");
    expect(csv.reference).toBe("Cr");
    expect(csv.metabolites).toHaveLength(15);
    const values = csv.rows[0]!.values;
    expect(values[0]).toMatchObject({ metabolite: "Cr", conc: 2.24e-8, sdPercent: 3, ratio: 1 });
    expect(values[1]).toMatchObject({ metabolite: "MM09", conc: 1.653, ratio: 7.4e7 });
    expect(values[14]).toMatchObject({ metabolite: "MM40", conc: 0, sdPercent: 999, ratio: 0 });
  });
});

describe("parseLcmCsv on synthetic text", () => {
  const header = "Row, Col, Glu, Glu %SD, Glu/Cr, Cr, Cr %SD, Cr/Cr";

  it("parseLcmCsv(text, file) reads several voxels", () => {
    const csv = parseLcmCsv(
      `${header}\n  1,   1, 1.0, 5, 0.5, 2.0, 3, 1.0\n  1,   2, 1.1, 6, 0.55, 2.0, 3, 1.0\n`,
      "a.csv",
    );
    expect(csv.rows.map((r) => [r.row, r.col, r.values[0]!.conc])).toEqual([
      [1, 1, 1],
      [1, 2, 1.1],
    ]);
  });

  it("parseLcmCsv(text, file, names) rejects names that do not match the printed ones", () => {
    expect(() => parseLcmCsv(`${header}\n1, 1, 1, 5, 0.5, 2, 3, 1\n`, "b.csv", ["Gln", "Cr"])).toThrow(
      InputError,
    );
    expect(() => parseLcmCsv(`${header}\n1, 1, 1, 5, 0.5, 2, 3, 1\n`, "b.csv", ["Glu"])).toThrow(
      /2 metabolites/,
    );
  });

  it("parseLcmCsv(text, file) rejects a row with a missing field or a non-number", () => {
    expect(() => parseLcmCsv(`${header}\n1, 1, 1, 5, 0.5, 2, 3\n`, "c.csv")).toThrow(/c\.csv:2/);
    try {
      parseLcmCsv(`${header}\n1, 1, 1, x, 0.5, 2, 3, 1\n`, "d.csv");
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).location).toEqual({ file: "d.csv", line: 2, field: "Glu %SD" });
    }
  });

  it("parseLcmCsv(text, file) rejects a header that is not in triples", () => {
    expect(() => parseLcmCsv("Row, Col, Glu, Cr\n", "e.csv")).toThrow(InputError);
    expect(() => parseLcmCsv("Row, Col, Glu, Gln %SD, Glu/Cr\n", "f.csv")).toThrow(/not a metabolite triple/);
  });
});
