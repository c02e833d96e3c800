import type { MrsAdapter } from "@fmrs/schema";
import type { RouteAdapter } from "./adapter";
import { lcmodelAdapter } from "./lcmodel";
import { niftiMrsAdapter } from "./niftiMrs";
import { tidyTsvAdapter } from "./tidyTsv";

/** The route adapters by the name ingest records in sessions.arrow. */
export const ADAPTERS: Readonly<Record<MrsAdapter, RouteAdapter>> = {
  "nifti-mrs": niftiMrsAdapter,
  "tidy-tsv": tidyTsvAdapter,
  lcmodel: lcmodelAdapter,
};

export type { RouteAdapter } from "./adapter";
