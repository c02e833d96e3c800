// The fuzz campaign: `pnpm fuzz [--total N] [--batch N] [--reader name,…] [--parallel N]`.
// Mutated real files go to every reader, one child process per batch (fuzz/campaign.ts), so a
// batch's peak RSS is measured and a hang is caught: a child that sends no heartbeat for 5 s is
// killed, the input is counted as a hang, and the batch resumes after it. Prints counts by reader
// and outcome, hangs, crashes (with the case to reproduce them) and the peak RSS of any batch.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const total = Number(opt("total", 100_000));
const batch = Number(opt("batch", 2000));
const parallel = Number(opt("parallel", 1));
const HANG_MS = 5000;
const readers = opt(
  "reader",
  "nifti-mrs,rda,spar,sdat,lcmodel-table,lcmodel-coord,lcmodel-csv,lcmodel-raw,glx-tsv,madrs-tsv,lcmodel-manifest,inspect",
).split(",");

const jobs = [];
for (let n = 0, k = 0; n < total; k++) {
  const reader = readers[k % readers.length];
  const count = Math.min(batch, total - n);
  jobs.push({ reader, seed: 7_000 + k, count });
  n += count;
}

const byReader = new Map(readers.map((r) => [r, { ok: 0, "input-error": 0, crash: 0, hang: 0 }]));
const crashes = [];
const hangs = [];
let peakRssKb = 0;
let slowestMs = 0;
const started = Date.now();

function runBatch(job, skip = 0) {
  return new Promise((resolve) => {
    const child = fork(
      join(here, "campaign.ts"),
      [job.reader, String(job.seed), String(job.count), String(skip)],
      {
        execArgv: ["--import", "tsx"],
        cwd: join(here, ".."),
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      },
    );
    let last = skip;
    let summary = null;
    let timer = setTimeout(onHang, HANG_MS * 4); // start-up allowance
    function onHang() {
      hangs.push({ reader: job.reader, seed: job.seed, index: last });
      byReader.get(job.reader).hang++;
      // The peak RSS so far (VmHWM), since a killed child sends no summary.
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (hwm) peakRssKb = Math.max(peakRssKb, Number(hwm[1]));
      } catch {
        // not Linux, or already gone
      }
      child.kill("SIGKILL");
    }
    child.on("message", (m) => {
      if (m.beat !== undefined) {
        last = m.beat;
        clearTimeout(timer);
        timer = setTimeout(onHang, HANG_MS);
      } else if (m.end !== undefined) byReader.get(job.reader)[m.outcome]++;
      else if (m.done) summary = m;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (summary !== null) {
        crashes.push(...summary.crashes.map((x) => ({ reader: job.reader, seed: job.seed, ...x })));
        peakRssKb = Math.max(peakRssKb, summary.maxRssKb);
        slowestMs = Math.max(slowestMs, summary.slowestMs);
        resolve();
      } else if (signal === "SIGKILL" && last + 1 < job.count) {
        resolve(runBatch(job, last + 1));
      } else {
        if (signal !== "SIGKILL") {
          // A child that died without a summary (an abort, out of memory): count as a crash.
          byReader.get(job.reader).crash++;
          crashes.push({
            reader: job.reader,
            seed: job.seed,
            index: last,
            error: `child exited ${code ?? signal}`,
          });
        }
        resolve();
      }
    });
  });
}

let next = 0;
async function worker() {
  while (next < jobs.length) {
    const job = jobs[next++];
    await runBatch(job);
    const done = [...byReader.values()].reduce((a, c) => a + c.ok + c["input-error"] + c.crash + c.hang, 0);
    process.stderr.write(`\r${done} / ${total} inputs`);
  }
}
await Promise.all(Array.from({ length: parallel }, worker));
process.stderr.write("\n");

const rows = [...byReader.entries()];
const sum = (k) => rows.reduce((a, [, c]) => a + c[k], 0);
console.log("reader              ok  input-error  crash  hang");
for (const [r, c] of rows) {
  console.log(
    `${r.padEnd(18)}${String(c.ok).padStart(4 + 2)}${String(c["input-error"]).padStart(13)}${String(c.crash).padStart(7)}${String(c.hang).padStart(6)}`,
  );
}
const inputs = sum("ok") + sum("input-error") + sum("crash") + sum("hang");
console.log(
  `total ${inputs} inputs: ${sum("ok")} ok, ${sum("input-error")} InputError, ${sum("crash")} crashes, ${sum("hang")} hangs over ${HANG_MS / 1000} s`,
);
console.log(
  `slowest input ${slowestMs.toFixed(0)} ms; peak RSS of any batch ${(peakRssKb / 1024).toFixed(0)} MB`,
);
console.log(`elapsed ${((Date.now() - started) / 1000).toFixed(0)} s, ${jobs.length} batches`);
// Long mutation values (200 000 brackets) are shortened for the listing; the seed and index
// reproduce the case exactly (`node --import tsx fuzz/campaign.ts <reader> <seed> <index+1> <index>`).
const short = (v) =>
  JSON.stringify(v, (_, x) =>
    typeof x === "string" && x.length > 80 ? `${x.slice(0, 40)}…(${x.length} chars)` : x,
  );
for (const c of crashes.slice(0, 10)) console.log(`crash: ${short(c)}`);
for (const h of hangs.slice(0, 10)) console.log(`hang: ${JSON.stringify(h)}`);
process.exitCode = sum("crash") + sum("hang") > 0 ? 1 : 0;
