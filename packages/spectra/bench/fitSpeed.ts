// `pnpm bench` (packages/spectra): time of one linear-combination fit of a 2048-point block
// spectrum with the real 3 T basis (29 members), over 30 seeded spectra at NAA SNR 60.
// Prints plain lines; not a test.

import { fitSpectrum, seededRandom, simulateFid } from "../src/index";
import { brainTruth, readBasis3T, ref } from "../test/referenceBasis";

{
  const basis = readBasis3T();
  const truth = brainTruth(basis);
  const fids = Array.from(
    { length: 30 },
    (_, i) => simulateFid(basis, truth, { snr: 60, random: seededRandom(100 + i) }).fid,
  );
  fitSpectrum(fids[0] as Float64Array, basis);
  const times = fids.map((fid) => {
    const t0 = performance.now();
    fitSpectrum(fid, basis);
    return performance.now() - t0;
  });
  times.sort((a, b) => a - b);
  console.log(
    `spectral fit (2048 points, 29 basis members): median ${(times[15] ?? 0).toFixed(1)} ms, 90th percentile ${(times[27] ?? 0).toFixed(1)} ms over 30 fits`,
  );
}
