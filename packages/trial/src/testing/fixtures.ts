// Test support only: a study.json matching crossover-reference-1 (2-min blocks, baseline −10..0,
// infusion 0..40, post 40..50 min) and its tables built from the reference CSVs.
import { type MadrsRecord, type ParticipantRecord, type SessionRecord, StudyConfig } from "@fmrs/schema";
import type { AssessedBlock } from "../outcomes";
import { readReferenceCsv } from "./referenceCsv";

export const referenceStudy: StudyConfig = StudyConfig.parse({
  name: "crossover-reference-1",
  conditions: [
    { id: "PBO", label: "Placebo" },
    { id: "NTX", label: "Naltrexone 50 mg" },
  ],
  reference_condition: "PBO",
  infusion: { onset_min: 0, duration_min: 40 },
  baseline_window: { start_min: -10, end_min: 0 },
  response_window: { start_min: 0, end_min: 40 },
  post_window: { start_min: 40, end_min: 50 },
  block_length_min: 2,
});

export function referenceTables() {
  const sessionsCsv = readReferenceCsv("sessions.csv");
  const blocksCsv = readReferenceCsv("mrs_blocks.csv");
  const participants = new Map<string, ParticipantRecord>();
  const sessions: SessionRecord[] = [];
  const madrs: MadrsRecord[] = [];
  for (const r of sessionsCsv) {
    const id = `sub-${r.subject}`;
    participants.set(id, {
      participant_id: id,
      sex: r.sex === "M" ? "M" : "F",
      age: null,
      sequence: String(r.sequence),
    });
    const session_id = `ses-${r.period}`;
    sessions.push({
      participant_id: id,
      session_id,
      period: Number(r.period),
      condition: String(r.treatment),
      mrs_route: r.mrs_available === 1 ? "fitted" : "none",
      mrs_adapter: r.mrs_available === 1 ? "tidy-tsv" : null,
      mrs_file: null,
    });
    for (const [timepoint, column] of [
      ["pre", "madrs_baseline"],
      ["24h", "madrs_24h"],
    ] as const) {
      const total = r[column] === null ? null : Number(r[column]);
      madrs.push({ participant_id: id, session_id, timepoint, total, n_items: 0, prorated: false });
    }
  }
  const timeseries = new Map<string, AssessedBlock[]>();
  for (const b of blocksCsv) {
    const key = `sub-${b.subject}/ses-${b.period}`;
    const list = timeseries.get(key) ?? [];
    const glu = b.glu === null ? null : Number(b.glu);
    const pass = b.qc_pass === 1 && glu !== null;
    list.push({
      block: Number(b.block),
      t_start_s: Number(b.t_start_min) * 60,
      t_end_s: Number(b.t_end_min) * 60,
      phase: b.phase === "baseline" ? "baseline" : b.phase === "infusion" ? "infusion" : "post",
      measures: { outcome: glu },
      outcome: glu,
      outcome_crlb_pct: null,
      fwhm_hz: null,
      snr: null,
      qc_pass: pass,
      qc_reason: pass ? "" : "failed QC in the reference data",
    });
    timeseries.set(key, list);
  }
  return { participants: [...participants.values()], sessions, madrs, timeseries, sessionsCsv, blocksCsv };
}
