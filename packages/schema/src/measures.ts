/**
 * The metabolite sums used throughout: total NAA, total creatine, Glx and total choline. The one definition:
 * the raw-route fit reports them (with CRLBs from the full covariance), and they are the default
 * study measures (study.json `measures`, as expressions such as "Glu + Gln").
 */
export const METABOLITE_SUMS: Readonly<Record<string, readonly string[]>> = {
  tNAA: ["NAA", "NAAG"],
  tCr: ["Cr", "PCr"],
  Glx: ["Glu", "Gln"],
  tCho: ["GPC", "PCh"],
};
