export {
  foldOrigins,
  rollingOriginFolds,
  seriesFolds,
  splitFold,
  type BacktestFold,
  type Fold,
  type FoldOptions,
  type ForecastWindow,
  type KeyedSeries,
  type SplitSeries,
} from './folds';
export {
  historicalForecasts,
  type FittableModel,
  type FoldForecasts,
  type HistoricalForecastOptions,
  type ModelFactory,
  type TrainedModel,
} from './historical-forecasts';
export {
  meanMetrics,
  owaAgainst,
  scalePeriod,
  scoreWindow,
  scoreWindows,
  WindowScoringError,
  type ScoreOptions,
  type WindowMetrics,
} from './window-scores';
export { backtest, type BacktestOptions, type BacktestResult, type ScoredWindow } from './backtest';
export { baselineModel } from './baseline-model';
export { withShortHistoryFallback, type ShortHistoryFallbackOptions } from './short-history-fallback';
