export {
  isGlobalBaseline,
  type Baseline,
  type BaselineContext,
  type BaselineFactory,
  type ForecastFunction,
  type GlobalBaseline,
} from './baseline';
export { naive, naiveForecast, seasonalNaive, seasonalNaiveForecast, seasonalNaiveMethod, drift, driftForecast } from './naive';
export { naive2, naive2Forecast } from './naive2';
export {
  autocorrelation,
  DEFAULT_SEASON_CANDIDATES,
  detectSeason,
  isSeasonal,
  multiplicativeSeasonalIndices,
  seasonCandidates,
  type SeasonDetection,
} from './seasonality';
export { dlinear, type DLinearOptions } from './dlinear';
export { baselines } from './registry';
