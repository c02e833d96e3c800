// The fitted-route sample's Parquet derivatives read by DuckDB (see parquetSuite.ts): the same rows
// and values as the Arrow files, a glob over all sessions joined with participants, column
// dictionaries and the BIDS-Derivatives dataset_description.json.
import { join } from "node:path";
import { expect } from "vitest";
import { parquetSuite } from "./parquetSuite";
import { copySample, runCli } from "./testing";

parquetSuite(
  "fitted-route sample",
  async () => {
    const study = copySample();
    const run = await runCli(["run", study, "--quiet"]);
    expect(run.code, run.stderr).toBe(0);
    return join(study, "derivatives", "fmrs-crossover");
  },
  { participants: 12, minTables: 5 + 23 },
);
