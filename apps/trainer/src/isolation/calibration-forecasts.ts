import { calibrationForecasts as forecastsOf, type ForecastModel } from '@tsf/forecasting';
import type { CalibrationResiduals, FitTask } from './child-messages';

/** Most calibration forecasts of one job, over all its series; each series keeps at least its 2·horizon − 1 latest origins. */
const MAX_CALIBRATION_FORECASTS = 2000;

/**
 * The conformal calibration's forecasts, made by the freshly fitted forecaster in the training process (the library's
 * calibrationForecasts over each series' training part and holdout, from the first point the fit did not train on).
 */
export function calibrationForecasts(forecaster: ForecastModel, task: FitTask): Promise<CalibrationResiduals> {
  return forecastsOf(
    forecaster,
    task.series.map((train, i) => ({ train, holdout: task.holdouts?.[i], ...task.times?.[i] })),
    {
      horizon: task.horizon,
      firstUnfitted: (length) => forecaster.firstUnfittedPoint(length, task.options.validationSplit ?? 0),
      maxForecasts: MAX_CALIBRATION_FORECASTS,
    },
  );
}
