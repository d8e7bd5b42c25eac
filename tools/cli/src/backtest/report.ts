import type { GridReport } from '@tsf/forecasting';
import type { FoldAutoChoice } from './auto-choice';
import { fallbackLine, type FallbackReport } from './fallbacks';
import type { IntervalReport } from './intervals';
import type { ModelScores } from './scoring';

/** What one model reached (and the series it left to a fallback), or why a baseline could not run on this data. */
export type ModelReport =
  | (ModelScores & {
      readonly fitSeconds: number;
      readonly architecture?: string;
      /** auto: the spec's lookback (the longest it may choose) and its time budget per fit. */
      readonly lookback?: number;
      readonly timeBudgetSeconds?: number;
      /** auto: what it chose in each fold. */
      readonly choices?: readonly FoldAutoChoice[];
      readonly fallback?: FallbackReport;
      /** Its conformal intervals' holdout scores (auto). */
      readonly intervals?: IntervalReport;
    })
  | { readonly error: string };

export interface BacktestReport {
  readonly dataset: {
    readonly file: string;
    readonly format: string;
    readonly target?: string;
    /** Series scored. */
    readonly series: number;
    /** Forecast windows scored, over every series and fold. */
    readonly windows: number;
    /** How the series were scaled before fitting and scoring (absent: as in the file). */
    readonly scale?: 'standard-train';
    /** --grid: the policy, and what putting the series on their grid did (summed over the series). */
    readonly grid?: GridReport & { readonly aggregate: string; readonly maxGap: number };
    /** Series too short to hold out any fold, left out (rolling origins only). */
    readonly skipped?: { readonly series: readonly string[]; readonly needs: number };
    readonly holdout: string;
    readonly horizon: number;
    /** The models' seasonal period. */
    readonly season: number;
    /** How `season` was detected, with --season auto. */
    readonly seasonDetection?: {
      /** The data's frequency (`1h`), where the file tells it: the candidates come from it. */
      readonly frequency?: string;
      readonly candidates: readonly number[];
      readonly passed: number;
      readonly tested: number;
      readonly series: number;
    };
    /** The period of the MASE scale. */
    readonly maseSeason: number;
    /** Series whose MASE is scaled by the naive MAE because a history is no longer than maseSeason. */
    readonly maseNaiveScaled?: number;
    /**
     * Series with a window whose MASE is undefined (the in-sample seasonal naive MAE is 0: a constant series, say):
     * left out of every model's MASE and OWA, kept in its sMAPE, MAE and RMSE.
     */
    readonly maseUndefined?: { readonly series: number; readonly ids: readonly string[] };
  };
  /** Settings of the tsf models (absent when only baselines ran); `lookback` of those of a fixed architecture (not auto). */
  readonly training?: { readonly lookback?: number; readonly history?: number; readonly epochs: number; readonly seed: number; readonly backend: string };
  /** By model name: the requested models first, then the baselines. */
  readonly models: Record<string, ModelReport>;
}

const METRICS = [
  ['sMAPE', 'smape'],
  ['MASE', 'mase'],
  ['OWA', 'owa'],
  ['MAE', 'mae'],
  ['MSE', 'mse'],
  ['RMSE', 'rmse'],
] as const;

/** The interval columns, shown when some model has conformal intervals: coverage of the 80% and 95% ones, MSIS. */
const INTERVALS = [
  ['cov80', 'coverage80'],
  ['cov95', 'coverage95'],
  ['MSIS', 'msis'],
] as const;

/** A fixed-width table of the models' metrics, for a terminal, then the dataset's notes and each model's fallbacks. */
export function formatTable(report: BacktestReport): string {
  const { dataset } = report;
  const withIntervals = Object.values(report.models).some((model) => !('error' in model) && model.intervals !== undefined);
  const intervalLabels = withIntervals ? INTERVALS.map(([label]) => label) : [];
  const header = ['model', ...METRICS.map(([label]) => label), ...intervalLabels, 'fit s'];
  const scored = Object.entries(report.models).flatMap(([name, model]) => {
    if ('error' in model) return [];
    const intervals = withIntervals ? INTERVALS.map(([, key]) => model.intervals?.[key]?.toFixed(3) ?? '-') : [];
    return [[name, ...METRICS.map(([, key]) => model[key]?.toFixed(3) ?? '-'), ...intervals, model.fitSeconds.toFixed(1)]];
  });
  const widths = header.map((_, c) => Math.max(...[header, ...scored].map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const rows = Object.entries(report.models).map(([name, model]) =>
    'error' in model ? `${name.padEnd(widths[0])}  not run: ${model.error}` : line(scored.find((row) => row[0] === name) as string[]),
  );
  const target = dataset.target ? `, ${dataset.target}` : '';
  const scale = dataset.scale ? `, ${dataset.scale} scaling` : '';
  const detected = dataset.seasonDetection === undefined ? '' : ' (auto)';
  const mase = dataset.maseSeason === dataset.season ? '' : `, MASE season ${dataset.maseSeason}`;
  const title =
    `${dataset.file} (${dataset.format}${target}${scale}): ${dataset.series} series, ${dataset.windows} windows, horizon ${dataset.horizon}, ` +
    `season ${dataset.season}${detected}${mase}, holdout ${dataset.holdout}`;
  const notes: string[] = [];
  if (dataset.grid !== undefined) notes.push(gridLine(dataset.grid));
  if (dataset.skipped !== undefined) {
    notes.push(`not scored: ${dataset.skipped.series.length} series shorter than the ${dataset.skipped.needs} values the holdout needs`);
  }
  if (dataset.maseNaiveScaled !== undefined) {
    notes.push(`MASE of ${dataset.maseNaiveScaled} series scaled by the naive MAE: a history no longer than the MASE season ${dataset.maseSeason}`);
  }
  if (dataset.maseUndefined !== undefined) notes.push(maseUndefinedLine(dataset.maseUndefined));
  for (const [name, model] of Object.entries(report.models)) {
    if (!('error' in model) && model.fallback !== undefined) notes.push(fallbackLine(name, model.fallback, dataset.series));
  }
  return [title, line(header), ...rows, ...notes].join('\n') + '\n';
}

/** What --grid did, in one line. */
export function gridLine(grid: NonNullable<BacktestReport['dataset']['grid']>): string {
  return (
    `on the grid (${grid.aggregate}, gaps up to ${grid.maxGap} steps interpolated): ${grid.points} points became ${grid.steps} steps ` +
    `(${grid.aggregatedSteps} aggregated, ${grid.interpolatedSteps} interpolated); ${grid.longGaps} longer gap(s) left ${grid.segments} segment(s), ` +
    `the earlier ones for training only`
  );
}

/** "MASE undefined for 1 series (H7): …", the first five ids named. */
export function maseUndefinedLine({ series, ids }: { readonly series: number; readonly ids: readonly string[] }): string {
  const named = `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`;
  return `MASE undefined for ${series} series (${named}): the in-sample seasonal naive MAE is 0 (the history repeats exactly, e.g. a constant series); left out of MASE and OWA, kept in sMAPE, MAE and RMSE`;
}
