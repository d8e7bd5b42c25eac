/**
 * What training an `auto` model would cost, before its data is read: auto plans its own candidates from the series
 * (libs/forecasting's planAuto), so the estimate plans them from the training windows counted for admission, as if
 * they were one series, and bounds each by the definition's lookback (the most any candidate reads).
 */
import { estimateTrainingCost, planAuto, type AutoParams, type ForecasterSpec, type TrainingCostEstimate } from '@tsf/forecasting';

/** What auto is estimated to train, and the time budget that ends its fit (the smaller of its own and the model's). */
export interface AutoTrainingCost {
  cost: TrainingCostEstimate;
  /** Epochs of the longest-trained MLP candidate. */
  epochs: number;
  /** The smallest batch size of any MLP candidate (the estimate's). */
  batchSize: number;
  timeBudgetSeconds: number;
}

/**
 * The candidates planAuto would train on `windows` windows (its MLPs' widths, epochs at most `epochs` and batch sizes,
 * and its ESN where it plans one: one pass, whatever the epochs), each at the spec's lookback: an upper bound of their parameters and memory, whatever lookbacks auto then chooses
 * up to it. They train one after another, so they cost what an ensemble of them would (parameters and FLOPs summed,
 * one candidate's training state at a time), at the largest epochs and smallest batch size of any of them. With too
 * few windows for a candidate (a model created before its data), one candidate of the smallest width auto builds.
 * `spec` is a validated auto spec (its params have their defaults).
 */
export function autoTrainingCost(spec: ForecasterSpec, run: { epochs: number; windows: number; timeBudgetSeconds?: number }): AutoTrainingCost {
  const params = spec.params as AutoParams;
  const timeBudgetSeconds = Math.min(params.timeBudgetSeconds, run.timeBudgetSeconds ?? Infinity);
  const plan = planAuto({
    horizon: spec.horizon,
    // a season still to be detected: lookbacks in horizons (each is bounded by the lookback below anyway)
    season: typeof params.season === 'number' ? params.season : 1,
    lookbackCap: spec.lookback,
    lengths: [run.windows + spec.lookback + spec.horizon - 1],
    positive: true,
    maxEpochs: run.epochs,
    timeBudgetSeconds,
  });
  const planned = plan.candidates.filter((candidate) => candidate.architecture === 'mlp');
  const mlps = planned.length > 0 ? planned : [{ params: { hidden: [128, 128] }, epochs: run.epochs, batchSize: 32 }];
  const epochs = Math.max(...mlps.map((candidate) => candidate.epochs));
  const batchSize = Math.min(...mlps.map((candidate) => candidate.batchSize));
  const members = [
    ...mlps.map((candidate) => ({ architecture: 'mlp', lookback: spec.lookback, params: { hidden: [...candidate.params.hidden] } })),
    ...plan.candidates.filter((candidate) => candidate.architecture === 'esn').map((candidate) => ({ architecture: candidate.architecture, lookback: spec.lookback, params: { ...candidate.params } })),
  ];
  const shape = { lookback: spec.lookback, horizon: spec.horizon };
  const cost = estimateTrainingCost({
    ...(members.length === 1 ? { ...members[0], ...shape } : { ...shape, architecture: 'ensemble', params: { combine: 'median', members } }),
    batchSize,
    epochs,
    windows: run.windows,
  });
  return { cost: { ...cost, architecture: spec.architecture }, epochs, batchSize, timeBudgetSeconds };
}
