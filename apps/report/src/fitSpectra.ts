/** The suffix of a session's fitted spectra (`FitSpectrumRow` rows, written by fit on the raw route). */
export const FIT_SPECTRA_SUFFIX = "_desc-fit_spectra.arrow";

/** The suffix of a session's glutamate time series (`TimeseriesRow` rows). */
export const TIMESERIES_SUFFIX = "_desc-glx_timeseries.arrow";
