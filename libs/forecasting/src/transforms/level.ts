import type { Windows } from '../windowing';
import { levelSpan, type LevelSpec } from './transform-spec';

/** Windows laid out flat as [batch][lookback][features], of which channels [0, targets) are forecast. */
export interface WindowShape {
  batch: number;
  lookback: number;
  features: number;
  targets: number;
}

/**
 * Per-window level normalization (RevIN-style, without the affine part): each window's target channels are shown to
 * the model minus their level (the last value, or the mean of the last k), and the model forecasts offsets from that
 * level, which are added back. So a model sees the shape of the recent past, not where it sits. The level is taken
 * again for every window, also for each pass of a recursive forecast (its window then ends in forecasts).
 */
export class WindowLevel {
  /** Values at the end of a window the level is the mean of. */
  readonly span: number;

  constructor(readonly spec: LevelSpec) {
    this.span = levelSpan(spec);
  }

  /**
   * Subtracts from each window of `x` its level on every target channel, in place, and returns the levels,
   * `levels[window · targets + channel]` (into `levels` when given).
   */
  subtract(x: Float32Array, { batch, lookback, features, targets }: WindowShape, levels: Float64Array = new Float64Array(batch * targets)): Float64Array {
    for (let w = 0; w < batch; w++) {
      const base = w * lookback * features;
      for (let c = 0; c < targets; c++) {
        let sum = 0;
        for (let t = lookback - this.span; t < lookback; t++) sum += x[base + t * features + c];
        const level = sum / this.span;
        for (let t = 0; t < lookback; t++) x[base + t * features + c] -= level;
        levels[w * targets + c] = level;
      }
    }
    return levels;
  }

  /** Training windows as the model learns from them: inputs and targets minus their window's level, in place. */
  normalize(windows: Windows): void {
    const targets = windows.targetChannels ?? 1;
    const levels = this.subtract(windows.inputs, { batch: windows.count, lookback: windows.lookback, features: windows.features, targets });
    for (let w = 0; w < windows.count; w++) {
      for (let h = 0; h < windows.horizon; h++) {
        for (let c = 0; c < targets; c++) windows.targets[(w * windows.horizon + h) * targets + c] -= levels[w * targets + c];
      }
    }
  }
}
