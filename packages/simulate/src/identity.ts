import type { Rng } from "./rng";

// Invented names and places for the fake identifying header fields. Common given names and
// surnames combined at random: they identify nobody, and the site and its address do not exist.
const GIVEN_F = [
  "Alice",
  "Beth",
  "Chloe",
  "Dana",
  "Emma",
  "Fiona",
  "Grace",
  "Hannah",
  "Isla",
  "Julia",
  "Kate",
  "Laura",
];
const GIVEN_M = [
  "Adam",
  "Ben",
  "Colin",
  "David",
  "Ethan",
  "Frank",
  "George",
  "Harry",
  "Ian",
  "Jack",
  "Karl",
  "Liam",
];
const FAMILY = [
  "ASHDOWN",
  "BRAMLEY",
  "CARVER",
  "DENHOLM",
  "ELSWORTH",
  "FAIRLIE",
  "GARROD",
  "HOLLIS",
  "INGLEBY",
  "JARDINE",
  "KEMBLE",
  "LANGTRY",
  "MERRICK",
  "NORCOTT",
  "ORMEROD",
  "PENROSE",
];

/** The fake site written into every header (identifying per the NIfTI-MRS spec, so readers must drop it). */
export const FAKE_SITE = {
  InstitutionName: "Northfield Institute of Imaging (simulated)",
  InstitutionAddress: "1 Example Lane, Northfield, ZZ1 1ZZ, United Kingdom",
  DeviceSerialNumber: "166042",
} as const;

/** Fake identifying details of one simulated participant. */
export interface FakeIdentity {
  /** DICOM person name, FAMILY^Given. */
  readonly name: string;
  /** A hospital-style id, e.g. NIM0412873. */
  readonly patientId: string;
  /** Weight, kg (one decimal). */
  readonly weightKg: number;
}

/** Draws a {@link FakeIdentity} for a participant of `sex` (three draws from `rng`). */
export function fakeIdentity(sex: "F" | "M", rng: Rng): FakeIdentity {
  const given = rng.pick(sex === "F" ? GIVEN_F : GIVEN_M);
  const family = rng.pick(FAMILY);
  const digits = String(rng.int(0, 9_999_999)).padStart(7, "0");
  const weightKg = Math.round(10 * (sex === "F" ? 66 + 10 * rng.normal() : 80 + 11 * rng.normal())) / 10;
  return { name: `${family}^${given}`, patientId: `NIM${digits}`, weightKg };
}
