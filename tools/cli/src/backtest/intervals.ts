import {
  calibrationForecasts,
  type ConformalCalibration,
  conformalCalibrationIfComplete,
  type ForecastModel,
  type HoldoutIntervals,
  type ScoredWindow,
  scoreHoldoutIntervals,
  windowScale,
} from '@tsf/forecasting';

/** Calibration forecasts per fit at most (over every series; each keeps its 2·horizon − 1 latest origins). */
const MAX_CALIBRATION_FORECASTS = 20_000;

/** How a model's conformal intervals did on the holdout: each fold's windows scored with that fold's calibration. */
export interface IntervalReport {
  /** Fraction of holdout values inside the 80% / 95% intervals, the mean over the windows. */
  readonly coverage80?: number;
  readonly coverage95?: number;
  /** M4's MSIS of the 95% interval, scaled by the MASE season's in-sample seasonal naive MAE; the mean over the windows with a scale. */
  readonly msis?: number;
  /** Residuals per step of the calibrations (the fewest over steps and folds). */
  readonly calibrationResiduals: number;
}

/**
 * The conformal calibration of a model just fitted on `trains`, from its residuals on the targets it was not fitted on
 * (an auto model's validation targets; none for a model fitted without a validation split), with the library's
 * calibrationForecasts, as the trainer calibrates a version. Null when some step has no residual.
 */
export async function calibrateOnTraining(model: ForecastModel, trains: readonly ArrayLike<number>[], horizon: number): Promise<ConformalCalibration | null> {
  const residuals = await calibrationForecasts(
    model,
    trains.map((train) => ({ train })),
    { horizon, firstUnfitted: (length) => model.firstUnfittedPoint(length, 0), maxForecasts: MAX_CALIBRATION_FORECASTS },
  );
  return conformalCalibrationIfComplete(residuals.beforeHoldout, residuals.scale, { windows: residuals.windows, series: trains.length });
}

/**
 * The holdout scores of the intervals of every fold that has a calibration (scoreHoldoutIntervals, MSIS with the MASE
 * season), each the mean over all those folds' windows; undefined when no fold has one.
 */
export function scoreIntervals(windows: readonly ScoredWindow[], calibrations: ReadonlyMap<number, ConformalCalibration>, season: number): IntervalReport | undefined {
  const scored: { scores: HoldoutIntervals; windows: number }[] = [];
  for (const [fold, calibration] of calibrations) {
    const { scale } = calibration;
    const inFold = windows
      .filter((window) => window.fold === fold)
      .map(({ history, actual, forecast }) => ({ history, actual, forecast, scale: scale.kind === 'window-std' ? windowScale(history, scale.points) : 1 }));
    const scores = scoreHoldoutIntervals(inFold, calibration, { season });
    if (scores) scored.push({ scores, windows: inFold.length });
  }
  if (scored.length === 0) return undefined;
  const mean = (key: 'coverage80' | 'coverage95' | 'msis') => {
    const present = scored.filter(({ scores }) => scores[key] !== undefined);
    const total = present.reduce((sum, { windows: n }) => sum + n, 0);
    return present.length === 0 ? undefined : present.reduce((sum, { scores, windows: n }) => sum + (scores[key] as number) * n, 0) / total;
  };
  const [coverage80, coverage95, msis] = [mean('coverage80'), mean('coverage95'), mean('msis')];
  return {
    ...(coverage80 !== undefined && { coverage80 }),
    ...(coverage95 !== undefined && { coverage95 }),
    ...(msis !== undefined && { msis }),
    calibrationResiduals: Math.min(...scored.map(({ scores }) => scores.calibrationResiduals)),
  };
}
