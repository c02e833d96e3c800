#!/usr/bin/env node
// Scaling bench (part of `pnpm bench` in apps/cli): simulated fitted-route studies of 26, 104 and 416
// sessions (13, 52, 208 subjects, each a copy of a data-samples/fitted-route subject with seeded noise
// on its block values), run stage by stage with the built CLI, one process per stage, printing the
// wall time and peak memory (max RSS of the process, worker threads included) of each:
//   ingest, fit (every session, one thread), one participant-level task (1 subject, as one
//   sbatch array task runs it), outcomes, analyse (the mixed models over all blocks), report.
// Not a test: the numbers depend on the machine. Options: --sizes 26,104 (default 26,104,416).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "dist", "fmrs.mjs");
const sample = join(here, "..", "..", "..", "data-samples", "fitted-route");
const sizesArg = process.argv.indexOf("--sizes");
const sizes = (sizesArg > 0 ? process.argv[sizesArg + 1] : "26,104,416").split(",").map(Number);
const work = mkdtempSync(join(tmpdir(), "fmrs-scaling-"));

// Peak memory of each child: a preload module prints process.resourceUsage().maxRSS at exit.
const preload = join(work, "maxrss.mjs");
writeFileSync(
  preload,
  [
    'import { writeSync } from "node:fs";',
    'process.on("exit", () => writeSync(2, "\\nFMRS_MAXRSS_KB=" + process.resourceUsage().maxRSS + "\\n"));',
    "",
  ].join("\n"),
);

// mulberry32 (as data-samples/fitted-route/generate-fitted-route.mjs): seeded, the same study every run.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tsv = (path) => {
  const [head, ...rows] = readFileSync(path, "utf8").trimEnd().split("\n");
  return { head: head.split("\t"), rows: rows.map((r) => r.split("\t")) };
};
const writeTsv = (path, head, rows) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${[head, ...rows].map((r) => r.join("\t")).join("\n")}\n`);
};

/** A study of `sessions` MRS sessions (two per subject) made from the sample's complete subjects. */
function makeStudy(sessions, dir) {
  const rand = mulberry32(20261201 + sessions);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const participants = tsv(join(sample, "participants.tsv"));
  const madrs = tsv(join(sample, "phenotype", "madrs.tsv"));
  const complete = participants.rows
    .map((r) => r[0])
    .filter((id) =>
      ["ses-1", "ses-2"].every((ses) => existsSync(join(sample, id, ses, "mrs", `${id}_${ses}_glx.tsv`))),
    );
  const n = sessions / 2;
  const pRows = [];
  const mRows = [];
  for (let k = 1; k <= n; k++) {
    const src = complete[(k - 1) % complete.length];
    const id = `sub-${String(k).padStart(3, "0")}`;
    const p = participants.rows.find((r) => r[0] === src);
    pRows.push([id, ...p.slice(1)]);
    for (const r of madrs.rows.filter((r) => r[0] === src)) mRows.push([id, ...r.slice(1)]);
    const ses = tsv(join(sample, src, `${src}_sessions.tsv`));
    writeTsv(join(dir, id, `${id}_sessions.tsv`), ses.head, ses.rows);
    const scale = 1 + 0.05 * normal();
    for (const s of ["ses-1", "ses-2"]) {
      const glx = tsv(join(sample, src, s, "mrs", `${src}_${s}_glx.tsv`));
      const col = (name) => glx.head.indexOf(name);
      const rows = glx.rows.map((r) => {
        const out = [...r];
        for (const m of ["Glu", "Gln", "NAA", "NAAG", "tCr"])
          if (col(m) >= 0) out[col(m)] = (Number(r[col(m)]) * scale * (1 + 0.02 * normal())).toFixed(4);
        if (col("Glx") >= 0) out[col("Glx")] = (Number(out[col("Glu")]) + Number(out[col("Gln")])).toFixed(4);
        if (col("tNAA") >= 0)
          out[col("tNAA")] = (Number(out[col("NAA")]) + Number(out[col("NAAG")])).toFixed(4);
        return out;
      });
      writeTsv(join(dir, id, s, "mrs", `${id}_${s}_glx.tsv`), glx.head, rows);
    }
  }
  writeTsv(join(dir, "participants.tsv"), participants.head, pRows);
  writeTsv(join(dir, "phenotype", "madrs.tsv"), madrs.head, mRows);
  const study = JSON.parse(readFileSync(join(sample, "study.json"), "utf8"));
  study.name = `Scaling bench study (${sessions} sessions, synthetic)`;
  writeFileSync(join(dir, "study.json"), `${JSON.stringify(study, null, 2)}\n`);
}

function timed(args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [`--import=${pathToFileURL(preload).href}`, cli, ...args, "--quiet"],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`fmrs ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  const kb = Number(/FMRS_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  return { seconds, mb: kb / 1024 };
}

const table = [];
for (const size of sizes) {
  const dir = join(work, `study-${size}`);
  const out = join(work, `out-${size}`);
  makeStudy(size, dir);
  const steps = [
    ["ingest", ["run", dir, "--out", out, "--only", "ingest"]],
    ["fit (all sessions, 1 thread)", ["run", dir, "--out", out, "--only", "fit", "--jobs", "1"]],
    [
      "participant task (1 subject)",
      ["participant", dir, out, "--participant-label", "001", "--jobs", "1", "--force"],
    ],
    ["outcomes", ["run", dir, "--out", out, "--only", "outcomes"]],
    ["analyse", ["run", dir, "--out", out, "--only", "analyse"]],
    ["report", ["run", dir, "--out", out, "--only", "report"]],
  ];
  for (const [stage, args] of steps) {
    const t = timed(args);
    table.push({ size, stage, ...t });
    console.log(`scaling: ${size} sessions, ${stage}: ${t.seconds.toFixed(2)} s, ${t.mb.toFixed(0)} MB peak`);
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}

// The same figures as one Markdown table (stage × size), for the README's scaling section.
const stages = [...new Set(table.map((r) => r.stage))];
console.log(`\n| stage | ${sizes.map((s) => `${s} sessions`).join(" | ")} |`);
console.log(`|---|${sizes.map(() => "---").join("|")}|`);
for (const stage of stages)
  console.log(
    `| ${stage} | ${sizes
      .map((s) => {
        const r = table.find((x) => x.size === s && x.stage === stage);
        return `${r.seconds.toFixed(1)} s, ${r.mb.toFixed(0)} MB`;
      })
      .join(" | ")} |`,
  );
rmSync(work, { recursive: true, force: true });
