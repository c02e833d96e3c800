// One batch of the fuzz campaign, run in a child process by fuzz/run.mjs:
//   node --import tsx fuzz/campaign.ts <reader> <seed> <count> [<skip>]
// Sends a heartbeat before each input and its outcome after it over IPC (so the parent can detect
// a hang > 5 s and restart after it without losing counts) and a summary at the end: outcome
// counts, the first crashes, peak RSS (maxRSS, kB).
import { repoRoot } from "@fmrs/config";
import fc from "fast-check";
import { loadSeeds } from "./seeds";
import { applyCase, caseArb, FUZZ_LIMITS, FUZZ_TARGETS, runCase } from "./targets";

const [reader, seedText, countText, skipText] = process.argv.slice(2);
const target = FUZZ_TARGETS.find((t) => t.reader === reader);
if (target === undefined) throw new Error(`unknown reader ${reader}`);
const seed = Number(seedText);
const count = Number(countText);
const skip = Number(skipText ?? 0);
const send = (m: unknown) => (process.send ? process.send(m) : console.log(JSON.stringify(m)));

const { seeds, companion } = loadSeeds(target, repoRoot());
const cases = fc.sample(caseArb(target.kind, seeds.length), { seed, numRuns: count });
const counts = { ok: 0, "input-error": 0, crash: 0 };
const crashes: { index: number; error: string; case: unknown }[] = [];
let slowestMs = 0;
for (let i = skip; i < cases.length; i++) {
  const c = cases[i]!;
  send({ beat: i });
  // Self-test of the parent's hang watchdog: FMRS_FUZZ_STALL_AT=<index> stalls that input 8 s.
  if (String(i) === process.env.FMRS_FUZZ_STALL_AT) {
    const until = Date.now() + 8000;
    while (Date.now() < until);
  }
  const bytes = applyCase(target.kind, seeds[c.seed]!, c);
  const started = performance.now();
  const r = runCase(target, bytes, FUZZ_LIMITS, companion);
  slowestMs = Math.max(slowestMs, performance.now() - started);
  counts[r.outcome]++;
  send({ end: i, outcome: r.outcome });
  if (r.outcome === "crash" && crashes.length < 5) crashes.push({ index: i, error: r.error ?? "", case: c });
}
send({ done: true, reader, seed, counts, crashes, slowestMs, maxRssKb: process.resourceUsage().maxRSS });
