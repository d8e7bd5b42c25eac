import { baselines, isGlobalBaseline, type BaselineContext } from '@tsf/forecasting';

/**
 * Forecasts of the lib's baselines (all of them but those in `skip`): each is fitted on `training` (a global baseline
 * such as dlinear once on all of it, a local one needs no fit) and then forecasts `horizon` steps after each history.
 */
export function forecastBaselines(
  context: BaselineContext,
  training: readonly ArrayLike<number>[],
  histories: readonly ArrayLike<number>[],
  skip: readonly string[] = [],
): Array<{ name: string; forecasts: number[][] }> {
  return Object.entries(baselines)
    .filter(([name]) => !skip.includes(name))
    .map(([name, create]) => {
      const baseline = create(context);
      if (isGlobalBaseline(baseline)) baseline.fitMany(training);
      return { name, forecasts: histories.map((history) => baseline.predictFrom(history, context.horizon)) };
    });
}
