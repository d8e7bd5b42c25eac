import { seasonalNaiveScale } from '../metrics';
import { checkRequest, type GlobalBaseline } from './baseline';
import { matrix, multiply, solveSpd, type Matrix } from './linalg';
import { seasonalNaiveForecast, seasonalNaiveMethod } from './naive';

export interface DLinearOptions {
  /** Input window length L. */
  readonly lookback: number;
  /** Output length H: the longest horizon the model forecasts. */
  readonly horizon: number;
  /** Odd moving-average kernel of the trend/seasonal decomposition (default 25, as in DLinear). */
  readonly kernel?: number;
  /** L2 penalty on the weights, per training window (default 0.1). */
  readonly ridge?: number;
  /** Period of the in-sample seasonal naive MAE that scales each series, as MASE does, and of the fallback (default 1). */
  readonly season?: number;
}

/**
 * The (2L × L) decomposition operator D: D·x stacks the seasonal part x − MA(x) over the trend MA(x), where MA is the
 * moving average of order `kernel` with the window's edge values repeated as padding (as in DLinear).
 */
export function decompositionOperator(lookback: number, kernel: number): Matrix {
  const d = matrix(2 * lookback, lookback);
  const half = (kernel - 1) / 2;
  for (let i = 0; i < lookback; i++) {
    d.data[i * lookback + i] += 1;
    for (let j = i - half; j <= i + half; j++) {
      const source = Math.min(lookback - 1, Math.max(0, j));
      d.data[i * lookback + source] -= 1 / kernel;
      d.data[(lookback + i) * lookback + source] += 1 / kernel;
    }
  }
  return d;
}

/**
 * Adds Σ_w z_w z_wᵀ over every window z_w = values[w, w + k) (divided by `scale`) to `gram` (k × k) and returns the
 * number of windows (values must hold at least k). Windows overlap, so entry (i+1, j+1) is entry (i, j) with the first product dropped and the next
 * one added: O(k² + n·k) instead of O(n·k²).
 */
function addSlidingGram(values: ArrayLike<number>, scale: number, gram: Matrix): number {
  const k = gram.rows;
  const windows = values.length - k + 1;
  const v = Float64Array.from(values, (value) => value / scale);
  const g = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let sum = 0;
    for (let w = 0; w < windows; w++) sum += v[w] * v[w + j];
    g[j] = sum;
  }
  for (let i = 1; i < k; i++) {
    for (let j = i; j < k; j++) g[i * k + j] = g[(i - 1) * k + j - 1] - v[i - 1] * v[j - 1] + v[windows - 1 + i] * v[windows - 1 + j];
  }
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      gram.data[i * k + j] += g[i * k + j];
      if (j > i) gram.data[j * k + i] += g[i * k + j];
    }
  }
  return windows;
}

/**
 * Centres a window Gram matrix in place: with z̃ = z − mean(z[0, L))·1 (every window centred on its lookback mean),
 * Σ z̃ z̃ᵀ = S − r·1ᵀ − 1·rᵀ + c·1·1ᵀ where r = S·a, c = aᵀ·S·a and a averages the first L entries.
 */
function centreOnLookbackMean(gram: Matrix, lookback: number): void {
  const k = gram.rows;
  const r = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < lookback; j++) r[i] += gram.data[i * k + j] / lookback;
  }
  const c = r.subarray(0, lookback).reduce((sum, v) => sum + v, 0) / lookback;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) gram.data[i * k + j] += c - r[i] - r[j];
  }
}

/**
 * DLinear (Zeng et al., 2023) fitted in closed form. The lookback window is centred on its mean (added back to the
 * forecast, which makes the model equivariant to level and scale, so no bias is needed), split into a moving-average
 * trend and the seasonal remainder, and each part is mapped to the horizon by its own linear layer. Both layers are
 * fitted jointly by ridge least squares over every training window. Each series is divided by its in-sample seasonal
 * naive MAE (the MASE scale), so that in a global fit all series weigh alike and the penalty does not depend on units.
 *
 * Short series are never refused: a series shorter than lookback + horizon adds no training window, and a history
 * shorter than the lookback, or any history when no series had a training window, is forecast by seasonal naive
 * (naive with less than one season of it); methodFor() says which.
 */
export function dlinear(options: DLinearOptions): GlobalBaseline {
  const { lookback, horizon, kernel = 25, ridge = 0.1, season = 1 } = options;
  for (const [key, value] of Object.entries({ lookback, horizon, kernel, season })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`dlinear: ${key} must be a positive integer, got ${value}`);
  }
  if (kernel % 2 === 0) throw new RangeError(`dlinear: kernel must be odd, got ${kernel}`);
  if (!(ridge > 0)) throw new RangeError(`dlinear: ridge must be positive, got ${ridge}`);
  if (season >= lookback + horizon) throw new RangeError(`dlinear: season ${season} must be shorter than lookback + horizon`);
  const decomposition = decompositionOperator(lookback, kernel);
  const size = lookback + horizon;
  /** Rows 0..L−1 map the seasonal part to the horizon, rows L..2L−1 the trend. */
  let weights: Matrix | undefined;
  let fitted = false;
  let train: number[] | undefined;

  function fitMany(series: readonly ArrayLike<number>[]): void {
    const gram = matrix(size, size);
    let windows = 0;
    for (const values of series) {
      // a series that repeats exactly has scale 0 and is left unscaled
      if (values.length >= size) windows += addSlidingGram(values, seasonalNaiveScale(values, season) || 1, gram);
    }
    train = undefined;
    weights = undefined;
    // with no series as long as lookback + horizon there is nothing to solve: every history gets the fallback
    fitted = windows === 0;
    if (fitted) return;
    centreOnLookbackMean(gram, lookback);
    const inputs = matrix(lookback, lookback);
    const cross = matrix(lookback, horizon);
    for (let i = 0; i < lookback; i++) {
      inputs.data.set(gram.data.subarray(i * size, i * size + lookback), i * lookback);
      cross.data.set(gram.data.subarray(i * size + lookback, (i + 1) * size), i * horizon);
    }
    // D·G·Dᵀ computed as D·(D·G)ᵀ (G is symmetric) so that the sparse D is always the left factor
    const normal = multiply(decomposition, multiply(decomposition, inputs), true);
    for (let i = 0; i < normal.rows; i++) normal.data[i * normal.cols + i] += ridge * windows;
    weights = solveSpd(normal, multiply(decomposition, cross));
    fitted = true;
  }

  function methodFor(history: ArrayLike<number>): string {
    return weights !== undefined && history.length >= lookback ? 'dlinear' : seasonalNaiveMethod(history, season);
  }

  function predictFrom(history: ArrayLike<number>, steps: number): number[] {
    checkRequest('dlinear', history, steps);
    if (!fitted) throw new Error('dlinear: predict called before fit');
    if (steps > horizon) throw new RangeError(`dlinear: horizon ${steps} exceeds the fitted horizon ${horizon}`);
    if (weights === undefined || history.length < lookback) return seasonalNaiveForecast(history, steps, season);
    const from = history.length - lookback;
    let mean = 0;
    for (let i = 0; i < lookback; i++) mean += history[from + i] / lookback;
    const window = matrix(lookback, 1);
    for (let i = 0; i < lookback; i++) window.data[i] = history[from + i] - mean;
    const parts = multiply(decomposition, window);
    const solved = weights;
    return Array.from({ length: steps }, (_, j) => {
      let value = mean;
      for (let r = 0; r < solved.rows; r++) value += parts.data[r] * solved.data[r * horizon + j];
      return value;
    });
  }

  return {
    name: 'dlinear',
    minHistory: lookback,
    fitMany,
    fit(series) {
      fitMany([series]);
      train = Array.from(series);
    },
    predict(steps) {
      if (train === undefined) throw new Error('dlinear: predict() needs fit(train); after fitMany() use predictFrom(history, horizon)');
      return predictFrom(train, steps);
    },
    predictFrom,
    methodFor,
  };
}
