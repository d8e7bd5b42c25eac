import type { BacktestFold, ScoredWindow } from '@tsf/forecasting';
import type { ModelNeeds } from './model-runner';

/** The series a model could not forecast itself, in at least one fold, and what forecast them instead. */
export interface FallbackReport {
  /** Series forecast by a fallback in at least one fold. */
  readonly series: number;
  /** Those series by fallback method (a series that needed two methods in different folds counts under each). */
  readonly methods: Readonly<Record<string, number>>;
  /** The history the model needs to forecast a series itself. */
  readonly needs: number;
  /** The length a series needs to train the model (global models). */
  readonly trainingNeeds?: number;
  /** Folds in which no series was long enough to train the model, so that every series fell back. */
  readonly untrainedFolds?: number;
}

/** What the windows say about a model's fallbacks; undefined when it forecast every window itself. */
export function fallbackReport(model: string, windows: readonly ScoredWindow[], needs: ModelNeeds, folds: readonly BacktestFold[]): FallbackReport | undefined {
  const bySeries = new Map<string, Set<string>>();
  for (const { key, method } of windows) {
    if (method === undefined || method === model) continue;
    const methods = bySeries.get(key) ?? new Set<string>();
    bySeries.set(key, methods.add(method));
  }
  if (bySeries.size === 0) return undefined;
  const methods: Record<string, number> = {};
  for (const used of bySeries.values()) for (const method of used) methods[method] = (methods[method] ?? 0) + 1;
  const { train } = needs;
  const untrainedFolds =
    needs.untrainedFolds ?? (train === undefined ? 0 : folds.filter((fold) => (fold.training ?? fold.windows.map(({ history }) => history)).every((series) => series.length < train)).length);
  return {
    series: bySeries.size,
    methods,
    needs: needs.forecast,
    ...(train === undefined ? {} : { trainingNeeds: train }),
    ...(untrainedFolds === 0 ? {} : { untrainedFolds }),
  };
}

/** One line for the table: "dlinear: 12 of 359 series by a fallback (seasonalNaive 10, naive 2); it needs 728 values". */
export function fallbackLine(model: string, fallback: FallbackReport, seriesCount: number): string {
  const methods = Object.entries(fallback.methods)
    .map(([method, count]) => `${method} ${count}`)
    .join(', ');
  const training = fallback.trainingNeeds === undefined ? '' : `, ${fallback.trainingNeeds} to train on`;
  const untrained = fallback.untrainedFolds === undefined ? '' : `; not trained in ${fallback.untrainedFolds} fold(s): no series long enough`;
  return `${model}: ${fallback.series} of ${seriesCount} series forecast by a fallback (${methods}); it needs a history of ${fallback.needs} values${training}${untrained}`;
}
