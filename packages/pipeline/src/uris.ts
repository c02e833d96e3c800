/** BIDS URI of a file in the study (raw) dataset. */
export function studyUri(rel: string): string {
  return `bids::${rel}`;
}

/** BIDS URI of a file in this pipeline's derivatives. */
export function derivativeUri(rel: string): string {
  return `bids:fmrs-crossover:${rel}`;
}
