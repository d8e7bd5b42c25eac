import type { BacktestFold, ForecastWindow } from './folds';
import { historicalForecasts, type HistoricalForecastOptions, type ModelFactory, type TrainedModel } from './historical-forecasts';
import { meanMetrics, scalePeriod, scoreWindow, type ScoreOptions, type WindowMetrics } from './window-scores';

export interface BacktestOptions extends HistoricalForecastOptions, ScoreOptions {}

/** One window of one fold with the model's forecast and its metrics. */
export interface ScoredWindow extends ForecastWindow {
  readonly fold: number;
  readonly forecast: ArrayLike<number>;
  readonly metrics: WindowMetrics;
  /** The method that forecast it, where the model names it (e.g. a fallback for a history too short for the model). */
  readonly method?: string;
  /** The period of its MASE scale (1 instead of the season for a history too short, when the options allow it). */
  readonly maseSeason?: number;
}

export interface BacktestResult {
  /** Every window, fold by fold, in the folds' order. */
  readonly windows: ScoredWindow[];
  /** Each metric's mean over all windows (of every series and fold), as the M4 competition averages. */
  readonly mean: WindowMetrics;
  /** Time spent fitting, over all folds (0 for a trained model). */
  readonly fitMs: number;
}

/**
 * Throws unless `season` is a positive integer shorter than every history (the MASE scale needs one seasonal step),
 * or than none where short histories are scaled by the naive MAE.
 */
function checkSeason(folds: readonly BacktestFold[], { season, naiveScaleForShortHistory }: ScoreOptions): void {
  if (season === undefined) return;
  if (!Number.isInteger(season) || season < 1) throw new RangeError(`backtest: season must be a positive integer, got ${season}`);
  if (naiveScaleForShortHistory) return;
  for (const fold of folds) {
    for (const { key, history } of fold.windows) {
      if (history.length <= season) {
        throw new RangeError(`backtest: fold ${fold.index}, series ${key}: a history of ${history.length} values; MASE with season ${season} needs more`);
      }
    }
  }
}

/**
 * The backtest (Darts' `backtest` over `historical_forecasts`): the historical forecasts of `model` over `folds`, each
 * window scored with the library's metrics as soon as its fold is forecast (MASE when `season` is given), and the
 * means over every window. Each window carries the method that forecast it when the model names it (methodOf), e.g.
 * the fallback of {@link withShortHistoryFallback}. A metric undefined on a window's data is a WindowScoringError naming the series.
 */
export async function backtest(model: TrainedModel | ModelFactory, folds: readonly BacktestFold[], options: BacktestOptions): Promise<BacktestResult> {
  checkSeason(folds, options);
  const windows: ScoredWindow[] = [];
  let fitMs = 0;
  for await (const { fold, forecasts, methods, fitMs: foldMs } of historicalForecasts(model, folds, options)) {
    fitMs += foldMs;
    fold.windows.forEach((window, w) => {
      const maseSeason = scalePeriod(window.history, options);
      windows.push({
        ...window,
        fold: fold.index,
        forecast: forecasts[w],
        metrics: scoreWindow(window, forecasts[w], options),
        ...(methods === undefined ? {} : { method: methods[w] }),
        ...(maseSeason === undefined ? {} : { maseSeason }),
      });
    });
  }
  return { windows, mean: meanMetrics(windows.map((window) => window.metrics)), fitMs };
}
