export { normalBandQuantile, normalQuantile } from './normal-band';
export {
  conformalCalibration,
  conformalCalibrationIfComplete,
  conformalCalibrationSchema,
  conformalOffset,
  conformalOffsets,
  conformalRank,
  conformalSupports,
  MAX_STORED_RESIDUALS,
  MAX_STORED_RESIDUALS_PER_STEP,
  minCalibrationResiduals,
  windowScale,
  type ConformalCalibration,
  type ConformalScale,
  type ConformalStep,
} from './conformal';
export { calibrationForecasts, type CalibrationForecastOptions, type CalibrationResiduals, type CalibrationSeries } from './calibration-forecasts';
export { scoreHoldoutIntervals, type HoldoutIntervals, type IntervalWindow } from './holdout-intervals';
export { calibrationOrigins, collectResiduals, firstUnfittedPoint, stepResiduals, type CalibrationWindowsOptions, type StepResiduals } from './calibration-windows';
export { quantileMethodsOf, quantilesAt, type QuantileMethod, type QuantileSources } from './quantile-sources';
