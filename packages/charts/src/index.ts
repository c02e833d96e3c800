export { type ConsortArm, type ConsortData, type ConsortPeriod, consortDiagram } from "./consortDiagram";
export {
  type DesignTimelineData,
  designTimeline,
  type SessionWindow,
} from "./designTimeline";
export {
  type DifferencePanel,
  type DifferencePointDatum,
  type DifferenceTimeCourseData,
  differenceTimeCourse,
} from "./differenceTimeCourse";
export { type ForestPanel, type ForestPanelRow, type ForestPanelsData, forestPanels } from "./forestPanels";
export { type ForestPlotData, type ForestRow, forestPlot } from "./forestPlot";
export {
  type GlutamateTimeCourseData,
  glutamateTimeCourse,
  type TimeCoursePoint,
  type TimeCourseSeries,
  type TimeWindow,
} from "./glutamateTimeCourse";
export { markerPathData } from "./marks";
export {
  DIAGNOSTICS_ROW_HEIGHT,
  type ModelDiagnosticsData,
  type ModelDiagnosticsRow,
  modelDiagnostics,
  modelDiagnosticsGrid,
  qqPoints,
} from "./modelDiagnostics";
export {
  type PairedSlopesData,
  type PairedSlopesPanel,
  pairedSlopes,
  type SubjectPairPoint,
} from "./pairedSlopes";
export {
  type Condition,
  dashPatterns,
  type MarkerShape,
  markerShapes,
  okabeIto,
  type SeriesStyle,
  type StyledCondition,
  seriesColors,
  seriesStyle,
  seriesStyles,
  styledConditions,
} from "./palette";
export {
  type QcDistributionsData,
  type QcPanel,
  type QcValue,
  qcDistributions,
  tukeyBox,
} from "./qcDistributions";
export { type QcGridData, type QcGridRow, type QcStatus, qcGrid } from "./qcGrid";
export { type QcTimeCoursesData, qcTimeCourses, type TimeCoursePanel } from "./qcTimeCourses";
export { leastSquares, type ScatterData, type ScatterPoint, scatter } from "./scatter";
export { type SlopegraphData, type SlopegraphOptions, type SlopeRow, slopegraph } from "./slopegraph";
export {
  type SmallMultiplesData,
  type SmallMultiplesOptions,
  type SubjectPanel,
  type SubjectPoint,
  smallMultiples,
} from "./smallMultiples";
export { type SpectrumBand, type SpectrumBandsData, spectrumBands } from "./spectrumBands";
export { type SpectrumFitData, type SpectrumFitOptions, spectrumFit } from "./spectrumFit";
export {
  minMaxDecimate,
  type SpectrumThumbnailsData,
  type SpectrumThumbnailsOptions,
  spectrumThumbnails,
  spectrumThumbnailsHeight,
  type ThumbnailPanel,
} from "./spectrumThumbnails";
export { type ChartOptions, escapeXml, isolateBidi } from "./svg";
export { normalQuantile, normalScores, wrapText } from "./wrapText";
