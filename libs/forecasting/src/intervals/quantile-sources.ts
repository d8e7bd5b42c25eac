import { normalBandQuantile } from './normal-band';

/** Where one quantile level of a forecast comes from: the model's quantile head, or a normal band around the point forecast. */
export type QuantileMethod = 'model' | 'normal-band';

/** How each requested level is served: by the model's quantile head when it has that level, otherwise as a normal band. */
export function quantileMethodsOf(levels: readonly number[], modelLevels: readonly number[] | null): Record<string, QuantileMethod> {
  return Object.fromEntries(levels.map((level) => [String(level), modelLevels?.includes(level) ? 'model' : 'normal-band']));
}

/** What a forecast's quantiles are made from: the model's own quantiles by level, and the holdout RMSE for normal bands. */
export interface QuantileSources {
  methods: Record<string, QuantileMethod>;
  /** Forecaster.predictQuantiles() of the history, when any level comes from the model. */
  fromModel: Record<string, number[]> | null;
  /** The version's holdout RMSE, when any level is a normal band. */
  rmse: number | null;
}

/** The quantiles of forecast step `step` (point forecast `value`), in the order the levels were asked for. */
export function quantilesAt(step: number, value: number, { methods, fromModel, rmse }: QuantileSources): Record<string, number> {
  return Object.fromEntries(
    Object.entries(methods).map(([level, method]) => [
      level,
      method === 'model' ? fromModel![level][step] : normalBandQuantile(value, Number(level), rmse!),
    ]),
  );
}
