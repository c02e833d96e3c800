import { z } from "zod";
import { ParticipantId, SessionId } from "./ids";

/**
 * De-identified acquisition parameters of one session's MRS input, as ingest reads them from the
 * file header (NIfTI-MRS JSON extension and NIfTI header). Feeds the report's Methods text and the
 * MRSinMRS checklist. Null where the header does not say (always null on the fitted route, which
 * has no spectra). No names, dates, serial numbers or institutions: those never leave ingest.
 */
export const AcquisitionRecord = z.strictObject({
  participant_id: ParticipantId,
  session_id: SessionId,
  route: z.enum(["raw", "fitted"]),
  format: z.string(),
  nucleus: z.string().nullable(),
  f0_mhz: z.number().nullable(),
  /** Field strength in tesla, from F0 and the nucleus (1H: F0 / 42.577 MHz/T). */
  field_t: z.number().nullable(),
  te_s: z.number().nullable(),
  tr_s: z.number().nullable(),
  points: z.int().nullable(),
  dwell_s: z.number().nullable(),
  spectral_width_hz: z.number().nullable(),
  /** Sizes of dims 5–7 with their tags, e.g. "DIM_COIL=4, DIM_DYN=64". */
  higher_dims: z.string(),
  voxel_mm: z.tuple([z.number(), z.number(), z.number()]).nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  software: z.string().nullable(),
  sequence: z.string().nullable(),
  water_suppressed: z.boolean().nullable(),
  /** Identifying header keys that were present and dropped (names only). */
  identifying_keys_dropped: z.array(z.string()),
});
export type AcquisitionRecord = z.infer<typeof AcquisitionRecord>;

/** acquisition.json in the derivatives: one record per session with MRS, sorted by participant, session. */
export const AcquisitionFile = z.strictObject({
  sessions: z.array(AcquisitionRecord),
});
export type AcquisitionFile = z.infer<typeof AcquisitionFile>;
