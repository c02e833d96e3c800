import { z } from "zod";
import { ConditionId, ParticipantId, SessionId, Sex } from "./ids";

/**
 * Schemas for rows of the study's TSV files as the TSV reader gives them: every cell a string,
 * or null where the file says `n/a` (BIDS) or is empty. Numbers are parsed here, so a row that
 * passes is typed. Unknown columns are dropped (they may hold names or dates that must never
 * leave ingest); the ingest stage records which columns it dropped, by name only.
 */

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** A TSV cell holding a finite number (`1e400`, which overflows to Infinity, is refused). */
export const TsvNumber = z
  .string()
  .regex(NUMBER, "a number")
  .transform((s) => Number(s))
  .refine((v) => Number.isFinite(v), "a finite number (this one overflows to Infinity)");
/** A TSV cell holding a number or n/a. */
export const TsvNumberOrNa = TsvNumber.nullable();
/** A TSV cell holding an integer (a safe one: at most 2^53 - 1 in size). */
export const TsvInteger = z
  .string()
  .regex(INTEGER, "an integer")
  .transform((s) => Number(s))
  .refine((v) => Number.isSafeInteger(v), "an integer below 2^53");
/** A TSV cell holding an integer or n/a. */
export const TsvIntegerOrNa = TsvInteger.nullable();

/** A crossover sequence such as `PBO-NTX` (condition in period 1, then period 2). */
export const Sequence = z
  .string()
  .regex(/^[A-Za-z0-9]+-[A-Za-z0-9]+$/, "a sequence like PBO-NTX")
  .transform((s) => s.split("-") as [string, string]);

/** participants.tsv: participant_id, sex, age, sequence. */
export const ParticipantTsvRow = z.object({
  participant_id: ParticipantId,
  sex: Sex,
  age: TsvNumberOrNa,
  sequence: Sequence,
});
export type ParticipantTsvRow = z.infer<typeof ParticipantTsvRow>;

/** sub-XX/sub-XX_sessions.tsv: session_id, condition (acq_time and other columns are dropped). */
export const SessionTsvRow = z.object({
  session_id: SessionId,
  condition: ConditionId,
});
export type SessionTsvRow = z.infer<typeof SessionTsvRow>;

/** The ten MADRS item columns, madrs_01 … madrs_10. */
export const MADRS_ITEMS = [
  "madrs_01",
  "madrs_02",
  "madrs_03",
  "madrs_04",
  "madrs_05",
  "madrs_06",
  "madrs_07",
  "madrs_08",
  "madrs_09",
  "madrs_10",
] as const;

/** A MADRS item score: an integer 0–6, or n/a. */
export const MadrsItem = z
  .string()
  .regex(/^[0-6]$/, "an integer item score 0-6")
  .transform(Number)
  .nullable();

/** A MADRS total: an integer 0–60, or n/a. */
export const MadrsTotal = z
  .string()
  .regex(INTEGER, "an integer total 0-60")
  .transform(Number)
  .pipe(z.int().min(0, "a total of at least 0").max(60, "a total of at most 60"))
  .nullable();

/**
 * phenotype/madrs.tsv: participant_id, session_id, timepoint (pre | 24h), and either the ten
 * items madrs_01..madrs_10 or a plain madrs_total (or both: then they must agree).
 */
export const MadrsTsvRow = z.object({
  participant_id: ParticipantId,
  session_id: SessionId,
  timepoint: z.enum(["pre", "24h"]),
  madrs_01: MadrsItem.optional(),
  madrs_02: MadrsItem.optional(),
  madrs_03: MadrsItem.optional(),
  madrs_04: MadrsItem.optional(),
  madrs_05: MadrsItem.optional(),
  madrs_06: MadrsItem.optional(),
  madrs_07: MadrsItem.optional(),
  madrs_08: MadrsItem.optional(),
  madrs_09: MadrsItem.optional(),
  madrs_10: MadrsItem.optional(),
  madrs_total: MadrsTotal.optional(),
});
export type MadrsTsvRow = z.infer<typeof MadrsTsvRow>;

/**
 * One row of a tidy `*_glx.tsv` (the fitted route: Osprey, Tarquin, FSL-MRS or LCModel results
 * gathered per block): block number, start and end time in seconds relative to infusion onset,
 * then metabolite columns by name (e.g. Glu, Gln, Glx, NAA, NAAG, tNAA, Cr, PCr, tCr), optional
 * `<name>_crlb_pct` columns, and `fwhm_hz`, `snr`. Metabolite columns are parsed separately
 * because their names vary; this schema covers the fixed columns.
 */
export const GlxTsvFixedColumns = z.object({
  block: TsvInteger.pipe(z.int().min(1, "a block number of at least 1")),
  t_start_s: TsvNumber,
  t_end_s: TsvNumber,
  fwhm_hz: TsvNumberOrNa.optional(),
  snr: TsvNumberOrNa.optional(),
});
export type GlxTsvFixedColumns = z.infer<typeof GlxTsvFixedColumns>;
