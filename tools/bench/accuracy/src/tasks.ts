import { join } from 'node:path';
import { gappyCopy } from './gappy-copy';

export type TaskName = 'm4' | 'etth1' | 'etth1-ot' | 'gaps-complete' | 'gaps-grid' | 'gaps-concatenated';
export const TASK_NAMES: readonly TaskName[] = ['m4', 'etth1', 'etth1-ot', 'gaps-complete', 'gaps-grid', 'gaps-concatenated'];

/** A metric of `tsf backtest --json` (a key of each model's report) as a column of the task's table. */
export interface Metric {
  /** A point metric, or (coverage80, coverage95, msis) one of a model's conformal intervals (auto's). */
  readonly key: 'smape' | 'mase' | 'owa' | 'mae' | 'mse' | 'coverage80' | 'coverage95' | 'msis';
  readonly header: string;
  readonly digits: number;
}

/** A published figure printed under the measured rows, by metric key. */
export interface Published {
  readonly name: string;
  readonly values: Partial<Record<Metric['key'], number>>;
}

/**
 * One benchmark task: a data set and its protocol, written only as `tsf backtest` options, so that every figure is one
 * product command. The bench adds nothing to them but `--model` and, with --quick, a smaller run.
 */
export interface Task {
  readonly name: TaskName;
  readonly title: string;
  readonly metrics: readonly Metric[];
  /** The data and protocol options, the data files under `data`. */
  args(data: string): string[];
  /** Options --quick adds on top of the common ones (fewer epochs, a short auto budget). */
  readonly quick: readonly string[];
  readonly published: readonly Published[];
}

/** The long-horizon protocol of ETTh1 (Informer, DLinear, PatchTST): 12/4/4 months train/validation/test, z-scored by training statistics, lookback 336, horizon 96, every test origin. */
const ETTH1_PROTOCOL = [
  '--format', 'wide', '--horizon', '96', '--season', '24', '--lookback', '336',
  '--train-until', '2017-06-26', '--test-from', '2017-10-24', '--test-until', '2018-02-21', '--stride', '1',
  '--scale', 'standard-train',
];
const ETTH1_METRICS: readonly Metric[] = [
  { key: 'mse', header: 'MSE', digits: 4 },
  { key: 'mae', header: 'MAE', digits: 4 },
];
const etth1File = (data: string) => join(data, 'ett', 'ETTh1.csv');

/** --quick forecasts one test origin a day instead of every hour. */
const ETTH1_QUICK = ['--stride', '24'];

export const TASKS: Readonly<Record<TaskName, Task>> = {
  m4: {
    name: 'm4',
    title: 'M4 Hourly (414 series, horizon 48, the test file as holdout)',
    metrics: [
      { key: 'smape', header: 'sMAPE', digits: 2 },
      { key: 'mase', header: 'MASE', digits: 3 },
      { key: 'owa', header: 'OWA', digits: 3 },
      { key: 'coverage80', header: 'cov80', digits: 3 },
      { key: 'coverage95', header: 'cov95', digits: 3 },
      { key: 'msis', header: 'MSIS', digits: 2 },
    ],
    args: (data) => [
      '--csv', join(data, 'm4', 'Hourly-train.csv'), '--test', join(data, 'm4', 'Hourly-test.csv'),
      '--format', 'm4', '--horizon', '48', '--season', '24',
    ],
    quick: ['--max-series', '48'],
    // the M4 paper (Makridakis et al. 2020)
    published: [
      { name: 'Naive2', values: { smape: 18.38, mase: 2.4 } },
      { name: 'ES-RNN, M4 winner', values: { smape: 9.33, mase: 0.89 } },
    ],
  },
  etth1: {
    name: 'etth1',
    title: 'ETTh1-96 multivariate (the 7 columns as 7 series of one model)',
    metrics: ETTH1_METRICS,
    args: (data) => ['--csv', join(data, 'ett', 'ETTh1.csv'), '--target', 'all', ...ETTH1_PROTOCOL],
    quick: ETTH1_QUICK,
    // PatchTST (Nie et al. 2023), DLinear (Zeng et al. 2023)
    published: [
      { name: 'PatchTST/64', values: { mse: 0.37, mae: 0.4 } },
      { name: 'DLinear', values: { mse: 0.375, mae: 0.399 } },
    ],
  },
  'etth1-ot': {
    name: 'etth1-ot',
    title: 'ETTh1-96 univariate (OT)',
    metrics: ETTH1_METRICS,
    args: (data) => ['--csv', join(data, 'ett', 'ETTh1.csv'), '--target', 'OT', ...ETTH1_PROTOCOL],
    quick: ETTH1_QUICK,
    published: [
      { name: 'PatchTST/64', values: { mse: 0.059, mae: 0.189 } },
      { name: 'DLinear', values: { mse: 0.056, mae: 0.18 } },
    ],
  },
  // Gaps: OT-96 with its series read on the grid (--grid), complete or with five day-long gaps and 10% of the hours
  // dropped from the training part (gappy-copy.ts); and that gappy copy read as before grids, concatenated
  'gaps-complete': gapsTask('gaps-complete', 'complete, on its grid (the reference)', (data) => etth1File(data), true),
  'gaps-grid': gapsTask('gaps-grid', 'training part with five day-long gaps and 10% of hours missing, on its grid', (data) => gappyCopy(etth1File(data)), true),
  'gaps-concatenated': gapsTask('gaps-concatenated', 'the same gappy copy read as before grids (its points concatenated across the gaps)', (data) => gappyCopy(etth1File(data)), false),
};

/** One of the gaps tasks: OT-96 from `file`, read on its grid or (grid false) as its points come. */
function gapsTask(name: TaskName, title: string, file: (data: string) => string, grid: boolean): Task {
  return {
    name,
    title: `Gaps: ETTh1-96 OT, ${title}`,
    metrics: ETTH1_METRICS,
    args: (data) => ['--csv', file(data), '--target', 'OT', ...ETTH1_PROTOCOL, ...(grid ? ['--grid'] : [])],
    quick: ETTH1_QUICK,
    published: [],
  };
}
