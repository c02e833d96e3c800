import { spectrumFit } from "@fmrs/charts";
import { writeFileAtomic } from "@fmrs/io";
import { InputError } from "@fmrs/schema";
import type { FileFit } from "./fitFile";

/** The ppm window of a fit plot (high ppm on the left). */
export const FIT_PLOT_PPM: readonly [number, number] = [4.2, 0.2];

const PEAKS = [
  { ppm: 2.01, label: "NAA" },
  { ppm: 3.03, label: "Cr" },
  { ppm: 3.21, label: "Cho" },
  { ppm: 2.35, label: "Glx" },
  { ppm: 3.56, label: "Ins" },
];

/**
 * The SVG of one block's fit (default the first block with a fit): phased data, fit, baseline,
 * residual and each fitted metabolite's own spectrum in a row below, on a reversed 4.2–0.2 ppm
 * axis. `fileFit` must come from `fitFileSeries(…, { components: true })`. The title and
 * description hold no file name or header text (privacy); metabolite names are escaped by the chart.
 * Throws InputError (naming `where`) when no block was fitted.
 */
export function fitPlotSvg(fileFit: FileFit, where: string, block?: number): string {
  const b = fileFit.fit.blocks.find((x) => x.plot !== null && (block === undefined || x.block === block));
  if (b === undefined || b.plot === null)
    throw new InputError(
      { file: where },
      "no fitted block to plot",
      "at least one block with kept transients",
    );
  const p = b.plot;
  const components = (p.components ?? []).map((c) => ({ label: c.name, values: Array.from(c.values) }));
  const fmt = (x: number | null, d: number) => (x === null ? "–" : x.toFixed(d));
  return spectrumFit(
    {
      ppm: Array.from(p.ppm),
      data: Array.from(p.data),
      fit: Array.from(p.fit),
      baseline: Array.from(p.baseline),
      peaks: PEAKS,
      ...(components.length > 0 ? { components } : {}),
    },
    {
      width: 760,
      height: 380 + 26 * components.length,
      title: `Spectral fit, block ${b.block}`,
      description:
        `${b.n_transients} transient${b.n_transients === 1 ? "" : "s"}, ${fileFit.input.points} points at ` +
        `${fileFit.input.f0MHz.toFixed(2)} MHz; NAA FWHM ${fmt(b.fwhm_hz, 1)} Hz, SNR ${fmt(b.snr, 0)}` +
        `${fileFit.wref === null ? "" : "; water reference used for coil weights and eddy-current correction"}. ` +
        "Data, fit, baseline and residual (below), then each fitted metabolite.",
      ppmRange: FIT_PLOT_PPM,
    },
  );
}

/** Writes {@link fitPlotSvg} to `out` atomically (temporary file, then rename). */
export function writeFitPlot(fileFit: FileFit, out: string, where: string): void {
  writeFileAtomic(out, fitPlotSvg(fileFit, where));
}
