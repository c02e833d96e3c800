#!/usr/bin/env node
// Writes the small fitted-route sample study in this folder (seeded, so the same files every run):
//   node data-samples/generate-fitted-route.mjs [outDir]
// 12 adults with depression, AB/BA crossover (PBO = placebo, NTX = naltrexone 50 mg before a
// ketamine infusion), one tidy *_glx.tsv per session (2-min blocks, -10 to 50 min) as a fitting
// tool would export it, and item-level MADRS before and 24 h after each infusion. Values are
// synthetic: nothing here comes from a person. sessions.tsv carries fake acquisition dates that
// the pipeline must never copy to its outputs.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2] ?? new URL(".", import.meta.url).pathname;
const SEED = 20261121;

// mulberry32: a small, well-known 32-bit seeded generator (deterministic on every platform).
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
const rand = mulberry32(SEED);
const normal = () => {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
};
const round = (x, d) => Number(x.toFixed(d));
const write = (rel, text) => {
  mkdirSync(join(out, rel, ".."), { recursive: true });
  writeFileSync(join(out, rel), text);
};

const N = 12;
const subjects = Array.from({ length: N }, (_, i) => `sub-${String(i + 1).padStart(2, "0")}`);
const sexes = ["F", "M", "F", "F", "M", "F", "M", "F", "M", "F", "M", "F"];
const sequences = subjects.map((_, i) => (i % 2 === 0 ? ["PBO", "NTX"] : ["NTX", "PBO"]));

write(
  "study.json",
  `${JSON.stringify(
    {
      name: "Sample fitted-route study (synthetic, 12 subjects)",
      description:
        "Ketamine 0.5 mg/kg over 40 min after oral naltrexone 50 mg or placebo; ACC Glx/tNAA in 2-min blocks; MADRS pre and 24 h.",
      conditions: [
        { id: "PBO", label: "Placebo" },
        { id: "NTX", label: "Naltrexone 50 mg" },
      ],
      reference_condition: "PBO",
      pretreatment: { label: "oral naltrexone 50 mg or placebo", time_min: -60 },
      infusion: { label: "ketamine 0.5 mg/kg IV over 40 min", onset_min: 0, duration_min: 40 },
      baseline_window: { start_min: -10, end_min: 0 },
      response_window: { start_min: 0, end_min: 30 },
      post_window: { start_min: 40, end_min: 50 },
      block_length_min: 2,
      outcome: { metabolite: "Glx", reference: "tNAA" },
      qc: { max_crlb_pct: 20, max_fwhm_hz: 12, min_snr: 5 },
      madrs: { prorate: false, max_missing_items: 1 },
      seed: SEED,
    },
    null,
    2,
  )}\n`,
);

const participants = ["participant_id\tsex\tage\tsequence"];
subjects.forEach((s, i) =>
  participants.push(`${s}\t${sexes[i]}\t${18 + Math.floor(rand() * 33)}\t${sequences[i].join("-")}`),
);
write("participants.tsv", `${participants.join("\n")}\n`);

const madrs = [
  `participant_id\tsession_id\ttimepoint\t${Array.from({ length: 10 }, (_, k) => `madrs_${String(k + 1).padStart(2, "0")}`).join("\t")}`,
];
// Split a total into 10 item scores 0–6 that add up to it.
const items = (total) => {
  const scores = Array(10).fill(0);
  let left = Math.max(0, Math.min(60, total));
  while (left > 0) {
    const k = Math.floor(rand() * 10);
    if (scores[k] < 6) {
      scores[k]++;
      left--;
    }
  }
  return scores;
};

subjects.forEach((sub, i) => {
  const subjectGlx = 1.45 + 0.12 * normal();
  const subjectResponse = 0.8 * normal();
  const baseMadrs = 30 + 4 * normal();
  const sessions = ["session_id\tcondition\tacq_time"];
  sequences[i].forEach((condition, p) => {
    const ses = `ses-${p + 1}`;
    const day = 3 + p * 20 + Math.floor(rand() * 3);
    sessions.push(
      `${ses}\t${condition}\t2025-03-${String(day).padStart(2, "0")}T09:${String(10 + i).padStart(2, "0")}:00`,
    );

    // MADRS: about 13 points lower at 24 h under placebo, about 28 % less under naltrexone
    // (more in males), plus noise and a small period effect.
    const pre = Math.round(baseMadrs + 2 * normal());
    const drop = condition === "PBO" ? 13 : 13 * (sexes[i] === "M" ? 0.6 : 0.8);
    const after = Math.round(pre - drop + 1.0 * p + 3.5 * normal());
    const missing24h = sub === "sub-07" && p === 1;
    madrs.push(`${sub}\t${ses}\tpre\t${items(pre).join("\t")}`);
    madrs.push(
      `${sub}\t${ses}\t24h\t${missing24h ? Array(10).fill("n/a").join("\t") : items(after).join("\t")}`,
    );

    if (sub === "sub-10" && p === 1) return; // one session without MRS, as in a real trial
    // Glx/tNAA: flat baseline, a rise over the infusion (about 5 % under placebo, 2 % under
    // naltrexone), decaying after; block noise about 2 %.
    const peak = (condition === "PBO" ? 5 : 2) + subjectResponse + 0.5 * normal() - 0.3 * p;
    const sessionGlx = subjectGlx * (1 + 0.02 * normal());
    const rows = [
      "block\tt_start_s\tt_end_s\tGlu\tGln\tGlx\tGlx_crlb_pct\tNAA\tNAAG\ttNAA\ttCr\tfwhm_hz\tsnr",
    ];
    for (let b = 0; b < 30; b++) {
      const t0 = -600 + b * 120;
      const mid = (t0 + 60) / 60;
      const rise =
        mid < 0
          ? 0
          : mid < 40
            ? 1 - Math.exp(-mid / 8)
            : (1 - Math.exp(-40 / 8)) * Math.exp(-(mid - 40) / 15);
      const tnaa = 11.5 * (1 + 0.01 * normal());
      let glx = sessionGlx * tnaa * (1 + (peak * rise) / 100 + 0.02 * normal());
      let crlb = 7 + 1.5 * rand();
      let fwhm = 6.5 + 0.8 * normal();
      const snr = Math.round(45 + 6 * normal());
      if (sub === "sub-03" && p === 0 && b === 12) {
        glx *= 1.4; // a motion-corrupted block: broad lines, high CRLB
        crlb = 31.5;
        fwhm = 14.2;
      }
      const glu = glx * 0.78;
      const gln = glx - glu;
      rows.push(
        [
          b + 1,
          t0,
          t0 + 120,
          round(glu, 4),
          round(gln, 4),
          round(glx, 4),
          round(crlb, 1),
          round(tnaa * 0.88, 4),
          round(tnaa * 0.12, 4),
          round(tnaa, 4),
          round(7.9 * (1 + 0.01 * normal()), 4),
          round(fwhm, 2),
          snr,
        ].join("\t"),
      );
    }
    write(`${sub}/${ses}/mrs/${sub}_${ses}_glx.tsv`, `${rows.join("\n")}\n`);
  });
  write(`${sub}/${sub}_sessions.tsv`, `${sessions.join("\n")}\n`);
});
write("phenotype/madrs.tsv", `${madrs.join("\n")}\n`);

// The BIDS files, so the folder is a valid BIDS dataset on its own (bids-validator 1.15.0 with
// .bids-validator-config.json: 0 errors). No random draws here: the data above stay as they were.
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
write(
  "dataset_description.json",
  json({
    Name: "Sample fitted-route study (synthetic, 12 subjects)",
    BIDSVersion: "1.10.0",
    DatasetType: "raw",
    License: "CC0",
    Authors: ["fmrs-crossover (synthetic data)"],
    GeneratedBy: [
      { Name: "generate-fitted-route.mjs", Description: `Seeded synthetic study (seed ${SEED}); nothing comes from a person.` },
    ],
  }),
);
write(
  "README.md",
  `# Sample fitted-route study (synthetic, 12 subjects)

Synthetic crossover fMRS study made by generate-fitted-route.mjs (seed ${SEED}); nothing here comes from a person.
Each session brings a tidy time series fitted elsewhere (sub-<label>/ses-<label>/mrs/*_glx.tsv: one row per 2-min
block with Glu, Gln, Glx and its CRLB, NAA, NAAG, tNAA, tCr, FWHM and SNR) instead of spectra, and MADRS ratings before
and 24 h after each infusion (phenotype/madrs.tsv).

Not BIDS (listed in .bidsignore): study.json (settings of the fmrs-crossover pipeline), the *_glx.tsv time series (no
BIDS suffix exists for fitted MRS results), truth.json and the generator script.
`,
);
write("CHANGES", `1.0.0 2025-03-01\n  - Generated by generate-fitted-route.mjs, seed ${SEED}.\n`);
write(
  ".bidsignore",
  [
    "# Not BIDS: the pipeline's settings, the generator and its truth, and fitted time series (no BIDS suffix).",
    "study.json",
    "truth.json",
    "generate-fitted-route.mjs",
    "*_glx.tsv",
    "",
  ].join("\n"),
);
write(".bids-validator-config.json", json({ warn: [51] }));
write(
  "participants.json",
  json({
    sex: { Description: "Sex of the participant", Levels: { F: "female", M: "male" } },
    age: { Description: "Age at the first session", Units: "year" },
    sequence: {
      Description: "Crossover sequence: condition in period 1, then period 2",
      Levels: { "PBO-NTX": "Placebo first", "NTX-PBO": "Naltrexone 50 mg first" },
    },
  }),
);
for (const sub of subjects)
  write(
    `${sub}/${sub}_sessions.json`,
    json({
      condition: {
        Description: "Pretreatment condition of the session (the crossover treatment)",
        Levels: { PBO: "Placebo", NTX: "Naltrexone 50 mg" },
      },
      acq_time: { Description: "Date and time of the session (invented; never copied to derivatives)" },
    }),
  );
write(
  "phenotype/madrs.json",
  json({
    MeasurementToolMetadata: {
      Description: "Montgomery–Åsberg Depression Rating Scale (MADRS), 10 items scored 0–6",
    },
    session_id: { Description: "Session (crossover period) the rating belongs to, as in sub-<label>_sessions.tsv" },
    timepoint: {
      Description: "pre: before the infusion; 24h: about 24 h after it",
      Levels: { pre: "before", "24h": "24 h after" },
    },
    ...Object.fromEntries(
      Array.from({ length: 10 }, (_, k) => [
        `madrs_${String(k + 1).padStart(2, "0")}`,
        { Description: `MADRS item ${k + 1} (0–6)` },
      ]),
    ),
  }),
);
console.log(`wrote the sample study to ${out}`);
