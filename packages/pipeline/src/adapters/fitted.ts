import type { AcquisitionRecord } from "@fmrs/schema";
import type { AdapterSession } from "./adapter";

/** The acquisition record of a session fitted elsewhere: the route, the format, no header values. */
export function fittedAcquisition(session: AdapterSession, format: string): AcquisitionRecord {
  return {
    participant_id: session.participant_id,
    session_id: session.session_id,
    route: "fitted",
    format,
    nucleus: null,
    f0_mhz: null,
    field_t: null,
    te_s: null,
    tr_s: null,
    points: null,
    dwell_s: null,
    spectral_width_hz: null,
    higher_dims: "",
    voxel_mm: null,
    manufacturer: null,
    model: null,
    software: null,
    sequence: null,
    water_suppressed: null,
    identifying_keys_dropped: [],
  };
}

/** The text of an input file: UTF-8, or ISO-8859-1 (each byte one code point, as LCModel writes). */
export function text(bytes: Uint8Array, encoding: "utf-8" | "latin1" = "utf-8"): string {
  if (encoding === "utf-8") return new TextDecoder("utf-8").decode(bytes);
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192)
    out += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 8192)));
  return out;
}
