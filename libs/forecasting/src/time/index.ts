export {
  FREQUENCY_PATTERN,
  FREQUENCY_UNITS,
  formatFrequency,
  type Frequency,
  type FrequencyUnit,
  isFrequency,
  isSubDaily,
  nominalStepMs,
  parseFrequency,
} from './frequency';
export { isTimeZone, ZoneClock } from './zone-clock';
export { floorToGrid, gridStepOf, nextStep, type TimeGrid, timeGrid } from './time-grid';
export { inferFrequency, type InferFrequencyOptions, type InferredFrequency, MIN_POINTS_TO_INFER } from './infer-frequency';
export { DEFAULT_GRID_TOLERANCE, gridQuality, type GridQuality, type GridQualityOptions } from './grid-quality';
export { forecastSteps, type ForecastSteps, type ForecastStepsOptions, frequencyInForce, type FrequencyInForce } from './forecast-steps';
export {
  alignToGrid,
  type AlignedSeries,
  type AlignOptions,
  DEFAULT_GRID_POLICY,
  GRID_AGGREGATES,
  type GridAggregate,
  gridFrequencyOf,
  type GridFrequency,
  type GridPolicy,
  type GridReport,
  type GridSegment,
  type RawSeries,
  seriesOnGrid,
  type SeriesOnGridOptions,
  sumGridReports,
  type SeriesOnGrid,
} from './series-on-grid';
export { isStale, seriesIsStale } from './staleness';
