import { SessionRecord } from "@fmrs/schema";
import { ADAPTERS } from "../adapters";
import { fmrsStudy, type Stage } from "../stage";

/** The part of a session record the fit reads (not its condition or period: those are study decisions). */
interface FitSession {
  readonly participant_id: string;
  readonly session_id: string;
  readonly mrs_adapter: "nifti-mrs" | "tidy-tsv" | "lcmodel";
  readonly mrs_file: string;
}

/**
 * fit: one unit per session with MRS, each depending only on its data files, the basis set and
 * the raw-route settings (for the raw route). The session's adapter (recorded by ingest) turns its
 * input into the fitted-block table (block × metabolite amplitude and CRLB, with each block's
 * FWHM, SNR and problems) and an acquisition summary; the raw route also writes its fitted
 * spectra and transient decisions. Units run on worker threads when the runner has an executor.
 */
export const fitStage: Stage = {
  name: "fit",
  description:
    "turn each session's MRS into fitted blocks (amplitude and CRLB per metabolite, FWHM, SNR, problems): raw NIfTI-MRS spectra are coil-combined, aligned, cleaned of outlier transients, block-averaged and fitted with the basis set on worker threads; a tidy *_glx.tsv or an LCModel manifest *_lcmodel.tsv (one .table per block) is read by its adapter",
  study: ["raw", "block_length_min"],
  parallel: true,
  plan(env) {
    const sessions = env.readTable("sessions", SessionRecord);
    return sessions.flatMap((s) => {
      if (s.mrs_adapter === null || s.mrs_file === null) return [];
      const ids = { participant_id: s.participant_id, session_id: s.session_id };
      const session: FitSession = { ...ids, mrs_adapter: s.mrs_adapter, mrs_file: s.mrs_file };
      const planned = ADAPTERS[s.mrs_adapter].plan(env.studyDir, session, fmrsStudy(env.study));
      return [
        {
          id: `${s.participant_id}_${s.session_id}`,
          participant: s.participant_id,
          inputs: planned.inputs,
          study: planned.study,
          parameters: { session, ...(planned.parameters ?? {}) },
          outputs: [
            { name: "fitBlocks", session: ids },
            { name: "acquisition", session: ids },
            ...planned.outputs.map((name) => ({ name, session: ids })),
          ],
        },
      ];
    });
  },
  run(input) {
    const session = input.parameters.session as FitSession;
    return ADAPTERS[session.mrs_adapter].read(input, session);
  },
  summary: (ran, skipped) => `${ran.length} sessions fitted, ${skipped} up to date`,
};
