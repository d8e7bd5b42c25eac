import type { ModelScores } from './scoring';

/** What one model reached, or why a baseline could not run on this data. */
export type ModelReport = (ModelScores & { readonly fitSeconds: number; readonly architecture?: string }) | { readonly error: string };

export interface BacktestReport {
  readonly dataset: {
    readonly file: string;
    readonly format: string;
    readonly target?: string;
    readonly series: number;
    readonly holdout: string;
    readonly horizon: number;
    readonly season: number;
  };
  /** Settings of the tsf models (absent when only baselines ran). */
  readonly training?: { readonly lookback: number; readonly history?: number; readonly epochs: number; readonly seed: number; readonly backend: string };
  /** By model name: the requested models first, then the baselines. */
  readonly models: Record<string, ModelReport>;
}

const METRICS = [
  ['sMAPE', 'smape'],
  ['MASE', 'mase'],
  ['OWA', 'owa'],
  ['MAE', 'mae'],
  ['RMSE', 'rmse'],
] as const;

/** A fixed-width table of the models' metrics, for a terminal. */
export function formatTable(report: BacktestReport): string {
  const { dataset } = report;
  const header = ['model', ...METRICS.map(([label]) => label), 'fit s'];
  const scored = Object.entries(report.models).flatMap(([name, model]) =>
    'error' in model ? [] : [[name, ...METRICS.map(([, key]) => model[key]?.toFixed(3) ?? '-'), model.fitSeconds.toFixed(1)]],
  );
  const widths = header.map((_, c) => Math.max(...[header, ...scored].map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const rows = Object.entries(report.models).map(([name, model]) =>
    'error' in model ? `${name.padEnd(widths[0])}  not run: ${model.error}` : line(scored.find((row) => row[0] === name) as string[]),
  );
  const target = dataset.target ? `, ${dataset.target}` : '';
  const title = `${dataset.file} (${dataset.format}${target}): ${dataset.series} series, horizon ${dataset.horizon}, season ${dataset.season}, holdout ${dataset.holdout}`;
  return [title, line(header), ...rows].join('\n') + '\n';
}
