// Test support (not a test file): the checks of the pipeline's Parquet derivatives read by DuckDB
// (@duckdb/node-api, the engine analysts query them with), run on a derivatives folder: every Arrow
// table has a Parquet twin with the same rows and values, the per-session files can be globbed and
// joined with participants, every table has a column dictionary, and dataset_description.json is a
// BIDS-Derivatives description. Used by parquet.test.ts (fitted-route sample) and
// parquet.science.test.ts (data-samples, raw route).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { readArrowBytes } from "@fmrs/io";
import { DatasetDescription } from "@fmrs/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** Every file under dir with the extension, relative, sorted. */
function filesWith(dir: string, ext: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(ext)) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/** DuckDB values as plain JS: bigint → number (counts, int32 read back), the rest as it is. */
const plain = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]));

/** What the study should give: participants, and the least number of Arrow tables. */
export interface ParquetExpectations {
  readonly participants: number;
  readonly minTables: number;
}

/**
 * Registers the DuckDB checks on the derivatives folder that `makeDerivatives` returns (it runs the
 * pipeline in beforeAll).
 */
export function parquetSuite(
  name: string,
  makeDerivatives: () => Promise<string> | string,
  expected: ParquetExpectations,
): void {
  describe(`Parquet derivatives read by DuckDB (${name})`, () => {
    let out = "";
    let instance: DuckDBInstance;
    const query = async (sql: string) => {
      const connection = await instance.connect();
      try {
        return (await connection.runAndReadAll(sql)).getRowObjectsJS().map(plain);
      } finally {
        connection.closeSync();
      }
    };

    beforeAll(async () => {
      out = await makeDerivatives();
      instance = await DuckDBInstance.create(":memory:");
    });
    afterAll(() => instance?.closeSync());

    it("every .arrow has a .parquet twin with the same rows, column order and values", async () => {
      const arrows = filesWith(out, ".arrow");
      expect(arrows.length).toBeGreaterThanOrEqual(expected.minTables);
      expect(filesWith(out, ".parquet")).toEqual(arrows.map((f) => f.replace(/\.arrow$/, ".parquet")));
      for (const file of arrows) {
        const { rows } = readArrowBytes(readFileSync(join(out, file)));
        const parquet = await query(
          `SELECT * FROM read_parquet('${join(out, file.replace(/\.arrow$/, ".parquet"))}')`,
        );
        expect(parquet.length, file).toBe(rows.length);
        expect(parquet, file).toEqual(rows);
      }
    });

    it("a glob over all sessions' fitted blocks, joined with participants, gives the Arrow rows and per-sex means", async () => {
      const glob = join(out, "sub-*", "ses-*", "mrs", "*_desc-fit_blocks.parquet");
      const [count] = await query(
        `SELECT count(*) AS n, count(DISTINCT participant_id) AS subjects FROM '${glob}'`,
      );
      const arrowRows = filesWith(out, "_desc-fit_blocks.arrow").flatMap(
        (f) => readArrowBytes(readFileSync(join(out, f))).rows,
      );
      expect(count).toEqual({ n: arrowRows.length, subjects: expected.participants });

      const joined = await query(
        `SELECT p.sex, count(*) AS n, avg(t.amplitude) AS mean_glx
         FROM '${glob}' t JOIN '${join(out, "participants.parquet")}' p USING (participant_id)
        WHERE t.metabolite = 'Glx' AND t.amplitude IS NOT NULL GROUP BY p.sex ORDER BY p.sex`,
      );
      const participants = readArrowBytes(readFileSync(join(out, "participants.arrow"))).rows;
      const sexOf = new Map(participants.map((p) => [p.participant_id, p.sex]));
      for (const row of joined) {
        const mine = arrowRows.filter(
          (r) => r.metabolite === "Glx" && r.amplitude !== null && sexOf.get(r.participant_id) === row.sex,
        );
        expect(row.n).toBe(mine.length);
        const mean = mine.reduce((s, r) => s + (r.amplitude as number), 0) / mine.length;
        expect(row.mean_glx as number).toBeCloseTo(mean, 12);
      }
      expect(joined.map((r) => r.sex)).toEqual(["F", "M"]);
    });

    it("a few values: sub-01 ses-1 block 3 and the outcome tables agree between Parquet and Arrow", async () => {
      const [block] = await query(
        `SELECT block, t_start_s, amplitude, crlb_pct FROM '${join(out, "sub-01", "ses-1", "mrs", "sub-01_ses-1_desc-fit_blocks.parquet")}' WHERE block = 3 AND metabolite = 'Glx'`,
      );
      const arrow = readArrowBytes(
        readFileSync(join(out, "sub-01", "ses-1", "mrs", "sub-01_ses-1_desc-fit_blocks.arrow")),
      ).rows.find((r) => r.block === 3 && r.metabolite === "Glx");
      expect(block).toEqual({
        block: 3,
        t_start_s: arrow?.t_start_s,
        amplitude: arrow?.amplitude,
        crlb_pct: arrow?.crlb_pct,
      });
      const [judged] = await query(
        `SELECT outcome, qc_pass FROM '${join(out, "outcome_blocks.parquet")}' WHERE participant_id = 'sub-01' AND session_id = 'ses-1' AND block = 3`,
      );
      const arrowJudged = readArrowBytes(readFileSync(join(out, "outcome_blocks.arrow"))).rows.find(
        (r) => r.participant_id === "sub-01" && r.session_id === "ses-1" && r.block === 3,
      );
      expect(judged).toEqual({ outcome: arrowJudged?.outcome, qc_pass: arrowJudged?.qc_pass });
      const outcomes = await query(
        `SELECT participant_id, condition, glx_pct_change, madrs_change FROM '${join(out, "outcomes.parquet")}' ORDER BY participant_id, period`,
      );
      const arrowOutcomes = readArrowBytes(readFileSync(join(out, "outcomes.arrow"))).rows;
      expect(outcomes).toEqual(
        arrowOutcomes.map((r) => ({
          participant_id: r.participant_id,
          condition: r.condition,
          glx_pct_change: r.glx_pct_change,
          madrs_change: r.madrs_change,
        })),
      );
      const [meta] = await query(
        `SELECT decode(value) AS provenance FROM parquet_kv_metadata('${join(out, "outcomes.parquet")}') WHERE decode(key) = 'provenance'`,
      );
      expect(JSON.parse(meta?.provenance as string).stage).toBe("outcomes");
    });

    it("every table's JSON sidecar describes each of its columns (BIDS data dictionary, units where they apply)", () => {
      for (const file of filesWith(out, ".arrow")) {
        const sidecar = JSON.parse(readFileSync(join(out, file.replace(/\.arrow$/, ".json")), "utf8"));
        const { rows } = readArrowBytes(readFileSync(join(out, file)));
        expect(sidecar.Columns.length, file).toBeGreaterThan(0);
        if (rows[0] !== undefined) expect(sidecar.Columns).toEqual(Object.keys(rows[0]));
        for (const column of sidecar.Columns)
          expect(sidecar[column]?.Description, `${file} ${column}`).toBeTruthy();
      }
      const ts = JSON.parse(
        readFileSync(join(out, "sub-01", "ses-1", "mrs", "sub-01_ses-1_desc-fit_blocks.json"), "utf8"),
      );
      expect([ts.t_start_s.Units, ts.fwhm_hz.Units, ts.crlb_pct.Units]).toEqual(["s", "Hz", "%"]);
      const blocks = JSON.parse(readFileSync(join(out, "outcome_blocks.json"), "utf8"));
      expect(blocks.outcome_crlb_pct.Units).toBe("%");
    });

    it("dataset_description.json is a BIDS-Derivatives description: GeneratedBy with name, version and code URL; SourceDatasets", () => {
      const description = DatasetDescription.parse(
        JSON.parse(readFileSync(join(out, "dataset_description.json"), "utf8")),
      );
      expect(description.DatasetType).toBe("derivative");
      expect(description.GeneratedBy[0]).toMatchObject({ Name: "fmrs-crossover", Version: "0.1.0" });
      expect(description.GeneratedBy[0]?.CodeURL).toMatch(/^https:\/\//);
      expect(description.SourceDatasets).toEqual([{ URL: "bids:raw:" }]);
      expect(description.DatasetLinks).toEqual({ raw: "../../" });
    });
  });
}
