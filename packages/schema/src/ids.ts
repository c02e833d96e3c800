import { z } from "zod";

/**
 * A BIDS participant id: `sub-` then a label without whitespace or path separators. BIDS asks
 * for an alphanumeric label; we accept any other printable character too (and escape it
 * wherever it is shown), so a site's existing ids are not refused for one hyphen.
 */
export const ParticipantId = z.string().regex(/^sub-[^\s/\\]+$/, "a participant id like sub-01");
export type ParticipantId = z.infer<typeof ParticipantId>;

/** A BIDS session id: `ses-` then a label without whitespace or path separators. */
export const SessionId = z.string().regex(/^ses-[^\s/\\]+$/, "a session id like ses-1");
export type SessionId = z.infer<typeof SessionId>;

/** A condition code as used in study.json, sessions.tsv and sequences (e.g. PBO, NTX). */
export const ConditionId = z
  .string()
  .regex(/^[A-Za-z0-9]+$/, "a condition code of letters and digits, e.g. PBO");
export type ConditionId = z.infer<typeof ConditionId>;

/** Sex as recorded in participants.tsv (BIDS uses M/F; O for other or unknown). */
export const Sex = z.enum(["F", "M", "O"]);
export type Sex = z.infer<typeof Sex>;
