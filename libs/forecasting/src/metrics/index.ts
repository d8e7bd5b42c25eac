export { mae, mse, rmse, mape, smape } from './point';
export { seasonalNaiveScale, mase, owa, type AccuracyPair } from './scaled';
export { pinball, coverage, msis } from './interval';
