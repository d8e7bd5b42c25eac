import { appendFileSync, writeFileSync } from 'node:fs';
import type { ScoredWindow } from '@tsf/forecasting';
import { UsageError } from './options';

/**
 * The columns of `--forecasts FILE`, one row per model, series, fold and step: `fold` is the fold's index (0 = the
 * oldest origin; always 0 with a test file), `step` counts 1..horizon from the origin, `method` is what forecast the
 * window (the model, or its fallback for a series too short for it).
 */
export const FORECAST_COLUMNS = ['model', 'series', 'fold', 'step', 'forecast', 'actual', 'method'] as const;

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
function cell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The long CSV of every forecast of a run, written model by model as each finishes. */
export class ForecastsCsv {
  /** Creates (or truncates) `file` with the header, so that a path that cannot be written fails before any model runs. */
  constructor(private readonly file: string) {
    try {
      writeFileSync(file, `${FORECAST_COLUMNS.join(',')}\n`);
    } catch (error) {
      throw new UsageError(`--forecasts ${file}: ${(error as Error).message}`);
    }
  }

  /** Appends a model's windows: one row per step. */
  append(model: string, windows: readonly ScoredWindow[]): void {
    const rows: string[] = [];
    for (const { key, fold, forecast, actual, method } of windows) {
      for (let h = 0; h < forecast.length; h++) rows.push([model, key, fold, h + 1, forecast[h], actual[h], method ?? model].map(cell).join(','));
    }
    appendFileSync(this.file, rows.length === 0 ? '' : `${rows.join('\n')}\n`);
  }
}
