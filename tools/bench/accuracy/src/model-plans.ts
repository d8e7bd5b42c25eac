import { listArchitectures, type LossName } from '@tsf/forecasting';
import type { ModelSpec } from './global-model';

export type TaskName = 'm4' | 'etth1' | 'etth1-ot';
export const TASK_NAMES: readonly TaskName[] = ['m4', 'etth1', 'etth1-ot'];

/** The lib's dlinear fitted in closed form (ridge least squares) rather than a registered tfjs architecture. */
export const CLOSED_FORM_DLINEAR = 'dlinear';

/** How long a model trains on a task: epochs over every `stride`-th training window. */
export interface Budget {
  readonly epochs: number;
  readonly stride: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Early stopping: epochs without a better validation loss before training stops (the best weights are kept). */
  readonly patience: number;
}

/** One row of the table: a model, and its training budget per task (absent: it skips the task; null: closed form). */
export interface ModelPlan {
  readonly name: string;
  readonly spec: ModelSpec;
  /** Lookback in daily patches where the task leaves it free (M4); ETTh1's protocol fixes 14 (336 hours). */
  readonly tokens?: number;
  readonly budgets: Partial<Record<TaskName, Budget | null>>;
}

/** The loss each task trains with: MAE of log values on M4 (close to what sMAPE rewards), MSE on ETTh1 (its metric). */
export const TASK_LOSS: Record<TaskName, LossName> = { m4: 'mae', etth1: 'mse', 'etth1-ot': 'mse' };

const budget = (epochs: number, stride: number, batchSize = 256, learningRate = 1e-3, patience = 3): Budget => ({
  epochs,
  stride,
  batchSize,
  learningRate,
  patience,
});

/** Recurrent models run over 14 daily patches; the budgets keep each fit to a minute or two on one core. */
const RECURRENT = { m4: budget(4, 4), etth1: budget(6, 2), 'etth1-ot': budget(20, 1, 64) };
const MLP = { hidden: [512, 512] };

/**
 * Tuned entries; any other registered architecture runs with its defaults and the recurrent budget. The seq2seq
 * decoder unrolls one step per forecast hour, which makes it the slowest to train by far: it sees the fewest windows.
 */
const KNOWN: readonly ModelPlan[] = [
  { name: 'lstm', spec: { architecture: 'lstm', params: { layers: [64] } }, budgets: RECURRENT },
  { name: 'gru', spec: { architecture: 'gru', params: { layers: [64] } }, budgets: RECURRENT },
  { name: 'bilstm', spec: { architecture: 'lstm', params: { layers: [64], bidirectional: true } }, budgets: RECURRENT },
  { name: 'rnn', spec: { architecture: 'rnn', params: { layers: [64] } }, budgets: RECURRENT },
  {
    name: 'seq2seq',
    // the share of its own forecasts fed to the decoder rises linearly to all of them in the last epoch
    spec: { architecture: 'seq2seq', params: { units: 32, attentionUnits: 16, scheduledSampling: { schedule: 'linear' } } },
    budgets: { m4: budget(4, 16), etth1: budget(4, 16), 'etth1-ot': budget(6, 4, 64) },
  },
  {
    name: 'transformer',
    spec: { architecture: 'transformer', params: { dModel: 32, heads: 4, layers: 2, ffUnits: 64, dropout: 0.1 } },
    budgets: { m4: budget(5, 4), etth1: budget(6, 2), 'etth1-ot': budget(15, 1, 64) },
  },
  {
    name: 'mlp',
    spec: { architecture: 'mlp', params: MLP },
    tokens: 7,
    budgets: { m4: budget(5, 1, 1024), etth1: budget(4, 2, 256, 1e-4), 'etth1-ot': budget(20, 1, 64, 1e-4) },
  },
  // N-BEATS' ensemble looks back 2 to 7 horizons; these are 2, 5 and 7 (the 7-day model above is 3.5)
  { name: 'mlp-4d', spec: { architecture: 'mlp', params: MLP }, tokens: 4, budgets: { m4: budget(5, 1, 1024) } },
  { name: 'mlp-10d', spec: { architecture: 'mlp', params: MLP }, tokens: 10, budgets: { m4: budget(4, 1, 1024) } },
  { name: 'mlp-14d', spec: { architecture: 'mlp', params: MLP }, tokens: 14, budgets: { m4: budget(4, 1, 1024) } },
  {
    name: 'linear',
    spec: { architecture: 'mlp', params: { hidden: [] } },
    budgets: { etth1: budget(15, 1, 256, 1e-3, 5), 'etth1-ot': budget(30, 1, 64, 1e-3, 5) },
  },
  { name: 'dlinear', spec: { architecture: CLOSED_FORM_DLINEAR, params: {} }, tokens: 21, budgets: { m4: null, etth1: null, 'etth1-ot': null } },
];

/** Every model of the table: the tuned ones whose architecture is registered, then any other registered architecture. */
export function modelPlans(): ModelPlan[] {
  const registered = listArchitectures();
  const known = KNOWN.filter((plan) => plan.spec.architecture === CLOSED_FORM_DLINEAR || registered.includes(plan.spec.architecture));
  const others = registered
    .filter((name) => !KNOWN.some((plan) => plan.spec.architecture === name))
    .map((name): ModelPlan => ({ name, spec: { architecture: name, params: {} }, budgets: RECURRENT }));
  return [...known, ...others];
}

/** A smoke-test budget: one epoch over a sparse sample of windows. */
export function quickBudget(full: Budget): Budget {
  return { ...full, epochs: 1, stride: full.stride * 8 };
}
