// Slow tier: every Parquet derivative of data-samples (raw route: time series, fit spectra and
// transients per session, 26 subjects) read by DuckDB with the Arrow files' rows and values (see
// parquetSuite.ts).
import { join } from "node:path";
import { expect } from "vitest";
import { parquetSuite } from "./parquetSuite";
import { copySample, RAW_SAMPLE, runBundledCli } from "./testing";

parquetSuite(
  "data-samples, raw route",
  () => {
    const study = copySample(RAW_SAMPLE);
    const r = runBundledCli(["run", study, "--jobs", "2", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    return join(study, "derivatives", "fmrs-crossover");
  },
  { participants: 26, minTables: 5 + 3 * 51 },
);
