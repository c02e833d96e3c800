import type { StudyConfig } from "@fmrs/schema";
import type { OutputName } from "../layout";
import type { InputFile, Output, StudyField, UnitInput } from "../stage";

/** The session an adapter reads: its ids and its MRS input (study-relative). */
export interface AdapterSession {
  readonly participant_id: string;
  readonly session_id: string;
  readonly mrs_file: string;
}

/**
 * How one MRS route becomes fitted blocks: the adapter named in sessions.arrow (chosen once at
 * ingest from the file name). plan lists the session's input files, the study.json fields it
 * reads and the outputs it writes besides fitBlocks and acquisition; read turns the files into
 * those outputs without touching the filesystem.
 */
export interface RouteAdapter {
  readonly name: "nifti-mrs" | "tidy-tsv" | "lcmodel";
  /** The input format, as acquisition.json and the report name it. */
  readonly format: string;
  plan(
    studyDir: string,
    session: AdapterSession,
    study: StudyConfig,
  ): {
    inputs: InputFile[];
    study: StudyField[];
    outputs: OutputName[];
    /** Settings of the route that are not in study.json (e.g. the spectral fit's method), part of the key. */
    parameters?: Record<string, unknown>;
  };
  read(input: UnitInput, session: AdapterSession): Output[];
}
