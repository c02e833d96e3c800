// The fitted-route sample's Parquet derivatives read by DuckDB (see parquetSuite.ts): the same rows
// and values as the Arrow files, a glob over all sessions joined with participants, column
// dictionaries and the BIDS-Derivatives dataset_description.json.
import { join } from "node:path";
import { parquetSuite } from "./parquetSuite";
import { fittedRouteRun } from "./testing";

parquetSuite(
  "fitted-route sample",
  // `fmrs run` on the sample, shared with the other test files (it throws unless the run exits 0).
  async () => join(await fittedRouteRun(), "derivatives", "fmrs-crossover"),
  { participants: 12, minTables: 5 + 23 },
);
