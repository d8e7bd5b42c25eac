import { type ConformalCalibration, conformalOffset, conformalSupports } from './conformal';
import { normalBandQuantile } from './normal-band';

/**
 * Where one quantile level of a forecast comes from: the model's quantile head, conformal offsets from the version's
 * calibration residuals per step, or a normal band around the point forecast.
 */
export type QuantileMethod = 'model' | 'conformal' | 'normal-band';

/**
 * How each requested level is served: by the model's quantile head when it has that level; otherwise conformal when
 * the version has a calibration with enough residuals at every step for the level (see minCalibrationResiduals);
 * otherwise as a normal band (versions trained before calibrations, or a level too extreme for their residuals).
 */
export function quantileMethodsOf(
  levels: readonly number[],
  modelLevels: readonly number[] | null,
  calibration: ConformalCalibration | null = null,
): Record<string, QuantileMethod> {
  return Object.fromEntries(
    levels.map((level): [string, QuantileMethod] => [
      String(level),
      modelLevels?.includes(level) ? 'model' : calibration && conformalSupports(calibration, level) ? 'conformal' : 'normal-band',
    ]),
  );
}

/** What a forecast's quantiles are made from: the model's own quantiles by level, the calibration, the holdout RMSE. */
export interface QuantileSources {
  methods: Record<string, QuantileMethod>;
  /** Forecaster.predictQuantiles() of the history, when any level comes from the model. */
  fromModel: Record<string, number[]> | null;
  /** The version's calibration and the scale of this forecast's residuals (windowScale, or 1), when any level is conformal. */
  conformal?: { calibration: ConformalCalibration; scale: number } | null;
  /** The version's holdout RMSE, when any level is a normal band. */
  rmse: number | null;
}

/** The quantiles of forecast step `step` (point forecast `value`), in the order the levels were asked for. */
export function quantilesAt(step: number, value: number, { methods, fromModel, conformal, rmse }: QuantileSources): Record<string, number> {
  return Object.fromEntries(
    Object.entries(methods).map(([level, method]) => {
      if (method === 'model') return [level, fromModel![level][step]];
      if (method === 'conformal') return [level, value + conformal!.scale * conformalOffset(conformal!.calibration, step, Number(level))];
      return [level, normalBandQuantile(value, Number(level), rmse!)];
    }),
  );
}
