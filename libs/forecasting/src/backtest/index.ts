export { foldOrigins, rollingOriginFolds, type Fold, type FoldOptions } from './folds';
export {
  backtest,
  type BacktestModel,
  type BacktestModelFactory,
  type BacktestOptions,
  type BacktestResult,
  type FoldResult,
  type ForecastMetrics,
} from './backtest';
export { baselineModel } from './baseline-model';
