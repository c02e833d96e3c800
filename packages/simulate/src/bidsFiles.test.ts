import { checkNiftiMrsFile, readNiftiMrsRaw } from "@fmrs/formats";
import { describe, expect, it } from "vitest";
import { BIDS_VALIDATOR_SETTINGS, simulateStudy } from "./simulateStudy";
import { MINI_SPEC, SimulationSpec } from "./spec";
import { readBasis3T } from "./testing/referenceBasis";

const decoder = new TextDecoder();

/** BIDS-MRS file names (BIDS 1.8+): sub-<label>[_ses-<label>][_task-][_acq-][_nuc-][_voi-][_rec-][_run-]_<suffix>. */
const BIDS_MRS_NAME =
  /^(sub-[a-zA-Z0-9]+)\/(ses-[a-zA-Z0-9]+)\/mrs\/\1_\2(_task-[a-zA-Z0-9]+)?(_acq-[a-zA-Z0-9]+)?(_nuc-[a-zA-Z0-9]+)?(_voi-[a-zA-Z0-9]+)?(_rec-[a-zA-Z0-9]+)?(_run-\d+)?_(svs|mrsi|unloc|mrsref)\.(nii\.gz|json)$/;

describe("the files simulateStudy writes conform to NIfTI-MRS and BIDS", () => {
  const spec = SimulationSpec.parse({ ...MINI_SPEC, acquisition: { ...MINI_SPEC.acquisition, coils: 2 } });
  const study = simulateStudy(spec, readBasis3T(), { rawBasisPath: "basis" });
  const text = (path: string) => {
    const f = study.files.find((x) => x.path === path);
    if (f === undefined) throw new Error(`no ${path}`);
    return decoder.decode(f.bytes);
  };
  const nifti = study.files.filter((f) => f.path.endsWith(".nii.gz"));

  it("every NIfTI-MRS file passes the standard's rules (checkNiftiMrsFile), coils and dynamics tagged", () => {
    expect(nifti.length).toBeGreaterThan(0);
    for (const f of nifti) expect(checkNiftiMrsFile(f.bytes, f.path), f.path).toEqual([]);
  });

  it("SpectrometerFrequency, EchoTime, RepetitionTime and PatientWeight are written as JSON floats", () => {
    for (const f of nifti) {
      const { extensionText } = readNiftiMrsRaw(f.bytes, f.path);
      expect(extensionText).toMatch(/"SpectrometerFrequency":\[\d+\.\d+\]/);
      expect(extensionText).toMatch(/"EchoTime":\d+\.\d+[,}]/);
      expect(extensionText).toMatch(/"RepetitionTime":\d+\.\d+[,}]/);
      expect(extensionText).toMatch(/"PatientWeight":\d+\.\d+[,}]/);
      expect(extensionText).not.toContain("SpectralWidth");
    }
  });

  it("every MRS file has a BIDS-MRS name", () => {
    const mrs = study.files.map((f) => f.path).filter((p) => p.includes("/mrs/"));
    expect(mrs.length).toBe(nifti.length * 2);
    for (const p of mrs) expect(p).toMatch(BIDS_MRS_NAME);
  });

  it("README.md, CHANGES, .bidsignore and the validator settings are written; .bidsignore names the non-BIDS files", () => {
    expect(text("README.md")).toContain(spec.name);
    expect(text("CHANGES")).toMatch(/^0\.1\.0 \d{4}-\d{2}-\d{2}\n {2}- /);
    const ignore = text(".bidsignore").split("\n");
    for (const line of ["truth.json", "study.json", "basis/", "*_svs.nii.gz", "*_mrsref.json"])
      expect(ignore).toContain(line);
    expect(JSON.parse(text(".bids-validator-config.json"))).toEqual(BIDS_VALIDATOR_SETTINGS);
  });

  it("every custom column has a data dictionary: sessions' condition and acq_time, madrs' session_id and items", () => {
    const subjects = study.truth.participants.map((p) => p.participant_id);
    for (const sub of subjects) {
      const dictionary = JSON.parse(text(`${sub}/${sub}_sessions.json`));
      expect(Object.keys(dictionary.condition.Levels).sort()).toEqual(["NTX", "PBO"]);
      expect(dictionary.acq_time.Description).toBeTruthy();
    }
    const madrs = JSON.parse(text("phenotype/madrs.json"));
    const header = text("phenotype/madrs.tsv").split("\n")[0]?.split("\t") ?? [];
    for (const column of header.filter((c) => c !== "participant_id"))
      expect(madrs[column]?.Description, column).toBeTruthy();
    const participants = JSON.parse(text("participants.json"));
    for (const column of text("participants.tsv").split("\n")[0]?.split("\t").slice(1) ?? [])
      expect(participants[column]?.Description, column).toBeTruthy();
  });
});
