import type { Windows } from '@tsf/forecasting';

/**
 * How a window is shown to a model: the lookback is cut into `tokens` consecutive patches of `patch` values (one
 * model input step per patch, as PatchTST does), so a recurrent model or a Transformer runs over days rather than
 * hours. Within a patch the values are stored newest first, so that feature 0 of the last step is the last observed
 * value (the value a seq2seq decoder starts from). A dense layer sees the same numbers in a fixed order either way.
 */
export interface PatchLayout {
  readonly tokens: number;
  readonly patch: number;
  readonly horizon: number;
  /** The window's level is the mean of its last `levelSpan` inputs; inputs and targets are shown minus that level. */
  readonly levelSpan: number;
}

export const lookbackOf = (layout: PatchLayout) => layout.tokens * layout.patch;

/** Windows of many series and the level subtracted from each (added back to the model's outputs). */
export interface LevelledWindows {
  readonly windows: Windows;
  readonly levels: Float64Array;
}

/** One window: series `series`, forecast origin `origin` (its first target index). */
export interface WindowAt {
  readonly series: number;
  readonly origin: number;
}

/**
 * The windows at `at` over `series`, level-normalized. Targets past the end of a series (a forecast window) are 0.
 * Every origin needs a full lookback before it.
 */
export function levelledWindows(series: readonly ArrayLike<number>[], at: readonly WindowAt[], layout: PatchLayout): LevelledWindows {
  const { tokens, patch, horizon, levelSpan } = layout;
  const lookback = lookbackOf(layout);
  const count = at.length;
  const inputs = new Float32Array(count * lookback);
  const targets = new Float32Array(count * horizon);
  const levels = new Float64Array(count);
  at.forEach(({ series: index, origin }, w) => {
    const values = series[index];
    if (origin < lookback) throw new RangeError(`window at ${origin} of series ${index} has no full lookback of ${lookback}`);
    let level = 0;
    for (let t = origin - levelSpan; t < origin; t++) level += values[t];
    level /= levelSpan;
    levels[w] = level;
    const start = origin - lookback;
    for (let k = 0; k < tokens; k++) {
      for (let j = 0; j < patch; j++) inputs[w * lookback + k * patch + j] = values[start + k * patch + (patch - 1 - j)] - level;
    }
    const available = Math.min(horizon, values.length - origin);
    for (let h = 0; h < available; h++) targets[w * horizon + h] = values[origin + h] - level;
  });
  return { windows: { inputs, targets, count, lookback: tokens, horizon, stride: 1, features: patch }, levels };
}

/** The model outputs for `windows` with their levels added back: one forecast per window. */
export function addLevels(outputs: Float32Array, levels: Float64Array, horizon: number): Float64Array[] {
  return Array.from(levels, (level, w) => Float64Array.from(outputs.subarray(w * horizon, (w + 1) * horizon), (v) => v + level));
}
