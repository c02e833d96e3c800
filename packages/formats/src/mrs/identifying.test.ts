import { describe, expect, it } from "vitest";
import { IDENTIFYING_KEYS, isIdentifyingKey, withoutIdentifyingKeys } from "./identifying";

describe("isIdentifyingKey", () => {
  it("isIdentifyingKey(key) is true for every listed key, in any case or separator style", () => {
    for (const k of IDENTIFYING_KEYS) {
      expect(isIdentifyingKey(k), k).toBe(true);
      expect(isIdentifyingKey(k.toUpperCase()), k).toBe(true);
    }
    expect(isIdentifyingKey("patient-birth-date")).toBe(true);
    expect(isIdentifyingKey("Patient Name")).toBe(true);
  });

  it("isIdentifyingKey(key) catches private_, Patient*, dates, institutions, operators and UIDs", () => {
    for (const k of [
      "private_anything",
      "PRIVATE_x",
      "PatientMotherBirthName",
      "SeriesDate",
      "AcquisitionDateTime",
      "InstitutionalDepartmentName",
      "OperatorsName",
      "PerformingPhysicianName",
      "FrameOfReferenceUID",
    ]) {
      expect(isIdentifyingKey(k), k).toBe(true);
    }
  });

  it("isIdentifyingKey(key) keeps acquisition parameters and the scanner model", () => {
    for (const k of [
      "EchoTime",
      "RepetitionTime",
      "InversionTime",
      "DwellTime",
      "SpectrometerFrequency",
      "PatientPosition",
      "patient_position",
      "patient_orientation",
      "ManufacturersModelName",
      "ProtocolName",
      "dim_5_header",
      "privateer",
    ]) {
      expect(isIdentifyingKey(k), k).toBe(false);
    }
  });
});

describe("withoutIdentifyingKeys", () => {
  it("withoutIdentifyingKeys(record) removes keys at any depth and lists their paths", () => {
    const { value, dropped } = withoutIdentifyingKeys({
      PatientName: "A",
      EchoTime: 0.03,
      nested: { private_x: 1, keep: [{ StudyDate: "2020", ok: true }] },
    });
    expect(value).toEqual({ EchoTime: 0.03, nested: { keep: [{ ok: true }] } });
    expect(dropped).toEqual(["PatientName", "nested.keep[0].StudyDate", "nested.private_x"]);
  });

  it("withoutIdentifyingKeys(record) leaves the input unchanged", () => {
    const input = { PatientName: "A", list: [1, 2] };
    const { value } = withoutIdentifyingKeys(input);
    expect(input).toEqual({ PatientName: "A", list: [1, 2] });
    expect(value.list).not.toBe(input.list);
  });
});
