import { parseNiftiMrs, parseTsv, parseTsvRows } from "@fmrs/formats";
import { MADRS_ITEMS, MadrsTsvRow, ParticipantTsvRow, SessionTsvRow, StudyConfig } from "@fmrs/schema";
import { ppmAxis, spectrumOf } from "@fmrs/spectra";
import { describe, expect, it } from "vitest";
import { daysFromIso } from "./dates";
import { simulateStudy } from "./simulateStudy";
import { MINI_SPEC, SimulationSpec, type SimulationSpecInput } from "./spec";
import { readBasis3T, ref } from "./testing/referenceBasis";
import { Truth } from "./truth";

const decoder = new TextDecoder();

/** The default design (26 subjects, 10 + 40 + 10 min) with cheap spectra: TR 30 s, 256 points, no water reference. */
const CHEAP_DEFAULT: SimulationSpecInput = {
  timing: { repetition_time_s: 30, transients_per_dynamic: 1 },
  acquisition: { points: 256, water_reference: false },
};

describe("simulateStudy on a mini spec", () => {
  const basis = readBasis3T();
  const specInput: SimulationSpecInput = {
    ...MINI_SPEC,
    missing: { mrs_sessions: 1, madrs_24h: 1 },
    spectra: { ...MINI_SPEC.spectra, motion_episodes_per_session: 0.5 },
  };
  const spec = SimulationSpec.parse(specInput);
  const study = simulateStudy(spec, basis);
  const file = (path: string) => {
    const f = study.files.find((x) => x.path === path);
    if (f === undefined) throw new Error(`no ${path}`);
    return f.bytes;
  };
  const textOf = (path: string) => decoder.decode(file(path));
  const truth = study.truth;
  const missingMrs = truth.missing.mrs[0];
  const withMrs = truth.sessions.filter((s) => s.mrs !== null);
  const firstMrs = withMrs[0]?.mrs;
  const lastMrs = withMrs.at(-1)?.mrs;
  const missingMadrs = truth.missing.madrs_24h[0];

  it("simulateStudy(mini) writes the DESIGN.md layout with relative paths and truth.json last", () => {
    const paths = study.files.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.at(-1)).toBe("truth.json");
    for (const p of ["dataset_description.json", "study.json", "participants.tsv", "phenotype/madrs.tsv"])
      expect(paths).toContain(p);
    expect(paths.filter((p) => p.endsWith("_sessions.tsv"))).toHaveLength(4);
    expect(paths.filter((p) => p.endsWith("_svs.nii.gz"))).toHaveLength(7);
    expect(paths.filter((p) => p.endsWith("_mrsref.nii.gz"))).toHaveLength(7);
    expect(paths.filter((p) => p.endsWith("_svs.json"))).toHaveLength(7);
    expect(paths.every((p) => !p.startsWith("/") && !p.includes(".."))).toBe(true);
    expect(paths).toContain(`${firstMrs?.file}`);
    expect(firstMrs?.file).toMatch(/^sub-0\d\/ses-\d\/mrs\/sub-0\d_ses-\d_svs\.nii\.gz$/);
  });

  it("simulateStudy(mini) study.json parses with StudyConfig and carries the spec's windows and seed", () => {
    const config = StudyConfig.parse(JSON.parse(textOf("study.json")));
    expect(config.baseline_window).toEqual({ start_min: -2, end_min: 0 });
    expect(config.response_window).toEqual({ start_min: 0, end_min: 4 });
    expect(config.post_window).toEqual({ start_min: 4, end_min: 6 });
    expect(config.infusion.duration_min).toBe(4);
    expect(config.block_length_min).toBe(1);
    expect(config.outcome).toEqual({ metabolite: "Glx", reference: "tNAA" });
    expect(config.seed).toBe(spec.seed);
    expect(config.reference_condition).toBe("PBO");
  });

  it("simulateStudy(mini, {rawBasisPath}) adds the raw-route settings to study.json", () => {
    const small = SimulationSpec.parse({
      ...MINI_SPEC,
      participants: { n: 2, n_female: 1, n_reference_first: 1 },
    });
    const { files } = simulateStudy(small, basis, { rawBasisPath: "../basis_3T" });
    const json = decoder.decode(files.find((f) => f.path === "study.json")?.bytes);
    expect(StudyConfig.parse(JSON.parse(json)).raw).toMatchObject({
      basis: "../basis_3T",
      first_transient_min: -2,
      averages_per_dynamic: 12,
    });
    expect(JSON.parse(textOf("study.json")).raw).toBeUndefined();
  });

  it("simulateStudy(mini) participants.tsv and sessions.tsv parse with the schema row types and agree", () => {
    const participants = parseTsvRows(
      parseTsv("participants.tsv", textOf("participants.tsv")),
      ParticipantTsvRow,
    );
    expect(participants.map((r) => r.value.participant_id)).toEqual(["sub-01", "sub-02", "sub-03", "sub-04"]);
    expect(participants.filter((r) => r.value.sex === "F")).toHaveLength(2);
    expect(participants.filter((r) => r.value.sequence[0] === "PBO")).toHaveLength(2);
    for (const { value: p } of participants) {
      expect(p.age).toBeGreaterThanOrEqual(18);
      expect(p.age).toBeLessThanOrEqual(50);
      const tsv = parseTsv("s.tsv", textOf(`${p.participant_id}/${p.participant_id}_sessions.tsv`));
      expect(tsv.columns).toEqual(["session_id", "condition", "acq_time"]);
      const sessions = parseTsvRows(tsv, SessionTsvRow).map((r) => r.value);
      expect(sessions.map((s) => s.condition)).toEqual(p.sequence);
      expect(sessions.map((s) => s.session_id)).toEqual(["ses-1", "ses-2"]);
      const dates = tsv.rows.map((r) => String(r.cells.acq_time).slice(0, 10));
      expect(dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
      const gap = daysFromIso(dates[1] ?? "") - daysFromIso(dates[0] ?? "");
      expect(gap).toBeGreaterThanOrEqual(19);
      expect(gap).toBeLessThanOrEqual(28);
    }
  });

  it("simulateStudy(mini) madrs.tsv parses with MadrsTsvRow; items sum to truth's totals; the missing 24 h row is n/a", () => {
    const rows = parseTsvRows(parseTsv("madrs.tsv", textOf("phenotype/madrs.tsv")), MadrsTsvRow).map(
      (r) => r.value,
    );
    expect(rows).toHaveLength(16);
    for (const row of rows) {
      const s = truth.sessions.find(
        (x) => x.participant_id === row.participant_id && x.session_id === row.session_id,
      );
      const items = MADRS_ITEMS.map((k) => row[k] ?? null);
      const expected = row.timepoint === "pre" ? s?.madrs.pre_total : s?.madrs.h24_total;
      if (expected === null) {
        expect(items.every((x) => x === null)).toBe(true);
        expect(row.participant_id).toBe(missingMadrs?.participant_id);
      } else {
        expect(items.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(expected);
        expect(items).toEqual(row.timepoint === "pre" ? s?.madrs.pre_items : s?.madrs.h24_items);
      }
    }
    expect(truth.sessions.filter((s) => s.madrs.missing_24h)).toHaveLength(1);
  });

  it("simulateStudy(mini) svs.nii.gz parses: dims, DIM_DYN, F0, dwell, TE/TR, timing keys, identifying keys dropped", () => {
    const { header, fids } = parseNiftiMrs(file(firstMrs?.file ?? ""), "svs.nii.gz");
    expect(header).toMatchObject({
      niftiVersion: 2,
      gzipped: true,
      datatype: "complex64",
      dims: [1, 1, 1, 1024, 16],
      tags: ["DIM_DYN"],
      f0MHz: 123,
      nucleus: "1H",
      echoTimeS: 0.028,
      repetitionTimeS: 2.5,
      voxelSizeMm: [20, 20, 20],
      warnings: [],
    });
    expect(header.dwellS).toBeCloseTo(1 / 3000, 15);
    expect(header.identifyingKeysDropped).toEqual([
      "ConversionTime",
      "DeviceSerialNumber",
      "InstitutionAddress",
      "InstitutionName",
      "OriginalFile",
      "PatientDoB",
      "PatientID",
      "PatientName",
      "PatientSex",
      "PatientWeight",
      "private_ScannerNotes",
    ]);
    expect(JSON.stringify(header.json)).not.toMatch(/NIM\d|\^|Northfield/);
    expect(header.json.fmrs_InfusionOnset).toMatchObject({ Value: 120 });
    expect(header.json.fmrs_TransientsPerDynamic).toMatchObject({ Value: 12 });
    expect(header.higherDims[0]?.header?.[0]).toMatchObject({
      key: "fmrs_DynamicStart",
      values: Array.from({ length: 16 }, (_, d) => 30 * d),
    });
    expect(fids.count).toBe(16);
    const sidecar = JSON.parse(textOf(firstMrs?.sidecar_file ?? ""));
    expect(sidecar).toMatchObject({
      InfusionOnsetSeconds: 120,
      TransientsPerDynamic: 12,
      NumberOfTransients: 192,
    });
  });

  it("simulateStudy(mini) mrsref.nii.gz is unsuppressed water: its largest peak is at 4.65 ppm", () => {
    const { header, fids } = parseNiftiMrs(file(lastMrs?.reference_file ?? ""), "ref.nii.gz");
    expect(header.json.WaterSuppressed).toBe(false);
    expect(header.dims).toEqual([1, 1, 1, 1024, 2]);
    const s = spectrumOf(fids.data.slice(0, 2048));
    const ppm = ppmAxis(1024, header.dwellS, header.f0MHz);
    let best = 0;
    for (let k = 0; k < 1024; k++)
      if (Math.hypot(s[2 * k] ?? 0, s[2 * k + 1] ?? 0) > Math.hypot(s[2 * best] ?? 0, s[2 * best + 1] ?? 0))
        best = k;
    expect(Math.abs((ppm[best] ?? 0) - 4.65)).toBeLessThan(0.06);
  });

  it("simulateStudy(mini) leaves out exactly the missing session's MRS files and says so in truth", () => {
    expect(missingMrs?.session_id).toMatch(/^ses-\d+$/);
    const prefix = `${missingMrs?.participant_id}/${missingMrs?.session_id}/`;
    expect(study.files.some((f) => f.path.startsWith(prefix))).toBe(false);
    const s = truth.sessions.find(
      (x) => x.participant_id === missingMrs?.participant_id && x.session_id === missingMrs?.session_id,
    );
    expect(s?.mrs).toBeNull();
    expect(truth.sessions.filter((x) => x.mrs !== null)).toHaveLength(7);
  });

  it("simulateStudy(spec) is byte-identical for the same seed and differs for another seed", () => {
    const again = simulateStudy(SimulationSpec.parse(specInput), basis);
    expect(again.files.map((f) => f.path)).toEqual(study.files.map((f) => f.path));
    // Byte for byte (Buffer.compare: Vitest's toEqual walks a typed array element by element as an
    // object, which took most of this test's minute).
    again.files.forEach((f, i) => {
      expect(Buffer.compare(f.bytes, study.files[i]?.bytes ?? new Uint8Array(0)), f.path).toBe(0);
    });
    const other = simulateStudy(SimulationSpec.parse({ ...specInput, seed: spec.seed + 1 }), basis);
    const svs = (s: typeof study) => s.files.find((f) => f.path === firstMrs?.file)?.bytes;
    expect(svs(other)?.length).toBeGreaterThan(1000);
    expect(svs(other)).not.toEqual(svs(study));
    const madrs = (s: typeof study) => s.files.find((f) => f.path === "phenotype/madrs.tsv")?.bytes;
    expect(madrs(other)).not.toEqual(madrs(study));
  });

  it("simulateStudy(mini) truth parses with Truth and is internally consistent", () => {
    const parsed = Truth.parse(JSON.parse(textOf("truth.json")));
    expect(parsed.seed).toBe(spec.seed);
    expect(parsed.acquisition).toMatchObject({
      transients_per_session: 192,
      transients_per_dynamic: 12,
      dynamics_per_session: 16,
      infusion_onset_s: 120,
    });
    for (const s of parsed.sessions) {
      const base = s.glx.blocks.filter((b) => b.t_start_s < 0);
      expect(base.every((b) => b.pct_change === 0 && b.glx_tnaa === s.glx.glx_tnaa_baseline)).toBe(true);
      const resp = s.glx.blocks.filter((b) => b.t_start_s >= 0 && b.t_start_s < 240);
      const mean = resp.reduce((a, b) => a + b.glx_tnaa, 0) / resp.length;
      expect(s.glx.response_pct).toBeCloseTo(
        (100 * (mean - s.glx.glx_tnaa_baseline)) / s.glx.glx_tnaa_baseline,
        6,
      );
      expect(Math.sign(s.glx.response_pct)).toBe(Math.sign(s.glx.peak_pct));
      if (s.mrs !== null) {
        const c = s.mrs.concentrations;
        const ratio = ((c.Glu ?? 0) + (c.Gln ?? 0)) / ((c.NAA ?? 0) + (c.NAAG ?? 0));
        expect(ratio).toBeCloseTo(s.glx.glx_tnaa_baseline, 6);
        expect(s.mrs.snr_per_dynamic).toBeCloseTo(s.mrs.snr_per_transient * Math.sqrt(12), 6);
        expect(s.mrs.dynamic_shift_hz).toHaveLength(16);
      }
      const change = s.madrs.change;
      if (change !== null) expect(change).toBe((s.madrs.h24_total ?? 0) - s.madrs.pre_total);
    }
    const complete = parsed.participants.flatMap((p) => {
      const c = (cond: string) =>
        parsed.sessions.find((s) => s.participant_id === p.participant_id && s.condition === cond)?.madrs
          .change;
      const r = c("PBO");
      const t = c("NTX");
      return r === null || r === undefined || t === null || t === undefined ? [] : [{ r, t }];
    });
    expect(parsed.sample.madrs.n_complete).toBe(complete.length);
    const mr = complete.reduce((a, p) => a + p.r, 0) / complete.length;
    const mt = complete.reduce((a, p) => a + p.t, 0) / complete.length;
    expect(parsed.sample.madrs.attenuation).toBeCloseTo(1 - mt / mr, 8);
  });

  it("simulateStudy(2 coils, full) writes DIM_COIL × DIM_DYN with every transient and a TR-spaced dynamic header", () => {
    const small = SimulationSpec.parse({
      ...MINI_SPEC,
      participants: { n: 2, n_female: 1, n_reference_first: 1 },
      acquisition: { ...MINI_SPEC.acquisition, coils: 2 },
    });
    const { files, truth: t } = simulateStudy(small, basis, { full: true });
    const svs = files.find((f) => f.path.endsWith("_svs.nii.gz"));
    const { header } = parseNiftiMrs(svs?.bytes ?? new Uint8Array(), "coils.nii.gz");
    expect(header.dims).toEqual([1, 1, 1, 1024, 2, 192]);
    expect(header.tags).toEqual(["DIM_COIL", "DIM_DYN"]);
    expect(header.higherDims[1]?.header?.[0]?.values.slice(0, 3)).toEqual([0, 2.5, 5]);
    expect(header.json.fmrs_TransientsPerDynamic).toMatchObject({ Value: 1 });
    expect(t.full).toBe(true);
    expect(t.acquisition).toMatchObject({ transients_per_dynamic: 1, dynamics_per_session: 192, coils: 2 });
  });

  it("simulateStudy(spec, basis lacking a named member) throws", () => {
    const spec2 = SimulationSpec.parse({ ...MINI_SPEC, spectra: { concentrations: { NAA: 10, Xyz: 1 } } });
    expect(() => simulateStudy(spec2, basis)).toThrow(/Xyz, which is not in the basis/);
  });
});

describe("simulateStudy on the default design (cheap spectra)", () => {
  const basis = readBasis3T();
  const { truth, files } = simulateStudy(SimulationSpec.parse(CHEAP_DEFAULT), basis);

  it("simulateStudy(default design) has 26 subjects, 14 F / 12 M, 13 per sequence, one MRS and one 24 h MADRS missing", () => {
    expect(truth.participants).toHaveLength(26);
    expect(truth.participants.filter((p) => p.sex === "F")).toHaveLength(14);
    expect(truth.participants.filter((p) => p.sequence === "PBO-NTX")).toHaveLength(13);
    expect(truth.participants.every((p) => p.age >= 18 && p.age <= 50)).toBe(true);
    expect(truth.missing.mrs).toHaveLength(1);
    expect(truth.missing.madrs_24h).toHaveLength(1);
    expect(truth.missing.mrs[0]?.participant_id).not.toBe(truth.missing.madrs_24h[0]?.participant_id);
    expect(files.filter((f) => f.path.endsWith("_svs.nii.gz"))).toHaveLength(51);
  });

  it("simulateStudy(default design) MADRS: baseline about 30, 24 h drop about 13 under PBO and smaller under NTX", () => {
    const pre = truth.sessions.map((s) => s.madrs.pre_total);
    expect(Math.abs(pre.reduce((a, b) => a + b, 0) / pre.length - 30)).toBeLessThan(3);
    const change = truth.sample.madrs.mean_change;
    expect(Math.abs((change.reference ?? 0) + 13)).toBeLessThan(3);
    expect(change.test ?? 0).toBeGreaterThan(change.reference ?? 0);
    expect(truth.population.madrs.attenuation.overall).toBeCloseTo((14 * 0.18 + 12 * 0.4) / 26, 8);
  });

  it("simulateStudy(default design) per-condition mean Glx change is close to the spec's", () => {
    const pop = truth.population.glx;
    expect(pop.response_fraction).toBeCloseTo(1 - 0.2 * (1 - Math.exp(-5)), 8);
    expect(pop.reference_response_pct).toBeCloseTo((5 - 0.15) * pop.response_fraction, 8);
    const sample = truth.sample.glx.mean_response_pct;
    expect(Math.abs((sample.reference ?? 0) - pop.reference_response_pct)).toBeLessThan(1);
    const testPop = (14 * pop.test_response_pct.F + 12 * pop.test_response_pct.M) / 26;
    expect(Math.abs((sample.test ?? 0) - testPop)).toBeLessThan(1);
    expect(truth.sample.glx.difference_pct ?? 0).toBeLessThan(0);
  });
});
