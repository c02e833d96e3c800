// Writes the input tables of testdata/reference-stats/belief-updating/ (the R reference set):
// the default simulated study (simulateBeliefStudy, seed 4242) plus a few edge-case trials the
// simulator never makes (no estimation error, an out-of-range estimate). Run from this package:
//   pnpm exec tsx scripts/writeReferenceData.ts ../../testdata/reference-stats/belief-updating
// Development tool only (the package's src/ stays free of filesystem access).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { simulateBeliefStudy } from "../src/index";

const out = process.argv[2];
if (!out) throw new Error("usage: writeReferenceData.ts <folder>");
const sim = simulateBeliefStudy({}, 4242);
const trials = sim.trials.map((t) => ({ ...t }));
// Edge cases: the first trial of sub-02 ses-1 gets no estimation error; the second of sub-31
// ses-2 an out-of-range second estimate; the third of sub-40 ses-1 a first estimate of 0 (allowed).
const at = (p: string, s: string, trial: number) =>
  trials.find((t) => t.participant_id === p && t.session_id === s && t.trial === trial)!;
at("sub-02", "ses-1", 1).first_estimate = at("sub-02", "ses-1", 1).base_rate;
at("sub-31", "ses-2", 2).second_estimate = 104;
at("sub-40", "ses-1", 3).first_estimate = 0;

const csv = (rows: readonly Record<string, unknown>[], columns: readonly string[]) =>
  `${columns.join(",")}\n${rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? "NA" : String(r[c]))).join(",")).join("\n")}\n`;
writeFileSync(
  join(out, "participants.csv"),
  csv(sim.participants, ["participant_id", "group", "sex", "age"]),
);
writeFileSync(
  join(out, "sessions.csv"),
  csv(sim.sessions, ["participant_id", "session_id", "time_point", "days_from_first_infusion"]),
);
writeFileSync(
  join(out, "trials.csv"),
  csv(trials, [
    "participant_id",
    "session_id",
    "trial",
    "event_id",
    "first_estimate",
    "base_rate",
    "second_estimate",
    "rt_first",
    "rt_second",
  ]),
);
writeFileSync(join(out, "madrs.csv"), csv(sim.madrs, ["participant_id", "session_id", "madrs_total"]));
