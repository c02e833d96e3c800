// `pnpm bench` (packages/stats): times the largest reference model, the block-wise glutamate LMM
// of crossover-reference-1 (1514 rows, 60 fixed effects, two random intercepts), from fit to
// Satterthwaite t tests, the type-III table and Kenward–Roger. Prints plain lines; not a test.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { fitLmm, lmmAnova, lmmFixedEffects } from "../src/index";

const ref = testdataFolder("reference-stats");
{
  const lines = readFileSync(join(ref, "crossover-reference-1", "mrs_blocks.csv"), "utf8")
    .trim()
    .split("\n");
  const header = (lines[0] ?? "").split(",");
  const rows = lines.slice(1).flatMap((line) => {
    const cells = line.split(",");
    const row = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""]));
    if (row.qc_pass !== "1" || row.glu_pct === "NA") return [];
    return [
      {
        glu_pct: Number(row.glu_pct),
        treatment: row.treatment ?? "",
        time_block: row.block ?? "",
        subject: row.subject ?? "",
        session: row.period ?? "",
      },
    ];
  });
  const blocks = [...new Set(rows.map((r) => Number(r.time_block)))].sort((a, b) => a - b).map(String);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const fit = fitLmm(rows, {
      formula: "glu_pct ~ treatment * time_block + (1 | subject) + (1 | subject:session)",
      factors: { treatment: ["PBO", "NTX"], time_block: blocks },
    });
    lmmFixedEffects(fit);
    lmmAnova(fit);
    lmmFixedEffects(fit, { ddf: "kenward-roger" });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `lmm e1 (${rows.length} rows, 60 fixed effects): fit + Satterthwaite + type III + KR median ${Math.round(times[2] ?? 0)} ms over 5 runs`,
  );
}
