export {
  isGlobalBaseline,
  type Baseline,
  type BaselineContext,
  type BaselineFactory,
  type ForecastFunction,
  type GlobalBaseline,
} from './baseline';
export { naive, naiveForecast, seasonalNaive, seasonalNaiveForecast, drift, driftForecast } from './naive';
export { naive2, naive2Forecast } from './naive2';
export { autocorrelation, isSeasonal, multiplicativeSeasonalIndices } from './seasonality';
export { dlinear, type DLinearOptions } from './dlinear';
export { baselines } from './registry';
